{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
  <h1><svg class="icon" aria-hidden="true"><use href="/static/icons.svg#coaching"></use></svg> Coaching · {{TEAM_NAME}}</h1>
  {{#CAN_WRITE}}<a class="button" href="/team/sessions/new">Log a session</a>{{/CAN_WRITE}}
</div>
<p class="muted">The most urgent first: early stages, then what each cause weighs, how long it has run and the deal's value. <a href="/team/time{{#READER}}?team={{TEAM_ID}}{{/READER}}">Is {{#CAN_WRITE}}my{{/CAN_WRITE}}{{#READER}}the manager's{{/READER}} time shifting early?</a></p>

<section class="card" id="this-week">
  <h2>This week</h2>
  {{#NOTHING_OPEN}}<p>Nothing to coach right now.</p>{{/NOTHING_OPEN}}
  <ol class="coach-queue">
    {{#TOP}}{{>ITEM_TPL}}{{/TOP}}
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

<section class="card" id="all">
  <h2>All items ({{ALL_COUNT}})</h2>
  {{#ALL_CLOSED}}<p><a href="/team/coaching?all=1{{#READER}}&amp;team={{TEAM_ID}}{{/READER}}#all">Show them all, with filters</a></p>{{/ALL_CLOSED}}
  {{#ALL}}
  <form method="get" action="/team/coaching#all" class="filters">
    <input type="hidden" name="all" value="1">
    {{#READER}}<input type="hidden" name="team" value="{{TEAM_ID}}">{{/READER}}
    <label for="f-rep">Rep</label>
    <select id="f-rep" name="rep"><option value="">Every rep</option>{{#REP_FILTER}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/REP_FILTER}}</select>
    <label for="f-stage">Stage</label>
    <select id="f-stage" name="stage"><option value="">Every stage</option>{{#STAGE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/STAGE_OPTION}}</select>
    <label for="f-cause">Cause</label>
    <select id="f-cause" name="cause"><option value="">Any cause</option>{{#CAUSE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/CAUSE_OPTION}}</select>
    <button type="submit">Filter</button>
  </form>
  {{#NONE_MATCH}}<p class="muted">No items match.</p>{{/NONE_MATCH}}
  <ol class="coach-queue">
    {{#ITEM}}{{>ITEM_TPL}}{{/ITEM}}
  </ol>
  <p class="pager">{{#PREV}}<a href="{{HREF}}">Previous</a>{{/PREV}} Page {{PAGE}} {{#NEXT}}<a href="{{HREF}}">Next</a>{{/NEXT}}</p>
  {{/ALL}}
</section>

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
