{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>My deals</h1>
  <div class="empty-state">
    <p>Hello {{USER_NAME}}. Your early-stage deals will be listed here, grouped by stage, with the next step for each.</p>
  </div>
</section>
