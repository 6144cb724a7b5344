"""Recording an authorisation on a custody record: the rules (rules.py) decide, the
record's clock gives the relevant time, and each is written with its timeline entry and
audit event in one transaction. Pre-charge bail and its extensions are recorded on a
closed record too (the person has left the station on bail); the rest need it open."""

from django.db import transaction

from athena.accounts.roles import Role
from athena.audit.services import audit_record
from athena.problems import Problem
from custody.authorisations import rules
from custody.detention.clock import detention_clock, london
from custody.detention.selectors import detention_facts, offences_indictable
from custody.models import (
    Authorisation,
    AuthorisationKind,
    CustodyRecord,
    EntryKind,
    RecordStatus,
)
from custody.records.rules import is_in_future
from custody.records.selectors import DELAYS, active_authorisations
from custody.records.services import (
    CustodyRuleBroken,
    contingency_rebuild_queue,
    timeline_entry_add,
)

# Recorded after the person has left the station as well.
ON_A_CLOSED_RECORD = frozenset({AuthorisationKind.PRE_CHARGE_BAIL,
                                AuthorisationKind.BAIL_EXTENSION})
# Ask the detention clock's relevant time, so only once detention is authorised.
AFTER_AUTHORISATION = frozenset({AuthorisationKind.DELAY_INFORMING,
                                 AuthorisationKind.DELAY_LEGAL_ADVICE,
                                 AuthorisationKind.REST_PERIOD})
ROLES_HIGHEST_FIRST = (Role.SUPERINTENDENT, Role.INSPECTOR, Role.CUSTODY_OFFICER)


def acting_role(user, kind):
    """The role in which ``user`` authorises ``kind``: the highest they hold of those
    the law allows, or their highest role, so the rules can say why not."""
    allowed = rules.LAWS[kind].roles
    held = [role for role in ROLES_HIGHEST_FIRST if user.has_role(role)]
    return next((role for role in held if role in allowed), held[0] if held else Role.OFFICER)


def custody_authorise_detention(*, acting_user, record, at, grounds, necessity):
    """The custody officer authorises detention on ``grounds`` (a ground of s.37(2) or
    (7)), with the arrest's ``necessity`` (Code G 2.9 reasons, as the arresting officer
    gave them): the review clock starts from ``at``. Raises CustodyRuleBroken once
    authorised or closed, for a time before the arrival or in the future, or for what
    the authorisation rules refuse (custody/authorisations/rules.py), each at its field."""
    problems = rules.authorisation_problems(rules.Request(
        kind=AuthorisationKind.DETENTION, at=at, grounds=grounds, reasons=tuple(necessity),
        roles=frozenset(role for role in (Role.CUSTODY_OFFICER,)
                        if acting_user.has_role(role))))
    if problems:
        raise CustodyRuleBroken(*problems)
    with transaction.atomic():
        locked = CustodyRecord.objects.select_for_update().get(pk=record.pk)
        if locked.status != RecordStatus.AWAITING_AUTHORISATION:
            raise CustodyRuleBroken(Problem("already_authorised", "", "Detention has already "
                                            "been authorised or has ended."))
        if at < max(locked.arrived_at, locked.arrested_at):
            raise CustodyRuleBroken(Problem("authorised_before_arrival", "at", "Detention "
                                            "cannot be authorised before the arrival and "
                                            "the arrest."))
        if is_in_future(at):
            raise CustodyRuleBroken(Problem("in_future", "at", "Detention cannot be "
                                            "authorised in the future."))
        locked.authorised_at = at
        locked.authorised_by = acting_user
        locked.status = RecordStatus.DETAINED
        locked.version += 1
        locked.save(update_fields=["authorised_at", "authorised_by", "status", "version"])
        Authorisation.objects.create(record=locked, kind=AuthorisationKind.DETENTION, at=at,
                                     authorised_by=acting_user, by_role=Role.CUSTODY_OFFICER,
                                     grounds=grounds, reasons=list(necessity))
        ground = dict(rules.DETENTION_GROUNDS)[grounds]
        timeline_entry_add(locked, kind=EntryKind.DETENTION_AUTHORISED, occurred_at=at,
                           by=acting_user, summary=f"Authorised by {acting_user.display_name}:"
                                                   f" {ground}; the review clock starts",
                           grounds=grounds, necessity=list(necessity))
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.detention.authorised", obj=locked)
    locked.refresh_from_db()
    return locked


def _locked(record, kind):
    locked = CustodyRecord.objects.select_for_update().get(pk=record.pk)
    if locked.status == RecordStatus.CLOSED and kind not in ON_A_CLOSED_RECORD:
        raise CustodyRuleBroken(Problem("record_closed", "", "This custody record is closed: "
                                                             "nothing more can be recorded."))
    if kind in AFTER_AUTHORISATION and locked.authorised_at is None:
        raise CustodyRuleBroken(Problem("not_authorised", "", "Authorise detention first."))
    return locked


