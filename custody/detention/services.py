"""Writes for the detention clock: authorising detention, reviews (and postponements), a
superintendent's extension, a warrant of further detention, charge, and closing the
record.

Every rule comes from custody.detention.clock (check_review, check_extension,
check_warrant, check_close, DetentionFacts); this module only applies them to the locked
record. Each write runs in one transaction with its timeline entry, the contingency
rebuild it queues, and its audit event (ids and codes only), last.
"""


from django.db import transaction
from django.db.models import F

from athena.accounts.roles import Role
from athena.audit.services import audit_record
from athena.problems import Problem
from custody.detention import clock
from custody.detention.selectors import detention_facts
from custody.models import (
    CloseReason,
    CustodyRecord,
    DetentionExtension,
    DetentionReview,
    DetentionWarrant,
    EntryKind,
    HospitalStay,
    RecordStatus,
)
from custody.records.rules import is_in_future
from custody.records.services import (
    CustodyRuleBroken,
    contingency_rebuild_queue,
    timeline_entry_add,
)


class DetentionRefused(CustodyRuleBroken):
    """The detention clock refused the action; ``problems`` are its reasons."""


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
        raise CustodyRuleBroken(Problem(
            "record_closed", "", "This custody record is closed: the person has left "
                                 "detention and nothing more can be recorded."))
    if authorised and locked.authorised_at is None:
        raise CustodyRuleBroken(Problem("not_authorised", "",
                                        "Detention has not been authorised yet."))
    return locked


def _not_future(at, what):
    if is_in_future(at):
        raise DetentionRefused(Problem("in_future", "at",
                                       f"The time of {what} cannot be in the future."))


def _refuse_on(problems):
    if problems:
        raise DetentionRefused(*problems)


def _bump(locked, *fields):
    locked.version = F("version") + 1
    locked.save(update_fields=[*fields, "version"])


def review_record(*, acting_user, record, at, postponed=False, reason="", notes=""):
    """Record a review of detention (s.40) or its postponement (which needs a reason and
    moves no later deadline). The role is the acting user's; the clock decides."""
    _not_future(at, "the review")
    with transaction.atomic():
        locked = _locked_open(record)
        facts = detention_facts(locked)
        role = review_role_for(acting_user, charged=facts.is_charged_at(at))
        review = clock.Review(at=at, by_role=role, postponed=postponed, reason=reason)
        _refuse_on(clock.check_review(facts, review))
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
        timeline_entry_add(locked, kind=EntryKind.REVIEW, occurred_at=at, by=acting_user,
                           summary=summary, review_id=row.pk, by_role=role,
                           postponed=postponed)
        contingency_rebuild_queue(locked)
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
        facts = detention_facts(locked)
        extension = clock.Extension(at=at, by_role=role, new_limit_hours=new_limit_hours,
                                    grounds=grounds)
        _refuse_on(clock.check_extension(facts, extension))
        row = DetentionExtension.objects.create(record=locked, at=at, granted_by=acting_user,
                                                by_role=role,
                                                new_limit_hours=new_limit_hours,
                                                grounds=grounds)
        _bump(locked)
        new_limit = facts.hours_limit(new_limit_hours)
        timeline_entry_add(
            locked, kind=EntryKind.EXTENSION, occurred_at=at, by=acting_user,
            summary=f"Detention extended to {new_limit_hours} hours from the relevant "
                    f"time (until {clock.london(new_limit)}) by "
                    f"{acting_user.display_name}: {grounds}",
            extension_id=row.pk, new_limit_hours=new_limit_hours)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.detention.extended", obj=locked,
                     details={"extension_id": row.pk, "new_limit_hours": new_limit_hours})
    return row


def warrant_record(*, acting_user, record, at, granted_until, court,
                   court_could_not_sit=False):
    """The custody officer records a warrant of further detention (s.43) or its
    extension (s.44): at most 36 hours from issue, never beyond 96 hours; up to 6 hours
    after the 36 only when the court could not sit then (s.43(5)(b))."""
    _not_future(at, "the warrant")
    with transaction.atomic():
        locked = _locked_open(record)
        facts = detention_facts(locked)
        _refuse_on(clock.check_warrant(facts, clock.Warrant(
            at=at, granted_until=granted_until, court_could_not_sit=court_could_not_sit)))
        row = DetentionWarrant.objects.create(record=locked, at=at,
                                              granted_until=granted_until, court=court,
                                              court_could_not_sit=court_could_not_sit,
                                              recorded_by=acting_user)
        _bump(locked)
        timeline_entry_add(
            locked, kind=EntryKind.EXTENSION, occurred_at=at, by=acting_user,
            summary=f"Warrant of further detention issued by {court}: detention "
                    f"authorised until {clock.london(granted_until)}",
            warrant_id=row.pk)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.detention.warrant_recorded",
                     obj=locked, details={"warrant_id": row.pk})
    return row


