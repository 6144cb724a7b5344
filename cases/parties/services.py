"""Writes to who and what a file is about: offences per suspect, suspects, victims and
witnesses. Each takes the officer's lock on the file (``services.case_lock_for_officer``)
and records the change to the file's facts last (``services.case_facts_changed``), which
puts the approved sections back for review."""

from django.db import transaction
from django.db.models import Max

from athena.audit.services import audit_record
from cases.models import ChargedOffence, Participant, ParticipantRole, Suspect
from cases.services import case_facts_changed, case_lock_for_officer, case_touch


class SuspectAlreadyInCase(Exception):
    """The person is a suspect in this file already."""


class StaleDefendant(Exception):
    """The defendant's answers changed since the page that saves them was opened."""


def _offence_add(*, acting_user, case, suspect, offence, plea, particulars):
    """The offence added, with its audit event and, for particulars given with it, the
    event of their change (both last in the transaction)."""
    with transaction.atomic():
        case_lock_for_officer(case)
        charged = ChargedOffence.objects.create(suspect=suspect, offence=offence,
                                                anticipated_plea=plea, **particulars)
        case_touch(case, deadlines=True)
        case_facts_changed(acting_user=acting_user, case=case, action="cases.offence.added",
                           details={"offence": offence.cjs_code, "plea": plea})
        if particulars:
            audit_record(actor=acting_user, action="cases.offence.changed", obj=case,
                         details={"offence": offence.cjs_code, "fields": sorted(particulars)})
    return charged


def charged_offence_add(*, acting_user, case, suspect, offence, plea):
    return _offence_add(acting_user=acting_user, case=case, suspect=suspect, offence=offence,
                        plea=plea, particulars={})


def charged_offence_update(*, acting_user, case, charged, answers=None, **fields):
    """Change an offence's own columns (``fields``) and, with ``answers``, its other
    answers (merged into those it has)."""
    with transaction.atomic():
        case_lock_for_officer(case)
        for name, value in fields.items():
            setattr(charged, name, value)
        if answers:
            charged.answers = {**(charged.answers or {}), **answers}
            fields = {**fields, "answers": charged.answers}
        charged.save(update_fields=list(fields))
        case_touch(case, deadlines=True)
        case_facts_changed(acting_user=acting_user, case=case, action="cases.offence.changed",
                           details={"offence": charged.offence.cjs_code,
                                    "fields": sorted(fields)})
    return charged


def charged_offence_remove(*, acting_user, case, charged):
    with transaction.atomic():
        case_lock_for_officer(case)
        code = charged.offence.cjs_code
        charged.delete()
        case_touch(case, deadlines=True)
        case_facts_changed(acting_user=acting_user, case=case, action="cases.offence.removed",
                           details={"offence": code})


def charged_offence_add_with_particulars(*, acting_user, case, suspect, offence, plea,
                                         offence_date=None, wording=""):
    """Add an offence for one of the file's suspects with its date and wording, in one
    transaction (the added event, then a changed event naming the particulars given).

    Raises CaseNotEditable, and ValueError for a suspect of another file.
    """
    if suspect.case_id != case.pk:
        raise ValueError("The suspect is not in this file")
    particulars = {name: value for name, value in
                   (("offence_date", offence_date), ("wording", wording)) if value}
    return _offence_add(acting_user=acting_user, case=case, suspect=suspect, offence=offence,
                        plea=plea, particulars=particulars)


def suspect_add(*, acting_user, case, person):
    """Add a person from the index as the file's next suspect.

    Raises CaseNotEditable, and SuspectAlreadyInCase when they are a suspect in it already
    (checked under the file's lock, so two tabs cannot both add them).
    """
    with transaction.atomic():
        case_lock_for_officer(case)
        if Suspect.objects.filter(case=case, person=person).exists():
            raise SuspectAlreadyInCase(person.pk)
        last = Suspect.objects.filter(case=case).aggregate(last=Max("position"))["last"]
        suspect = Suspect.objects.create(case=case, person=person, position=(last or 0) + 1)
        case_touch(case)
        case_facts_changed(acting_user=acting_user, case=case, action="cases.suspect.added",
                           details={"suspect_id": suspect.pk, "person_id": person.pk,
                                    "position": suspect.position})
    return suspect


def participant_add(*, acting_user, case, role, name, person=None, under_18=False):
    """Add a victim or witness. The young witness marker is the officer's to set on the
    file's details: being under 18 does not set it. Raises CaseNotEditable."""
    if role not in ParticipantRole.values:
        raise ValueError(f"Unknown participant role {role!r}")
    with transaction.atomic():
        case_lock_for_officer(case)
        participant = Participant.objects.create(case=case, role=role, name=name,
                                                 person=person, under_18=under_18)
        case_touch(case)
        case_facts_changed(acting_user=acting_user, case=case,
                           action="cases.participant.added",
                           details={"participant_id": participant.pk, "role": role,
                                    "person_id": person.pk if person is not None else None,
                                    "under_18": under_18})
    return participant


def participant_remove(*, acting_user, case, participant):
    """Remove a victim or witness from the file. Raises CaseNotEditable, and ValueError
    for a participant of another file."""
    if participant.case_id != case.pk:
        raise ValueError("The participant is not in this file")
    with transaction.atomic():
        case_lock_for_officer(case)
        participant_id, role = participant.pk, participant.role
        participant.delete()
        case_touch(case)
        case_facts_changed(acting_user=acting_user, case=case,
                           action="cases.participant.removed",
                           details={"participant_id": participant_id, "role": role})


def defendant_answers_save(*, acting_user, case, suspect, answers, expected_version):
    """Store a defendant's answers (merged into those they have). Raises CaseNotEditable,
    StaleDefendant when someone saved them since ``expected_version``, and ValueError for
    a suspect of another file."""
    if suspect.case_id != case.pk:
        raise ValueError("The suspect is not in this file")
    with transaction.atomic():
        case_lock_for_officer(case)
        locked = Suspect.objects.select_for_update().get(pk=suspect.pk)
        if expected_version and locked.version != expected_version:
            raise StaleDefendant(locked.version)
        changed = sorted(name for name, value in answers.items()
                         if (locked.answers or {}).get(name, "") != value)
        locked.answers = {**(locked.answers or {}), **answers}
        locked.version += 1
        locked.save(update_fields=["answers", "version"])
        suspect.answers, suspect.version = locked.answers, locked.version
        case_touch(case)
        audit_record(actor=acting_user, action="cases.defendant.changed", obj=case,
                     details={"suspect_id": suspect.pk, "fields": changed})
    return suspect
