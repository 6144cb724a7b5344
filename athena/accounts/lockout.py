"""The sign-in pause: after AXES_FAILURE_LIMIT wrong passwords for one username from one
address, signing in to that username from there is paused. django-axes counts the
failures; this module decides how long each pause lasts and says so in words.

The pause cannot be used to deny an officer service: it is by username and address
together, so someone elsewhere typing the officer's username pauses only their own
address. And it grows for whoever keeps guessing from one place: each further pause of
the same username and address is twice the one before (15 minutes, 30, 60 ... at most
ATHENA_SIGN_IN_PAUSE_LONGEST), until a day passes without one, the right password is
given, or an administrator releases it. ``SignInPause`` remembers the pauses, because
django-axes forgets the failures once a pause ends.

How it fits django-axes (settings.py, the AXES block):
- ``AXES_COOLOFF_TIME = cool_off``: the pause for a request's username and address.
- ``AXES_USE_ATTEMPT_EXPIRATION``: each failure record expires when the pause it would
  start ends, so a short pause of one username never clears a long one of another.
- ``AXES_HANDLER = SignInPauseHandler``: counts failure records until they expire,
  rather than within one window; after a pause of 15 minutes the next may last 30, and
  the failures that started the first must not count again.
- ``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``: a try during a pause does
  not lengthen it, so the pause the page states is the pause there is.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.template.defaultfilters import pluralize
from django.utils import timezone

from athena.accounts.models import SignInPause

# A run of pauses is forgotten this long after the last one ended.
PAUSES_FORGOTTEN_AFTER = timedelta(hours=24)


def pause_length(number):
    """How long the ``number``th pause in a row lasts: the first one's length, doubled
    for each pause before it, at most the longest."""
    first = settings.ATHENA_SIGN_IN_PAUSE_FIRST
    longest = settings.ATHENA_SIGN_IN_PAUSE_LONGEST
    doublings = max(number - 1, 0)
    # Past the longest there is no need to keep doubling (or to build huge numbers).
    if doublings >= 32 or first * 2**doublings >= longest:
        return longest
    return first * 2**doublings


def sign_in_pause_of(*, username, ip_address):
    """The remembered pauses of ``username`` from ``ip_address``, or None."""
    if not username:
        return None
    return SignInPause.objects.filter(username=username, ip_address=ip_address or "").first()


def next_pause_number(pause, now):
    """The number in its run of the pause that ``pause``'s username and address are in
    (it is running), or else of the next one they would get."""
    if pause is None or pause.pauses == 0:
        return 1
    if pause.ends_at > now:
        return pause.pauses
    if now - pause.ends_at < PAUSES_FORGOTTEN_AFTER:
        return pause.pauses + 1
    return 1


def pause_for(*, username, ip_address, now=None):
    """The length of the pause ``username`` from ``ip_address`` is in, or would get next."""
    now = now or timezone.now()
    pause = sign_in_pause_of(username=username, ip_address=ip_address)
    if pause is not None and pause.ends_at > now:
        return pause.length
    return pause_length(next_pause_number(pause, now))


def cool_off(request):
    """AXES_COOLOFF_TIME: the pause for ``request``'s username and address (django-axes
    gives each failure record this long to expire, and shows it on the lockout page)."""
    if request is None:
        return pause_length(1)
    return pause_for(username=get_client_username(request),
                     ip_address=getattr(request, "axes_ip_address", None),
                     now=getattr(request, "axes_attempt_time", None))


class SignInPauseHandler(AxesDatabaseHandler):
    """django-axes's database handler, counting each failure record until it expires.

    Its own count takes the failures within one cool-off window back from now; with
    pauses that grow, the window after a pause is longer than the pause was, and would
    take in the very failures that caused it, pausing again at once."""

    def get_user_attempts(self, request, credentials=None):
        now = getattr(request, "axes_attempt_time", None) or timezone.now()
        return [attempts.filter(expiration__expires_at__gt=now)
                for attempts in self.filter_user_attempts(request, credentials)]


def sign_in_pause_start(*, username, ip_address, at):
    """Record that signing in to ``username`` from ``ip_address`` is paused from ``at``
    (django-axes's user_locked_out). Returns the pause if this starts one, or None for
    a try during a pause that is running (it is not a new pause)."""
    with transaction.atomic():
        pause = (SignInPause.objects.select_for_update()
                 .filter(username=username, ip_address=ip_address or "").first())
        if pause is not None and pause.ends_at > at:
            return None
        number = next_pause_number(pause, at)
        if pause is None:
            pause = SignInPause(username=username, ip_address=ip_address or "")
        pause.pauses = number
        pause.started_at = at
        pause.ends_at = at + pause_length(number)
        pause.save()
    return pause


def sign_in_pauses_forget(*, username, ip_address=None):
    """Forget the pauses of ``username`` (from ``ip_address``, or from anywhere): the
    right password was given, or an administrator released them."""
    pauses = SignInPause.objects.filter(username=username)
    if ip_address is not None:
        pauses = pauses.filter(ip_address=ip_address or "")
    pauses.delete()


def attempts_left(*, username, ip_address):
    """Tries left for ``username`` from ``ip_address`` before the pause; None when
    nothing failed from there (nothing to warn of)."""
    if not username:
        return None
    failures = (AccessAttempt.objects
                .filter(username=username, ip_address=ip_address,
                        expiration__expires_at__gt=timezone.now())
                .aggregate(failures=Sum("failures_since_start"))["failures"])
    if not failures:
        return None
    return max(settings.AXES_FAILURE_LIMIT - failures, 0)


def cooloff_words(period=None):
    """The pause (``period``, else the first one) in words: "15 minutes", "2 hours",
    "1 hour 30 minutes"."""
    period = pause_length(1) if period is None else period
    minutes = max(int(-(-period.total_seconds() // 60)), 0)  # a part-minute is a minute
    hours, minutes = divmod(minutes, 60)
    words = []
    if hours:
        words.append(f"{hours} hour{pluralize(hours)}")
    if minutes or not hours:
        words.append(f"{minutes} minute{pluralize(minutes)}")
    return " ".join(words)


@dataclass(frozen=True)
class Lockout:
    """A username paused from an address, for the administrators' lockouts page."""

    username: str
    ip_address: str
    failures: int
    last_failure_at: datetime
    ends_at: datetime
    pause_number: int

    @property
    def time_left(self):
        return self.ends_at - timezone.now()


def lockouts_current(*, usernames=None, now=None):
    """Each username and address whose sign-in is paused now (failures at or over the
    limit whose records have not expired), soonest to end first. ``usernames``, a
    queryset or list, narrows it to those usernames (an administrator's own force's)."""
    now = now or timezone.now()
    attempts = AccessAttempt.objects.filter(expiration__expires_at__gt=now)
    if usernames is not None:
        attempts = attempts.filter(username__in=usernames)
    rows = (attempts.values("username", "ip_address")
            .annotate(failures=Sum("failures_since_start"), last_failure_at=Max("attempt_time"),
                      ends_at=Max("expiration__expires_at"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("ends_at", "username"))
    rows = list(rows)
    pauses = {(pause.username, pause.ip_address): pause for pause in SignInPause.objects.filter(
        username__in={row["username"] for row in rows})}
    found = []
    for row in rows:
        pause = pauses.get((row["username"], row["ip_address"] or ""))
        found.append(Lockout(username=row["username"], ip_address=row["ip_address"] or "",
                             failures=row["failures"], last_failure_at=row["last_failure_at"],
                             ends_at=row["ends_at"],
                             pause_number=pause.pauses if pause is not None else 1))
    return found
