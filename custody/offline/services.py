"""Writes for entries made on a device while the server could not be reached: receiving
each exactly once, and resolving one the rules refused on arrival."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from athena.audit.services import audit_record
from athena.problems import Problem
from custody.models import OfflineEntry, OfflineEntryStatus, OfflineResolution
from custody.records.services import CustodyRuleBroken, contingency_rebuild_queue

REASON_MAX_LENGTH = 1000


def _problem_dicts(problems):
    return [{"code": problem.code, "field": problem.field, "message": problem.message}
            for problem in problems]


def offline_entry_receive(*, arrival, receiver, form_url, fields):
    """Record an entry from a device once, whatever the number of deliveries: returns
    ``(entry, received)`` where ``received`` is the receiver's ``Received`` for a first
    delivery, or None when this client id arrived before (``entry`` says what became of
    it). An entry the rules refuse is kept, open, for a custody officer to resolve; a
    refused *live* entry (its maker is at the form) is not kept: entry is None and the
    form shows the problems instead. ``fields`` is what was typed, kept as it came."""
    earlier = OfflineEntry.objects.filter(client_id=arrival.client_id).first()
    if earlier is not None:
        return earlier, None
    with transaction.atomic():
        try:
            with transaction.atomic():
                entry = OfflineEntry.objects.create(
                    client_id=arrival.client_id, record=arrival.record, form_url=form_url,
                    fields=fields, made_by=arrival.maker, saved_at=arrival.saved_at,
                    received_by=arrival.sender, status=OfflineEntryStatus.RECORDED)
        except IntegrityError:  # the same entry, delivered twice at the same moment
            return OfflineEntry.objects.get(client_id=arrival.client_id), None
        received = receiver(arrival)
        entry.what = received.what[:200]
        entry.typed = [list(pair) for pair in received.typed]
        if not received.recorded:
            if arrival.live:
                transaction.set_rollback(True)
                return None, received
            entry.status = OfflineEntryStatus.REFUSED
            entry.problems = _problem_dicts(received.problems)
            contingency_rebuild_queue(arrival.record)
        entry.save(update_fields=["what", "typed", "status", "problems"])
        audit_record(actor=arrival.sender, action=f"custody.offline_entry.{entry.status}",
                     obj=arrival.record,
                     details={"client_id": entry.client_id, "offline_entry_id": entry.pk,
                              "made_by_id": arrival.maker.pk, "live": arrival.live})
    return entry, received


def _open_refusal_locked(entry):
    locked = OfflineEntry.objects.select_for_update().get(pk=entry.pk)
    if not locked.is_open_refusal:
        raise CustodyRuleBroken(Problem("refusal_resolved", "", "This entry has already "
                                        "been dealt with."))
    return locked


def offline_refusal_dismiss(*, acting_user, entry, reason):
    """A custody officer dismisses a refused entry, saying why (it was recorded some
    other way, it was a mistake...). It stays on file with the reason."""
    reason = " ".join(str(reason or "").split())[:REASON_MAX_LENGTH]
    if not reason:
        raise CustodyRuleBroken(Problem("dismiss_reason_missing", "reason",
                                        "Say why the entry is not recorded"))
    if not acting_user.has_perm("custody.change_custodyrecord", entry.record):
        raise CustodyRuleBroken(Problem("not_custody_officer", "", "Only a custody officer "
                                        "of this force can deal with this entry."))
    with transaction.atomic():
        locked = _open_refusal_locked(entry)
        locked.resolved_at = timezone.now()
        locked.resolved_by = acting_user
        locked.resolution = OfflineResolution.DISMISSED
        locked.resolution_reason = reason
        locked.save(update_fields=["resolved_at", "resolved_by", "resolution",
                                   "resolution_reason"])
        contingency_rebuild_queue(locked.record)
        audit_record(actor=acting_user, action="custody.offline_entry.dismissed",
                     obj=locked.record, reason=reason,
                     details={"offline_entry_id": locked.pk})
    return locked


def offline_refusal_recorded_again(*, acting_user, entry):
    """A refused entry has been recorded again (corrected where needed) from its form."""
    with transaction.atomic():
        locked = _open_refusal_locked(entry)
        locked.resolved_at = timezone.now()
        locked.resolved_by = acting_user
        locked.resolution = OfflineResolution.RECORDED_AGAIN
        locked.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        audit_record(actor=acting_user, action="custody.offline_entry.recorded_again",
                     obj=locked.record, details={"offline_entry_id": locked.pk})
    return locked
