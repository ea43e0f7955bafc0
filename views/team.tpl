{{%AUTOESCAPE context="HTML"}}
{{#REP_VIEW}}<p class="crumbs"><a href="/team?{{Q}}">Team {{TEAM_NAME}}</a> ›</p>{{/REP_VIEW}}
<div class="page-head">
  <h1>{{HEADING}}</h1>
  <form class="period" method="get" action="{{SELF}}">
    {{#SWITCHER}}
    <label for="f-team" class="visually-hidden">Team</label>
    <select id="f-team" name="team">{{#TEAM_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}{{#RETIRED}} (retired){{/RETIRED}}</option>{{/TEAM_OPTION}}</select>
    {{/SWITCHER}}
    {{#KEEP_TEAM}}<input type="hidden" name="team" value="{{TEAM_ID}}">{{/KEEP_TEAM}}
    <label for="f-period">Flow over</label>
    <select id="f-period" name="period">{{#PERIOD_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{DAYS}}</option>{{/PERIOD_OPTION}}</select>
    <button type="submit">Show</button>
  </form>
  {{#CAN_COACH_TEAM}}<a class="button primary" href="/team/coaching"><svg class="icon" aria-hidden="true"><use href="/static/icons.svg#coaching"></use></svg>Open the coaching list</a>{{/CAN_COACH_TEAM}}
</div>
<p class="print-only">{{HEADING}} · flow over {{PERIOD}} · figures as of {{AS_OF}}</p>
{{#TEAM_VIEW}}{{>TILES}}{{/TEAM_VIEW}}
<p class="muted">Open deals: <strong>{{OPEN}}</strong>, worth {{AMOUNT}} ({{WEIGHTED}} weighted). Early share {{EARLY_SHARE}}. Win rate over {{PERIOD}}: {{WIN_RATE}}. <span class="as-of">Figures as of {{AS_OF}}.</span></p>

<section class="card" id="stalled">
<h2><svg class="icon" aria-hidden="true"><use href="/static/icons.svg#warning"></use></svg> Stalled deals <span class="muted">· {{STALLED}} ({{STALLED_EARLY}} early)</span></h2>
<p class="muted">Open deals longer in their stage than its target, or with nothing logged for {{STALE_DAYS}}. Early stages first.</p>
{{#NO_STALLED}}<p>Nothing is stalled. Good.</p>{{/NO_STALLED}}
<div class="table-stack">
<table class="data">
<caption class="visually-hidden">Stalled deals, early stages first</caption>
<thead><tr><th scope="col">Deal</th><th scope="col">Rep</th><th scope="col">Stage</th><th scope="col" class="num">Days in stage</th><th scope="col" class="num">Last activity</th><th scope="col">Next step</th></tr></thead>
<tbody>
{{#STALLED_DEAL}}<tr><td><a href="/deals/{{ID}}">{{COMPANY}}</a></td><td data-label="Rep">{{OWNER}}</td><td data-label="Stage"><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span></td><td class="num" data-label="Days in stage">{{DAYS}} <span class="muted">/ {{TARGET_DAYS}}</span></td><td class="num" data-label="Last activity">{{QUIET}} ago</td><td data-label="Next step">{{>NEXT_STEP}}</td></tr>
{{/STALLED_DEAL}}
</tbody>
</table>
</div>
{{#STALLED_MORE}}<p><a href="/team/deals?{{Q}}&amp;{{REP_FILTER}}only=stalled">All {{N}} stalled deals</a></p>{{/STALLED_MORE}}
</section>

<section class="card" id="distribution">
<h2><svg class="icon" aria-hidden="true"><use href="/static/icons.svg#stage"></use></svg> Where the pipeline stands</h2>
<p class="conclusion">{{EARLY_SHARE}} of the open deals are in early stages.</p>
<svg class="chart" role="img" aria-label="Open deals per stage: {{CHART_LABEL}}" viewBox="0 0 {{CHART_W}} {{CHART_H}}" width="{{CHART_W}}" height="{{CHART_H}}">
<title id="chart-title">Open deals per stage: {{CHART_LABEL}}</title>
<text x="0" y="14" class="axis-name">Open deals</text>
{{#TICK}}<g class="tick"><line x1="{{PLOT_LEFT}}" y1="{{Y}}" x2="{{CHART_W}}" y2="{{Y}}" class="grid"></line><text x="{{TICK_X}}" y="{{TEXT_Y}}" text-anchor="end">{{VALUE}}</text></g>{{/TICK}}
<line x1="{{PLOT_LEFT}}" y1="{{PLOT_TOP}}" x2="{{PLOT_LEFT}}" y2="{{AXIS_Y}}" class="axis"></line>
<line x1="{{PLOT_LEFT}}" y1="{{AXIS_Y}}" x2="{{CHART_W}}" y2="{{AXIS_Y}}" class="axis"></line>
{{#BAR}}<g class="bar stage-{{STAGE_RANK}} {{STAGE_FAMILY}}"><rect x="{{X}}" y="{{Y}}" width="{{W}}" height="{{H}}"></rect><text x="{{LABEL_X}}" y="{{VALUE_Y}}" text-anchor="middle" class="value">{{DEALS}}</text><text x="{{LABEL_X}}" y="{{NAME_Y}}" text-anchor="middle" class="name">{{STAGE_NAME}}{{#EARLY}} ★{{/EARLY}}</text></g>
{{/BAR}}
</svg>
<p class="muted small">★ early stage</p>
<details>
<summary>The chart as a table</summary>
<div class="table-stack">
<table class="data">
<caption class="visually-hidden">Open deals per stage</caption>
<thead><tr><th scope="col">Stage</th><th scope="col" class="num">Deals</th><th scope="col" class="num">Amount</th><th scope="col" class="num">Probability</th><th scope="col" class="num">Weighted</th><th scope="col" class="num">Stalled</th></tr></thead>
<tbody>
{{#STAGE_ROW}}<tr><th scope="row"><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span>{{#EARLY}} <span class="muted">early</span>{{/EARLY}}</th><td class="num" data-label="Deals"><a href="/team/deals?{{Q}}&amp;{{REP_FILTER}}stage={{STAGE_ID}}">{{DEALS}}</a></td><td class="num" data-label="Amount">{{AMOUNT}}</td><td class="num" data-label="Probability">{{PROBABILITY}}%</td><td class="num" data-label="Weighted">{{WEIGHTED}}</td><td class="num" data-label="Stalled"><a href="/team/deals?{{Q}}&amp;{{REP_FILTER}}stage={{STAGE_ID}}&amp;only=stalled">{{STALLED}}</a></td></tr>
{{/STAGE_ROW}}
</tbody>
</table>
</div>
</details>
{{#TEAM_VIEW}}
<h3>Reps by stage</h3>
<div class="table-stack">
<table class="data matrix">
<caption class="visually-hidden">Open deals and amounts by rep and stage</caption>
<thead><tr><th scope="col">Rep</th>{{#MATRIX_HEAD}}<th scope="col" class="num"><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span></th>{{/MATRIX_HEAD}}</tr></thead>
<tbody>
{{#REP}}<tr><th scope="row"><a href="/team/reps/{{ID}}?{{Q}}">{{NAME}}</a></th>{{#CELL}}<td class="num" data-label="{{STAGE_NAME}}"><a href="/team/deals?{{Q}}&amp;rep={{REP_ID}}&amp;stage={{STAGE_ID}}">{{DEALS}}</a><br><span class="muted small">{{AMOUNT}}</span></td>{{/CELL}}</tr>
{{/REP}}
</tbody>
</table>
</div>
{{/TEAM_VIEW}}
</section>

<section class="card" id="health">
<h2>Early-stage health</h2>
<p class="conclusion">Over the last {{WEEKS}}, {{#TEAM_VIEW}}the team{{/TEAM_VIEW}}{{#REP_VIEW}}{{HEADING}}{{/REP_VIEW}} logged <strong id="inflow-total">{{INFLOW_TOTAL}}</strong> new deals against a target of {{INFLOW_TARGET_ALL}}.</p>
<p class="muted">Inflow is new deals per week, against a target of {{INFLOW_TARGET}} a week per rep (the dashed line). A late entry is a deal first logged at stage 3 or later.</p>
{{#NO_REPS}}<p>This team has no reps yet.</p>{{/NO_REPS}}
<div class="table-stack">
<table class="data">
<caption class="visually-hidden">Early-stage health per rep</caption>
<thead><tr><th scope="col">Rep</th><th scope="col" class="num">Early share</th><th scope="col">Inflow, {{WEEKS}}</th><th scope="col" class="num">Late-entry rate</th><th scope="col" class="num">Stalled early</th></tr></thead>
<tbody>
{{#REP}}<tr><th scope="row"><a href="/team/reps/{{ID}}?{{Q}}">{{NAME}}</a></th><td class="num" data-label="Early share"><a href="/team/deals?{{Q}}&amp;rep={{ID}}">{{EARLY_SHARE}}</a></td><td data-label="Inflow, {{WEEKS}}"><svg class="spark" role="img" aria-label="New deals per week: {{SPARK_LABEL}}" viewBox="0 0 90 28" width="90" height="28"><line x1="0" y1="{{TARGET_Y}}" x2="90" y2="{{TARGET_Y}}" class="target"></line><polyline points="{{SPARK_POINTS}}" class="line"></polyline></svg> <span class="{{#INFLOW_LOW}}warn{{/INFLOW_LOW}}">{{INFLOW}} of {{INFLOW_TARGET_TOTAL}}</span></td><td class="num" data-label="Late-entry rate">{{LATE_RATE}}</td><td class="num" data-label="Stalled early"><a href="/team/deals?{{Q}}&amp;rep={{ID}}&amp;only=stalled-early">{{STALLED_EARLY}}</a></td></tr>
{{/REP}}
</tbody>
</table>
</div>
</section>

<section class="card" id="flow">
<h2>Flow over {{PERIOD}}</h2>
<p class="conclusion">Win rate {{WIN_RATE}}; {{REGRESSIONS}} back; {{SKIPS}} that skipped a stage or criteria.</p>
<p class="muted">Conversion is entries into the next stage against entries into this one. Time in stage counts every visit, including ones still going.</p>
<div class="table-stack">
<table class="data">
<caption class="visually-hidden">Conversion and time in stage</caption>
<thead><tr><th scope="col">Stage</th><th scope="col" class="num">Entries</th><th scope="col" class="num">To next stage</th><th scope="col" class="num">Median days</th><th scope="col" class="num">75th pct.</th><th scope="col" class="num">Back</th><th scope="col" class="num">Skipped</th></tr></thead>
<tbody>
{{#STAGE_ROW}}<tr><th scope="row"><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span></th><td class="num" data-label="Entries">{{ENTRIES}}</td><td class="num" data-label="To next stage">{{#CONVERSION}}{{RATIO}} <span class="muted small">to {{NEXT}}</span>{{/CONVERSION}}{{#LAST_STAGE}}won {{WON}}, lost {{LOST}}{{/LAST_STAGE}}</td><td class="num" data-label="Median days">{{MEDIAN}} <span class="muted small">/ {{TARGET_DAYS}}</span></td><td class="num" data-label="75th pct.">{{P75}} <span class="muted small">· {{VISITS}}</span></td><td class="num" data-label="Back">{{REGRESSIONS}}</td><td class="num" data-label="Skipped">{{SKIPS}}</td></tr>
{{/STAGE_ROW}}
</tbody>
</table>
</div>
</section>

<section class="card" id="risk">
<h2>Forecast risk</h2>
<p>Late-stage deals (stage 4 and on) that skipped a stage or left one with exit criteria unticked:
<a href="/team/deals?{{Q}}&amp;{{REP_FILTER}}only=risk"><strong>{{RISK_AMOUNT}}</strong> in {{RISK_DEALS}}</a>
({{RISK_SHARE}} of late-stage deals), beside {{SAFE_AMOUNT}} in {{SAFE_DEALS}} that followed every step.</p>
</section>

{{#DEAL_LIST}}
<section class="card" id="deals">
<h2>Open deals</h2>
{{#CAN_COACH}}<p><a class="button primary" href="/team/sessions/new?rep={{REP_ID}}"><svg class="icon" aria-hidden="true"><use href="/static/icons.svg#coaching"></use></svg>Log a coaching session with them</a></p>{{/CAN_COACH}}
{{#NO_DEALS}}<p>No open deals.</p>{{/NO_DEALS}}
<ul class="plain">{{#DEAL}}<li><a href="/deals/{{ID}}">{{COMPANY}}</a> <span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span> <span class="muted">{{AMOUNT}}{{#DAYS}} · {{TEXT}} in stage{{/DAYS}}</span></li>{{/DEAL}}</ul>
</section>
{{/DEAL_LIST}}

<p class="exports">Export: <a href="/team/deals.csv?{{Q}}&amp;{{REP_FILTER}}status=all">deals (CSV)</a> · <a href="/team/history.csv?{{Q}}&amp;{{REP_FILTER}}">stage history (CSV)</a> · <a href="/aids/effectiveness{{EFFECT_Q}}">which job-aids work</a></p>
