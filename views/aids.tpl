{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
  <h1>Job-aids</h1>
  {{#EFFECT_LINK}}<a class="button" href="/aids/effectiveness">Which ones work?</a>{{/EFFECT_LINK}}
</div>
<p class="muted">Question guides, checklists and worksheets that help the buyer through each stage. Log each use on the deal, and say whether it helped.</p>
<form class="filters card" method="get" action="/aids">
  <div class="field">
    <label for="f-stage">Stage</label>
    <select id="f-stage" name="stage">
      <option value="">All stages</option>
      {{#STAGE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/STAGE_OPTION}}
    </select>
  </div>
  <button type="submit">Show</button>
</form>
{{#EMPTY}}<p class="card">The library has no job-aids for this stage yet.</p>{{/EMPTY}}
{{#STAGE}}
<section class="stage-group">
  <h2><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span></h2>
  <ul class="deal-list">
    {{#AID}}<li class="aid-row"><a href="/aids/{{ID}}">{{TITLE}}</a> <span class="muted">· {{KIND}}</span></li>{{/AID}}
  </ul>
</section>
{{/STAGE}}
