"""Writes to case files. Each runs in one transaction and queues background work (section
rendering, submission) on commit through the job pattern; its audit event is the last
thing it writes, so the audit trail's lock is held only for the commit.

The file's history (``CaseEvent``) is written here too, beside the audit event: the audit
trail says who touched what, the history tells the file's story to the people working it.

While a file is returned to the officer, only the sections the supervisor did not approve
can change; a change to the file's facts (offences, suspects, witnesses, bail, markers)
puts every approved section back for review, because it was approved on the old facts.

The file rules are evaluated once per change and handed back with it (``SectionSaved``),
so a page that saves does not evaluate them again. The worker's check of a submitted file
is readiness.py's; it records its outcome here (``submission_record_outcome``).
"""

from dataclasses import dataclass

import structlog
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from athena.audit.services import audit_record
from athena.jobs.models import Job, JobStatus
from athena.jobs.services import job_enqueue
from athena.notifications.services import notify
from athena.pdf import content_hash
from cases import rules, selectors, validation
from cases.bundle import UnreadableExhibits, assemble_bundle
from cases.constants import Plea, Requirement
from cases.deadlines import next_deadline_at
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
from cases.parts import person_key
from cases.sections import SECTIONS, PartKind, SectionKind

log = structlog.get_logger(__name__)

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


class StaleEdit(Exception):
    """Someone changed this after the officer loaded it; ``current`` is their version."""

    def __init__(self, current):
        super().__init__("The record changed since it was loaded")
        self.current = current


@dataclass(frozen=True)
class SectionSaved:
    """What a section's save leaves, for the page to show without reading or evaluating
    again: the file as locked for the save, the section as stored, the file's
    requirements by the rules with the new answers, and what the section still lacks."""

    case: CaseFile
    section: CaseSection
    requirements: rules.FileRequirements
    problems: list


def case_event_record(*, case, kind, actor=None, section_kind="", comment="", details=None):
    """Add one line to the file's history. Call it inside the transaction of the change.

    Other parts' services (review, the CPS handover, DCF import) call this too, so every
    line of the timeline is written the same way."""
    return CaseEvent.objects.create(case_id=case.pk, kind=kind, actor=actor,
                                    section_kind=section_kind, comment=comment,
                                    details=details or {})


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
                case_touch(case, deadlines=True)
                case_event_record(case=case, kind=CaseEventKind.CREATED, actor=acting_user)
                audit_record(actor=acting_user, action="cases.case.created", obj=case,
                             details={"urn": urn, "suspect_person_id": person.pk,
                                      "offences": [o.cjs_code for o, _ in offences]})
                return case
        except IntegrityError:
            continue
    raise IntegrityError("Could not allocate a case number; try again.")


# --- The officer's lock ------------------------------------------------------------------

def section_open_to_officer(case, section):
    """Whether the officer may change this section of their file now: the file is a draft
    or returned to them, and it is not a section the supervisor approved while the file
    is returned. Pages show a closed section read-only; the services refuse its change."""
    if not case.is_editable:
        return False
    return not (case.status == CaseStatus.RETURNED and section is not None
                and section.review_state == ReviewState.APPROVED)


def _refuse_unless_editable(locked):
    if not locked.is_editable:
        raise CaseNotEditable(locked.get_status_display())


def case_lock_for_officer(case):
    """Lock the file for a change by the officer (call it inside the change's
    transaction). Raises CaseNotEditable while it is with a supervisor or the CPS."""
    locked = CaseFile.objects.select_for_update().get(pk=case.pk)
    _refuse_unless_editable(locked)
    return locked


def _lock_for_section(case, kind):
    """Lock the file for a change to section ``kind``, with what the rules read
    (``selectors.case_for_change``). Raises CaseNotEditable, or SectionNotReturned for a
    section the supervisor approved while the file is returned."""
    locked = selectors.case_for_change(pk=case.pk)
    _refuse_unless_editable(locked)
    if not section_open_to_officer(locked, selectors.case_section(locked, kind)):
        raise SectionNotReturned(kind)
    return locked


