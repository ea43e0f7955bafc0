{{%AUTOESCAPE context="HTML"}}
<h1>Import deals</h1>

{{#UPLOAD_FORM}}
<section class="card">
  <p>Upload a CSV export of deals from Pipedrive, HubSpot or Salesforce, Groundwork's own deals CSV, or any spreadsheet saved as CSV (UTF-8 or Windows-1252, separated by commas or semicolons, at most {{MAX_MB}} MB). You see what it would do before anything is saved.</p>
  {{#FILE_INVALID}}
  <div class="error-summary" role="alert">
    <p>Nothing was uploaded. Please check:</p>
    <ul><li><a href="#f-file">CSV file: {{FILE_ERROR}}</a></li></ul>
  </div>
  {{/FILE_INVALID}}
  <form method="post" action="/admin/import/upload" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-file">CSV file <span class="req">(required)</span></label>
      <input id="f-file" name="file" type="file" accept=".csv,text/csv"{{#FILE_INVALID}} aria-invalid="true" aria-describedby="e-file"{{/FILE_INVALID}}>
      {{#FILE_INVALID}}<p class="field-error" id="e-file">{{FILE_ERROR}}</p>{{/FILE_INVALID}}
    </div>
    <button type="submit" class="primary">Upload and preview</button>
  </form>
</section>
{{/UPLOAD_FORM}}

{{#PREVIEW}}
<section class="card">
  <h2>Preview of {{FILE_NAME}}</h2>
  {{#REFUSED}}
  <div class="error-summary" role="alert">
    <p>This file cannot be imported as it is mapped: {{MESSAGE}}</p>
  </div>
  {{/REFUSED}}
  {{#SUMMARY}}
  <p>Read as {{ENCODING}}, separated by {{SEPARATOR}}s: a {{SOURCE}} export.</p>
  <ul class="import-counts">
    <li><strong>{{CREATE}}</strong> to create</li>
    <li><strong>{{UPDATE}}</strong> to update</li>
    <li>{{UNCHANGED}} unchanged</li>
    <li><strong>{{ERRORS}}</strong> in error (left out)</li>
  </ul>
  <p class="muted">Nothing has been saved yet.</p>
  {{/SUMMARY}}

  <form method="post" action="/admin/import/run" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="upload" value="{{UPLOAD}}">
    <input type="hidden" name="upload_name" value="{{FILE_NAME}}">
    {{#STAGES}}
    <h3>Stages Groundwork does not have</h3>
    <p class="muted">Choose the Groundwork stage for each; later imports remember it.</p>
    {{#STAGE}}
    <div class="field">
      <label for="f-stage_{{K}}">{{NAME}} ({{ROWS}})</label>
      <input type="hidden" name="stage_name_{{K}}" value="{{NAME}}">
      <select id="f-stage_{{K}}" name="stage_{{K}}">
        <option value="">Not mapped (rows left out)</option>
        {{#STAGE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/STAGE_OPTION}}
      </select>
    </div>
    {{/STAGE}}
    {{/STAGES}}
    <div class="field">
      <label for="f-default_owner">Owner of rows whose owner matches nobody</label>
      <select id="f-default_owner" name="default_owner">
        <option value="">None: such rows are left out</option>
        {{#OWNER_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/OWNER_OPTION}}
      </select>
    </div>
    <h3>Columns</h3>
    <div class="table-scroll">
    <table class="data">
      <thead><tr><th scope="col">#</th><th scope="col">Heading</th><th scope="col">Imported as</th></tr></thead>
      <tbody>
      {{#COLUMN}}
      <tr>
        <td class="num">{{N}}</td>
        <td>{{HEADING}}{{#UNKNOWN}} <span class="badge off">not recognised</span>{{/UNKNOWN}}<input type="hidden" name="heading_{{N}}" value="{{HEADING}}"></td>
        <td><label class="visually-hidden" for="f-col_{{N}}">Field for {{HEADING}}</label>
          <select id="f-col_{{N}}" name="col_{{N}}">
            {{#FIELD_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/FIELD_OPTION}}
          </select></td>
      </tr>
      {{/COLUMN}}
      </tbody>
    </table>
    </div>
    <button type="submit" name="action" value="preview">Preview again</button>
    {{#CAN_IMPORT}}<button type="submit" name="action" value="import" class="primary">Import {{WRITES}} deals</button>{{/CAN_IMPORT}}
  </form>
</section>

{{#PROBLEMS}}
<section class="card">
  <h2>Rows in error</h2>
  <div class="table-scroll">
  <table class="data">
    <thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
    <tbody>
    {{#PROBLEM}}<tr><td class="num">{{ROW}}</td><td>{{COLUMN}} {{HEADING}}</td><td>{{MESSAGE}}</td></tr>{{/PROBLEM}}
    </tbody>
  </table>
  </div>
  {{#MORE}}<p class="muted">Only the first rows in error are listed.</p>{{/MORE}}
</section>
{{/PROBLEMS}}
<p><a href="/admin/import">Upload another file</a></p>
{{/PREVIEW}}

{{#RUNNING}}
<section class="card">
  <h2>{{DOING}} {{FILE_NAME}}</h2>
  <p role="status">{{DOING}}: {{ROWS}} rows read, {{PCT}}% of the file.</p>
  <p><label for="import-progress">Share of the file read</label>
    <progress id="import-progress" max="100" value="{{PCT}}">{{PCT}}%</progress></p>
  <p class="muted">This page loads itself again every two seconds until the work is done. You may leave it: the work goes on, and this page's address shows the outcome.</p>
</section>
{{/RUNNING}}

{{#DIED}}
<section class="card">
  <h2>{{WHAT}} of {{FILE_NAME}} stopped</h2>
  <div class="error-summary" role="alert">
    <p>{{WHAT}} stopped before it finished, perhaps because the service restarted. Nothing was imported: an import is saved whole or not at all.</p>
  </div>
  <form method="post" action="/admin/import/run" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="upload" value="{{UPLOAD}}">
    {{#KEPT}}<input type="hidden" name="{{NAME}}" value="{{VALUE}}">{{/KEPT}}
    <button type="submit" name="action" value="preview" class="primary">Start the preview again</button>
  </form>
</section>
<p><a href="/admin/import">Upload another file</a></p>
{{/DIED}}
