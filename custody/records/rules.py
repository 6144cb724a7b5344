"""What every timed entry on a custody record keeps: it happened after the person
arrived at the station, and it is not in the future. Pure: plain values in, a list of
``athena.problems.Problem`` out."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from athena.problems import Problem

# The custody suite's clocks: times are typed and shown in London time.
LONDON = ZoneInfo("Europe/London")
# Times keyed in from a clock a little ahead of the server's are not "in the future".
FUTURE_TOLERANCE = timedelta(minutes=5)


def is_in_future(moment, now=None):
    """True when ``moment`` is later than now by more than the clock drift allowed."""
    return moment > (now or timezone.now()) + FUTURE_TOLERANCE


def entry_time_problems(at, *, arrived_at, what, field="at"):
    """Why an entry timed ``at`` may not go on the record of a person who arrived at
    ``arrived_at``: before the arrival ("before_arrival"), or in the future
    ("in_future"). ``what`` names the entry in the message ("check")."""
    if at < arrived_at:
        return [Problem("before_arrival", field, f"The time of the {what} cannot be before "
                                                 "the arrival at the station.")]
    if is_in_future(at):
        return [Problem("in_future", field, f"The time of the {what} cannot be in the future.")]
    return []