def _reopen_approved_sections(case):
    """The file's facts changed: every approved section goes back for review. Returns how
    many did."""
    return CaseSection.objects.filter(case_id=case.pk, review_state=ReviewState.APPROVED).update(
        review_state=ReviewState.PENDING, approved_hash="")


def case_facts_changed(*, acting_user, case, action, details):
    """Record a change to the file's facts, reopening its approved sections, with the
    change's audit event: call it last in the change's transaction."""
    reopened = _reopen_approved_sections(case)
    if reopened:
        details = {**details, "sections_reopened_for_review": reopened}
    audit_record(actor=acting_user, action=action, obj=case, details=details)


def case_touch(case, *, deadlines=False):
    """Mark the file changed; with ``deadlines``, also store its soonest deadline again
    (for changes to offences, pleas, bail or the charge)."""
    changes = {"updated_at": timezone.now()}
    if deadlines:
        changes["next_deadline_at"] = next_deadline_at(selectors.case_for_deadlines(pk=case.pk))
    CaseFile.objects.filter(pk=case.pk).update(**changes)


def case_update_details(*, acting_user, case, expected_version, **details):
    """Change the facts that drive the file rules (markers, bail, stage, venue...)."""
    with transaction.atomic():
        locked = case_lock_for_officer(case)
        if locked.version != expected_version:
            raise StaleEdit(locked)
        changed = sorted(name for name, value in details.items()
                         if getattr(locked, name) != value)
        for name, value in details.items():
            setattr(locked, name, value)
        locked.version = F("version") + 1
        locked.updated_at = timezone.now()
        locked.save(update_fields=[*details, "version", "updated_at"])
        case_touch(locked, deadlines=True)
        if changed:
            case_facts_changed(acting_user=acting_user, case=locked,
                               action="cases.case.details_changed",
                               details={"fields": sorted(details)})
        else:
            audit_record(actor=acting_user, action="cases.case.details_changed", obj=locked,
                         details={"fields": sorted(details)})
    locked.refresh_from_db()
    return locked


# --- Sections ----------------------------------------------------------------------------

def section_render_queue(section):
    """Queue one render of the section's PDF, due ATHENA_SECTION_RENDER_DELAY_SECONDS
    after the first change, unless one is already waiting: the job renders whatever the
    section holds when it runs, so the autosaves of that time share one render (sent at
    once, each burst of autosaves had its own: in the load test the worker spent a third
    of the machine on them). Nothing waits for it: the bundle renders any section still
    stale when the file is submitted."""
    waiting = Job.objects.filter(kind=RENDER_SECTION_JOB, object_type="cases.casesection",
                                 object_id=str(section.pk), status=JobStatus.QUEUED)
    if not waiting.exists():
        job_enqueue(kind=RENDER_SECTION_JOB, obj=section,
                    delay_seconds=settings.ATHENA_SECTION_RENDER_DELAY_SECONDS)


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


def section_items_content(section):
    """What a repeatable section holds, for its content hash. An exhibit's stored file
    name is part of it: storage never reuses a name, so uploading another file for the
    same exhibit changes the hash even when the file's own name and size do not."""
    return [[item.data, item.file_name, item.file_size, item.file.name or ""]
            for item in section.items.order_by("position", "pk")]


def _note_first_completion(*, acting_user, case, section, problems, requirements):
    """The first time a section on the file is completed, a line in the file's history
    (whether or not it is returned: it is the answers that are complete)."""
    listed = requirements.sections[section.kind].level in (Requirement.REQUIRED,
                                                           Requirement.OPTIONAL)
    if (validation.answers_status(section, problems) == SectionStatus.COMPLETED and listed
            and not CaseEvent.objects.filter(case_id=case.pk,
                                             kind=CaseEventKind.SECTION_COMPLETED,
                                             section_kind=section.kind).exists()):
        case_event_record(case=case, kind=CaseEventKind.SECTION_COMPLETED, actor=acting_user,
                          section_kind=section.kind)


