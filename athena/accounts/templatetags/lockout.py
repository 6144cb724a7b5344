"""The sign-in pause in words on its page ({{ cooloff_timedelta|in_words }}), and how long
is left of the pause the page's username and address are in ({% sign_in_pause %})."""

from axes.helpers import get_client_username
from django import template
from django.utils import timezone

from athena.accounts.lockout import (
    cooloff_words,
    next_pause_number,
    pause_length,
    sign_in_pause_of,
)

register = template.Library()


@register.filter
def in_words(period):
    return cooloff_words(period) if period else cooloff_words()


@register.simple_tag(takes_context=True)
def sign_in_pause(context):
    """The running pause of the request's username and address: when it ends, the time
    left, and how long the next one would be; None when none is running."""
    request = context.get("request")
    if request is None:
        return None
    pause = sign_in_pause_of(username=get_client_username(request),
                             ip_address=getattr(request, "axes_ip_address", None))
    now = timezone.now()
    if pause is None or pause.ends_at <= now:
        return None
    return {"ends_at": pause.ends_at, "left": pause.ends_at - now, "number": pause.pauses,
            "length": pause.length,
            "next_length": pause_length(next_pause_number(pause, now) + 1)}
