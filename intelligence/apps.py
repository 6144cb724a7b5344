from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "intelligence"
    verbose_name = "Intelligence"

    def ready(self):
        # The intelligence analyst's worklists on the home page.
        from intelligence import worklists  # noqa: F401
