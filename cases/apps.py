from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Case files"

    def ready(self):
        # Object rules, the job handlers every process must know (not only a worker),
        # and the officer's worklist on the home page.
        from cases import permissions, tasks, worklists  # noqa: F401
