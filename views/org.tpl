{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
  <h1>Org</h1>
  <a class="button" href="/org.csv?sort={{SORT}}&amp;dir={{DIR}}&amp;period={{PERIOD}}">Export CSV</a>
</div>
<p class="print-only">Org · teams by {{SORT_LABEL}}, {{DIR_LABEL}} · flow over {{PERIOD_TEXT}} · figures as of {{AS_OF}}</p>
{{>TILES}}
<p class="muted">Is every manager's time shifting to the early stages? One row per team: the early share of coaching minutes over 12 weeks against its target, with the weekly share and its trend; follow-through on the coaching queue over 12 weeks; inflow over {{WEEKS}}. Pick a heading to sort by it. <a href="/org/targets">Targets</a></p>

<section class="card" id="teams">
  <h2>Managers</h2>
  {{#NO_TEAMS}}<p>No teams to show.</p>{{/NO_TEAMS}}
  <form class="period sort" method="get" action="/org#teams">
    <input type="hidden" name="period" value="{{PERIOD}}">
    <label for="f-sort">Sort by</label>
    <select id="f-sort" name="sort">{{#SORT_OPTION}}<option value="{{KEY}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/SORT_OPTION}}</select>
    <label for="f-dir" class="visually-hidden">Order</label>
    <select id="f-dir" name="dir"><option value="asc"{{#ASC}} selected{{/ASC}}>lowest first</option><option value="desc"{{#DESC}} selected{{/DESC}}>highest first</option></select>
    <button type="submit">Sort</button>
  </form>
  <div class="table-stack">
  <table class="data org">
    <caption class="visually-hidden">Each team's coaching and early-stage figures</caption>
    <thead><tr>{{#TEAM_HEAD}}<th scope="col" aria-sort="{{ARIA_SORT}}"><a href="/org?sort={{KEY}}&amp;dir={{DIR}}&amp;period={{PERIOD}}#teams">{{LABEL}}{{#CURRENT}} <span aria-hidden="true">{{ARROW}}</span>{{/CURRENT}}</a></th>{{/TEAM_HEAD}}{{#HEAD}}<th scope="col" class="num" aria-sort="{{ARIA_SORT}}"><a href="/org?sort={{KEY}}&amp;dir={{DIR}}&amp;period={{PERIOD}}#teams">{{LABEL}}{{#CURRENT}} <span aria-hidden="true">{{ARROW}}</span>{{/CURRENT}}</a></th>{{/HEAD}}</tr></thead>
    <tbody>
    {{#ROW}}
      <tr data-team="{{TEAM_ID}}">
        <th scope="row"><a href="/team?team={{TEAM_ID}}">{{TEAM_NAME}}</a><br><span class="muted small">{{REPS}} · <a href="/team/time?team={{TEAM_ID}}">meter</a> · <a href="/team/coaching?team={{TEAM_ID}}">coaching</a></span></th>
        <td class="num" data-label="Early share of coaching" data-col="early">
          <svg class="spark" role="img" aria-label="{{SPARK_LABEL}}" viewBox="0 0 96 28" width="96" height="28">
            <line x1="0" y1="{{TARGET_Y}}" x2="96" y2="{{TARGET_Y}}" class="target"></line>
            <polyline points="{{SPARK_POINTS}}" class="line"></polyline>
          </svg><br>
          <span class="{{#BELOW_TARGET}}warn{{/BELOW_TARGET}}">{{EARLY}} min</span><br><span class="muted small">target {{EARLY_TARGET}}% · <span class="trend">{{TREND}}</span></span>
        </td>
        <td class="num" data-label="Coaching min/week" data-col="minutes">{{MINUTES}}<br><span class="muted small">{{MINUTES_TOTAL}}</span></td>
        <td class="num" data-label="Follow-through" data-col="follow">{{FOLLOW}}</td>
        <td class="num" data-label="Super-rep index" data-col="super">{{SUPER}}</td>
        <td class="num" data-label="Inflow per rep/week" data-col="inflow">{{INFLOW}}<br><span class="muted small">target {{INFLOW_TARGET}} · {{INFLOW_DEALS}}</span></td>
        <td class="num" data-label="Reps below inflow" data-col="below">{{BELOW}} of {{NREPS}}</td>
        <td class="num" data-label="Late-entry rate" data-col="late">{{LATE}}</td>
        <td class="num" data-label="Stalled early deals" data-col="stalled"><a href="/team/deals?team={{TEAM_ID}}&amp;only=stalled-early">{{STALLED_EARLY}}</a></td>
        <td class="num" data-label="Forecast risk" data-col="risk"><a href="/team/deals?team={{TEAM_ID}}&amp;only=risk">{{RISK_AMOUNT}}</a><br><span class="muted small">{{RISK_DEALS}}</span></td>
      </tr>
    {{/ROW}}
    </tbody>
    {{#TOTAL}}<tfoot>
      <tr class="total">
        <th scope="row">All teams<br><span class="muted small">{{NREPS}} reps</span></th>
        <td class="num" data-label="Early share of coaching" data-col="early">{{EARLY}} min</td>
        <td class="num" data-label="Coaching min/week" data-col="minutes">{{MINUTES}}<br><span class="muted small">{{MINUTES_TOTAL}}</span></td>
        <td class="num" data-label="Follow-through" data-col="follow">{{FOLLOW}}</td>
        <td class="num" data-label="Super-rep index" data-col="super">{{SUPER}}</td>
        <td class="num" data-label="Inflow per rep/week" data-col="inflow">{{INFLOW}}<br><span class="muted small">{{INFLOW_DEALS}} · target {{INFLOW_TARGET_DEALS}}</span></td>
        <td class="num" data-label="Reps below inflow" data-col="below">{{BELOW}} of {{NREPS}}</td>
        <td class="num" data-label="Late-entry rate" data-col="late">{{LATE}}</td>
        <td class="num" data-label="Stalled early deals" data-col="stalled">{{STALLED_EARLY}}</td>
        <td class="num" data-label="Forecast risk" data-col="risk">{{RISK_AMOUNT}}<br><span class="muted small">{{RISK_DEALS}}</span></td>
      </tr>
    </tfoot>{{/TOTAL}}
  </table>
  </div>
  <p class="muted small">Follow-through: of the items in each week's "This week" over 12 weeks, those that got a session or were closed as done that week. Super-rep index: entries into stages 4 and on recorded by someone other than the deal's owner. Reps below inflow: reps under the team's inflow target in 2 of the last 3 weeks.</p>
</section>

<section class="card" id="pipeline">
  <div class="page-head">
    <h2>The whole pipeline</h2>
    <form class="period" method="get" action="/org#pipeline">
      <input type="hidden" name="sort" value="{{SORT}}">
      <input type="hidden" name="dir" value="{{DIR}}">
      <label for="f-period">Flow over</label>
      <select id="f-period" name="period">{{#PERIOD_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}} days</option>{{/PERIOD_OPTION}}</select>
      <button type="submit">Show</button>
    </form>
  </div>
  <p class="muted">Open deals: <strong>{{OPEN}}</strong>, worth {{AMOUNT}} ({{WEIGHTED}} weighted). Early share {{OPEN_EARLY}}. Win rate over {{PERIOD_TEXT}}: {{WIN_RATE}}.</p>
  <div class="table-stack">
  <table class="data">
    <caption class="visually-hidden">Open deals and flow per stage, every team shown above</caption>
    <thead><tr><th scope="col">Stage</th><th scope="col" class="num">Open deals</th><th scope="col" class="num">Amount</th><th scope="col" class="num">Entries</th><th scope="col" class="num">To next stage</th><th scope="col" class="num">Median days</th></tr></thead>
    <tbody>
    {{#STAGE_ROW}}
      <tr>
        <th scope="row"><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span></th>
        <td class="num" data-label="Open deals">{{DEALS}}</td>
        <td class="num" data-label="Amount">{{AMOUNT}}</td>
        <td class="num" data-label="Entries">{{ENTRIES}}</td>
        <td class="num" data-label="To next stage">{{#CONVERSION}}{{RATIO}}{{/CONVERSION}}{{#LAST_STAGE}}won {{WON}}, lost {{LOST}}{{/LAST_STAGE}}</td>
        <td class="num" data-label="Median days">{{MEDIAN}} <span class="muted small">· {{VISITS}}</span></td>
      </tr>
    {{/STAGE_ROW}}
    </tbody>
  </table>
  </div>
</section>
