{{%AUTOESCAPE context="HTML"}}
Hello {{NAME}},{{BI_NEWLINE}}
{{#MANAGER}}
Your coaching week for team {{TEAM}}.{{BI_NEWLINE}}
THIS WEEK'S COACHING LIST
{{#NO_ITEMS}}Nothing open on your coaching list.
{{/NO_ITEMS}}{{#ITEM}}- {{REP}}: {{REASON}}
  {{URL}}
{{/ITEM}}
Coaching list: {{COACHING_URL}}{{BI_NEWLINE}}
EARLY SHARE OF YOUR COACHING TIME
Last week: {{SHARE_LAST}} on early-stage deals
(target {{TARGET}}%{{#ON_TARGET}}, met{{/ON_TARGET}}{{#BELOW_TARGET}}, not met{{/BELOW_TARGET}}).
The week before: {{SHARE_BEFORE}}. Trend: {{TREND}}.
My time: {{TIME_URL}}{{BI_NEWLINE}}
STALLED EARLY DEALS
{{STALLED_COUNT}}.
{{#STALLED}}- {{COMPANY}}, {{OWNER}}: {{DAYS}} in {{STAGE}}
  {{URL}}
{{/STALLED}}{{BI_NEWLINE}}NEW DEALS LAST WEEK (target {{INFLOW_TARGET}} a rep)
{{#INFLOW}}- {{REP}}: {{DEALS}}{{#BELOW}} (below target){{/BELOW}}
{{/INFLOW}}
Team page: {{TEAM_URL}}
{{/MANAGER}}
{{#REP}}
Your next steps for {{TODAY}}.{{BI_NEWLINE}}
{{#OVERDUE}}- {{COMPANY}}: {{STEP}} (due {{DUE}}, {{LATE}} overdue)
  {{URL}}
{{/OVERDUE}}{{#DUE_TODAY}}- {{COMPANY}}: {{STEP}} (due today)
  {{URL}}
{{/DUE_TODAY}}{{#NO_STEP}}- {{COMPANY}}: no next step yet
  {{URL}}
{{/NO_STEP}}{{#MORE}}There are more on My deals.
{{/MORE}}
My deals: {{DEALS_URL}}
{{/REP}}
{{#ADMIN}}
{{#OFFSITE}}OFF-SITE BACKUPS: {{WHAT}}{{BI_NEWLINE}}{{ADVICE}}{{BI_NEWLINE}}{{BI_NEWLINE}}{{/OFFSITE}}Each manager's last week, side by side:{{BI_NEWLINE}}
{{#ROW}}- {{MANAGER}} (team {{TEAM}})
  early share of coaching: {{SHARE}} (target {{TARGET}}%)
  follow-through, 12 weeks: {{FOLLOW}}
  {{URL}}
{{/ROW}}
{{/ADMIN}}
{{#TEST}}
This is a test email from Groundwork. If you can read it, email
reaches you.
{{/TEST}}
--
Choose which emails you get, and when: {{SETTINGS_URL}}
{{#UNSUBSCRIBE}}Stop this email: {{URL}}
{{/UNSUBSCRIBE}}
