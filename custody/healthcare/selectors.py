"""Reads of healthcare on the custody record: how often a detainee is checked and when
the next check is due, the board's healthcare flags, and a record's directions and
checks."""

from datetime import timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from custody.models import (
    CustodyEntry,
    EntryKind,
    HcpDirection,
    ObservationCheck,
    ObservationLevel,
)

# How often a detainee at each level is checked (DOMAIN.md 2.4); None: constant watch.
CHECK_INTERVALS = {
    ObservationLevel.GENERAL: timedelta(hours=1),
    ObservationLevel.INTERMITTENT: timedelta(minutes=30),
    ObservationLevel.CONSTANT: None,
    ObservationLevel.CLOSE_PROXIMITY: None,
}


def with_latest_check(records):
    """``records`` (a queryset) with the time of each one's latest check, for a list of
    many records (the board) that needs no more of the timeline: a week's checks are
    hundreds of entries a suite."""
    latest = (CustodyEntry.objects.filter(record_id=OuterRef("pk"), kind=EntryKind.CHECK)
              .order_by("-occurred_at").values("occurred_at")[:1])
    return records.annotate(latest_check_at=Subquery(latest))


def last_check_at(record):
    """When the detainee was last checked, from ``with_latest_check`` or else the
    record's timeline (prefetch ``entries``); until the first check, when detention was
    authorised (or, before that, the arrival)."""
    if hasattr(record, "latest_check_at"):
        checks = [record.latest_check_at] if record.latest_check_at else []
    else:
        checks = [e.occurred_at for e in record.entries.all() if e.kind == EntryKind.CHECK]
    return max(checks, default=record.authorised_at or record.arrived_at)


def next_check_due(record):
    """When the next check is due at the record's observation level; None under
    constant watch."""
    interval = CHECK_INTERVALS[record.observation_level]
    return last_check_at(record) + interval if interval else None


def check_recorded(record, client_id):
    """Whether the check sent with ``client_id`` is already on the record (a second
    click of Save, or an entry made offline sent twice)."""
    return bool(client_id) and ObservationCheck.objects.filter(
        record=record, client_id=client_id).exists()


def directions_for_record(record):
    return (HcpDirection.objects.filter(record=record)
            .select_related("recorded_by", "acknowledged_by"))


def checks_for_record(record):
    return ObservationCheck.objects.filter(record=record).select_related("checked_by")


def hhmm(moment):
    """A time as the suite's clocks show it: 14:05."""
    return timezone.localtime(moment).strftime("%H:%M")


def healthcare_flags(records, now):
    """Plain-English healthcare flags for the board: {record_id: [flag, ...]}.

    Flags: directions no custody officer has acknowledged yet; a timed direction whose
    re-assessment is past due with no later direction recorded; a last check that was a
    failed rousing check. Two queries whatever the number of records.
    """
    ids = [record.pk for record in records]
    flags = {pk: [] for pk in ids}
    if not ids:
        return flags
    directions = {}
    for direction in HcpDirection.objects.filter(record_id__in=ids).order_by("given_at", "pk"):
        directions.setdefault(direction.record_id, []).append(direction)
    latest = ObservationCheck.objects.filter(record_id=OuterRef("record_id")).order_by(
        "-at", "-pk").values("pk")[:1]
    last_checks = ObservationCheck.objects.filter(record_id__in=ids, pk=Subquery(latest))
    for record_id, given in directions.items():
        flags[record_id] += _direction_flags(given, now)
    for check in last_checks:
        if check.failed_rousing:
            flags[check.record_id].append(
                f"The last check, at {hhmm(check.at)}, was a failed rousing check"
                + ("; HCP called" if check.hcp_called else ""))
    return flags


def _direction_flags(given, now):
    """Flags of one record's directions, in the order they were given."""
    flags = [f"HCP direction awaiting acknowledgement: {direction.get_kind_display().lower()}"
             for direction in given if direction.acknowledged_at is None]
    timed = [d for d in given if d.reassess_by is not None]
    if timed:
        last_timed = timed[-1]
        superseded = any(d.given_at > last_timed.given_at for d in given)
        if not superseded and now > last_timed.reassess_by:
            flags.append(f"Re-assessment by the HCP was due at {hhmm(last_timed.reassess_by)}")
    return flags
