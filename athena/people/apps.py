from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "athena.people"
    label = "people"
    verbose_name = "People (nominal index)"

    def ready(self):
        # Register the job handlers in every process, not only in a Celery worker (which
        # autodiscovers tasks.py): run_job must find them wherever it is called.
        from athena.people import (
            audit_names,
            tasks,  # noqa: F401
        )

        audit_names.register()  # how the audit viewer names this app's records
