{{%AUTOESCAPE context="HTML"}}
<h1>My coaching</h1>
<section class="card">
  <h2>What your manager is working on with you</h2>
  {{#NO_ITEMS}}<p class="muted">Nothing on your manager's list about you.</p>{{/NO_ITEMS}}
  <ul class="plain">{{#ITEM}}<li><span class="badge">{{STATUS}}</span> {{REASON}}{{#DEAL}} <a href="/deals/{{ID}}">Open the deal</a>{{/DEAL}}{{#NOTE}}<br><span class="muted">{{TEXT}}</span>{{/NOTE}}</li>{{/ITEM}}</ul>
</section>
<section class="card">
  <h2>Sessions with you</h2>
  {{#NO_SESSIONS}}<p class="muted">No sessions in the last 12 weeks.</p>{{/NO_SESSIONS}}
  <ul class="plain">{{#SESSION}}<li><strong>{{MINUTES}} min</strong> {{KIND}} with {{MANAGER}}{{#DEAL}} on <a href="/deals/{{ID}}">{{COMPANY}}</a> <span class="muted">({{STAGE}})</span>{{/DEAL}} <span class="muted">· {{WHEN}}</span>{{#NOTES}}<br><span class="muted">{{TEXT}}</span>{{/NOTES}}</li>{{/SESSION}}</ul>
</section>
