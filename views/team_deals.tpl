{{%AUTOESCAPE context="HTML"}}
<p class="crumbs"><a href="/team?{{Q}}">Team {{TEAM_NAME}}</a> ›</p>
<div class="page-head">
  <h1>{{WHAT}}</h1>
  <a class="button" href="/team/deals.csv?{{FILTERS}}">Download CSV</a>
</div>
{{#EMPTY}}<p class="card">No deals match.</p>{{/EMPTY}}
{{#MORE}}<p class="muted">Showing {{SHOWN}} of {{TOTAL}}; the CSV has them all.</p>{{/MORE}}
{{#CAPPED}}<p class="muted">Showing the first {{SHOWN}}; the CSV has them all.</p>{{/CAPPED}}
<div class="table-stack">
<table class="data">
  <caption class="visually-hidden">{{WHAT}}</caption>
  <thead><tr><th scope="col">Deal</th><th scope="col">Rep</th><th scope="col">Stage</th><th scope="col" class="num">Amount</th><th scope="col">Status</th><th scope="col">Next step</th><th scope="col" class="num">Days in stage</th></tr></thead>
  <tbody>
  {{#DEAL}}
    <tr>
      <td><a href="/deals/{{ID}}">{{COMPANY}}</a></td>
      <td data-label="Rep">{{OWNER}}</td>
      <td data-label="Stage"><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span></td>
      <td class="num" data-label="Amount">{{AMOUNT}}</td>
      <td data-label="Status">{{STATUS}}</td>
      <td data-label="Next step">{{>NEXT_STEP}}</td>
      <td class="num" data-label="Days in stage">{{#DAYS}}{{N}}{{/DAYS}}</td>
    </tr>
  {{/DEAL}}
  </tbody>
</table>
</div>
