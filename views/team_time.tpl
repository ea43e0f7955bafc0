{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
  <h1>{{HEADING}} · {{TEAM_NAME}}</h1>
  {{#CAN_WRITE}}<a class="button primary" href="/team/sessions/new">Log a session</a>{{/CAN_WRITE}}
</div>
<section class="card" id="meter">
  <h2>Shift and lift</h2>
  <p>Over 12 weeks, <strong>{{EARLY_SHARE}}</strong> of your deal-coaching minutes went to early-stage deals; the target is at least {{TARGET}}%.
  {{#ON_TARGET}}<span class="badge ok">On target</span>{{/ON_TARGET}}{{#BELOW_TARGET}}<span class="badge off">Below target</span>{{/BELOW_TARGET}}</p>
  <p>The early share is <strong>{{TREND}}</strong>: {{FIRST_HALF}} in the first six weeks, {{SECOND_HALF}} in the last six.</p>
  <svg class="chart meter" role="img" aria-label="{{METER_LABEL}}" viewBox="0 0 {{CHART_W}} {{CHART_H}}" width="{{CHART_W}}" height="{{CHART_H}}">
    <title>Early share of deal-coaching minutes per week, against the target of {{TARGET}}%</title>
    <text x="0" y="14" class="axis-name">Share of deal-coaching minutes</text>
    {{#TICK}}<g class="tick"><line x1="{{PLOT_LEFT}}" y1="{{Y}}" x2="{{PLOT_RIGHT}}" y2="{{Y}}" class="grid"></line><text x="{{TICK_X}}" y="{{TEXT_Y}}" text-anchor="end">{{VALUE}}%</text></g>{{/TICK}}
    {{#WEEK}}
    <g class="week">
      {{#BARS}}<rect class="m-early" x="{{X}}" y="{{EARLY_Y}}" width="{{W}}" height="{{EARLY_H}}"></rect><rect class="m-late" x="{{X}}" y="{{LATE_Y}}" width="{{W}}" height="{{LATE_H}}"></rect>{{/BARS}}
      <text x="{{MID_X}}" y="{{VALUE_Y}}" text-anchor="middle" class="value">{{PERCENT}}</text>
      <text x="{{MID_X}}" y="{{DAY_Y}}" text-anchor="middle" class="day">{{DAY}}</text>
      <text x="{{MID_X}}" y="{{MINUTES_Y}}" text-anchor="middle" class="minor">{{MINUTES}}</text>
    </g>
    {{/WEEK}}
    <line x1="{{PLOT_LEFT}}" y1="{{PLOT_TOP}}" x2="{{PLOT_LEFT}}" y2="{{AXIS_Y}}" class="axis"></line>
    <line x1="{{PLOT_LEFT}}" y1="{{AXIS_Y}}" x2="{{PLOT_RIGHT}}" y2="{{AXIS_Y}}" class="axis"></line>
    <line x1="{{PLOT_LEFT}}" y1="{{TARGET_Y}}" x2="{{PLOT_RIGHT}}" y2="{{TARGET_Y}}" class="target"></line>
    <text x="{{TARGET_TEXT_X}}" y="{{TARGET_TEXT_Y}}" class="target-name">target {{TARGET}}%</text>
  </svg>
  <p class="muted small"><span class="key m-early"></span> early-stage deals · <span class="key m-late"></span> later stages · <span class="key target"></span> target share for early stages. Above each week its early share, below it the week's start and its minutes on deals. Time on no particular deal ({{UNTIED_TOTAL}}) is not part of the share.</p>
  <details>
    <summary>The chart as a table</summary>
    <div class="table-stack">
    <table class="data">
      <caption class="visually-hidden">Coaching minutes per week</caption>
      <thead><tr><th scope="col">Week of</th><th scope="col" class="num">Early</th><th scope="col" class="num">Later</th><th scope="col" class="num">No deal</th><th scope="col" class="num">Early share</th></tr></thead>
      <tbody>{{#WEEK}}<tr><th scope="row">{{LABEL}}</th><td class="num" data-label="Early">{{EARLY}}</td><td class="num" data-label="Later">{{LATE}}</td><td class="num" data-label="No deal">{{UNTIED}}</td><td class="num" data-label="Early share">{{SHARE}}</td></tr>{{/WEEK}}</tbody>
    </table>
    </div>
  </details>
  {{#TARGET_FORM}}
  <form method="post" action="/team/time#meter" class="inline-form" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    {{#HAS_ERRORS}}<div class="error-summary" role="alert"><ul>{{#ERRORS}}<li><a href="#f-early_target">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul></div>{{/HAS_ERRORS}}
    <div class="field">
      <label for="f-early_target">Target: at least this % of deal-coaching minutes on early stages</label>
      <input id="f-early_target" name="early_target" type="text" inputmode="numeric" autocomplete="off" value="{{EARLY_TARGET_VALUE}}"{{#EARLY_TARGET_INVALID}} aria-invalid="true" aria-describedby="e-early_target"{{/EARLY_TARGET_INVALID}}>
      {{#EARLY_TARGET_INVALID}}<p class="field-error" id="e-early_target">{{EARLY_TARGET_ERROR}}</p>{{/EARLY_TARGET_INVALID}}
    </div>
    <button type="submit">Set target</button>
  </form>
  {{/TARGET_FORM}}
  <h3>Super-rep index</h3>
  <p>Entries into stages 4 and on that someone other than the rep recorded: <strong>{{SUPER_MOVES}}</strong>. Wins recorded by someone other than the rep: <strong>{{SUPER_WINS}}</strong>. Lower is better: reps who win on their own.</p>
</section>
<section class="card" id="follow-through">
  <h2>Follow-through</h2>
  <p>Over 12 weeks: <strong>{{FOLLOW_TOTAL}}</strong> of the items in "This week" got a session or were closed as done that week.</p>
  <p class="muted">Of the items in each week's "This week", the share that got a session or were closed as done that week.</p>
  <div class="table-stack">
  <table class="data">
    <caption class="visually-hidden">Follow-through per week</caption>
    <thead><tr><th scope="col">Week of</th><th scope="col" class="num">Followed through</th><th scope="col">Share</th></tr></thead>
    <tbody>{{#FOLLOW_WEEK}}<tr{{#CURRENT}} class="current"{{/CURRENT}}><th scope="row">{{WEEK}}{{#CURRENT}} (this week){{/CURRENT}}</th><td class="num" data-label="Followed through">{{FOLLOWED}} of {{ITEMS}}</td><td data-label="Share"><meter min="0" max="100" value="{{BAR}}" aria-hidden="true"></meter> {{SHARE}}</td></tr>{{/FOLLOW_WEEK}}</tbody>
  </table>
  </div>
</section>
<section class="card">
  <h2>Sessions</h2>
  {{#NO_SESSIONS}}<p class="muted">No sessions logged in 12 weeks.</p>{{/NO_SESSIONS}}
  <ul class="plain">{{#SESSION}}<li><strong>{{MINUTES}} min</strong> {{KIND}} with {{REP}}{{#DEAL}} on <a href="/deals/{{ID}}">{{COMPANY}}</a> <span class="muted">({{STAGE}})</span>{{/DEAL}} <span class="muted">· {{WHEN}}</span>{{#NOTES}}<br><span class="muted">{{TEXT}}{{#PRIVATE}} (private){{/PRIVATE}}</span>{{/NOTES}}</li>{{/SESSION}}</ul>
</section>
