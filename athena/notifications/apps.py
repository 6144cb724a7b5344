from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "athena.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from athena.notifications import tasks  # noqa: F401 - registers the email job
