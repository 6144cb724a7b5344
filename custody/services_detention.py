"""Writes for the detention clock: reviews (and postponements), a superintendent's
extension, a warrant of further detention, charge, and closing the record.

Every rule comes from custody/clock.py (check_review, check_extension, check_warrant,
DetentionFacts); this module only applies them to the locked record. Each write runs in
one transaction with its timeline entry and its audit event (ids and codes only).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.services import audit_record
from custody import clock
from custody.models import (
    CustodyRecord,
    DetentionExtension,
    DetentionReview,
    DetentionWarrant,
    EntryKind,
    RecordStatus,
)
from custody.services import CustodyRuleBroken, _entry

# Times keyed in from a clock a little ahead of the server's are not "in the future".
FUTURE_TOLERANCE = timedelta(minutes=5)


class DetentionRefused(CustodyRuleBroken):
    """The clock refused the action; ``reasons`` are its plain-English reasons."""

    def __init__(self, reasons):
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))


def detention_facts_full(record):
    """The clock's facts from a record: its reviews, extensions and warrants; None until
    detention is authorised. Prefetch ``reviews``, ``extensions`` and ``warrants`` to
    read many records in a fixed number of queries."""
    if record.authorised_at is None:
        return None
    return clock.DetentionFacts(
        arrested_at=record.arrested_at, arrived_at=record.arrived_at,
        authorised_at=record.authorised_at, charged_at=record.charged_at,
        closed_at=record.closed_at, close_reason=record.close_reason,
        reviews=tuple(clock.Review(at=r.at, by_role=r.by_role, postponed=r.postponed,
                                   reason=r.reason) for r in record.reviews.all()),
        extensions=tuple(clock.Extension(at=e.at, by_role=e.by_role,
                                         new_limit_hours=e.new_limit_hours,
                                         grounds=e.grounds) for e in record.extensions.all()),
        warrants=tuple(clock.Warrant(at=w.at, granted_until=w.granted_until)
                       for w in record.warrants.all()),
    )


def review_role_for(user, *, charged):
    """The role in which ``user`` reviews: after charge the custody officer; before it
    the highest of superintendent and inspector. A user without the right role gets
    their nearest role, so that check_review says why they may not."""
    if charged and user.has_role(Role.CUSTODY_OFFICER):
        return Role.CUSTODY_OFFICER
    for role in (Role.SUPERINTENDENT, Role.INSPECTOR, Role.CUSTODY_OFFICER):
        if user.has_role(role):
            return role
    return Role.OFFICER


def _locked_open(record, *, authorised=True):
    locked = CustodyRecord.objects.select_for_update().get(pk=record.pk)
    if locked.status == RecordStatus.CLOSED:
        raise CustodyRuleBroken("This custody record is closed: the person has left "
                                "detention and nothing more can be recorded.")
    if authorised and locked.authorised_at is None:
        raise CustodyRuleBroken("Detention has not been authorised yet.")
    return locked


def _not_future(at, what):
    if at > timezone.now() + FUTURE_TOLERANCE:
        raise DetentionRefused([f"The time of {what} cannot be in the future."])


def _bump(locked, *fields):
    locked.version = F("version") + 1
    locked.save(update_fields=[*fields, "version"])


def review_record(*, acting_user, record, at, postponed=False, reason="", notes=""):
    """Record a review of detention (s.40) or its postponement (which needs a reason and
    moves no later deadline). The role is the acting user's; the clock decides."""
    _not_future(at, "the review")
    with transaction.atomic():
        locked = _locked_open(record)
        facts = detention_facts_full(locked)
        role = review_role_for(acting_user, charged=facts.is_charged_at(at))
        review = clock.Review(at=at, by_role=role, postponed=postponed, reason=reason)
        reasons = clock.check_review(facts, review)
        if reasons:
            raise DetentionRefused(reasons)
        row = DetentionReview.objects.create(record=locked, at=at, reviewed_by=acting_user,
                                             by_role=role, postponed=postponed,
                                             reason=reason)
        _bump(locked)
        summary = (f"Review postponed by {acting_user.display_name} "
                   f"({Role(role).label.lower()}): {reason}" if postponed else
                   f"Detention reviewed and continued by {acting_user.display_name} "
                   f"({Role(role).label.lower()})")
        if notes:
            summary += f". {notes}"
        _entry(locked, kind=EntryKind.REVIEW, occurred_at=at, by=acting_user,
               summary=summary, review_id=row.pk, by_role=role, postponed=postponed)
        audit_record(actor=acting_user, action="custody.detention.reviewed", obj=locked,
                     details={"review_id": row.pk, "by_role": str(role),
                              "postponed": postponed})
    return row


