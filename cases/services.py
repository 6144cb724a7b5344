"""Writes to case files. Each runs in one transaction with its audit event, and queues
background work (section rendering, submission) on commit through the job pattern.

The file's history (``CaseEvent``) is written here too, beside the audit event: the audit
trail says who touched what, the history tells the file's story to the people working it.

While a file is returned to the officer, only the sections the supervisor did not approve
can change; a change to the file's facts (offences, suspects, witnesses, bail, markers)
puts every approved section back for review, because it was approved on the old facts.
"""


from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from athena.audit.services import audit_record
from athena.jobs.models import Job, JobStatus
from athena.jobs.services import job_enqueue
from athena.pdf import content_hash
from cases import rules, selectors
from cases.constants import Plea, Requirement
from cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseFile,
    CaseSection,
    CaseStatus,
    ChargedOffence,
    FileSubmission,
    Participant,
    ParticipantRole,
    ReviewState,
    SectionItem,
    SectionStatus,
    Suspect,
)
from cases.sections import SECTIONS
from cases.validation import section_has_answers, section_problems

RENDER_SECTION_JOB = "cases.section.render"
SUBMIT_FILE_JOB = "cases.file.submit"
# A supervisor's correction changes a file whose bundle is built: build it again.
REBUNDLE_JOB = "cases.file.rebundle"


class CaseNotEditable(Exception):
    """The file is with a supervisor or the CPS, so the officer cannot change it now."""


class SectionNotReturned(CaseNotEditable):
    """The file is returned to the officer, but the supervisor approved this section: only
    the sections they did not approve may change."""

    message = ("Your supervisor approved this section, so it cannot be changed while the "
               "file is returned to you. Change only the sections they returned.")

    def __init__(self, kind):
        super().__init__(self.message)
        self.kind = kind


def case_event_record(*, case, kind, actor=None, section_kind="", comment="", details=None):
    """Add one line to the file's history. Call it inside the transaction of the change.

    Other apps' services (the CPS handover, DCF import) call this too, so every line of
    the timeline is written the same way."""
    return CaseEvent.objects.create(case_id=case.pk, kind=kind, actor=actor,
                                    section_kind=section_kind, comment=comment,
                                    details=details or {})


class StaleEdit(Exception):
    """Someone changed this after the officer loaded it; ``current`` is their version."""

    def __init__(self, current):
        super().__init__("The record changed since it was loaded")
        self.current = current


def _next_urn(*, force, unit_code, year):
    last = CaseFile.objects.filter(force=force, unit_code=unit_code, year=year).aggregate(
        last=Max("sequence"))["last"] or 0
    sequence = last + 1
    return sequence, f"{force.code}{unit_code}{sequence:05d}{year:02d}"


def case_create(*, acting_user, person, offences, **details):
    """Open a draft file for one suspect, with their offences as (Offence, plea) pairs.

    The URN is the next number for the officer's force and unit this year. Two officers
    creating files at the same moment may race for a number: the unique constraint makes
    one of them try the next number.
    """
    year = timezone.localdate().year % 100
    unit_code = settings.ATHENA_CASE_UNIT_CODE
    for _attempt in range(5):
        try:
            with transaction.atomic():
                sequence, urn = _next_urn(force=acting_user.force, unit_code=unit_code,
                                          year=year)
                case = CaseFile.objects.create(
                    urn=urn, force=acting_user.force, unit_code=unit_code, sequence=sequence,
                    year=year, officer_in_case=acting_user, created_by=acting_user, **details)
                suspect = Suspect.objects.create(case=case, person=person, position=1)
                for offence, plea in offences:
                    ChargedOffence.objects.create(suspect=suspect, offence=offence,
                                                  anticipated_plea=plea or Plea.NOT_KNOWN)
                _touch(case, deadlines=True)
                audit_record(actor=acting_user, action="cases.case.created", obj=case,
                             details={"urn": urn, "suspect_person_id": person.pk,
                                      "offences": [o.cjs_code for o, _ in offences]})
                case_event_record(case=case, kind=CaseEventKind.CREATED, actor=acting_user)
                return case
        except IntegrityError:
            continue
    raise IntegrityError("Could not allocate a case number; try again.")


