from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Case files"

    def ready(self):
        # Object rules, and the job handlers every process must know (not only a worker).
        from cases import permissions, tasks  # noqa: F401
