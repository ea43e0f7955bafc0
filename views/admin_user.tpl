{{%AUTOESCAPE context="HTML"}}
<p class="crumbs"><a href="/admin/users">Users</a> ›</p>
<section class="card">
  <h1>{{CURRENT_NAME}}</h1>
  <p>{{EMAIL}} · {{#ACTIVE}}<span class="badge ok">Active</span>{{/ACTIVE}}{{#DISABLED}}<span class="badge off">Disabled</span>{{/DISABLED}}</p>

  {{#EDIT_FORM}}
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>Nothing was saved. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/admin/users/{{ID}}" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-name">Name <span class="req">(required)</span></label>
      <input id="f-name" name="name" type="text" autocomplete="off" value="{{NAME_VALUE}}"{{#NAME_INVALID}} aria-invalid="true" aria-describedby="e-name"{{/NAME_INVALID}}>
      {{#NAME_INVALID}}<p class="field-error" id="e-name">{{NAME_ERROR}}</p>{{/NAME_INVALID}}
    </div>
    <div class="field">
      <label for="f-role">Role</label>
      <select id="f-role" name="role"{{#ROLE_INVALID}} aria-invalid="true" aria-describedby="e-role"{{/ROLE_INVALID}}>
        {{#ROLE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/ROLE_OPTION}}
      </select>
      {{#ROLE_INVALID}}<p class="field-error" id="e-role">{{ROLE_ERROR}}</p>{{/ROLE_INVALID}}
    </div>
    <div class="field">
      <label for="f-team_id">Team</label>
      <select id="f-team_id" name="team_id"{{#TEAM_ID_INVALID}} aria-invalid="true" aria-describedby="e-team_id"{{/TEAM_ID_INVALID}}>
        <option value="">No team</option>
        {{#TEAM_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}{{#RETIRED}} (retired){{/RETIRED}}</option>{{/TEAM_OPTION}}
      </select>
      {{#TEAM_ID_INVALID}}<p class="field-error" id="e-team_id">{{TEAM_ID_ERROR}}</p>{{/TEAM_ID_INVALID}}
    </div>
    <button type="submit" class="primary">Save changes</button>
  </form>
  {{/EDIT_FORM}}
</section>

{{#TEAMS_FORM}}
<section class="card" id="teams">
  <h2>Teams this director sees</h2>
  {{#SEE_INVALID}}<div class="error-summary" role="alert"><p>Nothing was saved. Please check:</p><ul><li><a href="#teams">Teams: {{MESSAGE}}</a></li></ul></div>{{/SEE_INVALID}}
  <form method="post" action="/admin/users/{{ID}}/teams#teams" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <fieldset{{#SEE_INVALID}} aria-describedby="e-team"{{/SEE_INVALID}}>
      <legend>Leave every box unticked to let the director see all teams.</legend>
      {{#SEE_TEAM}}<label class="inline"><input type="checkbox" name="team" value="{{ID}}"{{#CHECKED}} checked{{/CHECKED}}> {{NAME}}{{#RETIRED}} (retired){{/RETIRED}}</label>{{/SEE_TEAM}}
      {{#SEE_INVALID}}<p class="field-error" id="e-team">{{MESSAGE}}</p>{{/SEE_INVALID}}
    </fieldset>
    <button type="submit">Save teams</button>
  </form>
</section>
{{/TEAMS_FORM}}

{{#PASSWORD_FORM}}
<section class="card">
  <h2>Reset password</h2>
  <p class="muted">The user's open sessions end when the password changes.</p>
  <form method="post" action="/admin/users/{{ID}}/password" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-password">New password <span class="req">(required, at least 10 characters)</span></label>
      <input id="f-password" name="password" type="password" autocomplete="new-password"{{#PASSWORD_INVALID}} aria-invalid="true" aria-describedby="e-password"{{/PASSWORD_INVALID}}>
      {{#PASSWORD_INVALID}}<p class="field-error" id="e-password">{{PASSWORD_ERROR}}</p>{{/PASSWORD_INVALID}}
    </div>
    <button type="submit">Set password</button>
  </form>
</section>
{{/PASSWORD_FORM}}

<section class="card">
  <h2>Account</h2>
  {{#SELF}}<p class="muted">You cannot disable your own account.</p>{{/SELF}}
  {{#DISABLE_FORM}}
  <form method="post" action="/admin/users/{{ID}}/active">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="active" value="0">
    <p class="muted">Disabling signs the user out everywhere. Their deals and history are kept.</p>
    <button type="submit" class="danger">Disable account</button>
  </form>
  {{/DISABLE_FORM}}
  {{#ENABLE_FORM}}
  <form method="post" action="/admin/users/{{ID}}/active">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="active" value="1">
    <button type="submit">Enable account</button>
  </form>
  {{/ENABLE_FORM}}
</section>

{{#REASSIGN_FORM}}
<section class="card">
  <h2 id="reassign">Hand over open deals</h2>
  <p class="muted">For someone who leaves or changes territory: the ticked deals move to the person you choose, in their team. Each deal's timeline and the audit log say so.</p>
  {{#TO_INVALID}}
  <div class="error-summary" role="alert">
    <p>Nothing was handed over. Please check:</p>
    <ul><li><a href="#f-to">New owner: {{TO_ERROR}}</a></li></ul>
  </div>
  {{/TO_INVALID}}
  <form method="post" action="/admin/users/{{ID}}/reassign" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <fieldset>
      <legend>Open deals</legend>
      {{#REASSIGN_DEAL}}
      <div class="check"><input type="checkbox" id="f-deal-{{ID}}" name="deal" value="{{ID}}"{{#CHECKED}} checked{{/CHECKED}}> <label for="f-deal-{{ID}}">{{COMPANY}} <span class="muted">({{STAGE}})</span></label></div>
      {{/REASSIGN_DEAL}}
    </fieldset>
    <div class="field">
      <label for="f-to">New owner <span class="req">(required)</span></label>
      <select id="f-to" name="to"{{#TO_INVALID}} aria-invalid="true" aria-describedby="e-to"{{/TO_INVALID}}>
        <option value="">Choose a person</option>
        {{#TARGET_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}} ({{TEAM}})</option>{{/TARGET_OPTION}}
      </select>
      {{#TO_INVALID}}<p class="field-error" id="e-to">{{TO_ERROR}}</p>{{/TO_INVALID}}
    </div>
    <button type="submit" class="primary">Hand over the ticked deals</button>
  </form>
</section>
{{/REASSIGN_FORM}}
