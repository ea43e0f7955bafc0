{{%AUTOESCAPE context="HTML"}}
<li class="coach-item{{#EARLY}} early{{/EARLY}}" data-item="{{ID}}">
  <p class="coach-reason">{{REASON}}</p>
  <p class="small muted">Why first: {{WHY}}{{#DEAL}} · <a href="/deals/{{ID}}">Open the deal</a>{{/DEAL}}{{#SESSION_LINK}} · <a href="/team/sessions/new?rep={{REP_ID}}&amp;deal={{DEAL_ID}}">session form</a>{{/SESSION_LINK}} · <a href="/team/reps/{{REP_ID}}">{{REP_NAME}}</a></p>
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
