from django.apps import AppConfig


class CustodyConfig(AppConfig):
    name = "custody"
    verbose_name = "Custody"

    def ready(self):
        from custody import permissions  # noqa: F401 - object rules
