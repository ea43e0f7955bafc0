{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
  <h1>Coaching · {{TEAM_NAME}}</h1>
  <a class="button" href="/team/sessions/new">Log a session</a>
</div>
<p class="muted">The most urgent first: early stages, then what each cause weighs, how long it has run and the deal's value. <a href="/team/time">Is my time shifting early?</a></p>

<section class="card" id="this-week">
  <h2>This week</h2>
  {{#NOTHING_OPEN}}<p>Nothing to coach right now.</p>{{/NOTHING_OPEN}}
  <ol class="coach-queue">
    {{#TOP}}
    <li class="coach-item{{#EARLY}} early{{/EARLY}}" data-item="{{ID}}">
      <p class="coach-reason">{{REASON}}</p>
      <p class="small muted">Why first: {{WHY}}{{#DEAL}} · <a href="/deals/{{ID}}">Open the deal</a>{{/DEAL}} · <a href="/team/reps/{{REP_ID}}">{{REP_NAME}}</a></p>
      {{#ACTIONS}}
      {{#HAS_ERRORS}}<div class="error-summary" role="alert"><p>Nothing was saved:</p>{{#ERRORS}}<p>{{LABEL}}: {{MESSAGE}}</p>{{/ERRORS}}</div>{{/HAS_ERRORS}}
      <details class="coach-actions"{{#SESSION_OPEN}} open{{/SESSION_OPEN}}>
        <summary>Log a session</summary>
        <form method="post" action="{{BASE}}{{KEY}}/session" class="coach-form" novalidate>
          <input type="hidden" name="csrf" value="{{CSRF}}">
          <label for="f-minutes-{{KEY}}">Minutes</label>
          <input id="f-minutes-{{KEY}}" name="minutes" type="text" inputmode="numeric" autocomplete="off" size="4" value="{{MINUTES_VALUE}}"{{#MINUTES_INVALID}} aria-invalid="true"{{/MINUTES_INVALID}}>
          <label for="f-kind-{{KEY}}">Kind</label>
          <select id="f-kind-{{KEY}}" name="kind">{{#KIND_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/KIND_OPTION}}</select>
          <label for="f-on-{{KEY}}">Date</label>
          <input id="f-on-{{KEY}}" name="on" type="date" min="{{EARLIEST}}" max="{{TODAY}}" value="{{ON_VALUE}}"{{#ON_INVALID}} aria-invalid="true"{{/ON_INVALID}}>
          <label for="f-notes-{{KEY}}">Note <span class="req">(optional)</span></label>
          <input id="f-notes-{{KEY}}" name="notes" type="text" autocomplete="off" maxlength="1000" value="{{NOTES_VALUE}}"{{#NOTES_INVALID}} aria-invalid="true"{{/NOTES_INVALID}}>
          <label class="inline"><input type="checkbox" name="private" value="1"{{#PRIVATE_CHECKED}} checked{{/PRIVATE_CHECKED}}> Private: only I see the note</label>
          <button type="submit" class="primary">Log it and close the item</button>
        </form>
      </details>
      <details class="coach-actions"{{#NOTNOW_OPEN}} open{{/NOTNOW_OPEN}}>
        <summary>Not now</summary>
        <form method="post" action="{{BASE}}{{KEY}}/snooze" class="coach-form" novalidate>
          <input type="hidden" name="csrf" value="{{CSRF}}">
          <input type="hidden" name="until" value="{{UNTIL_VALUE}}">
          <button type="submit">Snooze a week</button>
        </form>
        <form method="post" action="{{BASE}}{{KEY}}/dismiss" class="coach-form" novalidate>
          <input type="hidden" name="csrf" value="{{CSRF}}">
          <label for="f-reason-{{KEY}}">Reason to dismiss <span class="req">(required)</span></label>
          <input id="f-reason-{{KEY}}" name="reason" type="text" autocomplete="off" maxlength="300" value="{{REASON_VALUE}}"{{#REASON_INVALID}} aria-invalid="true"{{/REASON_INVALID}}>
          <button type="submit">Dismiss</button>
        </form>
      </details>
      {{/ACTIONS}}
    </li>
    {{/TOP}}
  </ol>
  {{#TOP_FORM}}
  <form method="post" action="/team/coaching/top" class="inline-form" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="f-top">Items this week</label>
    <input id="f-top" name="top" type="text" inputmode="numeric" size="3" autocomplete="off" value="{{TOP_VALUE}}"{{#TOP_INVALID}} aria-invalid="true" aria-describedby="e-top"{{/TOP_INVALID}}>
    <button type="submit">Show</button>
    {{#TOP_INVALID}}<p class="field-error" id="e-top">{{TOP_ERROR}}</p>{{/TOP_INVALID}}
  </form>
  {{/TOP_FORM}}
</section>

<details class="card" id="all"{{#ALL_OPEN}} open{{/ALL_OPEN}}>
  <summary><h2 class="inline">All items ({{ALL_COUNT}})</h2></summary>
  {{#ALL}}
  <form method="get" action="/team/coaching#all" class="filters">
    <input type="hidden" name="all" value="1">
    <label for="f-rep">Rep</label>
    <select id="f-rep" name="rep"><option value="">Every rep</option>{{#REP_FILTER}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/REP_FILTER}}</select>
    <label for="f-stage">Stage</label>
    <select id="f-stage" name="stage"><option value="">Every stage</option>{{#STAGE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/STAGE_OPTION}}</select>
    <label for="f-cause">Cause</label>
    <select id="f-cause" name="cause"><option value="">Any cause</option>{{#CAUSE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/CAUSE_OPTION}}</select>
    <button type="submit">Filter</button>
  </form>
  {{#NONE_MATCH}}<p class="muted">No items match.</p>{{/NONE_MATCH}}
  <ul class="coach-items">
    {{#ITEM}}
    <li class="coach-item{{#EARLY}} early{{/EARLY}}" data-item="{{ID}}">
      <p class="coach-reason">{{REASON}}</p>
      <p class="small muted">Why: {{WHY}}{{#DEAL}} · <a href="/deals/{{ID}}">Open the deal</a> · <a href="/team/sessions/new?rep={{REP_ID}}&amp;deal={{ID}}">Log a session</a>{{/DEAL}}</p>
      {{#ACTIONS}}
      <form method="post" action="{{BASE}}{{KEY}}/snooze" class="inline-form" novalidate>
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <input type="hidden" name="until" value="{{WEEK_LATER}}">
        <button type="submit" class="small">Snooze a week</button>
      </form>
      {{/ACTIONS}}
    </li>
    {{/ITEM}}
  </ul>
  <p class="pager">{{#PREV}}<a href="{{HREF}}">Previous</a>{{/PREV}} Page {{PAGE}} {{#NEXT}}<a href="{{HREF}}">Next</a>{{/NEXT}}</p>
  {{/ALL}}
</details>

{{#ADD_FORM}}
<section class="card" id="add">
  <h2>Add an item</h2>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>Nothing was added. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/team/coaching#add" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-rep_id">Rep <span class="req">(required)</span></label>
      <select id="f-rep_id" name="rep_id"{{#REP_ID_INVALID}} aria-invalid="true" aria-describedby="e-rep_id"{{/REP_ID_INVALID}}>
        <option value="">Choose a rep</option>
        {{#REP_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/REP_OPTION}}
      </select>
      {{#REP_ID_INVALID}}<p class="field-error" id="e-rep_id">{{REP_ID_ERROR}}</p>{{/REP_ID_INVALID}}
    </div>
    <div class="field">
      <label for="f-deal_id">Deal number <span class="req">(optional; from the deal's address)</span></label>
      <input id="f-deal_id" name="deal_id" type="text" inputmode="numeric" autocomplete="off" value="{{DEAL_ID_VALUE}}"{{#DEAL_ID_INVALID}} aria-invalid="true" aria-describedby="e-deal_id"{{/DEAL_ID_INVALID}}>
      {{#DEAL_ID_INVALID}}<p class="field-error" id="e-deal_id">{{DEAL_ID_ERROR}}</p>{{/DEAL_ID_INVALID}}
    </div>
    <div class="field">
      <label for="f-reason">What to coach <span class="req">(required)</span></label>
      <input id="f-reason" name="reason" type="text" autocomplete="off" maxlength="300" value="{{REASON_VALUE}}"{{#REASON_INVALID}} aria-invalid="true" aria-describedby="e-reason"{{/REASON_INVALID}}>
      {{#REASON_INVALID}}<p class="field-error" id="e-reason">{{REASON_ERROR}}</p>{{/REASON_INVALID}}
    </div>
    <button type="submit">Add item</button>
  </form>
</section>
{{/ADD_FORM}}

<section class="card">
  <h2>Closed lately</h2>
  {{#NONE_CLOSED}}<p class="muted">Nothing closed yet.</p>{{/NONE_CLOSED}}
  <ul class="plain">{{#CLOSED}}<li><span class="badge">{{STATUS}}</span> {{REP_NAME}}: {{REASON}} <span class="muted">· {{BY}} · {{WHEN}}</span>{{#NOTE}}<br><span class="muted">{{TEXT}}{{#PRIVATE}} (private){{/PRIVATE}}</span>{{/NOTE}}</li>{{/CLOSED}}</ul>
</section>