def extension_grant(*, acting_user, record, at, new_limit_hours, grounds):
    """A superintendent extends detention without charge (s.42), to at most 36 hours."""
    _not_future(at, "the extension")
    role = Role.SUPERINTENDENT if acting_user.has_role(Role.SUPERINTENDENT) else (
        review_role_for(acting_user, charged=False))
    with transaction.atomic():
        locked = _locked_open(record)
        facts = detention_facts_full(locked)
        extension = clock.Extension(at=at, by_role=role, new_limit_hours=new_limit_hours,
                                    grounds=grounds)
        reasons = clock.check_extension(facts, extension)
        if reasons:
            raise DetentionRefused(reasons)
        row = DetentionExtension.objects.create(record=locked, at=at, granted_by=acting_user,
                                                by_role=role,
                                                new_limit_hours=new_limit_hours,
                                                grounds=grounds)
        _bump(locked)
        new_limit = facts.relevant_time + timedelta(hours=new_limit_hours)
        _entry(locked, kind=EntryKind.EXTENSION, occurred_at=at, by=acting_user,
               summary=f"Detention extended to {new_limit_hours} hours from the relevant "
                       f"time (until {clock.london(new_limit)}) by "
                       f"{acting_user.display_name}: {grounds}",
               extension_id=row.pk, new_limit_hours=new_limit_hours)
        audit_record(actor=acting_user, action="custody.detention.extended", obj=locked,
                     details={"extension_id": row.pk, "new_limit_hours": new_limit_hours})
    return row


def warrant_record(*, acting_user, record, at, granted_until, court):
    """The custody officer records a warrant of further detention (s.43) or its
    extension (s.44): at most 36 hours from issue, never beyond 96 hours."""
    _not_future(at, "the warrant")
    with transaction.atomic():
        locked = _locked_open(record)
        facts = detention_facts_full(locked)
        reasons = clock.check_warrant(facts, clock.Warrant(at=at, granted_until=granted_until))
        if reasons:
            raise DetentionRefused(reasons)
        row = DetentionWarrant.objects.create(record=locked, at=at,
                                              granted_until=granted_until, court=court,
                                              recorded_by=acting_user)
        _bump(locked)
        _entry(locked, kind=EntryKind.EXTENSION, occurred_at=at, by=acting_user,
               summary=f"Warrant of further detention issued by {court}: detention "
                       f"authorised until {clock.london(granted_until)}",
               warrant_id=row.pk)
        audit_record(actor=acting_user, action="custody.detention.warrant_recorded",
                     obj=locked, details={"warrant_id": row.pk})
    return row


def charge_record(*, acting_user, record, at):
    """The person is charged at ``at``: the limit on detention without charge stops and
    later reviews pass to the custody officer."""
    _not_future(at, "charge")
    with transaction.atomic():
        locked = _locked_open(record)
        if locked.charged_at is not None:
            raise CustodyRuleBroken("The person has already been charged.")
        if at < locked.authorised_at:
            raise DetentionRefused(["Charge cannot be before detention was authorised, at "
                                    f"{clock.london(locked.authorised_at)}."])
        locked.charged_at = at
        _bump(locked, "charged_at")
        _entry(locked, kind=EntryKind.NOTE, occurred_at=at, by=acting_user,
               summary=f"Charged, recorded by {acting_user.display_name}: reviews now by "
                       "the custody officer", charged=True)
        audit_record(actor=acting_user, action="custody.detention.charged", obj=locked)
    locked.refresh_from_db()
    return locked


def close_record(*, acting_user, record, at, reason):
    """The person leaves detention (released, bailed, charged, transferred): the clock
    stops and the record accepts nothing more."""
    _not_future(at, "leaving custody")
    with transaction.atomic():
        locked = _locked_open(record, authorised=False)
        if locked.authorised_at is None:
            if at < locked.arrived_at:
                raise DetentionRefused(["The person cannot leave before arriving, at "
                                        f"{clock.london(locked.arrived_at)}."])
            if reason in clock.CHARGED_CLOSE_REASONS:
                raise DetentionRefused([f"{clock.CloseReason(reason).label} needs a charge "
                                        "time."])
        else:
            facts = detention_facts_full(locked)
            try:
                clock.DetentionFacts(
                    arrested_at=facts.arrested_at, arrived_at=facts.arrived_at,
                    authorised_at=facts.authorised_at, charged_at=facts.charged_at,
                    closed_at=at, close_reason=reason)
            except ValueError as error:
                raise DetentionRefused([str(error)]) from error
        locked.status = RecordStatus.CLOSED
        locked.closed_at = at
        locked.close_reason = reason
        _bump(locked, "status", "closed_at", "close_reason")
        _entry(locked, kind=EntryKind.CLOSED, occurred_at=at, by=acting_user,
               summary=f"{clock.CloseReason(reason).label}: left custody, recorded by "
                       f"{acting_user.display_name}", close_reason=reason)
        audit_record(actor=acting_user, action="custody.record.closed", obj=locked,
                     details={"close_reason": reason})
    locked.refresh_from_db()
    return locked
