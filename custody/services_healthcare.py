"""Writes for healthcare on the custody record: HCP directions and their
acknowledgement, observation checks with the Annex H rousing check, and changes of
observation level. Each runs in one transaction with its timeline entry and audit event
(ids and codes only)."""

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.services import audit_record
from custody.models import (
    CustodyRecord,
    DirectionKind,
    EntryKind,
    HcpDirection,
    HcpRole,
    ObservationCheck,
    ObservationLevel,
    RecordStatus,
)
from custody.services import CustodyRuleBroken, _entry

FUTURE_SLACK = timezone.timedelta(minutes=5)
ROUSING_FIELDS = ("rousable", "responds_to_questions", "responds_to_commands")


def _must_run_custody(user, record):
    if not user.has_perm("custody.change_custodyrecord", record):
        raise CustodyRuleBroken("Only a custody officer of this force can do this.")


def _open_locked(record):
    locked = CustodyRecord.objects.select_for_update().get(pk=record.pk)
    if locked.status == RecordStatus.CLOSED:
        raise CustodyRuleBroken("The detainee has left custody; the record is closed.")
    return locked


def _check_time(at, record, what):
    if at < record.arrived_at:
        raise CustodyRuleBroken(f"The time of the {what} cannot be before the arrival at "
                                "the station.")
    if at > timezone.now() + FUTURE_SLACK:
        raise CustodyRuleBroken(f"The time of the {what} cannot be in the future.")


def _hhmm(moment):
    return timezone.localtime(moment).strftime("%H:%M")


def hcp_direction_record(*, acting_user, record, given_at, hcp_name, hcp_role, kind,
                         text="", reassess_by=None):
    """Record what a healthcare professional directed or found. A "re-assess within"
    direction needs the time it is due by; it becomes a due item on the board."""
    _must_run_custody(acting_user, record)
    if hcp_role not in HcpRole.values:
        raise CustodyRuleBroken("Choose the healthcare professional's role.")
    if kind not in DirectionKind.values:
        raise CustodyRuleBroken("Choose the kind of direction.")
    if not hcp_name.strip():
        raise CustodyRuleBroken("Enter the name of the healthcare professional.")
    if kind == DirectionKind.REASSESS_WITHIN and reassess_by is None:
        raise CustodyRuleBroken("Enter when the re-assessment is due.")
    if reassess_by is not None and reassess_by <= given_at:
        raise CustodyRuleBroken("The re-assessment must be due after the direction was given.")
    with transaction.atomic():
        locked = _open_locked(record)
        _check_time(given_at, locked, "direction")
        direction = HcpDirection.objects.create(
            record=locked, given_at=given_at, hcp_name=hcp_name.strip(), hcp_role=hcp_role,
            kind=kind, text=text, reassess_by=reassess_by, recorded_by=acting_user)
        # The name as typed, then the role in brackets, so a name typed with its title
        # ("Nurse Bello") never reads "Nurse Nurse Bello".
        summary = (f"{direction.hcp_name} ({HcpRole(hcp_role).label.lower()}): "
                   f"{DirectionKind(kind).label.lower()}")
        if reassess_by is not None:
            summary += f", re-assess by {_hhmm(reassess_by)}"
        if text:
            summary += f". {text}"
        _entry(locked, kind=EntryKind.HEALTHCARE, occurred_at=given_at, by=acting_user,
               summary=summary, direction_id=direction.pk, direction_kind=kind)
        audit_record(actor=acting_user, action="custody.hcp_direction.recorded",
                     obj=direction, details={"record_id": locked.pk, "kind": kind})
    return direction


def hcp_direction_acknowledge(*, acting_user, direction, at=None):
    """A custody officer acknowledges the direction, once; it stops being flagged.
    ``at`` is when it really happened, for an acknowledgement made offline and sent
    later; it may not be in the future or before the direction was given."""
    if not acting_user.has_role(Role.CUSTODY_OFFICER):
        raise CustodyRuleBroken("Only a custody officer can acknowledge an HCP direction.")
    _must_run_custody(acting_user, direction.record)
    now = timezone.now()
    if at is not None and direction.given_at <= at <= now:
        now = at
    with transaction.atomic():
        locked = HcpDirection.objects.select_for_update().select_related("record").get(
            pk=direction.pk)
        if locked.acknowledged_at is not None:
            raise CustodyRuleBroken("This direction has already been acknowledged.")
        locked.acknowledged_at = now
        locked.acknowledged_by = acting_user
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
        _entry(locked.record, kind=EntryKind.HEALTHCARE, occurred_at=now, by=acting_user,
               summary=(f"HCP direction acknowledged by {acting_user.display_name}: "
                        f"{locked.get_kind_display().lower()}"),
               direction_id=locked.pk)
        audit_record(actor=acting_user, action="custody.hcp_direction.acknowledged",
                     obj=locked, details={"record_id": locked.record_id})
    return locked


