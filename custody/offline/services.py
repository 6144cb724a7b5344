"""Writes for entries sent again after an outage (see custody.offline)."""

from django.db import transaction
from django.utils import timezone

from athena.audit.services import audit_record
from custody.models import EntryKind
from custody.records.services import contingency_rebuild_queue, timeline_entry_add


def offline_entry_refuse(*, acting_user, record, what, reasons, submitted):
    """Keep an entry made offline that the rules now refuse on the timeline, with what
    was typed (``submitted``), for the custody officer to resolve. ``what`` names it
    ("a check"); ``reasons`` are why it was refused, in plain words."""
    with transaction.atomic():
        timeline_entry_add(
            record, kind=EntryKind.NOTE, occurred_at=timezone.now(), by=acting_user,
            summary=(f"An entry made offline was not applied ({what}): " + " ".join(reasons)
                     + " Check it and record it again if it is right."),
            offline_entry=submitted)
        contingency_rebuild_queue(record)
        audit_record(actor=acting_user, action="custody.offline_entry.refused", obj=record,
                     details={"what": what})