def section_save(*, acting_user, case, kind, data, expected_version, editor_token="",
                 sent_at=None):
    """Save a section's answers as typed: a draft always saves, complete or not. Returns
    SectionSaved: the section with its status by the rules, evaluated once.

    ``expected_version`` is the version the officer's form was loaded with (0 for a
    section never saved). Raises StaleEdit, carrying the stored section, when another
    page saved it since: nothing is overwritten. A later save from the same page
    (``editor_token``) is not a conflict: that page holds everything it typed; but a save
    it sent before the one stored (``sent_at``, the page's clock) is out of date and
    changes nothing. Raises CaseNotEditable, or SectionNotReturned for an approved
    section of a returned file.
    """
    if SECTIONS[kind].repeatable:
        raise ValueError(f"{kind} holds items; use section_item_save")
    data = _storable(data, kind)
    with transaction.atomic():
        locked = _lock_for_section(case, kind)
        section = selectors.case_section(locked, kind)
        current_version = 0 if section is None else section.version
        same_page = (bool(editor_token) and section is not None
                     and editor_token == section.editor_token)
        if expected_version != current_version and not same_page:
            raise StaleEdit(section or CaseSection(case=locked, kind=kind))
        facts = rules.with_answers(selectors.case_facts(locked), kind, data)
        requirements = rules.evaluate(facts)
        overtaken = (same_page and sent_at is not None and section.editor_sent_at is not None
                     and sent_at < section.editor_sent_at)
        if overtaken:  # the page's later save is stored: nothing here is newer
            facts = selectors.case_facts(locked)
            requirements = rules.evaluate(facts)
        if overtaken or (section is not None and section.data == data):
            problems = validation.section_problems(facts, requirements, kind, section)
            return SectionSaved(locked, section, requirements, problems)
        created = section is None
        section = section or CaseSection(case=locked, kind=kind)
        section.data = data
        section.editor_token = editor_token
        section.editor_sent_at = sent_at
        section.version = current_version + 1
        section.content_hash = content_hash(data)
        section.updated_by = acting_user
        section.updated_at = timezone.now()
        problems = validation.section_problems(facts, requirements, kind, section)
        section.status = validation.section_status(section, problems)
        if created:
            section.save()
        else:
            section.save(update_fields=["data", "editor_token", "editor_sent_at", "version",
                                        "content_hash", "updated_by", "updated_at", "status"])
        case_touch(locked, deadlines=kind == SectionKind.CHARGES)
        _note_first_completion(acting_user=acting_user, case=locked, section=section,
                               problems=problems, requirements=requirements)
        section_render_queue(section)
        audit_record(actor=acting_user, action="cases.section.saved", obj=locked,
                     details={"section": kind, "version": section.version})
    return SectionSaved(locked, section, requirements, problems)


def _asked(levels, data):
    """The answers of ``data`` that the rules ask for ({field: RequirementResult})."""
    return {name: value for name, value in data.items()
            if name in levels and levels[name].level != Requirement.NOT_NEEDED}


