"""User administration pages for a force's administrators and national administrators
(not the Django admin site): the list of users, an account's page and its changes, and
the sign-in pauses. Rules in accounts/rules.py, writes in accounts/user_services.py."""
