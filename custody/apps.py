from django.apps import AppConfig


class CustodyConfig(AppConfig):
    name = "custody"
    verbose_name = "Custody"

    def ready(self):
        # Object rules, and the job handlers every process must know (not only a worker).
        from custody import permissions, tasks  # noqa: F401
