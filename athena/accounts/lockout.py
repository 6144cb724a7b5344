"""What the sign-in pages say of the lockout (django-axes keeps the count): how many tries
are left before signing in to a username from an address is paused, and for how long, in
words rather than axes's ISO 8601 ("PT15M")."""

from axes.models import AccessAttempt
from django.conf import settings
from django.template.defaultfilters import pluralize


def attempts_left(*, username, ip_address):
    """Tries left for ``username`` from ``ip_address`` before the pause; None when
    nothing failed from there (nothing to warn of)."""
    attempt = (AccessAttempt.objects.filter(username=username, ip_address=ip_address)
               .order_by("-attempt_time").first())
    if attempt is None:
        return None
    return max(settings.AXES_FAILURE_LIMIT - attempt.failures_since_start, 0)


def cooloff_words(period=None):
    """The pause (``period``, else the configured one) in words: "15 minutes"."""
    period = settings.AXES_COOLOFF_TIME if period is None else period
    minutes = int(period.total_seconds() // 60)
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return f"{hours} hour{pluralize(hours)}"
    return f"{minutes} minute{pluralize(minutes)}"