def case_first_answers_store(*, acting_user, case, offence, defendant, statement, sections):
    """Store a new file's first answers in one go, as the quick file tells them: the
    offence's own columns (``offence``), the defendant's answers, one statement (its
    maker added as the victim or witness it names), and the sections ({kind: data}).

    Only the answers the file rules ask for are kept, and only the sections they list;
    each section gets its status by the rules, evaluated once with every answer in. The
    same rows, history and render jobs as saving each page in turn, under one lock with
    one touch and one audit event, so a whole file costs about what one page's save does.
    Returns {kind: answers stored}, the parts under their PartKind.
    Raises CaseNotEditable.
    """
    with transaction.atomic():
        locked = case_lock_for_officer(case)
        charged = ChargedOffence.objects.select_related("suspect").get(
            suspect__case_id=locked.pk)
        name = " ".join(str(statement.get("witness_name") or "").split())
        Participant.objects.create(case=locked, name=name,
                                   role=statement.get("witness_role") or ParticipantRole.WITNESS,
                                   under_18=statement.get("witness_under_18") == "yes")
        for field, value in offence.items():
            setattr(charged, field, value)
        charged.save(update_fields=list(offence))
        locked = selectors.case_for_change(pk=locked.pk)
        facts = selectors.case_facts(locked)
        for kind, data in sections.items():
            facts = rules.with_answers(facts, kind, data)
        requirements = rules.evaluate(facts)
        levels = {kind: {name: result for (k, name), result in requirements.fields.items()
                         if k == kind} for kind in SECTIONS}
        stored = {PartKind.OFFENCE: offence}
        stored[PartKind.DEFENDANT] = _asked(
            rules.part_requirements(facts, PartKind.DEFENDANT, defendant), defendant)
        Suspect.objects.filter(pk=charged.suspect_id).update(
            answers=stored[PartKind.DEFENDANT], version=F("version") + 1)
        now = timezone.now()
        rows = []
        for kind in requirements.listed_sections():
            if kind in sections:
                stored[kind] = _asked(levels[kind], sections[kind])
                rows.append(CaseSection(case=locked, kind=kind, data=stored[kind],
                                        content_hash=content_hash(stored[kind]),
                                        updated_by=acting_user, updated_at=now))
        statements = CaseSection(case=locked, kind=SectionKind.WITNESS_STATEMENTS,
                                 updated_by=acting_user, updated_at=now)
        rows.append(statements)
        CaseSection.objects.bulk_create(rows)
        stored[SectionKind.WITNESS_STATEMENTS] = _asked(
            levels[SectionKind.WITNESS_STATEMENTS], {**statement, "witness_name": name})
        SectionItem.objects.create(section=statements, data=stored[SectionKind.WITNESS_STATEMENTS],
                                   position=1, version=1, updated_at=now)
        statements.content_hash = content_hash(section_items_content(statements))
        completed = []
        for section in rows:
            problems = validation.section_problems(facts, requirements, section.kind, section)
            section.status = validation.section_status(section, problems)
            if validation.answers_status(section, problems) == SectionStatus.COMPLETED:
                completed.append(CaseEvent(case_id=locked.pk, actor=acting_user,
                                           kind=CaseEventKind.SECTION_COMPLETED,
                                           section_kind=section.kind, occurred_at=now))
            job_enqueue(kind=RENDER_SECTION_JOB, obj=section)
        CaseSection.objects.bulk_update(rows, ["status", "content_hash"])
        CaseEvent.objects.bulk_create(completed)
        case_touch(locked, deadlines=True)
        case_facts_changed(acting_user=acting_user, case=locked,
                           action="cases.case.first_answers_stored",
                           details={"sections": sorted(str(row.kind) for row in rows),
                                    "participant_role": statement.get("witness_role", "")})
    return stored


def _store_items_progress(*, acting_user, locked, section, edited=True):
    """After a change to a statement or exhibit: the section's version, content hash and
    status by the rules (evaluated once), and its first completion in the history.
    ``edited``: an item was added or changed, so the section is stamped with who and when
    (a removal changes only its version and hash)."""
    facts = selectors.case_facts(locked)
    requirements = rules.evaluate(facts)
    problems = validation.section_problems(facts, requirements, section.kind, section)
    section.status = validation.section_status(section, problems)
    section.version += 1
    section.content_hash = content_hash(section_items_content(section))
    changed = ["version", "content_hash", "status"]
    if edited:
        section.updated_by = acting_user
        section.updated_at = timezone.now()
        changed += ["updated_by", "updated_at"]
    section.save(update_fields=changed)
    case_touch(locked)
    _note_first_completion(acting_user=acting_user, case=locked, section=section,
                           problems=problems, requirements=requirements)
    section_render_queue(section)


