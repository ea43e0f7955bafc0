{{%AUTOESCAPE context="HTML"}}
<section class="card form-card">
  <h1>Log a deal</h1>
  <p class="muted">Only the company is required. Log it now; add the rest later.</p>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>The deal was not saved. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/deals/new" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    {{#DUPLICATE}}
    <div class="error-summary duplicate" role="alert">
      <p><a href="/deals/{{DEAL_ID}}">{{DUP_COMPANY}}</a> is already open for {{DUP_OWNER}}. The deal was not saved yet: open that one, or log this one as well.</p>
      <button type="submit" name="anyway" value="1">Log it anyway</button>
    </div>
    {{/DUPLICATE}}
    <div class="field">
      <label for="f-company">Company <span class="req">(required)</span></label>
      <input id="f-company" name="company" type="text" autocomplete="off" autocapitalize="words"{{#FRESH}} autofocus{{/FRESH}} maxlength="120" value="{{COMPANY_VALUE}}"{{#COMPANY_INVALID}} aria-invalid="true" aria-describedby="e-company"{{/COMPANY_INVALID}}>
      {{#COMPANY_INVALID}}<p class="field-error" id="e-company">{{COMPANY_ERROR}}</p>{{/COMPANY_INVALID}}
    </div>
    <div class="field">
      <label for="f-stage_id">Stage <span class="req">(required)</span></label>
      <select id="f-stage_id" name="stage_id"{{#STAGE_ID_INVALID}} aria-invalid="true" aria-describedby="e-stage_id"{{/STAGE_ID_INVALID}}>
        {{#STAGE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{RANK}}. {{NAME}}</option>{{/STAGE_OPTION}}
      </select>
      {{#STAGE_ID_INVALID}}<p class="field-error" id="e-stage_id">{{STAGE_ID_ERROR}}</p>{{/STAGE_ID_INVALID}}
    </div>
    <div class="field">
      <label for="f-contact">Contact</label>
      <input id="f-contact" name="contact" type="text" autocomplete="off" autocapitalize="words" maxlength="120" value="{{CONTACT_VALUE}}"{{#CONTACT_INVALID}} aria-invalid="true" aria-describedby="e-contact"{{/CONTACT_INVALID}}>
      {{#CONTACT_INVALID}}<p class="field-error" id="e-contact">{{CONTACT_ERROR}}</p>{{/CONTACT_INVALID}}
    </div>
    <div class="field">
      <label for="f-next_step">Next step</label>
      <input id="f-next_step" name="next_step" type="text" autocomplete="off" maxlength="200" placeholder="e.g. Send the discovery questions" value="{{NEXT_STEP_VALUE}}"{{#NEXT_STEP_INVALID}} aria-invalid="true" aria-describedby="e-next_step"{{/NEXT_STEP_INVALID}}>
      {{#NEXT_STEP_INVALID}}<p class="field-error" id="e-next_step">{{NEXT_STEP_ERROR}}</p>{{/NEXT_STEP_INVALID}}
    </div>
    <div class="field">
      <label for="f-next_step_due">Next step due</label>
      <input id="f-next_step_due" name="next_step_due" type="date" autocomplete="off" value="{{NEXT_STEP_DUE_VALUE}}"{{#NEXT_STEP_DUE_INVALID}} aria-invalid="true" aria-describedby="e-next_step_due"{{/NEXT_STEP_DUE_INVALID}}>
      {{#NEXT_STEP_DUE_INVALID}}<p class="field-error" id="e-next_step_due">{{NEXT_STEP_DUE_ERROR}}</p>{{/NEXT_STEP_DUE_INVALID}}
    </div>
    <div class="field">
      <label for="f-amount">Amount ({{CURRENCY}})</label>
      <input id="f-amount" name="amount" type="text" inputmode="decimal" autocomplete="off" placeholder="12,500 or 12.5k" value="{{AMOUNT_VALUE}}" aria-describedby="h-amount{{#AMOUNT_INVALID}} e-amount{{/AMOUNT_INVALID}}"{{#AMOUNT_INVALID}} aria-invalid="true"{{/AMOUNT_INVALID}}>
      <p class="hint" id="h-amount">Whole amounts, cents, or k and m: 12500, 12,500.00, 12.5k.</p>
      {{#AMOUNT_INVALID}}<p class="field-error" id="e-amount">{{AMOUNT_ERROR}}</p>{{/AMOUNT_INVALID}}
    </div>
    <details class="more"{{#MORE_OPEN}} open{{/MORE_OPEN}}>
      <summary>More details</summary>
      <div class="field">
        <label for="f-title">Deal title</label>
        <input id="f-title" name="title" type="text" autocomplete="off" maxlength="120" value="{{TITLE_VALUE}}"{{#TITLE_INVALID}} aria-invalid="true" aria-describedby="e-title"{{/TITLE_INVALID}}>
        {{#TITLE_INVALID}}<p class="field-error" id="e-title">{{TITLE_ERROR}}</p>{{/TITLE_INVALID}}
      </div>
      <div class="field">
        <label for="f-source">Source</label>
        <input id="f-source" name="source" type="text" autocomplete="off" maxlength="60" list="sources" value="{{SOURCE_VALUE}}"{{#SOURCE_INVALID}} aria-invalid="true" aria-describedby="e-source"{{/SOURCE_INVALID}}>
        <datalist id="sources"><option value="Inbound"><option value="Outbound"><option value="Referral"><option value="Event"><option value="Partner"></datalist>
        {{#SOURCE_INVALID}}<p class="field-error" id="e-source">{{SOURCE_ERROR}}</p>{{/SOURCE_INVALID}}
      </div>
      <div class="field">
        <label for="f-expected_close">Expected close</label>
        <input id="f-expected_close" name="expected_close" type="date" autocomplete="off" value="{{EXPECTED_CLOSE_VALUE}}"{{#EXPECTED_CLOSE_INVALID}} aria-invalid="true" aria-describedby="e-expected_close"{{/EXPECTED_CLOSE_INVALID}}>
        {{#EXPECTED_CLOSE_INVALID}}<p class="field-error" id="e-expected_close">{{EXPECTED_CLOSE_ERROR}}</p>{{/EXPECTED_CLOSE_INVALID}}
      </div>
    </details>
    <button type="submit" class="primary">Save deal</button>
  </form>
</section>
