from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "athena.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
