{{%AUTOESCAPE context="HTML"}}
<section class="card" id="settings">
  <h1>Your settings</h1>
  <p class="muted">Signed in as {{EMAIL}}. It is {{NOW}} in your time zone.</p>
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>Your settings were not saved. Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/settings" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="f-timezone">Time zone</label>
      <input id="f-timezone" name="timezone" type="text" autocomplete="off" maxlength="64" placeholder="{{DEFAULT_ZONE}}" value="{{TIMEZONE_VALUE}}" aria-describedby="h-timezone{{#TIMEZONE_INVALID}} e-timezone{{/TIMEZONE_INVALID}}"{{#TIMEZONE_INVALID}} aria-invalid="true"{{/TIMEZONE_INVALID}}>
      <p class="hint" id="h-timezone">A name such as Europe/Berlin or America/New_York. Dates on every page and the time your emails arrive follow it. Empty means this server's default, {{DEFAULT_ZONE}}.</p>
      {{#TIMEZONE_INVALID}}<p class="field-error" id="e-timezone">{{TIMEZONE_ERROR}}</p>{{/TIMEZONE_INVALID}}
    </div>
    <fieldset class="field">
      <legend>Emails</legend>
      {{#KIND}}<label class="inline"><input type="checkbox" name="{{NAME}}" value="1"{{#CHECKED}} checked{{/CHECKED}}> {{LABEL}}</label>
      {{/KIND}}
    </fieldset>
    {{#WEEKLY}}
    <div class="field">
      <label for="f-send_day">Day for weekly emails</label>
      <select id="f-send_day" name="send_day"{{#SEND_DAY_INVALID}} aria-invalid="true" aria-describedby="e-send_day"{{/SEND_DAY_INVALID}}>
        {{#DAY_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/DAY_OPTION}}
      </select>
      {{#SEND_DAY_INVALID}}<p class="field-error" id="e-send_day">{{SEND_DAY_ERROR}}</p>{{/SEND_DAY_INVALID}}
    </div>
    {{/WEEKLY}}
    {{#DAY_HIDDEN}}<input type="hidden" name="send_day" value="{{VALUE}}">{{/DAY_HIDDEN}}
    <div class="field">
      <label for="f-send_hour">Hour the emails arrive</label>
      <select id="f-send_hour" name="send_hour"{{#SEND_HOUR_INVALID}} aria-invalid="true" aria-describedby="e-send_hour"{{/SEND_HOUR_INVALID}}>
        {{#HOUR_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/HOUR_OPTION}}
      </select>
      {{#SEND_HOUR_INVALID}}<p class="field-error" id="e-send_hour">{{SEND_HOUR_ERROR}}</p>{{/SEND_HOUR_INVALID}}
    </div>
    <button type="submit" class="primary">Save settings</button>
  </form>
</section>
