{{%AUTOESCAPE context="HTML"}}
<div class="page-head">
  <h1>Job-aid library</h1>
  <a class="button primary" href="/admin/aids/new">Add a job-aid</a>
</div>
<section class="card">
  {{#EMPTY}}<p>The library is empty. Add the question guides, checklists and worksheets your reps use with buyers.</p>{{/EMPTY}}
  <div class="table-scroll">
  <table class="data">
    <caption class="visually-hidden">Every job-aid, retired ones included</caption>
    <thead><tr><th scope="col">Title</th><th scope="col">Stage</th><th scope="col">Kind</th><th scope="col">Status</th></tr></thead>
    <tbody>
    {{#AID}}
      <tr{{#RETIRED}} class="disabled"{{/RETIRED}}>
        <td><a href="/admin/aids/{{ID}}">{{TITLE}}</a></td>
        <td>{{STAGE_NAME}}</td>
        <td>{{KIND}}</td>
        <td>{{#ACTIVE}}In use{{/ACTIVE}}{{#RETIRED}}Retired{{/RETIRED}}</td>
      </tr>
    {{/AID}}
    </tbody>
  </table>
  </div>
  <p><a href="/aids/effectiveness">Which job-aids work?</a></p>
</section>
