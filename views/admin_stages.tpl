{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Stages</h1>
  <p class="muted">The buying process, in order. Early stages are coloured warm everywhere. A stage with history is never deleted: retire it instead, and its history stays.</p>
  <div class="table-scroll">
  <table class="data">
    <caption class="visually-hidden">Stages in order</caption>
    <thead><tr><th scope="col" class="num">#</th><th scope="col">Stage</th><th scope="col" class="num">Probability</th><th scope="col" class="num">Target days</th><th scope="col" class="num">Exit criteria</th><th scope="col">Status</th></tr></thead>
    <tbody>
    {{#STAGE}}
      <tr{{#RETIRED}} class="disabled"{{/RETIRED}}>
        <td class="num">{{POSITION}}</td>
        <td><a href="/admin/stages/{{ID}}"><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{NAME}}</span></a> {{#EARLY}}<span class="muted">early</span>{{/EARLY}}</td>
        <td class="num">{{PROBABILITY}}%</td>
        <td class="num">{{TARGET_DAYS}}</td>
        <td class="num">{{CRITERIA}}</td>
        <td>{{#ACTIVE}}In use{{/ACTIVE}}{{#RETIRED}}Retired{{/RETIRED}}</td>
      </tr>
    {{/STAGE}}
    </tbody>
  </table>
  </div>
</section>

{{#ADD_FORM}}
<section class="card" id="add-stage">
  <h2>Add a stage</h2>
  <p class="muted">A new stage goes last; change its position on its own page.</p>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>The stage was not added. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/admin/stages#add-stage" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-name">Name <span class="req">(required)</span></label>
      <input id="f-name" name="name" type="text" autocomplete="off" maxlength="40" value="{{NAME_VALUE}}"{{#NAME_INVALID}} aria-invalid="true" aria-describedby="e-name"{{/NAME_INVALID}}>
      {{#NAME_INVALID}}<p class="field-error" id="e-name">{{NAME_ERROR}}</p>{{/NAME_INVALID}}
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
    <button type="submit" class="primary">Add stage</button>
  </form>
</section>
{{/ADD_FORM}}
