{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Team: {{TEAM_NAME}}</h1>
  <div class="empty-state">
    <p>Your team's stage distribution, stalled early deals and coaching list will appear here.</p>
  </div>
</section>
