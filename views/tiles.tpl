{{%AUTOESCAPE context="HTML"}}
{{! The ten-second strip of /team and /org: one tile per figure (tiles.c). }}
<ul class="tiles" aria-label="At a glance">
{{#TILE}}<li class="tile{{#ATTENTION}} attention{{/ATTENTION}}" id="tile-{{ID}}">
<h2><a href="{{HREF}}">{{NAME}}</a></h2>
<p class="tile-value">{{VALUE}}</p>
<p class="tile-count">{{COUNT}}</p>
{{#ATTENTION}}<p class="tile-why"><svg class="icon" aria-hidden="true"><use href="/static/icons.svg#warning"></use></svg> {{REASON}}</p>{{/ATTENTION}}
<svg class="spark" aria-hidden="true" viewBox="0 0 100 28" preserveAspectRatio="none"><polyline class="line" vector-effect="non-scaling-stroke" points="{{POINTS}}"></polyline></svg>
<p class="tile-trend">8 weeks: {{DIRECTION}}</p>
<div class="visually-hidden"><table><caption>{{SERIES}}</caption><thead><tr><th scope="col">Week of</th><th scope="col">Value</th></tr></thead><tbody>{{#POINT}}<tr><th scope="row">{{WEEK}}</th><td>{{V}}</td></tr>{{/POINT}}</tbody></table></div>
</li>
{{/TILE}}</ul>