def _request(locked, user, kind, at, **given):
    facts = detention_facts(locked)
    bail = tuple((a.kind, a.reasons[0] if a.kind == AuthorisationKind.BAIL_EXTENSION
                  and a.reasons else "", a.until)
                 for a in locked.authorisations.all()
                 if a.kind in (AuthorisationKind.PRE_CHARGE_BAIL,
                               AuthorisationKind.BAIL_EXTENSION))
    return rules.Request(
        kind=kind, at=at, roles=frozenset(role for role in ROLES_HIGHEST_FIRST
                                          if user.has_role(role)),
        relevant_time=facts.relevant_time if facts else None,
        arrested_at=locked.arrested_at, charged_at=locked.charged_at,
        indictable=offences_indictable(locked.offences.all()), bail_history=bail, **given)


def authorisation_record(*, acting_user, record, kind, at, grounds="", reasons=(),
                         until=None, court="", extension=""):
    """Record ``kind`` authorised by ``acting_user`` at ``at``; raises CustodyRuleBroken
    with the rules' problems, each at its field."""
    if is_in_future(at):
        raise CustodyRuleBroken(Problem("in_future", "at", "The time cannot be in the "
                                                           "future."))
    with transaction.atomic():
        locked = _locked(record, kind)
        request = _request(locked, acting_user, kind, at, grounds=grounds,
                           reasons=tuple(reasons), until=until, court=court,
                           extension=extension)
        problems = rules.authorisation_problems(request)
        if problems:
            raise CustodyRuleBroken(*problems)
        stored_until = (rules.bail_until(request) if kind in ON_A_CLOSED_RECORD else until)
        row = Authorisation.objects.create(
            record=locked, kind=kind, at=at, authorised_by=acting_user,
            by_role=acting_role(acting_user, kind), grounds=grounds,
            reasons=[extension] if kind == AuthorisationKind.BAIL_EXTENSION else
            list(reasons), until=stored_until, court=court)
        CustodyRecord.objects.filter(pk=locked.pk).update(version=locked.version + 1)
        timeline_entry_add(locked, kind=EntryKind.AUTHORITY, occurred_at=at, by=acting_user,
                           summary=_summary(row, acting_user), authorisation_id=row.pk)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.authorisation.recorded", obj=locked,
                     details={"authorisation_id": row.pk, "kind": kind})
    return row


def delay_end(*, acting_user, record, authorisation, at):
    """The grounds for a delay no longer apply: it ends ``at`` and the detainee may have
    the right now. Raises CustodyRuleBroken for a delay already over or of another
    record."""
    with transaction.atomic():
        locked = _locked(record, authorisation.kind)
        row = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
        if row.record_id != locked.pk or row.kind not in DELAYS or (
                row.until is not None and row.until <= at):
            raise CustodyRuleBroken(Problem("delay_not_in_force", "",
                                            "This delay is not in force."))
        row.until = at
        row.save(update_fields=["until"])
        timeline_entry_add(locked, kind=EntryKind.AUTHORITY, occurred_at=at, by=acting_user,
                           summary=f"{row.get_kind_display()} ended by "
                                   f"{acting_user.display_name}: the grounds no longer apply "
                                   "(PACE ss.56(9), 58(11)); the detainee may have the right "
                                   "now", authorisation_id=row.pk)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.authorisation.ended", obj=locked,
                     details={"authorisation_id": row.pk})
    return row


def _summary(row, user):
    law = rules.LAWS[row.kind]
    words = f"{row.get_kind_display()} by {user.display_name} ({law.provision})"
    if row.until is not None:
        words += f", until {london(row.until)}"
    if row.court:
        words += f", {row.court}"
    return f"{words}: {row.grounds}" if row.grounds else words


def clock_of(record):
    facts = detention_facts(record)
    return detention_clock(facts) if facts else None


def authorisations_for_page(user, record, now):
    """What the record page shows of authorisations: those still in force, and the pages
    ``user`` may open to authorise one (by the roles the law asks)."""
    open_kinds = [kind for kind in (AuthorisationKind.DELAY_INFORMING,
                                    AuthorisationKind.DELAY_LEGAL_ADVICE,
                                    AuthorisationKind.REST_PERIOD,
                                    AuthorisationKind.NEXT_COURT,
                                    AuthorisationKind.PRE_CHARGE_BAIL,
                                    AuthorisationKind.BAIL_EXTENSION)
                  if user.has_role(*rules.LAWS[kind].roles)
                  and (record.is_open or kind in ON_A_CLOSED_RECORD)
                  and (record.authorised_at or kind not in AFTER_AUTHORISATION)]
    return {"in_force": active_authorisations(record, now),
            "may_authorise": [(AuthorisationKind(kind).label, kind) for kind in open_kinds]}
