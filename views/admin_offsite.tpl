{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Backups</h1>
  {{#HEALTHY}}<p>Off-site backups: nothing needs attention.</p>{{/HEALTHY}}
  {{#NEEDS_ATTENTION}}<p class="error-summary" role="alert">Off-site backups need attention: read the warnings below.</p>{{/NEEDS_ATTENTION}}
  <table class="data">
    <caption class="visually-hidden">Off-site backup health</caption>
    <thead><tr><th scope="col">Status</th><th scope="col">What</th></tr></thead>
    <tbody>
    {{#LINE}}
      <tr>
        <td><span class="badge {{CLASS}}">{{STATUS}}</span></td>
        <td class="offsite-what">{{WHAT}}{{#ADVICE}}<br><span class="muted">{{TEXT}}</span>{{/ADVICE}}</td>
      </tr>
    {{/LINE}}
    </tbody>
  </table>
  <p class="muted">A snapshot is taken every {{INTERVAL}} minutes by groundwork-offsite.timer; one older than {{STALE}} minutes is a warning, here and in <code>groundwork doctor</code>. The repository and its password are in {{FILE}}, readable by root alone.</p>
  <p class="muted">The daily backups in /var/backups/groundwork sit on this machine's disk: they do not survive the loss of the machine. Only the off-site snapshots do.</p>
</section>