def section_item_save(*, acting_user, case, kind, item=None, data, expected_version=0,
                      upload=None):
    """Add (item None) or change one witness statement or exhibit of a repeatable section.

    ``upload`` is an already checked file (see forms.ExhibitFileField) to store with
    the exhibit. Raises StaleEdit when someone else changed the item since it was loaded,
    CaseNotEditable, or SectionNotReturned for an approved section of a returned file.
    """
    data = _storable(data, kind)
    with transaction.atomic():
        locked = _lock_for_section(case, kind)
        section = (selectors.case_section(locked, kind)
                   or CaseSection.objects.create(case=locked, kind=kind))
        if item is None:
            position = (section.items.aggregate(last=Max("position"))["last"] or 0) + 1
            item = SectionItem(section=section, position=position, version=0)
        else:
            item = SectionItem.objects.select_for_update().get(pk=item.pk, section=section)
            if item.version != expected_version:
                raise StaleEdit(item)
        if kind == SectionKind.WITNESS_STATEMENTS:
            data = _statement_with_its_witness(acting_user, locked, data)
        item.data = data
        item.version += 1
        item.updated_at = timezone.now()
        if upload is not None:
            item.file.save(upload.name, upload, save=False)
            item.file_name = upload.name[:255]
            item.file_type = upload.athena_file_type
            item.file_size = upload.size
        item.save()
        _store_items_progress(acting_user=acting_user, locked=locked, section=section)
        audit_record(actor=acting_user, action="cases.section_item.saved", obj=locked,
                     details={"section": kind, "item": item.position,
                              "file_type": item.file_type})
    return item


def _statement_with_its_witness(acting_user, locked, data):
    """A statement's answers, its witness on the file's victims and witnesses: the one of
    that name, given the role the statement says (a victim's or a witness's), or added
    from the statement. Call it under the file's lock."""
    name = " ".join(str(data.get("witness_name") or "").split())
    if not name:
        return data
    role = data.get("witness_role") or ""
    participant = next((p for p in Participant.objects.filter(case_id=locked.pk)
                        if person_key(p.name) == person_key(name)), None)
    if participant is None:
        participant = Participant.objects.create(
            case=locked, role=role or ParticipantRole.WITNESS, name=name,
            under_18=data.get("witness_under_18") == "yes")
        case_facts_changed(acting_user=acting_user, case=locked,
                           action="cases.participant.added",
                           details={"participant_id": participant.pk, "role": participant.role,
                                    "from_statement": True})
    elif role and role != participant.role:
        Participant.objects.filter(pk=participant.pk).update(role=role)
        case_facts_changed(acting_user=acting_user, case=locked,
                           action="cases.participant.changed",
                           details={"participant_id": participant.pk, "role": role,
                                    "from_statement": True})
        participant.role = role
    return {**data, "witness_role": participant.role}


def section_item_delete(*, acting_user, case, kind, item):
    """Remove a statement or exhibit. Raises CaseNotEditable, or SectionNotReturned for
    an approved section of a returned file."""
    with transaction.atomic():
        locked = _lock_for_section(case, kind)
        section = selectors.case_section(locked, kind)
        position = item.position
        item.file.delete(save=False)
        item.delete()
        _store_items_progress(acting_user=acting_user, locked=locked, section=section,
                              edited=False)
        audit_record(actor=acting_user, action="cases.section_item.deleted", obj=locked,
                     details={"section": kind, "item": position})


# --- Submission and the worker's check ----------------------------------------------------

