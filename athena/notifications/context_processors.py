"""The signed-in user's unread notification count, for the header link."""

from functools import cache

from athena.notifications.models import Notification


def unread_notifications(request):
    """``notifications_unread``: counted (one indexed query) only when a page shows it,
    and once however often it does; htmx partials that do not show it cost nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count():
        return Notification.objects.filter(recipient=user, read_at=None).count()

    return {"notifications_unread": count}
