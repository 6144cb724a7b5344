from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Case files"

    def ready(self):
        # Object rules, the job handlers every process must know (not only a worker),
        # and the officer's worklist on the home page.
        from cases import (  # noqa: F401
            permissions,
            permissions_cps,
            tasks,
            worklists,
            worklists_cps,
        )
        from cases.dcf import tasks as dcf_tasks  # noqa: F401
