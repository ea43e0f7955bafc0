{{%AUTOESCAPE context="HTML"}}
<!--gw:slot-->