{{%AUTOESCAPE context="HTML"}}
<p class="crumbs"><a href="/aids">Job-aids</a> ›</p>
<section class="card">
  <h1>Which job-aids work? <span class="muted">· {{SCOPE}}</span></h1>
  <p class="muted">For each job-aid and its stage: deals that used it while in that stage, against deals in that stage that did not. “Advanced” means the deal left the stage forward (or was won there). Figures from fewer than {{MIN_DEALS}} are marked as too few to trust.</p>
  {{#SWITCHER}}
  <form class="filters" method="get" action="/aids/effectiveness">
    <div class="field">
      <label for="f-team">Team</label>
      <select id="f-team" name="team">
        <option value="">All teams</option>
        {{#TEAM_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}{{#RETIRED}} (retired){{/RETIRED}}</option>{{/TEAM_OPTION}}
      </select>
    </div>
    <button type="submit">Show</button>
  </form>
  {{/SWITCHER}}
  {{#EMPTY}}<p>The library is empty.</p>{{/EMPTY}}
  {{#NO_TEAM}}<p>You do not manage a team yet, so there are no figures to show. An admin can give you a team on the Users page.</p>{{/NO_TEAM}}
  {{#FIGURES}}
  <div class="table-stack">
  <table class="data">
    <caption class="visually-hidden">Job-aid effectiveness by stage</caption>
    <thead>
      <tr><th scope="col" rowspan="2">Job-aid</th><th scope="col" rowspan="2">Stage</th><th scope="colgroup" colspan="2" class="num">Used it</th><th scope="colgroup" colspan="2" class="num">Did not use it</th></tr>
      <tr><th scope="col" class="num">Advanced</th><th scope="col" class="num">Median days</th><th scope="col" class="num">Advanced</th><th scope="col" class="num">Median days</th></tr>
    </thead>
    <tbody>
    {{#ROW}}
      <tr>
        <td><a href="/aids/{{ID}}">{{TITLE}}</a>{{#RETIRED}} <span class="muted">(retired)</span>{{/RETIRED}}</td>
        <td data-label="Stage">{{STAGE_NAME}}</td>
        <td class="num" data-label="Used it: advanced">{{USED_SHARE}} <span class="muted">· {{USED_ADVANCED}} of {{USED_DEALS}}</span>{{#USED_TOO_FEW}} <span class="badge off">too few</span>{{/USED_TOO_FEW}}</td>
        <td class="num" data-label="Used it: median days">{{USED_MEDIAN}}</td>
        <td class="num" data-label="Did not use it: advanced">{{NOT_SHARE}} <span class="muted">· {{NOT_ADVANCED}} of {{NOT_DEALS}}</span>{{#NOT_TOO_FEW}} <span class="badge off">too few</span>{{/NOT_TOO_FEW}}</td>
        <td class="num" data-label="Did not use it: median days">{{NOT_MEDIAN}}</td>
      </tr>
    {{/ROW}}
    </tbody>
  </table>
  </div>
  {{/FIGURES}}
</section>
