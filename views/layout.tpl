{{%AUTOESCAPE context="HTML"}}
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{{#REFRESH}}<meta http-equiv="refresh" content="{{SECONDS}}">{{/REFRESH}}
<title>{{TITLE}} · Groundwork</title>
<link rel="stylesheet" href="/static/app.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<header class="topbar">
  <a class="brand" href="/">Groundwork</a>
  {{#SIGNED_IN}}
  <nav aria-label="Main">
    <ul>
      {{#NAV}}<li><a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a></li>{{/NAV}}
    </ul>
  </nav>
  <form class="signout" method="post" action="/logout">
    <span class="who"><a href="/settings" title="Your settings">{{USER_NAME}}</a> <small>({{USER_ROLE}})</small></span>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit" class="link-button">Sign out</button>
  </form>
  {{/SIGNED_IN}}
</header>
<main id="main">
  {{#FLASH}}<p class="flash" role="status">{{MESSAGE}}</p>{{/FLASH}}
  {{#SAVE_REFUSED}}<div class="error-summary" role="alert"><p>Not saved: the server could not save this just now, because its storage is full or failing. Nothing was changed, and everything you typed is still here. Please try again in a minute.</p></div>{{/SAVE_REFUSED}}
  {{>BODY}}
</main>
</body>
</html>