def _sections_for_resubmission(locked):
    """Put back for review every section that is not approved as it stands now: the
    returned ones, and approved ones whose content changed since approval. Returns
    (reopened kinds, kept kinds)."""
    facts = requirements = None
    reopened, kept = [], []
    for section in locked.sections.all():
        if section.review_state == ReviewState.PENDING and section.status != SectionStatus.RETURNED:
            continue
        if (section.review_state == ReviewState.APPROVED
                and section.approved_hash == section_content_hash(section)):
            kept.append(section.kind)
            continue
        changes = {"review_state": ReviewState.PENDING, "approved_hash": ""}
        if section.status == SectionStatus.RETURNED:
            if facts is None:
                facts = selectors.case_facts(locked)
                requirements = rules.evaluate(facts)
            problems = validation.section_problems(facts, requirements, section.kind, section)
            changes["status"] = validation.answers_status(section, problems)
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
        locked = selectors.case_for_change(pk=case.pk)
        _refuse_unless_editable(locked)
        reopened, kept = _sections_for_resubmission(locked)
        locked.submit()
        locked.save(update_fields=["status", "updated_at"])
        job = job_enqueue(kind=SUBMIT_FILE_JOB, object_type="cases.casefile",
                          object_id=str(case.pk))
        submission = FileSubmission.objects.create(case=locked, submitted_by=acting_user,
                                                   job=job)
        case_event_record(case=locked, kind=CaseEventKind.SUBMITTED, actor=acting_user,
                          details={"submission": submission.pk,
                                   "sections_to_review_again": reopened,
                                   "sections_still_approved": kept})
        audit_record(actor=acting_user, action="cases.case.submitted", obj=locked,
                     details={"submission": submission.pk, "job": job.pk,
                              "sections_to_review_again": reopened,
                              "sections_still_approved": kept})
    return submission


def submission_record_outcome(*, submission, problems):
    """Store the problems found (none when the bundle is ready) and, if there are any,
    give the file back to the officer as a draft, with its audit event."""
    stored = {kind: [problem.as_dict() for problem in found]
              for kind, found in problems.items()}
    with transaction.atomic():
        FileSubmission.objects.filter(pk=submission.pk).update(problems=stored)
        submission.problems = stored
        if problems:
            counts = {kind: len(found) for kind, found in stored.items()}
            _return_to_draft(submission, action="cases.submission.returned",
                             history={"problems": counts}, problems=counts)
        else:
            case = CaseFile.objects.select_related("officer_in_case").get(
                pk=submission.case_id)
            notify(recipients=selectors.supervisors_to_tell(case),
                   title=f"Case file {case.urn} is ready for review",
                   body=f"{case.officer_in_case.display_name} submitted it; the automatic "
                        "check found nothing missing.",
                   url=reverse("cases:review", args=[case.pk]))
            audit_record(actor=None, action="cases.submission.ready",
                         object_type="cases.casefile", object_id=submission.case_id,
                         details={"submission": submission.pk,
                                  "bundle_pages": submission.bundle_pages})


def submission_check_failed(*, submission):
    """The check failed for good (an error, or a worker that died): give the file back
    so the officer can submit again, rather than leave it submitted with nothing coming."""
    _return_to_draft(submission, action="cases.submission.failed",
                     history={"check_could_not_finish": True})


def _return_to_draft(submission, *, action, history, **details):
    """Give the file back to the officer, with its audit event and, if it went back, a
    line in its history. Only a file still waiting on this check goes back: never one a
    supervisor has since taken."""
    with transaction.atomic():
        locked = CaseFile.objects.select_for_update().get(pk=submission.case_id)
        returned = locked.may_become(CaseStatus.DRAFT)
        if returned:
            locked.fail_check()
            locked.save(update_fields=["status", "updated_at"])
            case_event_record(case=locked, kind=CaseEventKind.CHECK_FAILED,
                              details={"submission": submission.pk, **history})
        audit_record(actor=None, action=action, object_type="cases.casefile",
                     object_id=submission.case_id,
                     details={"submission": submission.pk, "returned_to_draft": returned,
                              **details})


def submission_rebundle(*, submission, progress=None):
    """Build the bundle of a submission again after a supervisor corrected the file, so
    what goes to the CPS is what was approved. A submission without a bundle (its check
    did not pass) needs none. ``progress(percent)`` is told how far it got."""
    if not submission.bundle:
        return
    report = progress or (lambda percent: None)
    case = selectors.case_get(pk=submission.case_id)
    submission.case = case
    try:
        assemble_bundle(case, submission,
                        progress=lambda fraction: report(round(100 * fraction)))
    except UnreadableExhibits:
        # The exhibits were readable when the file was checked; keep the bundle built then.
        log.warning("cases.submission.rebundle_unreadable", submission_id=submission.pk)