def check_record(*, acting_user, record, at, notes="", rousable=None,
                 responds_to_questions=None, responds_to_commands=None, hcp_called=False,
                 client_id=None):
    """Record a check on the detainee. At level 2 and above the three Annex H answers
    are required; any "no" is a failed rousing check, which needs the HCP (or an
    ambulance) called and is written to the timeline as such."""
    _must_run_custody(acting_user, record)
    answers = (rousable, responds_to_questions, responds_to_commands)
    with transaction.atomic():
        locked = _open_locked(record)
        _check_time(at, locked, "check")
        level = locked.observation_level
        if level >= ObservationLevel.INTERMITTENT:
            if None in answers:
                raise CustodyRuleBroken("At level 2 and above record all three rousing "
                                        "tests: rousable, responds to questions, responds "
                                        "to commands.")
        failed = False in answers
        if failed and not hcp_called:
            raise CustodyRuleBroken("The rousing check failed: call the healthcare "
                                    "professional or an ambulance, and record that you "
                                    "have.")
        if client_id and ObservationCheck.objects.filter(client_id=client_id).exists():
            raise CustodyRuleBroken("This check has already been recorded.")
        check = ObservationCheck.objects.create(
            record=locked, at=at, checked_by=acting_user, level=level, notes=notes,
            rousable=answers[0], responds_to_questions=answers[1],
            responds_to_commands=answers[2], hcp_called=bool(hcp_called),
            client_id=client_id or None)
        if failed:
            summary = f"Failed rousing check at level {level}"
            missed = [label for label, answer in zip(
                ("not rousable", "no response to questions", "no response to commands"),
                answers, strict=True) if answer is False]
            summary += f" ({', '.join(missed)})"
        elif None not in answers:
            summary = f"Check at level {level}, roused: responds to questions and commands"
        else:
            summary = f"Check at level {level}"
        if notes:
            summary += f". {notes}"
        _entry(locked, kind=EntryKind.CHECK, occurred_at=at, by=acting_user,
               summary=summary, check_id=check.pk, level=level, failed_rousing=failed)
        if failed:
            _entry(locked, kind=EntryKind.HEALTHCARE, occurred_at=at, by=acting_user,
                   summary="HCP called after a failed rousing check", check_id=check.pk)
        audit_record(actor=acting_user, action="custody.check.recorded", obj=check,
                     details={"record_id": locked.pk, "level": level,
                              "failed_rousing": failed, "hcp_called": check.hcp_called})
    return check


def observation_level_change(*, acting_user, record, level, reason):
    """Set the observation level (normally from the risk assessment), with the reason."""
    _must_run_custody(acting_user, record)
    if level not in ObservationLevel.values:
        raise CustodyRuleBroken("Choose an observation level from 1 to 4.")
    if not reason.strip():
        raise CustodyRuleBroken("Enter the reason for the change of observation level.")
    now = timezone.now()
    with transaction.atomic():
        locked = _open_locked(record)
        previous = locked.observation_level
        if previous == level:
            raise CustodyRuleBroken("The detainee is already at this observation level.")
        locked.observation_level = level
        locked.version = F("version") + 1
        locked.save(update_fields=["observation_level", "version"])
        _entry(locked, kind=EntryKind.RISK_ASSESSMENT, occurred_at=now, by=acting_user,
               summary=(f"Observation level changed from {previous} to {level}: "
                        f"{reason.strip()}"),
               previous_level=previous, level=level)
        audit_record(actor=acting_user, action="custody.observation_level.changed",
                     obj=locked, details={"from": previous, "to": level})
    locked.refresh_from_db()
    return locked


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
        for direction in given:
            if direction.acknowledged_at is None:
                flags[record_id].append("HCP direction awaiting acknowledgement: "
                                        f"{direction.get_kind_display().lower()}")
        timed = [d for d in given if d.reassess_by is not None]
        if timed:
            last_timed = timed[-1]
            superseded = any(d.given_at > last_timed.given_at for d in given)
            if not superseded and now > last_timed.reassess_by:
                flags[record_id].append("Re-assessment by the HCP was due at "
                                        f"{_hhmm(last_timed.reassess_by)}")
    for check in last_checks:
        if check.failed_rousing:
            flags[check.record_id].append(
                f"The last check, at {_hhmm(check.at)}, was a failed rousing check"
                + ("; HCP called" if check.hcp_called else ""))
    return flags
