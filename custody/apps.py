from django.apps import AppConfig


class CustodyConfig(AppConfig):
    name = "custody"
    verbose_name = "Custody"

    def ready(self):
        # Object rules, the job handlers every process must know (not only a worker), and
        # the custody officer's worklists on the home page.
        from custody import audit_names, permissions, tasks, worklists  # noqa: F401

        audit_names.register()  # how the audit viewer names this app's records
