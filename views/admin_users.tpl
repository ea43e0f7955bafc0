{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Users</h1>
  <div class="table-scroll">
  <table class="data">
    <caption class="visually-hidden">Everyone who can sign in</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Team</th><th scope="col">Status</th></tr></thead>
    <tbody>
    {{#USER}}
      <tr{{#DISABLED}} class="disabled"{{/DISABLED}}>
        <td><a href="/admin/users/{{ID}}">{{NAME}}</a></td>
        <td>{{EMAIL}}</td>
        <td>{{ROLE}}</td>
        <td>{{TEAM}}</td>
        <td>{{#ACTIVE}}Active{{/ACTIVE}}{{#DISABLED}}Disabled{{/DISABLED}}</td>
      </tr>
    {{/USER}}
    </tbody>
  </table>
  </div>
</section>

{{#ADD_FORM}}
<section class="card">
  <h2 id="add-user">Add a user</h2>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>The user was not added. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/admin/users#add-user" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-email">Email <span class="req">(required)</span></label>
      <input id="f-email" name="email" type="email" inputmode="email" autocomplete="off" value="{{EMAIL_VALUE}}"{{#EMAIL_INVALID}} aria-invalid="true" aria-describedby="e-email"{{/EMAIL_INVALID}}>
      {{#EMAIL_INVALID}}<p class="field-error" id="e-email">{{EMAIL_ERROR}}</p>{{/EMAIL_INVALID}}
    </div>
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
    <div class="field">
      <label for="f-password">Password <span class="req">(required, at least 10 characters)</span></label>
      <input id="f-password" name="password" type="password" autocomplete="new-password"{{#PASSWORD_INVALID}} aria-invalid="true" aria-describedby="e-password"{{/PASSWORD_INVALID}}>
      {{#PASSWORD_INVALID}}<p class="field-error" id="e-password">{{PASSWORD_ERROR}}</p>{{/PASSWORD_INVALID}}
    </div>
    <button type="submit" class="primary">Add user</button>
  </form>
</section>
{{/ADD_FORM}}

<p class="card" id="teams">Teams, with their managers and members, are on the <a href="/admin/teams">Teams</a> page: add, rename or retire them there.</p>
