from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "athena.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        # Every process that enqueues a job (web as well as worker) sends the one task by
        # its registered name, so the task must be registered wherever Django runs.
        from athena.jobs import tasks  # noqa: F401
