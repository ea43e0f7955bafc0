{{%AUTOESCAPE context="HTML"}}
<h1>Your next steps in your calendar</h1>
<section class="card">
  <p>A secret address your phone's calendar can subscribe to: it lists each of your open next steps with a due date, on that day, and nothing else. Anyone with the address can read it, so keep it to yourself; revoke it if it gets out.</p>
  {{#HAS_FEED}}
  <p>You made your address on <time datetime="{{DATE}}">{{DATE}}</time>. It is shown only once, when it is made; if you no longer have it, make a new one (the old one then stops working).</p>
  <form method="post" action="/calendar" class="inline-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="action" value="create">
    <button type="submit">Make a new address</button>
  </form>
  <form method="post" action="/calendar" class="inline-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="action" value="revoke">
    <button type="submit" class="danger">Revoke the address</button>
  </form>
  {{/HAS_FEED}}
  {{#NO_FEED}}
  <form method="post" action="/calendar">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="action" value="create">
    <button type="submit" class="primary">Make my calendar address</button>
  </form>
  {{/NO_FEED}}
</section>
