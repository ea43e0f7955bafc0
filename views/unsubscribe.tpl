{{%AUTOESCAPE context="HTML"}}
<section class="card">
  {{#ASK}}
  <h1>Stop this email?</h1>
  <p>{{LABEL}}.</p>
  <form method="post" action="/unsubscribe">
    <input type="hidden" name="t" value="{{TOKEN}}">
    <button type="submit" class="primary">Stop this email</button>
  </form>
  <p class="muted">Your other emails keep coming. You can turn it back on under your settings after signing in.</p>
  {{/ASK}}
  {{#DONE}}
  <h1>Email stopped</h1>
  <p>You will no longer get this email: {{LABEL}}.</p>
  <p class="muted">Your other emails keep coming. To turn it back on, sign in and open <a href="/settings">your settings</a>.</p>
  {{/DONE}}
</section>
