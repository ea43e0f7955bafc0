{{%AUTOESCAPE context="HTML"}}
<p class="crumbs"><a href="/aids">Job-aids</a> ›</p>
<article class="card aid">
  <h1>{{TITLE}}</h1>
  <p class="deal-meta"><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span> <span class="badge">{{KIND}}</span>{{#RETIRED}} <span class="badge off">Retired</span>{{/RETIRED}}</p>
  {{#RETIRED}}<p class="notice-warn">This job-aid has been retired from the library. It is shown here because deals used it.</p>{{/RETIRED}}
  <p class="muted">Used {{USES}} {{TIMES_WORD}} on {{USE_DEALS}} {{DEALS_WORD}} by {{USES_WHO}}.</p>
  <div class="aid-body">
    {{#BLOCK}}
    {{#PARA}}<p>{{#LINE}}{{TEXT}}<br>{{/LINE}}</p>{{/PARA}}
    {{#BULLETS}}<ul>{{#ITEM}}<li>{{TEXT}}</li>{{/ITEM}}</ul>{{/BULLETS}}
    {{#NUMBERED}}<ol>{{#ITEM}}<li>{{TEXT}}</li>{{/ITEM}}</ol>{{/NUMBERED}}
    {{/BLOCK}}
  </div>
  {{#LINK}}<p><a href="{{URL}}" rel="noopener noreferrer">Open the job-aid</a></p>{{/LINK}}
</article>
