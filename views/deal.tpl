{{%AUTOESCAPE context="HTML"}}
<p class="crumbs"><a href="{{BACK_HREF}}">{{BACK_LABEL}}</a> ›</p>
{{#PROBLEM}}<p class="error-summary" role="alert">{{MESSAGE}}</p>{{/PROBLEM}}
<section class="card deal-head" id="next">
  <h1>{{COMPANY}}</h1>
  <p class="deal-meta">
    <span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span>
    <span class="badge status-{{STATUS}}">{{STATUS}}</span>
    {{#DAYS}}<span class="muted">{{TEXT}} in stage</span>{{/DAYS}}
    {{#LATE_ENTRY}}<span class="badge late-entry" title="First logged at {{STAGE}}">Late entry</span>{{/LATE_ENTRY}}
    {{#SKIP_BADGE}}<span class="badge skip">Skipped steps: {{SKIP_TEXT}}</span>{{/SKIP_BADGE}}
  </p>
  {{#LOST_REASON}}<p><strong>Lost because:</strong> {{TEXT}}</p>{{/LOST_REASON}}
  <div class="deal-next-step">
    <h2><svg class="icon" aria-hidden="true"><use href="/static/icons.svg#step"></use></svg> Next step</h2>
    <p>{{>NEXT_STEP}}{{#NO_NEXT_STEP}} <span class="muted">What will move the buyer forward?</span>{{/NO_NEXT_STEP}}</p>
  </div>
  {{#STEP_FORM}}
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>The step was not saved:</p>
    <ul>{{#ERRORS}}<li><a href="#f-step-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/deals/{{ID}}/step/done#next" class="step-form" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    {{#HAS_OPEN}}
    <div class="field">
      <label for="f-step-outcome">How did it go? <span class="req">(optional)</span></label>
      <input id="f-step-outcome" name="outcome" type="text" autocomplete="off" maxlength="300" value="{{OUTCOME_VALUE}}"{{#OUTCOME_INVALID}} aria-invalid="true" aria-describedby="e-step-outcome"{{/OUTCOME_INVALID}}>
      {{#OUTCOME_INVALID}}<p class="field-error" id="e-step-outcome">{{OUTCOME_ERROR}}</p>{{/OUTCOME_INVALID}}
    </div>
    {{/HAS_OPEN}}
    <div class="field-row">
      <div class="field">
        <label for="f-step-next">What's next?{{#NEED_TEXT}} <span class="req">(required)</span>{{/NEED_TEXT}}</label>
        <input id="f-step-next" name="next" type="text" autocomplete="off" maxlength="200" placeholder="e.g. Meet the person who decides" value="{{NEXT_VALUE}}"{{#NEXT_INVALID}} aria-invalid="true" aria-describedby="e-step-next"{{/NEXT_INVALID}}>
        {{#NEXT_INVALID}}<p class="field-error" id="e-step-next">{{NEXT_ERROR}}</p>{{/NEXT_INVALID}}
      </div>
      <div class="field field-date">
        <label for="f-step-next_due">Due</label>
        <input id="f-step-next_due" name="next_due" type="date" autocomplete="off" min="{{TODAY}}" value="{{NEXT_DUE_VALUE}}"{{#NEXT_DUE_INVALID}} aria-invalid="true" aria-describedby="e-step-next_due"{{/NEXT_DUE_INVALID}}>
        {{#NEXT_DUE_INVALID}}<p class="field-error" id="e-step-next_due">{{NEXT_DUE_ERROR}}</p>{{/NEXT_DUE_INVALID}}
      </div>
    </div>
    <button type="submit" class="primary">{{BUTTON}}</button>
  </form>
  {{/STEP_FORM}}
  {{#RESCHEDULE_FORM}}
  <details class="reschedule" id="reschedule"{{#RESCHEDULE_OPEN}} open{{/RESCHEDULE_OPEN}}>
    <summary>Reschedule</summary>
    {{#HAS_ERRORS}}<div class="error-summary" role="alert"><p>The step was not rescheduled:</p><ul>{{#ERRORS}}<li><a href="#f-reschedule-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul></div>{{/HAS_ERRORS}}
    <form method="post" action="/deals/{{ID}}/step/reschedule#next" class="inline-form" novalidate>
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <div class="field">
        <label for="f-reschedule-due">New due date <span class="req">(required)</span></label>
        <input id="f-reschedule-due" name="due" type="date" autocomplete="off" min="{{TODAY}}" value="{{DUE_VALUE}}"{{#DUE_INVALID}} aria-invalid="true" aria-describedby="e-reschedule-due"{{/DUE_INVALID}}>
        {{#DUE_INVALID}}<p class="field-error" id="e-reschedule-due">{{DUE_ERROR}}</p>{{/DUE_INVALID}}
      </div>
      <button type="submit">Reschedule</button>
    </form>
  </details>
  {{/RESCHEDULE_FORM}}
  {{#QUICK_MOVE}}
  <form method="post" action="/deals/{{ID}}/move" class="quick-move">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="to_stage_id" value="{{TO_ID}}">
    <button type="submit" class="move-next">Move to {{TO_NAME}}</button>
    {{#UNTICKED_COUNT}}<span class="muted">leaves {{TEXT}} unticked</span>{{/UNTICKED_COUNT}}
  </form>
  {{/QUICK_MOVE}}
  {{#READ_ONLY}}<p class="muted">You are viewing this deal; only its owner can change it.</p>{{/READ_ONLY}}
  {{#COACH_LINK}}<p><a class="button" href="/team/sessions/new?rep={{REP}}&amp;deal={{DEAL}}">Log a coaching session on this deal</a></p>{{/COACH_LINK}}
</section>

{{#CHECKLIST}}
<section class="card" id="checklist">
  <h2>Exit criteria for {{STAGE_NAME}} <span class="muted nowrap">· {{TICKED}} of {{TOTAL}} ticked</span></h2>
  <p class="muted">What the buyer has done or confirmed. Tick each one with a word of evidence before moving on.</p>
  {{#NO_CRITERIA}}<p>This stage has no exit criteria.</p>{{/NO_CRITERIA}}
  <ul class="checklist">
    {{#CRITERION}}
    <li class="criterion">
      {{#TICKED}}
      <p><span class="tick done" aria-hidden="true">✓</span> <strong>{{TEXT}}</strong></p>
      <p class="muted">Ticked by {{WHO}} · {{WHEN}}{{#EVIDENCE}} · “{{TEXT}}”{{/EVIDENCE}}{{#VERIFIED}} · <span class="verified">verified by {{WHO}}</span>{{/VERIFIED}}</p>
      {{/TICKED}}
      {{#NOT_TICKED}}<p><span class="tick" aria-hidden="true">○</span> {{TEXT}}</p>{{/NOT_TICKED}}
      {{#VERIFY_FORM}}
      <form method="post" action="/deals/{{DEAL_ID}}/verify#checklist" class="inline">
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <input type="hidden" name="criterion_id" value="{{ID}}">
        <button type="submit" class="small">Verify with the buyer's evidence</button>
      </form>
      {{/VERIFY_FORM}}
      {{#UNTICK_FORM}}
      <form method="post" action="/deals/{{DEAL_ID}}/untick#checklist" class="inline">
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <input type="hidden" name="criterion_id" value="{{ID}}">
        <button type="submit" class="small">Untick</button>
      </form>
      {{/UNTICK_FORM}}
      {{#TICK_FORM}}
      <form method="post" action="/deals/{{DEAL_ID}}/tick#checklist" class="tick-form" novalidate>
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <input type="hidden" name="criterion_id" value="{{ID}}">
        <label for="f-evidence-{{ID}}">Evidence <span class="req">(optional)</span></label>
        <input id="f-evidence-{{ID}}" name="evidence" type="text" autocomplete="off" maxlength="300" placeholder="e.g. said so on the call" value="{{EVIDENCE_VALUE}}"{{#EVIDENCE_INVALID}} aria-invalid="true" aria-describedby="e-evidence-{{ID}}"{{/EVIDENCE_INVALID}}>
        {{#EVIDENCE_INVALID}}<p class="field-error" id="e-evidence-{{ID}}">{{EVIDENCE_ERROR}}</p>{{/EVIDENCE_INVALID}}
        {{#CRITERION_ID_INVALID}}<p class="field-error">{{CRITERION_ID_ERROR}}</p>{{/CRITERION_ID_INVALID}}
        <button type="submit">Tick</button>
      </form>
      {{/TICK_FORM}}
    </li>
    {{/CRITERION}}
  </ul>
</section>
{{/CHECKLIST}}

<section class="card" id="details">
  <h2>Details</h2>
  <dl class="facts">
    <div><dt>Amount</dt><dd class="num">{{AMOUNT}}</dd></div>
    <div><dt>Contact</dt><dd>{{CONTACT}}</dd></div>
    <div><dt>Title</dt><dd>{{TITLE}}</dd></div>
    <div><dt>Source</dt><dd>{{SOURCE}}</dd></div>
    <div><dt>Expected close</dt><dd>{{EXPECTED_CLOSE}}</dd></div>
    <div><dt>Owner</dt><dd>{{OWNER}}</dd></div>
  </dl>
</section>

{{#MOVE_FORM}}
<section class="card" id="move">
  <details class="on-demand"{{#MOVE_OPEN}} open{{/MOVE_OPEN}}>
  <summary><h2><svg class="icon" aria-hidden="true"><use href="/static/icons.svg#stage"></use></svg> Move to another stage</h2></summary>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>The deal was not moved:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  {{#UNTICKED}}
  <div class="notice-warn" role="note">
    <p>Not ticked yet on this stage. Moving forward now records them as skipped:</p>
    <ul>{{#SKIPPED}}<li>{{TEXT}}</li>{{/SKIPPED}}</ul>
  </div>
  {{/UNTICKED}}
  <form method="post" action="/deals/{{ID}}/move#move" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-to_stage_id">Move to <span class="req">(required)</span></label>
      <select id="f-to_stage_id" name="to_stage_id"{{#TO_STAGE_ID_INVALID}} aria-invalid="true" aria-describedby="e-to_stage_id"{{/TO_STAGE_ID_INVALID}}>
        <option value="">Choose a stage</option>
        {{#STAGE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{RANK}}. {{NAME}}</option>{{/STAGE_OPTION}}
      </select>
      {{#TO_STAGE_ID_INVALID}}<p class="field-error" id="e-to_stage_id">{{TO_STAGE_ID_ERROR}}</p>{{/TO_STAGE_ID_INVALID}}
    </div>
    <div class="field">
      <label for="f-note">Note</label>
      <textarea id="f-note" name="note" rows="2" maxlength="500"{{#NOTE_INVALID}} aria-invalid="true" aria-describedby="e-note"{{/NOTE_INVALID}}>{{NOTE_VALUE:pre_escape}}</textarea>
      {{#NOTE_INVALID}}<p class="field-error" id="e-note">{{NOTE_ERROR}}</p>{{/NOTE_INVALID}}
    </div>
    <div class="field">
      <label for="f-next">What's next? <span class="req">(optional)</span></label>
      <input id="f-next" name="next" type="text" autocomplete="off" maxlength="200" value="{{NEXT_VALUE}}"{{#NEXT_INVALID}} aria-invalid="true" aria-describedby="e-next"{{/NEXT_INVALID}}>
      {{#NEXT_INVALID}}<p class="field-error" id="e-next">{{NEXT_ERROR}}</p>{{/NEXT_INVALID}}
    </div>
    <div class="field">
      <label for="f-next_due">Due</label>
      <input id="f-next_due" name="next_due" type="date" autocomplete="off" value="{{NEXT_DUE_VALUE}}"{{#NEXT_DUE_INVALID}} aria-invalid="true" aria-describedby="e-next_due"{{/NEXT_DUE_INVALID}}>
      {{#NEXT_DUE_INVALID}}<p class="field-error" id="e-next_due">{{NEXT_DUE_ERROR}}</p>{{/NEXT_DUE_INVALID}}
    </div>
    <button type="submit" class="primary">Move deal</button>
  </form>
  </details>
</section>
{{/MOVE_FORM}}

{{#CLOSE_FORM}}
<section class="card" id="close">
  <details class="on-demand"{{#CLOSE_OPEN}} open{{/CLOSE_OPEN}}>
  <summary><h2>Close the deal</h2></summary>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>The deal was not closed:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/deals/{{ID}}/close#close" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <fieldset class="field" id="f-outcome"{{#OUTCOME_INVALID}} aria-describedby="e-outcome"{{/OUTCOME_INVALID}}>
      <legend>Outcome <span class="req">(required)</span></legend>
      <label class="inline"><input type="radio" name="outcome" value="won"{{#WON_CHECKED}} checked{{/WON_CHECKED}}> Won</label>
      <label class="inline"><input type="radio" name="outcome" value="lost"{{#LOST_CHECKED}} checked{{/LOST_CHECKED}}> Lost</label>
      {{#OUTCOME_INVALID}}<p class="field-error" id="e-outcome">{{OUTCOME_ERROR}}</p>{{/OUTCOME_INVALID}}
    </fieldset>
    <div class="field">
      <label for="f-lost_reason">Reason, if lost</label>
      <input id="f-lost_reason" name="lost_reason" type="text" autocomplete="off" maxlength="200" value="{{LOST_REASON_VALUE}}"{{#LOST_REASON_INVALID}} aria-invalid="true" aria-describedby="e-lost_reason"{{/LOST_REASON_INVALID}}>
      {{#LOST_REASON_INVALID}}<p class="field-error" id="e-lost_reason">{{LOST_REASON_ERROR}}</p>{{/LOST_REASON_INVALID}}
    </div>
    {{#CONFIRM_WIN_INVALID}}
    <div class="field notice-warn">
      <p class="field-error" id="e-confirm_win">{{CONFIRM_WIN_ERROR}}</p>
      <label class="inline"><input id="f-confirm_win" type="checkbox" name="confirm_win" value="1" aria-describedby="e-confirm_win"> Yes, close it as won</label>
    </div>
    {{/CONFIRM_WIN_INVALID}}
    <button type="submit">Close deal</button>
  </form>
  </details>
</section>
{{/CLOSE_FORM}}

{{#REOPEN_FORM}}
<section class="card">
  <h2>Closed</h2>
  <form method="post" action="/deals/{{ID}}/reopen">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit">Reopen deal</button>
  </form>
</section>
{{/REOPEN_FORM}}

{{#AIDS}}
<section class="card" id="aids">
  <details class="on-demand"{{#AIDS_OPEN}} open{{/AIDS_OPEN}}>
  <summary><h2>Job-aids for {{STAGE_NAME}}</h2></summary>
  {{#NO_AIDS}}<p class="muted">No job-aids for this stage yet.</p>{{/NO_AIDS}}
  <ul class="plain">{{#AID}}<li><a href="/aids/{{ID}}">{{TITLE}}</a> <span class="muted">· {{KIND}}</span></li>{{/AID}}</ul>
  {{#USE_FORM}}
  <h3>I used a job-aid</h3>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>The use was not logged:</p>
    <ul>{{#ERRORS}}<li><a href="#f-aid-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/deals/{{DEAL_ID}}/aids#aids" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-aid-aid_id">Job-aid <span class="req">(required)</span></label>
      <select id="f-aid-aid_id" name="aid_id"{{#AID_ID_INVALID}} aria-invalid="true" aria-describedby="e-aid-aid_id"{{/AID_ID_INVALID}}>
        <option value="">Choose a job-aid</option>
        {{#AID_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{TITLE}}</option>{{/AID_OPTION}}
      </select>
      {{#AID_ID_INVALID}}<p class="field-error" id="e-aid-aid_id">{{AID_ID_ERROR}}</p>{{/AID_ID_INVALID}}
    </div>
    <fieldset class="field" id="f-aid-outcome"{{#OUTCOME_INVALID}} aria-describedby="e-aid-outcome"{{/OUTCOME_INVALID}}>
      <legend>Did it help? <span class="req">(required)</span></legend>
      {{#OUTCOME_OPTION}}<label class="inline"><input type="radio" name="outcome" value="{{VALUE}}"{{#CHECKED}} checked{{/CHECKED}}> {{LABEL}}</label>{{/OUTCOME_OPTION}}
      {{#OUTCOME_INVALID}}<p class="field-error" id="e-aid-outcome">{{OUTCOME_ERROR}}</p>{{/OUTCOME_INVALID}}
    </fieldset>
    <div class="field">
      <label for="f-aid-note">Note</label>
      <input id="f-aid-note" name="note" type="text" autocomplete="off" maxlength="500" value="{{NOTE_VALUE}}"{{#NOTE_INVALID}} aria-invalid="true" aria-describedby="e-aid-note"{{/NOTE_INVALID}}>
      {{#NOTE_INVALID}}<p class="field-error" id="e-aid-note">{{NOTE_ERROR}}</p>{{/NOTE_INVALID}}
    </div>
    <button type="submit">Log use</button>
  </form>
  {{/USE_FORM}}
  <h3>Used on this deal</h3>
  {{#NO_USES}}<p class="muted">No job-aid uses logged yet.</p>{{/NO_USES}}
  <ul class="plain uses">{{#USE}}<li><a href="/aids/{{AID_ID}}">{{TITLE}}</a> · <span class="outcome-{{OUTCOME_NAME}}">{{OUTCOME}}</span> <span class="muted">· {{WHO}} · {{WHEN}}</span>{{#NOTE}}<br><span class="muted">{{TEXT}}</span>{{/NOTE}}</li>{{/USE}}</ul>
</details>
</section>
{{/AIDS}}

{{#EDIT_FORM}}
<section class="card">
  <details id="edit" class="edit"{{#EDIT_OPEN}} open{{/EDIT_OPEN}}>
    <summary><h2>Edit details</h2></summary>
    {{#HAS_ERRORS}}
    <div class="error-summary" role="alert">
      <p>Nothing was saved. Please check:</p>
      <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
    </div>
    {{/HAS_ERRORS}}
    <form method="post" action="/deals/{{ID}}#edit" novalidate>
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <div class="field">
        <label for="f-company">Company <span class="req">(required)</span></label>
        <input id="f-company" name="company" type="text" autocomplete="off" maxlength="120" value="{{COMPANY_VALUE}}"{{#COMPANY_INVALID}} aria-invalid="true" aria-describedby="e-company"{{/COMPANY_INVALID}}>
        {{#COMPANY_INVALID}}<p class="field-error" id="e-company">{{COMPANY_ERROR}}</p>{{/COMPANY_INVALID}}
      </div>
      <div class="field">
        <label for="f-contact">Contact</label>
        <input id="f-contact" name="contact" type="text" autocomplete="off" maxlength="120" value="{{CONTACT_VALUE}}"{{#CONTACT_INVALID}} aria-invalid="true" aria-describedby="e-contact"{{/CONTACT_INVALID}}>
        {{#CONTACT_INVALID}}<p class="field-error" id="e-contact">{{CONTACT_ERROR}}</p>{{/CONTACT_INVALID}}
      </div>
      <div class="field">
        <label for="f-next_step">Next step</label>
        <input id="f-next_step" name="next_step" type="text" autocomplete="off" maxlength="200" value="{{NEXT_STEP_VALUE}}"{{#NEXT_STEP_INVALID}} aria-invalid="true" aria-describedby="e-next_step"{{/NEXT_STEP_INVALID}}>
        {{#NEXT_STEP_INVALID}}<p class="field-error" id="e-next_step">{{NEXT_STEP_ERROR}}</p>{{/NEXT_STEP_INVALID}}
      </div>
      <div class="field">
        <label for="f-next_step_due">Next step due</label>
        <input id="f-next_step_due" name="next_step_due" type="date" autocomplete="off" value="{{NEXT_STEP_DUE_VALUE}}"{{#NEXT_STEP_DUE_INVALID}} aria-invalid="true" aria-describedby="e-next_step_due"{{/NEXT_STEP_DUE_INVALID}}>
        {{#NEXT_STEP_DUE_INVALID}}<p class="field-error" id="e-next_step_due">{{NEXT_STEP_DUE_ERROR}}</p>{{/NEXT_STEP_DUE_INVALID}}
      </div>
      <div class="field">
        <label for="f-amount">Amount ({{CURRENCY}})</label>
        <input id="f-amount" name="amount" type="text" inputmode="decimal" autocomplete="off" value="{{AMOUNT_VALUE}}"{{#AMOUNT_INVALID}} aria-invalid="true" aria-describedby="e-amount"{{/AMOUNT_INVALID}}>
        {{#AMOUNT_INVALID}}<p class="field-error" id="e-amount">{{AMOUNT_ERROR}}</p>{{/AMOUNT_INVALID}}
      </div>
      <div class="field">
        <label for="f-title">Deal title</label>
        <input id="f-title" name="title" type="text" autocomplete="off" maxlength="120" value="{{TITLE_VALUE}}"{{#TITLE_INVALID}} aria-invalid="true" aria-describedby="e-title"{{/TITLE_INVALID}}>
        {{#TITLE_INVALID}}<p class="field-error" id="e-title">{{TITLE_ERROR}}</p>{{/TITLE_INVALID}}
      </div>
      <div class="field">
        <label for="f-source">Source</label>
        <input id="f-source" name="source" type="text" autocomplete="off" maxlength="60" value="{{SOURCE_VALUE}}"{{#SOURCE_INVALID}} aria-invalid="true" aria-describedby="e-source"{{/SOURCE_INVALID}}>
        {{#SOURCE_INVALID}}<p class="field-error" id="e-source">{{SOURCE_ERROR}}</p>{{/SOURCE_INVALID}}
      </div>
      <div class="field">
        <label for="f-expected_close">Expected close</label>
        <input id="f-expected_close" name="expected_close" type="date" autocomplete="off" value="{{EXPECTED_CLOSE_VALUE}}"{{#EXPECTED_CLOSE_INVALID}} aria-invalid="true" aria-describedby="e-expected_close"{{/EXPECTED_CLOSE_INVALID}}>
        {{#EXPECTED_CLOSE_INVALID}}<p class="field-error" id="e-expected_close">{{EXPECTED_CLOSE_ERROR}}</p>{{/EXPECTED_CLOSE_INVALID}}
      </div>
      <button type="submit" class="primary">Save changes</button>
    </form>
  </details>
</section>
{{/EDIT_FORM}}

<section class="card" id="timeline">
  <details class="on-demand">
  <summary><h2>Timeline</h2></summary>
  <ol class="timeline">
    {{#ENTRY}}<li class="tl-{{KIND}}"><span class="tl-what">{{WHAT}}</span> <span class="muted">· {{WHO}} · <span class="nowrap">{{WHEN}}</span></span>{{#NOTE}}<p class="tl-note">{{TEXT:pre_escape}}</p>{{/NOTE}}{{#SKIPPED_LIST}}<p class="tl-skipped">Skipped: {{NAMES}}</p>{{/SKIPPED_LIST}}{{#CHANGES}}<ul class="tl-changes">{{#CHANGE}}<li>{{LABEL}}: <span class="tl-old">{{OLD}}</span> → <span class="tl-new">{{NEW}}</span></li>{{/CHANGE}}</ul>{{/CHANGES}}{{#STEP_REOPEN}}<form method="post" action="/deals/{{DEAL_ID}}/step/reopen#next" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="step_id" value="{{STEP_ID}}"><button type="submit" class="small">Reopen this step</button></form>{{/STEP_REOPEN}}</li>{{/ENTRY}}
  </ol>
  </details>
</section>
