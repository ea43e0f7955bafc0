{{%AUTOESCAPE context="HTML"}}
<p class="crumbs"><a href="/admin/aids">Job-aid library</a> ›</p>
<section class="card form-card">
  <h1>{{HEADING}}</h1>
  {{#EXISTING}}<p><a href="/aids/{{ID}}">See it as a rep does</a></p>{{/EXISTING}}
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>Nothing was saved. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="{{ACTION}}" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-title">Title <span class="req">(required)</span></label>
      <input id="f-title" name="title" type="text" autocomplete="off" maxlength="120" value="{{TITLE_VALUE}}"{{#TITLE_INVALID}} aria-invalid="true" aria-describedby="e-title"{{/TITLE_INVALID}}>
      {{#TITLE_INVALID}}<p class="field-error" id="e-title">{{TITLE_ERROR}}</p>{{/TITLE_INVALID}}
    </div>
    <div class="field">
      <label for="f-stage_id">Stage <span class="req">(required)</span></label>
      <select id="f-stage_id" name="stage_id"{{#STAGE_ID_INVALID}} aria-invalid="true" aria-describedby="e-stage_id"{{/STAGE_ID_INVALID}}>
        <option value="">Choose a stage</option>
        {{#STAGE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/STAGE_OPTION}}
      </select>
      {{#STAGE_ID_INVALID}}<p class="field-error" id="e-stage_id">{{STAGE_ID_ERROR}}</p>{{/STAGE_ID_INVALID}}
    </div>
    <div class="field">
      <label for="f-kind">Kind <span class="req">(required)</span></label>
      <select id="f-kind" name="kind"{{#KIND_INVALID}} aria-invalid="true" aria-describedby="e-kind"{{/KIND_INVALID}}>
        {{#KIND_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/KIND_OPTION}}
      </select>
      {{#KIND_INVALID}}<p class="field-error" id="e-kind">{{KIND_ERROR}}</p>{{/KIND_INVALID}}
    </div>
    <div class="field">
      <label for="f-body">Text</label>
      <textarea id="f-body" name="body" rows="12" aria-describedby="h-body{{#BODY_INVALID}} e-body{{/BODY_INVALID}}"{{#BODY_INVALID}} aria-invalid="true"{{/BODY_INVALID}}>{{BODY_VALUE:pre_escape}}</textarea>
      <p class="hint" id="h-body">Plain text. Leave a blank line between paragraphs; start lines with "- " for a list or "1. " for numbered steps.</p>
      {{#BODY_INVALID}}<p class="field-error" id="e-body">{{BODY_ERROR}}</p>{{/BODY_INVALID}}
    </div>
    <div class="field">
      <label for="f-link">Link</label>
      <input id="f-link" name="link" type="url" inputmode="url" autocomplete="off" placeholder="https://" value="{{LINK_VALUE}}"{{#LINK_INVALID}} aria-invalid="true" aria-describedby="e-link"{{/LINK_INVALID}}>
      {{#LINK_INVALID}}<p class="field-error" id="e-link">{{LINK_ERROR}}</p>{{/LINK_INVALID}}
    </div>
    <fieldset class="field" id="f-active">
      <legend>In use?</legend>
      <label class="inline"><input type="radio" name="active" value="1"{{#ACTIVE_YES}} checked{{/ACTIVE_YES}}> In use</label>
      <label class="inline"><input type="radio" name="active" value="0"{{#ACTIVE_NO}} checked{{/ACTIVE_NO}}> Retired (hidden from new use; history kept)</label>
    </fieldset>
    <button type="submit" class="primary">Save job-aid</button>
  </form>
</section>
