{{%AUTOESCAPE context="HTML"}}
<p class="crumbs"><a href="/org">Org</a> ›</p>
<h1>Targets</h1>
<p class="muted">Each team is measured against two targets: the share of the manager's deal-coaching minutes spent on early stages, and new deals per rep per week. Every change is recorded in the audit log.</p>

{{#DEFAULT_FORM}}
<section class="card" id="default">
  <h2>Default for every team</h2>
  <p class="muted">New teams start with it; saving it also sets every team's targets.</p>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>Nothing was saved. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-default-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/org/targets#default" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="team_id" value="">
    <div class="field">
      <label for="f-default-early_target">Early share target, % <span class="req">(required)</span></label>
      <input id="f-default-early_target" name="early_target" type="text" inputmode="numeric" autocomplete="off" value="{{EARLY_TARGET_VALUE}}"{{#EARLY_TARGET_INVALID}} aria-invalid="true" aria-describedby="e-default-early_target"{{/EARLY_TARGET_INVALID}}>
      {{#EARLY_TARGET_INVALID}}<p class="field-error" id="e-default-early_target">{{EARLY_TARGET_ERROR}}</p>{{/EARLY_TARGET_INVALID}}
    </div>
    <div class="field">
      <label for="f-default-inflow_target">Inflow target, new deals per rep per week <span class="req">(required)</span></label>
      <input id="f-default-inflow_target" name="inflow_target" type="text" inputmode="numeric" autocomplete="off" value="{{INFLOW_TARGET_VALUE}}"{{#INFLOW_TARGET_INVALID}} aria-invalid="true" aria-describedby="e-default-inflow_target"{{/INFLOW_TARGET_INVALID}}>
      {{#INFLOW_TARGET_INVALID}}<p class="field-error" id="e-default-inflow_target">{{INFLOW_TARGET_ERROR}}</p>{{/INFLOW_TARGET_INVALID}}
    </div>
    <button type="submit" class="primary">Apply to every team</button>
  </form>
</section>
{{/DEFAULT_FORM}}

<section class="card" id="teams">
  <h2>Each team</h2>
  {{#NO_TEAMS}}<p>No teams to show.</p>{{/NO_TEAMS}}
  {{#TEAM_FORM}}
  <form method="post" action="/org/targets#team-{{TEAM_ID}}" id="team-{{TEAM_ID}}" class="target-form" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="team_id" value="{{TEAM_ID}}">
    <h3>{{NAME}}</h3>
    {{#HAS_ERRORS}}<div class="error-summary" role="alert"><p>Nothing was saved. Please check:</p><ul>{{#ERRORS}}<li><a href="#f-{{TEAM_ID}}-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul></div>{{/HAS_ERRORS}}
    <div class="field">
      <label for="f-{{TEAM_ID}}-early_target">Early share target, %</label>
      <input id="f-{{TEAM_ID}}-early_target" name="early_target" type="text" inputmode="numeric" autocomplete="off" value="{{EARLY_TARGET_VALUE}}"{{#EARLY_TARGET_INVALID}} aria-invalid="true" aria-describedby="e-{{TEAM_ID}}-early_target"{{/EARLY_TARGET_INVALID}}>
      {{#EARLY_TARGET_INVALID}}<p class="field-error" id="e-{{TEAM_ID}}-early_target">{{EARLY_TARGET_ERROR}}</p>{{/EARLY_TARGET_INVALID}}
    </div>
    <div class="field">
      <label for="f-{{TEAM_ID}}-inflow_target">Inflow target, deals per rep per week</label>
      <input id="f-{{TEAM_ID}}-inflow_target" name="inflow_target" type="text" inputmode="numeric" autocomplete="off" value="{{INFLOW_TARGET_VALUE}}"{{#INFLOW_TARGET_INVALID}} aria-invalid="true" aria-describedby="e-{{TEAM_ID}}-inflow_target"{{/INFLOW_TARGET_INVALID}}>
      {{#INFLOW_TARGET_INVALID}}<p class="field-error" id="e-{{TEAM_ID}}-inflow_target">{{INFLOW_TARGET_ERROR}}</p>{{/INFLOW_TARGET_INVALID}}
    </div>
    <button type="submit">Save {{NAME}}</button>
  </form>
  {{/TEAM_FORM}}
</section>