def _lock_editable(case, *, kind=None):
    """Lock the file for a change by the officer. With ``kind``, the change is to that
    section, which a returned file allows only for sections the supervisor did not
    approve (SectionNotReturned)."""
    locked = CaseFile.objects.select_for_update().get(pk=case.pk)
    if not locked.is_editable:
        raise CaseNotEditable(locked.get_status_display())
    if kind is not None and locked.status == CaseStatus.RETURNED and (
            CaseSection.objects.filter(case=locked, kind=kind,
                                       review_state=ReviewState.APPROVED).exists()):
        raise SectionNotReturned(kind)
    return locked


def section_open_to_officer(case, section):
    """Whether the officer may change this section of their file now (the rule of
    ``_lock_editable``, for pages to show the section read-only)."""
    if not case.is_editable:
        return False
    return not (case.status == CaseStatus.RETURNED and section is not None
                and section.review_state == ReviewState.APPROVED)


def _reopen_approved_sections(case):
    """The file's facts changed: every approved section goes back for review. Returns how
    many did."""
    return CaseSection.objects.filter(case_id=case.pk, review_state=ReviewState.APPROVED).update(
        review_state=ReviewState.PENDING, approved_hash="")


def _facts_changed(*, acting_user, case, action, details):
    """Record a change to the file's facts with its audit event, reopening approved
    sections."""
    reopened = _reopen_approved_sections(case)
    if reopened:
        details = {**details, "sections_reopened_for_review": reopened}
    audit_record(actor=acting_user, action=action, obj=case, details=details)


def case_update_details(*, acting_user, case, expected_version, **details):
    """Change the facts that drive the file rules (markers, bail, stage, venue...)."""
    with transaction.atomic():
        locked = _lock_editable(case)
        if locked.version != expected_version:
            raise StaleEdit(locked)
        changed = sorted(name for name, value in details.items()
                         if getattr(locked, name) != value)
        for name, value in details.items():
            setattr(locked, name, value)
        locked.version = F("version") + 1
        locked.updated_at = timezone.now()
        locked.save(update_fields=[*details, "version", "updated_at"])
        _touch(locked, deadlines=True)
        if changed:
            _facts_changed(acting_user=acting_user, case=locked,
                           action="cases.case.details_changed",
                           details={"fields": sorted(details)})
        else:
            audit_record(actor=acting_user, action="cases.case.details_changed", obj=locked,
                         details={"fields": sorted(details)})
    locked.refresh_from_db()
    return locked


def charged_offence_add(*, acting_user, case, suspect, offence, plea):
    with transaction.atomic():
        _lock_editable(case)
        charged = ChargedOffence.objects.create(suspect=suspect, offence=offence,
                                                anticipated_plea=plea)
        _touch(case, deadlines=True)
        _facts_changed(acting_user=acting_user, case=case, action="cases.offence.added",
                       details={"offence": offence.cjs_code, "plea": plea})
    return charged


def charged_offence_update(*, acting_user, case, charged, **fields):
    with transaction.atomic():
        _lock_editable(case)
        for name, value in fields.items():
            setattr(charged, name, value)
        charged.save(update_fields=list(fields))
        _touch(case, deadlines=True)
        _facts_changed(acting_user=acting_user, case=case, action="cases.offence.changed",
                       details={"offence": charged.offence.cjs_code, "fields": sorted(fields)})
    return charged


def charged_offence_remove(*, acting_user, case, charged):
    with transaction.atomic():
        _lock_editable(case)
        code = charged.offence.cjs_code
        charged.delete()
        _touch(case, deadlines=True)
        _facts_changed(acting_user=acting_user, case=case, action="cases.offence.removed",
                       details={"offence": code})


