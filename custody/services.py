"""Writes to custody records. Each runs in one transaction with its timeline entry and
its audit event."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from athena.audit.services import audit_record
from custody.models import CustodyEntry, CustodyRecord, EntryKind, RecordStatus


class CustodyRuleBroken(Exception):
    """The action is not allowed (wrong role, wrong order, impossible time); the message
    says why in plain words."""


def _next_custody_number(suite, year):
    prefix = f"{suite.code}-{year:02d}-"
    last = (CustodyRecord.objects.filter(custody_number__startswith=prefix)
            .order_by("-custody_number").values_list("custody_number", flat=True).first())
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def _entry(record, *, kind, occurred_at, by, summary, **details):
    """Add a timed, dated and attributed entry to the record's timeline, in the change's
    transaction. Every change writes one, so this is also where the record's printable
    contingency pack is queued to be rebuilt (only if its content changed)."""
    from custody.tasks import queue_contingency_rebuild

    queue_contingency_rebuild(record)
    return CustodyEntry.objects.create(record=record, kind=kind, occurred_at=occurred_at,
                                       recorded_by=by, summary=summary, details=details)


def custody_book_in(*, acting_user, suite, person, arrested_at, arrived_at, arrest_place,
                    arresting_officer, grounds, offences=(), cell=""):
    """Open a custody record for a person brought to the suite.

    Raises CustodyRuleBroken for an arrival before the arrest or in the future, or a
    person already detained in any suite of the force.
    """
    now = timezone.now()
    if arrived_at < arrested_at:
        raise CustodyRuleBroken("The arrival at the station cannot be before the arrest.")
    if arrived_at > now + timezone.timedelta(minutes=5):
        raise CustodyRuleBroken("The arrival at the station cannot be in the future.")
    year = timezone.localdate(arrived_at).year % 100
    for _attempt in range(5):
        try:
            with transaction.atomic():
                already = CustodyRecord.objects.filter(
                    person=person, suite__force=suite.force,
                ).exclude(status=RecordStatus.CLOSED).exists()
                if already:
                    raise CustodyRuleBroken("This person is already in custody in this force.")
                record = CustodyRecord.objects.create(
                    suite=suite, custody_number=_next_custody_number(suite, year),
                    person=person, arrested_at=arrested_at, arrived_at=arrived_at,
                    arrest_place=arrest_place, arresting_officer=arresting_officer,
                    grounds=grounds, cell=cell)
                record.offences.set(offences)
                _entry(record, kind=EntryKind.BOOKED_IN, occurred_at=arrived_at,
                       by=acting_user, summary=f"Booked in at {suite.name}",
                       arresting_officer_id=arresting_officer.pk,
                       offences=[offence.cjs_code for offence in offences])
                audit_record(actor=acting_user, action="custody.record.opened", obj=record,
                             details={"suite": suite.code, "person_id": person.pk})
                return record
        except IntegrityError:
            continue
    raise IntegrityError("Could not allocate a custody number; try again.")


def custody_authorise_detention(*, acting_user, record, at):
    """The custody officer authorises detention: the review clock starts from ``at``."""
    with transaction.atomic():
        locked = CustodyRecord.objects.select_for_update().get(pk=record.pk)
        if locked.status != RecordStatus.AWAITING_AUTHORISATION:
            raise CustodyRuleBroken("Detention has already been authorised or has ended.")
        if at < locked.arrived_at:
            raise CustodyRuleBroken("Detention cannot be authorised before the arrival.")
        if at > timezone.now() + timezone.timedelta(minutes=5):
            raise CustodyRuleBroken("Detention cannot be authorised in the future.")
        locked.authorised_at = at
        locked.authorised_by = acting_user
        locked.status = RecordStatus.DETAINED
        locked.version = F("version") + 1
        locked.save(update_fields=["authorised_at", "authorised_by", "status", "version"])
        _entry(locked, kind=EntryKind.DETENTION_AUTHORISED, occurred_at=at, by=acting_user,
               summary=f"Authorised by {acting_user.display_name}: the review clock starts")
        audit_record(actor=acting_user, action="custody.detention.authorised", obj=locked)
    locked.refresh_from_db()
    return locked
