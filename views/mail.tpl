{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Groundwork</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; color: #1d2430;">
<p>Hello {{NAME}},</p>
{{#MANAGER}}
<p>Your coaching week for team {{TEAM}}.</p>
<h2>This week's coaching list</h2>
{{#NO_ITEMS}}<p>Nothing open on your coaching list.</p>{{/NO_ITEMS}}
<ol>
{{#ITEM}}<li><a href="{{URL}}">{{REP}}: {{REASON}}</a></li>
{{/ITEM}}
</ol>
<p><a href="{{COACHING_URL}}">Open the coaching list</a></p>
<h2>Early share of your coaching time</h2>
<p>Last week: {{SHARE_LAST}} on early-stage deals (target {{TARGET}}%{{#ON_TARGET}}, met{{/ON_TARGET}}{{#BELOW_TARGET}}, not met{{/BELOW_TARGET}}).
The week before: {{SHARE_BEFORE}}. Trend: {{TREND}}.
<a href="{{TIME_URL}}">My time</a></p>
<h2>Stalled early deals</h2>
<p>{{STALLED_COUNT}}.</p>
<ul>
{{#STALLED}}<li><a href="{{URL}}">{{COMPANY}}</a>, {{OWNER}}: {{DAYS}} in {{STAGE}}</li>
{{/STALLED}}
</ul>
<h2>New deals last week</h2>
<table>
<tr><th scope="col">Rep</th><th scope="col">New deals</th><th scope="col">Target</th></tr>
{{#INFLOW}}<tr><td>{{REP}}</td><td>{{DEALS}}{{#BELOW}} (below target){{/BELOW}}</td><td>{{TARGET}}</td></tr>
{{/INFLOW}}
</table>
<p><a href="{{TEAM_URL}}">Open the team page</a></p>
{{/MANAGER}}
{{#REP}}
<p>Your next steps for {{TODAY}}.</p>
<ul>
{{#OVERDUE}}<li><a href="{{URL}}">{{COMPANY}}</a>: {{STEP}} (due {{DUE}}, {{LATE}} overdue)</li>
{{/OVERDUE}}
{{#DUE_TODAY}}<li><a href="{{URL}}">{{COMPANY}}</a>: {{STEP}} (due today)</li>
{{/DUE_TODAY}}
{{#NO_STEP}}<li><a href="{{URL}}">{{COMPANY}}</a>: no next step yet</li>
{{/NO_STEP}}
</ul>
{{#MORE}}<p>There are more on My deals.</p>{{/MORE}}
<p><a href="{{DEALS_URL}}">Open My deals</a></p>
{{/REP}}
{{#ADMIN}}
{{#OFFSITE}}<p><strong>Off-site backups: {{WHAT}}</strong> {{ADVICE}}</p>
{{/OFFSITE}}<p>Each manager's last week, side by side.</p>
<table>
<tr><th scope="col">Manager</th><th scope="col">Team</th><th scope="col">Early share of coaching (target)</th><th scope="col">Follow-through, 12 weeks</th></tr>
{{#ROW}}<tr><td>{{MANAGER}}</td><td><a href="{{URL}}">{{TEAM}}</a></td><td>{{SHARE}} ({{TARGET}}%)</td><td>{{FOLLOW}}</td></tr>
{{/ROW}}
</table>
{{/ADMIN}}
{{#TEST}}
<p>This is a test email from Groundwork. If you can read it, email
reaches you.</p>
{{/TEST}}
<p style="color: #5b6472; font-size: 0.9em;">
<a href="{{SETTINGS_URL}}">Choose which emails you get, and when</a>.
{{#UNSUBSCRIBE}}<a href="{{URL}}">Stop this email</a>.{{/UNSUBSCRIBE}}
</p>
</body>
</html>
