{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>{{MESSAGE_TITLE}}</h1>
  <p>{{MESSAGE}}</p>
  {{#REQUEST_ID}}<p>If you report this, quote the reference <code>{{ID}}</code>.</p>{{/REQUEST_ID}}
  <p class="muted">Error {{STATUS}}</p>
  <p><a href="/">Go to your home page</a></p>
</section>
