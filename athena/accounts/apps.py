from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "athena.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from athena.accounts.roles import sync_role_groups

        # Roles are groups whose permissions come from the table in roles.py; keep the
        # database in step after every migrate (it is idempotent).
        post_migrate.connect(sync_role_groups, sender=self)