def _touch(case, *, deadlines=False):
    """Mark the file changed; with ``deadlines``, also store its soonest deadline again
    (for changes to offences, pleas, bail or the charge)."""
    changes = {"updated_at": timezone.now()}
    if deadlines:
        from cases.deadlines import next_deadline_at
        from cases.selectors import case_for_deadlines

        changes["next_deadline_at"] = next_deadline_at(case_for_deadlines(pk=case.pk))
    CaseFile.objects.filter(pk=case.pk).update(**changes)


def _queue_render(section):
    """Queue one render of the section's PDF, unless one is already waiting to run: the
    job renders whatever the section holds when it runs, so autosaves share a job."""
    waiting = Job.objects.filter(kind=RENDER_SECTION_JOB, object_type="cases.casesection",
                                 object_id=str(section.pk), status=JobStatus.QUEUED)
    if not waiting.exists():
        job_enqueue(kind=RENDER_SECTION_JOB, obj=section)


def _storable(data, kind):
    """The section's own fields of ``data``, without NUL characters (which no database
    stores in JSON, and no one types on purpose)."""
    allowed = {f.name for f in SECTIONS[kind].fields}
    return {name: value.replace("\x00", "") if isinstance(value, str) else value
            for name, value in data.items() if name in allowed}


def section_content_hash(section):
    """The hash of what the section holds now: its answers, or its statements or exhibits
    (with their files). A supervisor's approval is of this hash."""
    if SECTIONS[section.kind].repeatable:
        return content_hash(section_items_content(section))
    return content_hash(section.data)


def _computed_status(section, facts, requirements):
    if not section_has_answers(section):
        return SectionStatus.NOT_STARTED
    problems = section_problems(facts, requirements, section.kind, section)
    return SectionStatus.IN_PROGRESS if problems else SectionStatus.COMPLETED


def _note_progress(*, acting_user, case, kind):
    """Store the section's status after a save and, the first time it is completed, add
    that to the file's history. A returned section stays returned until resubmission."""
    fresh = selectors.case_get(pk=case.pk)
    section = selectors.case_section(fresh, kind)
    if section is None:
        return
    facts = selectors.case_facts(fresh)
    requirements = rules.evaluate(facts)
    status = _computed_status(section, facts, requirements)
    if section.status != SectionStatus.RETURNED and section.status != status:
        CaseSection.objects.filter(pk=section.pk).update(status=status)
    listed = requirements.sections[kind].level in (Requirement.REQUIRED, Requirement.OPTIONAL)
    if status == SectionStatus.COMPLETED and listed and not CaseEvent.objects.filter(
            case=fresh, kind=CaseEventKind.SECTION_COMPLETED, section_kind=kind).exists():
        case_event_record(case=fresh, kind=CaseEventKind.SECTION_COMPLETED, actor=acting_user,
                          section_kind=kind)


def section_save(*, acting_user, case, kind, data, expected_version, editor_token=""):
    """Save a section's answers as typed: a draft always saves, complete or not.

    ``expected_version`` is the version the officer's form was loaded with (0 for a
    section never saved). Raises StaleEdit, carrying the stored section, when another
    page saved it since: nothing is overwritten. A later save from the same page
    (``editor_token``) is not a conflict: that page holds everything it typed. Raises
    CaseNotEditable, or SectionNotReturned for an approved section of a returned file.
    """
    if SECTIONS[kind].repeatable:
        raise ValueError(f"{kind} holds items; use section_item_save")
    data = _storable(data, kind)
    with transaction.atomic():
        _lock_editable(case, kind=kind)
        section, created = CaseSection.objects.select_for_update().get_or_create(
            case=case, kind=kind)
        current_version = 0 if created else section.version
        same_page = bool(editor_token) and editor_token == section.editor_token
        if expected_version != current_version and not same_page:
            raise StaleEdit(section)
        if not created and section.data == data:
            return section
        section.data = data
        section.editor_token = editor_token
        section.version = current_version + 1
        section.content_hash = content_hash(data)
        section.updated_by = acting_user
        section.updated_at = timezone.now()
        section.save()
        _touch(case, deadlines=kind == "charges")
        audit_record(actor=acting_user, action="cases.section.saved", obj=case,
                     details={"section": kind, "version": section.version})
        _note_progress(acting_user=acting_user, case=case, kind=kind)
        _queue_render(section)
    return section