def hospital_stay_record(*, acting_user, record, left_at, returned_at, questioned,
                         hospital=""):
    """Time the detainee spent at hospital, or going there and back: unless they were
    questioned, it does not count towards the detention limit (s.41(6)), which moves
    later by as much."""
    _not_future(returned_at, "the return from hospital")
    if returned_at < left_at:
        raise DetentionRefused(Problem("hospital_return_before_leaving", "returned_at",
                                       "The return cannot be before leaving for hospital."))
    with transaction.atomic():
        locked = _locked_open(record)
        if left_at < max(locked.arrived_at, locked.arrested_at):
            raise DetentionRefused(Problem(
                "hospital_before_arrival", "left_at",
                "The detainee cannot have left for hospital before the arrest and the "
                "arrival at the station."))
        row = HospitalStay.objects.create(record=locked, left_at=left_at,
                                          returned_at=returned_at, questioned=questioned,
                                          hospital=hospital, recorded_by=acting_user)
        _bump(locked)
        limit = clock.detention_clock(detention_facts(locked)).detention_limit
        counted = ("counted: questioned while away" if questioned else
                   f"not counted (PACE s.41(6)); the limit is now {clock.london(limit)}")
        timeline_entry_add(
            locked, kind=EntryKind.NOTE, occurred_at=left_at, by=acting_user,
            summary=f"At hospital{f' ({hospital})' if hospital else ''} from "
                    f"{clock.london(left_at)} to {clock.london(returned_at)}: {counted}",
            hospital_stay_id=row.pk)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.detention.hospital_recorded",
                     obj=locked, details={"hospital_stay_id": row.pk,
                                          "questioned": questioned})
    return row


def charge_record(*, acting_user, record, at):
    """The person is charged at ``at``: the limit on detention without charge stops and
    later reviews pass to the custody officer."""
    _not_future(at, "charge")
    with transaction.atomic():
        locked = _locked_open(record)
        if locked.charged_at is not None:
            raise CustodyRuleBroken(Problem("already_charged", "",
                                            "The person has already been charged."))
        if at < locked.authorised_at:
            raise DetentionRefused(Problem(
                "charge_before_authorisation", "at", "Charge cannot be before detention was "
                f"authorised, at {clock.london(locked.authorised_at)}."))
        locked.charged_at = at
        _bump(locked, "charged_at")
        timeline_entry_add(locked, kind=EntryKind.NOTE, occurred_at=at, by=acting_user,
                           summary=f"Charged, recorded by {acting_user.display_name}: reviews "
                                   "now by the custody officer", charged=True)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.detention.charged", obj=locked)
    locked.refresh_from_db()
    return locked


def _unauthorised_close_problems(locked, at, reason):
    """Leaving before detention was authorised: not before the arrival, and not with a
    charge (there can be none yet)."""
    problems = []
    if at < locked.arrived_at:
        problems.append(Problem("left_before_arrival", "at", "The person cannot leave before "
                                f"arriving, at {clock.london(locked.arrived_at)}."))
    if reason in clock.CHARGED_CLOSE_REASONS:
        problems.append(Problem("charge_time_missing", "reason",
                                f"{CloseReason(reason).label} needs a charge time."))
    return problems


def close_record(*, acting_user, record, at, reason):
    """The person leaves detention (released, bailed, charged, transferred): the clock
    stops and the record accepts nothing more."""
    _not_future(at, "leaving custody")
    with transaction.atomic():
        locked = _locked_open(record, authorised=False)
        if locked.authorised_at is None:
            _refuse_on(_unauthorised_close_problems(locked, at, reason))
        else:
            _refuse_on(clock.check_close(detention_facts(locked), at=at, reason=reason))
        locked.status = RecordStatus.CLOSED
        locked.closed_at = at
        locked.close_reason = reason
        _bump(locked, "status", "closed_at", "close_reason")
        timeline_entry_add(locked, kind=EntryKind.CLOSED, occurred_at=at, by=acting_user,
                           summary=f"{CloseReason(reason).label}: left custody, recorded by "
                                   f"{acting_user.display_name}", close_reason=reason)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.record.closed", obj=locked,
                     details={"close_reason": reason})
    locked.refresh_from_db()
    return locked
