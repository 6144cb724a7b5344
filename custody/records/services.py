"""Writes every part of the custody record shares: the timeline entry each change adds,
locking an open record, and queueing the record's printable contingency pack to be
rebuilt. The changes themselves are each concern's services; each runs in one
transaction, adds its timeline entry, queues the rebuild and writes its audit event last.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from athena.audit.services import audit_record
from athena.jobs.models import Job, JobStatus
from athena.jobs.services import job_enqueue
from athena.problems import Problem, messages
from custody.models import CustodyEntry, CustodyRecord, EntryKind, RecordStatus
from custody.records.rules import LONDON, entry_time_problems

CONTINGENCY_REBUILD_JOB = "custody.contingency.rebuild"


class CustodyRuleBroken(Exception):
    """The action is not allowed (wrong role, wrong order, impossible time). ``problems``
    says why, each a ``Problem`` (code, field, message) in plain words; the exception's
    message is their messages."""

    def __init__(self, *problems):
        self.problems = list(problems)
        super().__init__(" ".join(messages(self.problems)))


def custody_officer_required(user, record, *,
                             message="Only a custody officer of this force can do this."):
    """Raises CustodyRuleBroken unless ``user`` runs custody for the record's force."""
    if not user.has_perm("custody.change_custodyrecord", record):
        raise CustodyRuleBroken(Problem("not_custody_officer", "", message))


def record_lock_open(record):
    """The record, locked for the change's transaction. Raises CustodyRuleBroken once
    the detainee has left custody: a closed record accepts nothing more."""
    locked = CustodyRecord.objects.select_for_update().get(pk=record.pk)
    if locked.status == RecordStatus.CLOSED:
        raise CustodyRuleBroken(Problem("record_closed", "", "The detainee has left custody; "
                                                             "the record is closed."))
    return locked


def entry_time_check(at, record, what, field="at"):
    """Raises CustodyRuleBroken for an entry timed before the arrival at the station or
    in the future (custody.records.rules.entry_time_problems)."""
    problems = entry_time_problems(at, arrived_at=record.arrived_at, what=what, field=field)
    if problems:
        raise CustodyRuleBroken(*problems)


@dataclass(frozen=True)
class OfflineOrigin:
    """Where an entry made on a device in an outage came from: its client id, who made
    it and when they saved it there, and who was signed in when it arrived."""

    client_id: str
    made_by: object  # the user who made it
    sent_by: object  # the user signed in when it arrived
    saved_at: datetime | None

    def note(self):
        """The words the timeline adds to the entry's summary."""
        words = "Made on a device while the server could not be reached"
        if self.saved_at is not None:
            words += f", saved there at {self.saved_at.astimezone(LONDON):%H:%M on %-d %b}"
        words += "; sent when it came back"
        if self.sent_by.pk != self.made_by.pk:
            words += f" by {self.sent_by.display_name}, who was signed in"
        return words + "."

    def details(self):
        return {"client_id": self.client_id, "made_by_id": self.made_by.pk,
                "sent_by_id": self.sent_by.pk,
                "saved_at": self.saved_at.isoformat() if self.saved_at else None}


def timeline_entry_add(record, *, kind, occurred_at, by, summary, origin=None, **details):
    """Add a timed, dated and attributed entry to the record's timeline, in the change's
    transaction. An entry made offline (``origin``) says so in its summary and keeps where
    it came from. It queues nothing: the service that changes the record queues the
    contingency rebuild itself (contingency_rebuild_queue)."""
    if origin is not None:
        summary = f"{summary} {origin.note()}"
        details["offline"] = origin.details()
    return CustodyEntry.objects.create(record=record, kind=kind, occurred_at=occurred_at,
                                       recorded_by=by, summary=summary, details=details)


def contingency_rebuild_queue(record):
    """Queue a rebuild of the record's contingency PDF and its suite's, unless one is
    already waiting to run: the job builds whatever the record holds when it runs, so
    changes in quick succession share a job. Call it inside the change's transaction;
    the job is sent when it commits."""
    waiting = Job.objects.filter(kind=CONTINGENCY_REBUILD_JOB,
                                 object_type=CustodyRecord._meta.label_lower,
                                 object_id=str(record.pk), status=JobStatus.QUEUED)
    if not waiting.exists():
        job_enqueue(kind=CONTINGENCY_REBUILD_JOB, obj=record)


def note_add(*, acting_user, record, at, text, client_id=None, origin=None):
    """Put a custody officer's free-text note on the record's timeline. A ``client_id``
    already used for a note on this record changes nothing (a second click of Save)."""
    custody_officer_required(acting_user, record)
    text = " ".join(str(text or "").split())
    if not text:
        raise CustodyRuleBroken(Problem("note_missing", "text", "Enter the note"))
    with transaction.atomic():
        locked = record_lock_open(record)
        entry_time_check(at, locked, "note")
        if client_id and locked.entries.filter(kind=EntryKind.NOTE,
                                               details__client_id=client_id).exists():
            return None
        entry = timeline_entry_add(locked, kind=EntryKind.NOTE, occurred_at=at,
                                   by=acting_user, summary=text, client_id=client_id,
                                   origin=origin)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.note.added", obj=locked,
                     details={"entry_id": entry.pk})
    return entry
