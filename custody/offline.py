"""Entries made while the server could not be reached, and sent again when it is back.

The browser keeps such a form (offline-queue.js) and posts it again with the header
``X-Athena-Offline-Replay``. Each carries its own client id, so a second delivery is
recorded once. An entry the rules now refuse (someone else recorded the same dose
meanwhile) is not dropped: it goes on the timeline as an entry to resolve, with what
was typed, and the answer is 409 so the browser tells the sergeant.
"""

from django.http import HttpResponse
from django.utils import timezone

from athena.audit.services import audit_record
from custody.models import CustodyEntry, EntryKind

REPLAY_HEADER = "HTTP_X_ATHENA_OFFLINE_REPLAY"


def is_offline_replay(request):
    return request.META.get(REPLAY_HEADER) == "1"


def record_refused_offline_entry(request, record, *, what, problems):
    """Keep a refused offline entry on the timeline for the custody officer to resolve."""
    submitted = {key: value for key, value in request.POST.items()
                 if key not in ("csrfmiddlewaretoken",)}
    CustodyEntry.objects.create(
        record=record, kind=EntryKind.NOTE, occurred_at=timezone.now(),
        recorded_by=request.user,
        summary=(f"An entry made offline was not applied ({what}): "
                 + " ".join(str(p) for p in problems) + " Check it and record it again "
                 "if it is right."),
        details={"offline_entry": submitted})
    audit_record(actor=request.user, action="custody.offline_entry.refused", obj=record,
                 details={"what": what})
    return HttpResponse("An entry made offline conflicts with the record; it is on the "
                        "timeline to resolve.", status=409, content_type="text/plain")
