from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "athena.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from athena.accounts.roles import sync_role_groups

        # Roles are groups whose permissions come from the table in roles.py; keep the
        # database in step after every migrate. It listens to every app's post_migrate,
        # not only ours, because other apps' permissions are created after ours.
        post_migrate.connect(sync_role_groups, dispatch_uid="athena.sync_role_groups")

        from django.contrib.auth.signals import user_logged_in

        from athena.accounts.middleware import SlidingSessionMiddleware

        user_logged_in.connect(SlidingSessionMiddleware.session_started,
                               dispatch_uid="athena.session_started")

        # Signing in and out, wrong passwords and sign-in pauses, into the audit trail.
        from athena.accounts import signals

        signals.connect()

        # Each process's copy of users' roles and permissions, forgotten on a change.
        from athena.accounts import access

        access.connect()

        # How the audit viewer names users.
        from athena.accounts import audit_names

        audit_names.register()
