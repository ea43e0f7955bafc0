{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>Sign in</h1>
  {{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
  {{#PROBLEM}}<p class="error-summary" role="alert">{{MESSAGE}}</p>{{/PROBLEM}}
  {{#HAS_ERRORS}}
  <div class="error-summary" role="alert">
    <p>Please check:</p>
    <ul>{{#ERRORS}}<li><a href="#f-{{FIELD}}">{{LABEL}}: {{MESSAGE}}</a></li>{{/ERRORS}}</ul>
  </div>
  {{/HAS_ERRORS}}
  <form method="post" action="/login" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="next" value="{{NEXT_VALUE}}">
    <div class="field">
      <label for="f-email">Email <span class="req">(required)</span></label>
      <input id="f-email" name="email" type="email" inputmode="email" autocomplete="username" required value="{{EMAIL_VALUE}}"{{#EMAIL_INVALID}} aria-invalid="true" aria-describedby="e-email"{{/EMAIL_INVALID}}>
      {{#EMAIL_INVALID}}<p class="field-error" id="e-email">{{EMAIL_ERROR}}</p>{{/EMAIL_INVALID}}
    </div>
    <div class="field">
      <label for="f-password">Password <span class="req">(required)</span></label>
      <input id="f-password" name="password" type="password" autocomplete="current-password" required{{#PASSWORD_INVALID}} aria-invalid="true" aria-describedby="e-password"{{/PASSWORD_INVALID}}>
      {{#PASSWORD_INVALID}}<p class="field-error" id="e-password">{{PASSWORD_ERROR}}</p>{{/PASSWORD_INVALID}}
    </div>
    <button type="submit" class="primary">Sign in</button>
  </form>
</section>
