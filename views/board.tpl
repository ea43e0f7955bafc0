{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
  <h1>{{HEADING}}</h1>
  <a class="button" href="{{LIST_HREF}}">{{LIST_LABEL}}</a>
</div>
{{#REP_FILTER}}
<form class="filters card" method="get" action="/deals/board">
  <div class="field">
    <label for="f-rep">Rep</label>
    <select id="f-rep" name="rep">
      <option value="">Everyone in the team</option>
      {{#REP}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/REP}}
    </select>
  </div>
  <button type="submit">Show</button>
</form>
<p class="muted">Read-only: each rep moves their own deals.</p>
{{/REP_FILTER}}
{{#EDITABLE}}<script src="/static/board.js" defer></script>{{/EDITABLE}}
{{#HELP}}<p id="board-help" class="muted board-help">Drag a card to another stage, or focus it and press the left or right arrow key. Each card's Move button does the same.</p>{{/HELP}}
<nav class="board-tabs" aria-label="Stages">
  <ul>{{#TAB}}<li><a href="/deals/board?stage={{ID}}{{#FOR_REP}}&amp;rep={{REP_ID}}{{/FOR_REP}}"{{#CURRENT}} aria-current="true"{{/CURRENT}}>{{NAME}} <span class="tab-count">{{COUNT}}</span></a></li>{{/TAB}}</ul>
</nav>
<div class="board"{{#EDITABLE}} data-editable="1"{{/EDITABLE}}>
  {{#COLUMN}}
  <section class="board-col{{#CURRENT}} current{{/CURRENT}}" data-stage="{{ID}}" aria-labelledby="col-{{ID}}">
    <h2 id="col-{{ID}}"><span class="chip stage-{{STAGE_RANK}} {{STAGE_FAMILY}}">{{STAGE_NAME}}</span> <span class="muted">{{COUNT}}</span></h2>
    <ul class="board-cards">
      {{! a card on one line: a column of 15 is repeated markup }}
      {{#CARD}}<li class="board-card" data-deal="{{ID}}"{{#DRAG}} draggable="true" tabindex="0" aria-describedby="board-help"{{/DRAG}}><a class="deal-company" href="/deals/{{ID}}">{{COMPANY}}</a><span class="num">{{AMOUNT}}</span>{{#OWNER}}<span class="muted">{{NAME}}</span>{{/OWNER}}<span class="deal-next">{{>NEXT_STEP}}</span><span class="muted">{{#DAYS}}{{TEXT}} in stage{{/DAYS}}</span>{{#MOVE}}<form method="post" action="/deals/{{ID}}/move" class="board-move"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="from" value="board"><label for="f-move-{{ID}}" class="visually-hidden">Move {{COMPANY}} to</label><select id="f-move-{{ID}}" name="to_stage_id">{{#STAGE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/STAGE_OPTION}}</select><button type="submit" class="small">Move</button></form>{{/MOVE}}</li>{{/CARD}}
    </ul>
    {{#EMPTY}}<p class="muted">No open deals here.</p>{{/EMPTY}}
    {{#MORE}}<p class="more-link">{{SHOWN}} of {{COUNT}} shown{{#LINK}} · <a href="/deals?stage={{ID}}">all of them</a>{{/LINK}}</p>{{/MORE}}
  </section>
  {{/COLUMN}}
</div>
