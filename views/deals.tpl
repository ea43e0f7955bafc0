{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
  <h1>My deals</h1>
  <a class="button" href="/deals/board">Board</a>
  <a class="button" href="/calendar">Calendar</a>
  <a class="button primary" href="/deals/new">Log a deal</a>
</div>

{{#FIRST_DEAL}}
<section class="card empty-state">
  <p>You have no deals yet. Log each one at the first conversation with the buyer: it takes half a minute, and early deals are where your manager can help most.</p>
  <p><a class="button primary big" href="/deals/new">Log your first deal</a></p>
</section>
{{/FIRST_DEAL}}

{{#FILTERS}}
<form class="filters card" method="get" action="/deals" role="search">
  <div class="field">
    <label for="f-q">Company or contact</label>
    <input id="f-q" name="q" type="search" autocomplete="off" value="{{Q_VALUE}}">
  </div>
  <div class="field">
    <label for="f-stage">Stage</label>
    <select id="f-stage" name="stage">
      <option value="">All stages</option>
      {{#STAGE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/STAGE_OPTION}}
    </select>
  </div>
  <div class="field">
    <label for="f-status">Status</label>
    <select id="f-status" name="status">
      {{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/STATUS_OPTION}}
    </select>
  </div>
  <button type="submit">Show</button>
</form>
<p class="muted count">{{TOTAL}} {{STATUS_LABEL}} {{TOTAL_WORD}}</p>
{{/FILTERS}}

{{#NO_MATCH}}<p class="card">No deals match these filters. <a href="/deals">Show all open deals</a></p>{{/NO_MATCH}}

{{#TODAY_LIST}}
<section class="stage-group today-first" aria-labelledby="h-today">
  <h2 id="h-today">Today <span class="muted group-count">{{COUNT}}</span></h2>
  <p class="muted">Steps overdue or due today, oldest first.</p>
  <ul class="deal-list">
    {{#DEAL}}
    <li class="deal-row">
      <a class="deal-company" href="/deals/{{ID}}">{{COMPANY}}</a>
      <span class="deal-amount num">{{AMOUNT}}</span>
      <span class="deal-next"><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span> {{>NEXT_STEP}}</span>
      <span class="deal-days">{{#DAYS}}{{TEXT}} in stage{{/DAYS}}</span>
    </li>
    {{/DEAL}}
  </ul>
</section>
{{/TODAY_LIST}}

{{#NO_STEP_LIST}}
<section class="stage-group no-step" aria-labelledby="h-no-step">
  <h2 id="h-no-step">No next step <span class="muted group-count">{{COUNT}}</span></h2>
  <p class="muted">What will move each of these forward?</p>
  <ul class="deal-list">
    {{#DEAL}}
    <li class="deal-row">
      <a class="deal-company" href="/deals/{{ID}}">{{COMPANY}}</a>
      <span class="deal-amount num">{{AMOUNT}}</span>
      <span class="deal-next"><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span> {{>NEXT_STEP}}</span>
      <span class="deal-days">{{#DAYS}}{{TEXT}} in stage{{/DAYS}}</span>
    </li>
    {{/DEAL}}
  </ul>
</section>
{{/NO_STEP_LIST}}

{{#GROUP}}
<section class="stage-group">
  <h2><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span> <span class="muted group-count">{{COUNT}}</span></h2>
  <ul class="deal-list">
    {{#DEAL}}
    <li class="deal-row">
      <a class="deal-company" href="/deals/{{ID}}">{{COMPANY}}</a>
      <span class="deal-amount num">{{AMOUNT}}</span>
      <span class="deal-next">{{>NEXT_STEP}}</span>
      <span class="deal-days">{{#DAYS}}{{TEXT}} in stage{{/DAYS}}{{#CLOSED}}{{STATUS}}{{/CLOSED}}</span>
    </li>
    {{/DEAL}}
  </ul>
  {{#MORE}}<p class="more-link"><a href="/deals?stage={{STAGE_ID}}">Show all {{COUNT}} in {{NAME}}</a></p>{{/MORE}}
</section>
{{/GROUP}}

{{#PAGING}}
<nav class="paging" aria-label="Pages">
  {{#PREV}}<a href="/deals?status={{STATUS}}&amp;stage={{STAGE}}&amp;q={{Q}}&amp;page={{PAGE}}">‹ Previous</a>{{/PREV}}
  <span>Page {{PAGE}} of {{PAGES}}</span>
  {{#NEXT}}<a href="/deals?status={{STATUS}}&amp;stage={{STAGE}}&amp;q={{Q}}&amp;page={{PAGE}}">Next ›</a>{{/NEXT}}
</nav>
{{/PAGING}}
