{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Mail</h1>
  <p>Groundwork hands email to <code>{{MAILER}}</code>: {{#MAILER_OK}}it is there.{{/MAILER_OK}}</p>
  {{#MAILER_MISSING}}<div class="error-summary" role="alert"><p>No email can go out: {{WHY}}.</p></div>{{/MAILER_MISSING}}
  <p>{{SENT}} sent · {{WAITING}} waiting to be tried again · {{FAILED}} given up on · {{STUCK}} left half-sent by a stopped run.</p>
  <form method="post" action="/admin/mail/test">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit" class="primary">Send me a test email</button>
    <span class="muted">to {{ME}}</span>
  </form>
</section>

<section class="card">
  <h2 id="problems">Problems</h2>
  {{#NO_PROBLEMS}}<p>No email was given up on.</p>{{/NO_PROBLEMS}}
  <div class="table-scroll" tabindex="0" role="region" aria-labelledby="problems">
  <table class="data">
    <caption class="visually-hidden">Emails given up on, or of unknown outcome</caption>
    <thead><tr><th scope="col">To</th><th scope="col">Email</th><th scope="col">For</th><th scope="col">State</th><th scope="col" class="num">Tries</th><th scope="col">The mailer said</th></tr></thead>
    <tbody>
    {{#PROBLEM}}<tr><td>{{EMAIL}}</td><td>{{KIND}}</td><td>{{PERIOD}}</td><td>{{STATE}}</td><td class="num">{{TRIES}}</td><td>{{ERROR}}</td></tr>
    {{/PROBLEM}}
    </tbody>
  </table>
  </div>
</section>

<section class="card">
  <h2 id="latest">Latest emails</h2>
  <div class="table-scroll" tabindex="0" role="region" aria-labelledby="latest">
  <table class="data">
    <caption class="visually-hidden">The latest emails, newest first</caption>
    <thead><tr><th scope="col">To</th><th scope="col">Email</th><th scope="col">For</th><th scope="col">State</th><th scope="col" class="num">Tries</th><th scope="col">Taken at</th><th scope="col">The mailer said</th></tr></thead>
    <tbody>
    {{#RECENT}}<tr><td>{{EMAIL}}</td><td>{{KIND}}</td><td>{{PERIOD}}</td><td>{{STATE}}</td><td class="num">{{TRIES}}</td><td>{{AT}}</td><td>{{ERROR}}</td></tr>
    {{/RECENT}}
    </tbody>
  </table>
  </div>
</section>
