{{%AUTOESCAPE context="HTML"}}
<p class="crumbs"><a href="/admin/teams">Teams</a> ›</p>
{{#PROBLEM}}<p class="error-summary" role="alert">{{MESSAGE}}</p>{{/PROBLEM}}
<section class="card">
  <h1>{{NAME}}</h1>
  <p>{{#ACTIVE}}<span class="badge ok">Active</span>{{/ACTIVE}}{{#RETIRED}}<span class="badge off">Retired on {{ON}}</span>{{/RETIRED}} · <a href="/team?team={{ID}}">Team page</a></p>
  <h2>People</h2>
  {{#NO_MEMBERS}}<p class="muted">Nobody is in this team.</p>{{/NO_MEMBERS}}
  <ul class="plain">
    {{#MEMBER}}<li><a href="/admin/users/{{ID}}">{{NAME}}</a> <span class="muted">· {{ROLE}}{{#DISABLED}} · disabled{{/DISABLED}}</span></li>{{/MEMBER}}
  </ul>
  <p class="muted">People join or leave a team from their page under <a href="/admin/users">Users</a>.</p>
</section>

{{#RENAME_FORM}}
<section class="card" id="rename">
  <h2>Rename</h2>
  <p class="muted">Its history keeps up: every page shows the new name.</p>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>The team was not renamed. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/admin/teams/{{ID}}#rename" class="inline-form" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-team_name">Team name <span class="req">(required)</span></label>
      <input id="f-team_name" name="team_name" type="text" autocomplete="off" maxlength="60" value="{{TEAM_NAME_VALUE}}"{{#TEAM_NAME_INVALID}} aria-invalid="true" aria-describedby="e-team_name"{{/TEAM_NAME_INVALID}}>
      {{#TEAM_NAME_INVALID}}<p class="field-error" id="e-team_name">{{TEAM_NAME_ERROR}}</p>{{/TEAM_NAME_INVALID}}
    </div>
    <button type="submit">Rename</button>
  </form>
</section>
{{/RENAME_FORM}}

{{#RETIRE_FORM}}
<section class="card" id="retire">
  <h2>Retire the team</h2>
  <p>Retiring keeps everything the team has done: its deals, their stage history, its coaching items and sessions stay with it, and its team page can still be opened from here. A retired team takes no new members and is left out of the lists teams are picked from. It is never deleted, and it can be brought back.</p>
  <p>Its {{PEOPLE}} {{PEOPLE_WORD}} move to the team you choose, or to no team, and are signed out, as with any change of team. The deals they logged while in it stay with it, as they do when anyone changes team; their new team counts what they log from now on.</p>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>The team was not retired. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-move_to">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/admin/teams/{{ID}}/active#retire" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="active" value="0">
    <div class="field">
      <label for="f-move_to">Move its people to <span class="req">(required)</span></label>
      <select id="f-move_to" name="move_to"{{#MOVE_TO_INVALID}} aria-invalid="true" aria-describedby="e-move_to"{{/MOVE_TO_INVALID}}>
        <option value="">Choose where they go</option>
        {{#MOVE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/MOVE_OPTION}}
        <option value="none"{{#NONE_SELECTED}} selected{{/NONE_SELECTED}}>No team</option>
      </select>
      {{#MOVE_TO_INVALID}}<p class="field-error" id="e-move_to">{{MOVE_TO_ERROR}}</p>{{/MOVE_TO_INVALID}}
    </div>
    <button type="submit" class="danger">Retire team</button>
  </form>
</section>
{{/RETIRE_FORM}}

{{#RESTORE_FORM}}
<section class="card" id="restore">
  <h2>Retired</h2>
  <p>The team keeps its history and takes no new members. Bring it back to put people in it again.</p>
  <form method="post" action="/admin/teams/{{ID}}/active" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="active" value="1">
    <button type="submit">Bring the team back</button>
  </form>
</section>
{{/RESTORE_FORM}}
