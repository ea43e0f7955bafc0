{{%AUTOESCAPE context="HTML"}}
<p class="crumbs"><a href="/team/coaching">Coaching</a> ›</p>
<section class="card form-card">
  <h1>Log a coaching session</h1>
  <p class="muted">Tied to a deal, the session counts for the stage the deal is in now.</p>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>The session was not logged. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="get" action="/team/sessions/new" class="filters">
    <label for="f-rep">Rep</label>
    <select id="f-rep" name="rep"><option value="">Choose a rep</option>{{#REP_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/REP_OPTION}}</select>
    <label for="f-q">Company starts with <span class="req">(optional)</span></label>
    <input id="f-q" name="q" type="text" autocomplete="off" value="{{Q_VALUE}}">
    <button type="submit">Show their deals</button>
  </form>
  {{#CHOOSE_REP_FIRST}}<p class="muted">Choose the rep first: their open deals are then offered by company.</p>
  {{#DEAL_ID_INVALID}}<p class="field-error" id="e-deal_id">{{DEAL_ID_ERROR}}</p>{{/DEAL_ID_INVALID}}{{/CHOOSE_REP_FIRST}}
  {{#DEAL_PICKER}}
  <form method="post" action="/team/sessions/new" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="rep_id" value="{{REP_ID}}">
    <div class="field">
      <label for="f-deal_id">Deal <span class="req">(optional)</span></label>
      <select id="f-deal_id" name="deal_id"{{#DEAL_ID_INVALID}} aria-invalid="true" aria-describedby="e-deal_id"{{/DEAL_ID_INVALID}}>
        <option value="">No deal: a session about the rep</option>
        {{#DEAL_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{COMPANY}} ({{STAGE}})</option>{{/DEAL_OPTION}}
      </select>
      {{#NO_DEALS}}<p class="muted">No open deals{{#Q}} match{{/Q}}.</p>{{/NO_DEALS}}
      {{#MORE_DEALS}}<p class="muted">More deals than shown: narrow by the company's first letters above.</p>{{/MORE_DEALS}}
      {{#DEAL_ID_INVALID}}<p class="field-error" id="e-deal_id">{{DEAL_ID_ERROR}}</p>{{/DEAL_ID_INVALID}}
    </div>
    <div class="field">
      <label for="f-minutes">Minutes <span class="req">(required)</span></label>
      <input id="f-minutes" name="minutes" type="text" inputmode="numeric" autocomplete="off" value="{{MINUTES_VALUE}}"{{#MINUTES_INVALID}} aria-invalid="true" aria-describedby="e-minutes"{{/MINUTES_INVALID}}>
      {{#MINUTES_INVALID}}<p class="field-error" id="e-minutes">{{MINUTES_ERROR}}</p>{{/MINUTES_INVALID}}
    </div>
    <div class="field">
      <label for="f-kind">Kind <span class="req">(required)</span></label>
      <select id="f-kind" name="kind"{{#KIND_INVALID}} aria-invalid="true" aria-describedby="e-kind"{{/KIND_INVALID}}>
        {{#KIND_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/KIND_OPTION}}
      </select>
      {{#KIND_INVALID}}<p class="field-error" id="e-kind">{{KIND_ERROR}}</p>{{/KIND_INVALID}}
    </div>
    <div class="field">
      <label for="f-on">Date <span class="req">(today, or up to 14 days back)</span></label>
      <input id="f-on" name="on" type="date" min="{{EARLIEST}}" max="{{TODAY}}" value="{{ON_VALUE}}"{{#ON_INVALID}} aria-invalid="true" aria-describedby="e-on"{{/ON_INVALID}}>
      {{#ON_INVALID}}<p class="field-error" id="e-on">{{ON_ERROR}}</p>{{/ON_INVALID}}
    </div>
    <div class="field">
      <label for="f-notes">Notes</label>
      <textarea id="f-notes" name="notes" rows="4" maxlength="1000"{{#NOTES_INVALID}} aria-invalid="true" aria-describedby="e-notes"{{/NOTES_INVALID}}>{{NOTES_VALUE:pre_escape}}</textarea>
      {{#NOTES_INVALID}}<p class="field-error" id="e-notes">{{NOTES_ERROR}}</p>{{/NOTES_INVALID}}
    </div>
    <label class="inline"><input type="checkbox" name="private" value="1"{{#PRIVATE_CHECKED}} checked{{/PRIVATE_CHECKED}}> Private: the rep does not see these notes</label>
    <p><button type="submit" class="primary">Log session</button></p>
  </form>
  {{/DEAL_PICKER}}
  {{#REP_ID_INVALID}}<p class="field-error" id="e-rep_id">{{REP_ID_ERROR}}</p>{{/REP_ID_INVALID}}
</section>
