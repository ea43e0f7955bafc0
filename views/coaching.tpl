{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
  <h1>Coaching · {{TEAM_NAME}}</h1>
  {{#CAN_WRITE}}<a class="button primary" href="/team/sessions/new">Log a session</a>{{/CAN_WRITE}}
</div>
<p class="muted">Rules suggest what to coach, early stages first; each item says why. Follow-through over {{FOLLOW_DAYS}}: <strong>{{FOLLOW}}</strong> {{FOLLOW_NOUN}} done. <a href="/team/time?team={{TEAM_ID}}">Is the time shifting early?</a></p>

{{#NOTHING_OPEN}}<p class="card">Nothing to coach right now.</p>{{/NOTHING_OPEN}}
{{#REP_GROUP}}
<section class="card coach-group">
  <h2><a href="/team/reps/{{REP_ID}}?team={{TEAM_ID}}">{{REP_NAME}}</a>{{#CAN_WRITE}} <a class="small" href="/team/sessions/new?rep={{REP_ID}}">Log a session with them</a>{{/CAN_WRITE}}</h2>
  <ul class="coach-items">
    {{#ITEM}}
    <li class="coach-item{{#EARLY}} early{{/EARLY}}">
      <p><span class="badge">{{RULE}}</span>{{#EARLY}} <span class="badge early-badge">early</span>{{/EARLY}}{{#SNOOZED}} <span class="badge off">snoozed until {{UNTIL}}</span>{{/SNOOZED}}</p>
      <p>{{REASON}}{{#DEAL}} <a href="/deals/{{ID}}">Open the deal</a>{{#CAN_WRITE}} · <a href="/team/sessions/new?rep={{REP_ID}}&amp;deal={{ID}}">log a session on it</a>{{/CAN_WRITE}}{{/DEAL}}</p>
      {{#HAS_ERRORS}}<div class="error-summary" role="alert"><p>The item was not changed:</p><ul>{{#ERRORS}}<li>{{LABEL}}: {{MESSAGE}}</li>{{/ERRORS}}</ul></div>{{/HAS_ERRORS}}
      {{#CAN_WRITE}}<details class="coach-actions"{{#OPEN_ACTIONS}} open{{/OPEN_ACTIONS}}>
        <summary>Done, snooze or dismiss</summary>
        <form method="post" action="/team/coaching/{{ID}}/done" class="coach-form" novalidate>
          <input type="hidden" name="csrf" value="{{CSRF}}">
          <label for="f-note-{{ID}}">Note <span class="req">(optional)</span></label>
          <input id="f-note-{{ID}}" name="note" type="text" autocomplete="off" maxlength="1000" value="{{NOTE_VALUE}}"{{#NOTE_INVALID}} aria-invalid="true"{{/NOTE_INVALID}}>
          <label class="inline"><input type="checkbox" name="private" value="1"{{#PRIVATE_CHECKED}} checked{{/PRIVATE_CHECKED}}> Private: only I see the note</label>
          <button type="submit">Done</button>
        </form>
        <form method="post" action="/team/coaching/{{ID}}/snooze" class="coach-form" novalidate>
          <input type="hidden" name="csrf" value="{{CSRF}}">
          <label for="f-until-{{ID}}">Snooze until</label>
          <input id="f-until-{{ID}}" name="until" type="date" autocomplete="off" value="{{UNTIL_VALUE}}"{{#UNTIL_INVALID}} aria-invalid="true"{{/UNTIL_INVALID}}>
          <button type="submit">Snooze</button>
        </form>
        <form method="post" action="/team/coaching/{{ID}}/dismiss" class="coach-form" novalidate>
          <input type="hidden" name="csrf" value="{{CSRF}}">
          <label for="f-reason-{{ID}}">Reason <span class="req">(required)</span></label>
          <input id="f-reason-{{ID}}" name="reason" type="text" autocomplete="off" maxlength="300" value="{{REASON_VALUE}}"{{#REASON_INVALID}} aria-invalid="true"{{/REASON_INVALID}}>
          <button type="submit">Dismiss</button>
        </form>
      </details>{{/CAN_WRITE}}
    </li>
    {{/ITEM}}
  </ul>
</section>
{{/REP_GROUP}}

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
  <h2>Closed</h2>
  {{#NONE_CLOSED}}<p class="muted">Nothing closed yet.</p>{{/NONE_CLOSED}}
  <ul class="plain">{{#CLOSED}}<li><span class="badge">{{STATUS}}</span> {{REP_NAME}}: {{REASON}} <span class="muted">· {{BY}} · {{WHEN}}</span>{{#NOTE}}<br><span class="muted">{{TEXT}}{{#PRIVATE}} (private){{/PRIVATE}}</span>{{/NOTE}}</li>{{/CLOSED}}</ul>
</section>
