from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "intelligence"
    verbose_name = "Intelligence"

    def ready(self):
        # The intelligence analyst's worklists on the home page.
        from intelligence import (
            audit_names,
            worklists,  # noqa: F401
        )

        audit_names.register()  # how the audit viewer names this app's records