def section_item_save(*, acting_user, case, kind, item=None, data, expected_version=0,
                      upload=None):
    """Add (item None) or change one witness statement or exhibit of a repeatable section.

    ``upload`` is an already checked file (see forms.ExhibitUploadField) to store with
    the exhibit. Raises StaleEdit when someone else changed the item since it was loaded,
    CaseNotEditable, or SectionNotReturned for an approved section of a returned file.
    """
    data = _storable(data, kind)
    with transaction.atomic():
        _lock_editable(case, kind=kind)
        section, _ = CaseSection.objects.select_for_update().get_or_create(case=case,
                                                                          kind=kind)
        if item is None:
            position = (section.items.aggregate(last=Max("position"))["last"] or 0) + 1
            item = SectionItem(section=section, position=position, version=0)
        else:
            item = SectionItem.objects.select_for_update().get(pk=item.pk, section=section)
            if item.version != expected_version:
                raise StaleEdit(item)
        item.data = data
        item.version += 1
        item.updated_at = timezone.now()
        if upload is not None:
            item.file.save(upload.name, upload, save=False)
            item.file_name = upload.name[:255]
            item.file_type = upload.athena_file_type
            item.file_size = upload.size
        item.save()
        section.version += 1
        section.content_hash = content_hash(section_items_content(section))
        section.updated_by = acting_user
        section.updated_at = timezone.now()
        section.save(update_fields=["version", "content_hash", "updated_by", "updated_at"])
        _touch(case)
        audit_record(actor=acting_user, action="cases.section_item.saved", obj=case,
                     details={"section": kind, "item": item.position,
                              "file_type": item.file_type})
        _note_progress(acting_user=acting_user, case=case, kind=kind)
        _queue_render(section)
    return item


def section_item_delete(*, acting_user, case, kind, item):
    """Remove a statement or exhibit. Raises CaseNotEditable, or SectionNotReturned for
    an approved section of a returned file."""
    with transaction.atomic():
        _lock_editable(case, kind=kind)
        section = CaseSection.objects.select_for_update().get(case=case, kind=kind)
        position = item.position
        item.file.delete(save=False)
        item.delete()
        section.version += 1
        section.content_hash = content_hash(section_items_content(section))
        section.save(update_fields=["version", "content_hash"])
        _touch(case)
        audit_record(actor=acting_user, action="cases.section_item.deleted", obj=case,
                     details={"section": kind, "item": position})
        _note_progress(acting_user=acting_user, case=case, kind=kind)
        _queue_render(section)


def section_items_content(section):
    """What a repeatable section holds, for its content hash. An exhibit's stored file
    name is part of it: storage never reuses a name, so uploading another file for the
    same exhibit changes the hash even when the file's own name and size do not."""
    return [[item.data, item.file_name, item.file_size, item.file.name or ""]
            for item in section.items.order_by("position", "pk")]


