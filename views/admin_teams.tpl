{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Teams</h1>
  <p class="muted">A team is a manager and their reps. A team with history is never deleted: retire it instead, and its history stays.</p>
  <div class="table-scroll">
  <table class="data">
    <caption class="visually-hidden">Teams, active ones first</caption>
    <thead><tr><th scope="col">Team</th><th scope="col">Manager</th><th scope="col">Reps</th><th scope="col" class="num">Active members</th><th scope="col">Status</th></tr></thead>
    <tbody>
    {{#TEAM}}
      <tr{{#RETIRED}} class="disabled"{{/RETIRED}}>
        <td><a href="/admin/teams/{{ID}}">{{NAME}}</a></td>
        <td>{{MANAGERS}}</td>
        <td>{{REPS}}</td>
        <td class="num">{{MEMBERS}}</td>
        <td>{{#ACTIVE}}Active{{/ACTIVE}}{{#RETIRED}}Retired on {{ON}}{{/RETIRED}} · <a href="/team?team={{ID}}">team page</a></td>
      </tr>
    {{/TEAM}}
    </tbody>
  </table>
  </div>
</section>

{{#ADD_FORM}}
<section class="card" id="add-team">
  <h2>Add a team</h2>
  <p class="muted">Then put people in it from their page under <a href="/admin/users">Users</a>.</p>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>The team was not added. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/admin/teams#add-team" class="inline-form" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-team_name">New team name <span class="req">(required)</span></label>
      <input id="f-team_name" name="team_name" type="text" autocomplete="off" maxlength="60" value="{{TEAM_NAME_VALUE}}"{{#TEAM_NAME_INVALID}} aria-invalid="true" aria-describedby="e-team_name"{{/TEAM_NAME_INVALID}}>
      {{#TEAM_NAME_INVALID}}<p class="field-error" id="e-team_name">{{TEAM_NAME_ERROR}}</p>{{/TEAM_NAME_INVALID}}
    </div>
    <button type="submit" class="primary">Add team</button>
  </form>
</section>
{{/ADD_FORM}}
