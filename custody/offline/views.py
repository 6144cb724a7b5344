"""What the custody pages do with an entry sent again after an outage (see
custody.offline): recognise it, believe its real time when it is possible, and keep it
on the timeline when it is refused now."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from athena.problems import messages
from custody.offline.services import offline_entry_refuse

REPLAY_HEADER = "HTTP_X_ATHENA_OFFLINE_REPLAY"


def is_offline_replay(request):
    return request.META.get(REPLAY_HEADER) == "1"


def occurred_at(request):
    """When an entry made offline really happened (offline-queue.js sends it), or None
    for a time that is not a real, aware date and time."""
    try:
        moment = parse_datetime(request.POST.get("occurred_at", "")[:40])
    except ValueError:
        return None
    return moment if moment is not None and timezone.is_aware(moment) else None


def refused_if_replayed(request, record, form, *, what, problems=()):
    """For an entry sent again after an outage and refused now, by the rules
    (``problems``) or else by the form (its errors): keep it on the timeline to resolve
    and answer 409, so the browser tells the sergeant. None for an entry typed now: its
    page shows the problems."""
    if not is_offline_replay(request):
        return None
    reasons = messages(problems) or [error for errors in form.errors.values()
                                     for error in errors]
    submitted = {key: value for key, value in request.POST.items()
                 if key != "csrfmiddlewaretoken"}
    offline_entry_refuse(acting_user=request.user, record=record, what=what,
                         reasons=reasons, submitted=submitted)
    return HttpResponse("An entry made offline conflicts with the record; it is on the "
                        "timeline to resolve.", status=409, content_type="text/plain")