def _sections_for_resubmission(locked):
    """Put back for review every section that is not approved as it stands now: the
    returned ones, and approved ones whose content changed since approval. Returns
    (reopened kinds, kept kinds)."""
    fresh = selectors.case_get(pk=locked.pk)
    facts = requirements = None
    reopened, kept = [], []
    for section in fresh.sections.all():
        if section.review_state == ReviewState.PENDING and section.status != SectionStatus.RETURNED:
            continue
        if (section.review_state == ReviewState.APPROVED
                and section.approved_hash == section_content_hash(section)):
            kept.append(section.kind)
            continue
        changes = {"review_state": ReviewState.PENDING, "approved_hash": ""}
        if section.status == SectionStatus.RETURNED:
            if facts is None:
                facts = selectors.case_facts(fresh)
                requirements = rules.evaluate(facts)
            changes["status"] = _computed_status(section, facts, requirements)
        CaseSection.objects.filter(pk=section.pk).update(**changes)
        reopened.append(section.kind)
    return reopened, kept


def case_submit(*, acting_user, case):
    """Submit the file for review. Returns at once: a job validates the whole file and
    assembles the PDF bundle; the officer watches its progress.

    On a resubmission, the sections approved before and unchanged since stay approved;
    the rest go back to the supervisor (``_sections_for_resubmission``).
    """
    with transaction.atomic():
        locked = _lock_editable(case)
        reopened, kept = _sections_for_resubmission(locked)
        locked.status = CaseStatus.SUBMITTED
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "updated_at"])
        job = job_enqueue(kind=SUBMIT_FILE_JOB, object_type="cases.casefile",
                          object_id=str(case.pk))
        submission = FileSubmission.objects.create(case=locked, submitted_by=acting_user,
                                                   job=job)
        audit_record(actor=acting_user, action="cases.case.submitted", obj=locked,
                     details={"submission": submission.pk, "job": job.pk,
                              "sections_to_review_again": reopened,
                              "sections_still_approved": kept})
        case_event_record(case=locked, kind=CaseEventKind.SUBMITTED, actor=acting_user,
                          details={"submission": submission.pk,
                                   "sections_to_review_again": reopened,
                                   "sections_still_approved": kept})
    return submission


class SuspectAlreadyInCase(Exception):
    """The person is a suspect in this file already."""


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
    with transaction.atomic():
        charged = charged_offence_add(acting_user=acting_user, case=case, suspect=suspect,
                                      offence=offence, plea=plea)
        if particulars:
            charged_offence_update(acting_user=acting_user, case=case, charged=charged,
                                   **particulars)
    return charged


def suspect_add(*, acting_user, case, person):
    """Add a person from the index as the file's next suspect.

    Raises CaseNotEditable, and SuspectAlreadyInCase when they are a suspect in it already
    (checked under the file's lock, so two tabs cannot both add them).
    """
    with transaction.atomic():
        _lock_editable(case)
        if Suspect.objects.filter(case=case, person=person).exists():
            raise SuspectAlreadyInCase(person.pk)
        last = Suspect.objects.filter(case=case).aggregate(last=Max("position"))["last"]
        suspect = Suspect.objects.create(case=case, person=person, position=(last or 0) + 1)
        _touch(case)
        _facts_changed(acting_user=acting_user, case=case, action="cases.suspect.added",
                       details={"suspect_id": suspect.pk, "person_id": person.pk,
                                "position": suspect.position})
    return suspect


def participant_add(*, acting_user, case, role, name, person=None, under_18=False):
    """Add a victim or witness. The young witness marker is the officer's to set on the
    file's details: being under 18 does not set it. Raises CaseNotEditable."""
    if role not in ParticipantRole.values:
        raise ValueError(f"Unknown participant role {role!r}")
    with transaction.atomic():
        _lock_editable(case)
        participant = Participant.objects.create(case=case, role=role, name=name,
                                                 person=person, under_18=under_18)
        _touch(case)
        _facts_changed(acting_user=acting_user, case=case, action="cases.participant.added",
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
        _lock_editable(case)
        participant_id, role = participant.pk, participant.role
        participant.delete()
        _touch(case)
        _facts_changed(acting_user=acting_user, case=case, action="cases.participant.removed",
                       details={"participant_id": participant_id, "role": role})
