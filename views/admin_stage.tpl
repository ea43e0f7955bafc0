{{%AUTOESCAPE context="HTML"}}
<p class="crumbs"><a href="/admin/stages">Stages</a> ›</p>
{{#EDIT_FORM}}
<section class="card">
  <h1>{{CURRENT_NAME}}</h1>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>Nothing was saved. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/admin/stages/{{ID}}" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-name">Name <span class="req">(required)</span></label>
      <input id="f-name" name="name" type="text" autocomplete="off" maxlength="40" value="{{NAME_VALUE}}"{{#NAME_INVALID}} aria-invalid="true" aria-describedby="e-name"{{/NAME_INVALID}}>
      {{#NAME_INVALID}}<p class="field-error" id="e-name">{{NAME_ERROR}}</p>{{/NAME_INVALID}}
    </div>
    <div class="field">
      <label for="f-position">Position <span class="req">(required; lower comes first)</span></label>
      <input id="f-position" name="position" type="text" inputmode="numeric" autocomplete="off" value="{{POSITION_VALUE}}"{{#POSITION_INVALID}} aria-invalid="true" aria-describedby="e-position"{{/POSITION_INVALID}}>
      {{#POSITION_INVALID}}<p class="field-error" id="e-position">{{POSITION_ERROR}}</p>{{/POSITION_INVALID}}
    </div>
    <fieldset class="field" id="f-early">
      <legend>Early stage?</legend>
      <label class="inline"><input type="radio" name="early" value="1"{{#EARLY_YES}} checked{{/EARLY_YES}}> Yes</label>
      <label class="inline"><input type="radio" name="early" value="0"{{#EARLY_NO}} checked{{/EARLY_NO}}> No</label>
      {{#EARLY_INVALID}}<p class="field-error">{{EARLY_ERROR}}</p>{{/EARLY_INVALID}}
    </fieldset>
    <div class="field">
      <label for="f-probability">Probability, % <span class="req">(required)</span></label>
      <input id="f-probability" name="probability" type="text" inputmode="numeric" autocomplete="off" value="{{PROBABILITY_VALUE}}"{{#PROBABILITY_INVALID}} aria-invalid="true" aria-describedby="e-probability"{{/PROBABILITY_INVALID}}>
      {{#PROBABILITY_INVALID}}<p class="field-error" id="e-probability">{{PROBABILITY_ERROR}}</p>{{/PROBABILITY_INVALID}}
    </div>
    <div class="field">
      <label for="f-target_days">Target days in stage <span class="req">(required)</span></label>
      <input id="f-target_days" name="target_days" type="text" inputmode="numeric" autocomplete="off" value="{{TARGET_DAYS_VALUE}}"{{#TARGET_DAYS_INVALID}} aria-invalid="true" aria-describedby="e-target_days"{{/TARGET_DAYS_INVALID}}>
      {{#TARGET_DAYS_INVALID}}<p class="field-error" id="e-target_days">{{TARGET_DAYS_ERROR}}</p>{{/TARGET_DAYS_INVALID}}
    </div>
    <fieldset class="field" id="f-active">
      <legend>In use?</legend>
      <label class="inline"><input type="radio" name="active" value="1"{{#ACTIVE_YES}} checked{{/ACTIVE_YES}}> In use</label>
      <label class="inline"><input type="radio" name="active" value="0"{{#ACTIVE_NO}} checked{{/ACTIVE_NO}}> Retired</label>
      {{#ACTIVE_INVALID}}<p class="field-error">{{ACTIVE_ERROR}}</p>{{/ACTIVE_INVALID}}
    </fieldset>
    <button type="submit" class="primary">Save stage</button>
  </form>
</section>
{{/EDIT_FORM}}

<section class="card" id="criteria">
  <h2>Exit criteria</h2>
  <p class="muted">Write each as something the buyer has done or confirmed. Retired criteria stay on deals that ticked them.</p>
  {{#NO_CRITERIA}}<p>No exit criteria yet.</p>{{/NO_CRITERIA}}
  {{#CRITERION}}
  <form method="post" action="/admin/criteria/{{ID}}#criteria" class="criterion-edit" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    {{#HAS_ERRORS}}<div class="error-summary" role="alert"><ul>{{#ERRORS}}<li>{{LABEL}}: {{MESSAGE}}</li>{{/ERRORS}}</ul></div>{{/HAS_ERRORS}}
    <div class="field">
      <label for="f-text-{{ID}}">Criterion</label>
      <input id="f-text-{{ID}}" name="text" type="text" autocomplete="off" maxlength="200" value="{{TEXT_VALUE}}"{{#TEXT_INVALID}} aria-invalid="true"{{/TEXT_INVALID}}>
    </div>
    <div class="field small-field">
      <label for="f-position-{{ID}}">Position</label>
      <input id="f-position-{{ID}}" name="position" type="text" inputmode="numeric" autocomplete="off" value="{{POSITION_VALUE}}"{{#POSITION_INVALID}} aria-invalid="true"{{/POSITION_INVALID}}>
    </div>
    <fieldset class="field">
      <legend class="visually-hidden">In use?</legend>
      <label class="inline"><input type="radio" name="active" value="1"{{#ACTIVE_YES}} checked{{/ACTIVE_YES}}> In use</label>
      <label class="inline"><input type="radio" name="active" value="0"{{#ACTIVE_NO}} checked{{/ACTIVE_NO}}> Retired</label>
    </fieldset>
    <button type="submit">Save</button>
  </form>
  {{/CRITERION}}
  {{#NEW_CRITERION}}
  <form method="post" action="/admin/stages/{{ID}}/criteria#criteria" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-new-text">New criterion <span class="req">(required)</span></label>
      <input id="f-new-text" name="text" type="text" autocomplete="off" maxlength="200" placeholder="e.g. Buyer confirmed who signs" value="{{TEXT_VALUE}}"{{#TEXT_INVALID}} aria-invalid="true" aria-describedby="e-new-text"{{/TEXT_INVALID}}>
      {{#TEXT_INVALID}}<p class="field-error" id="e-new-text">{{TEXT_ERROR}}</p>{{/TEXT_INVALID}}
    </div>
    <button type="submit">Add criterion</button>
  </form>
  {{/NEW_CRITERION}}
</section>
