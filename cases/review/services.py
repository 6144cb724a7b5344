"""The supervisor's review of a submitted file, section by section.

A file supervisor of the file's force, who is not the officer in the case, approves each
section or returns it with a comment (pointing at fields, or at statements and exhibits);
they may correct a trivial slip themselves instead, as their own audited edit. When every
section under review is decided they complete the review: any section returned sends the
file back to the officer (RETURNED), who may then change only those sections; otherwise
the file is APPROVED, ready for the CPS. Approved sections stay approved through a
resubmission unless their content changes (``services.case_submit``).

Every decision is written with a line of the file's history and its audit event (the
last thing written) in one transaction; the officer is notified in the same transaction.

Statuses (CaseFile's methods): SUBMITTED (check passed) or IN_REVIEW → the first decision
makes it IN_REVIEW (``start_review``) → ``case_review_complete`` makes it RETURNED
(``return_to_officer``) or APPROVED (``approve``).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from athena.audit.services import audit_record
from athena.jobs.models import Job, JobStatus
from athena.jobs.services import job_enqueue
from athena.notifications.services import notify
from cases import rules, selectors
from cases.models import (
    CaseEventKind,
    CaseFile,
    CaseSection,
    CaseStatus,
    ReviewState,
    SectionItem,
    SectionStatus,
)
from cases.review.selectors import (
    ITEM_POINTER,
    check_passed,
    latest_submission,
    sections_under_review,
)
from cases.sections import SECTIONS, SectionKind
from cases.services import (
    REBUNDLE_JOB,
    StaleEdit,
    case_event_record,
    case_touch,
    section_content_hash,
    section_render_queue,
)

RETURN_COMMENT_MAX_LENGTH = 2000


class NotAwaitingReview(Exception):
    """The file is not waiting for a supervisor's decision (still a draft, its check has
    not passed yet, or the review is complete)."""


class SectionNotUnderReview(Exception):
    """The section is not one the supervisor decides on for this file."""


class FileReady(Exception):
    """The approved file has nothing missing: it is sent, not returned."""


class ReviewIncomplete(Exception):
    """Some sections under review have no decision yet; ``kinds`` names them."""

    def __init__(self, kinds):
        super().__init__(f"{len(kinds)} section(s) still to decide")
        self.kinds = kinds


def _lock_for_review(*, acting_user, case):
    """Lock the file for a supervisor's decision. Raises PermissionDenied unless the
    user may review it, and NotAwaitingReview unless it is in review or submitted with
    its automatic check passed."""
    locked = CaseFile.objects.select_for_update().get(pk=case.pk)
    if not acting_user.has_perm("cases.review_casefile", locked):
        raise PermissionDenied
    if locked.status == CaseStatus.IN_REVIEW:
        return locked
    if locked.status == CaseStatus.SUBMITTED and check_passed(latest_submission(locked)):
        return locked
    if locked.status == CaseStatus.SUBMITTED:
        raise NotAwaitingReview("its automatic check has not passed yet")
    raise NotAwaitingReview(locked.get_status_display().lower())


def _under_review(locked):
    """(file with its sections, requirements, kinds under review), read afresh."""
    fresh = selectors.case_get(pk=locked.pk)
    requirements = rules.evaluate(selectors.case_facts(fresh))
    return fresh, requirements, sections_under_review(fresh, requirements)


def _section_for_decision(locked, kind):
    _, _, kinds = _under_review(locked)
    if kind not in kinds:
        raise SectionNotUnderReview(kind)
    section, _ = CaseSection.objects.select_for_update().get_or_create(case=locked, kind=kind)
    return section


def _start_review(locked):
    if locked.start_review():
        locked.save(update_fields=["status", "updated_at"])


def _decide(section, *, acting_user, state, comment="", fields=(), approved_hash=""):
    section.review_state = state
    section.review_comment = comment
    section.review_fields = list(fields)
    section.reviewed_by = acting_user
    section.reviewed_at = timezone.now()
    section.approved_hash = approved_hash
    section.save(update_fields=["review_state", "review_comment", "review_fields",
                                "reviewed_by", "reviewed_at", "approved_hash"])


def section_approve(*, acting_user, case, kind):
    """Approve one section as it stands. Raises PermissionDenied, NotAwaitingReview,
    SectionNotUnderReview."""
    with transaction.atomic():
        locked = _lock_for_review(acting_user=acting_user, case=case)
        section = _section_for_decision(locked, kind)
        _start_review(locked)
        _decide(section, acting_user=acting_user, state=ReviewState.APPROVED,
                approved_hash=section_content_hash(section))
        case_event_record(case=locked, kind=CaseEventKind.SECTION_APPROVED, actor=acting_user,
                          section_kind=kind)
        audit_record(actor=acting_user, action="cases.section.approved", obj=locked,
                     details={"section": kind})
    return section


def return_pointer_choices(section_kind, section):
    """What a return may point at: the section's fields and, for statements and
    exhibits, each one of them ("item:<id>")."""
    choices = [(f.name, f.label) for f in SECTIONS[section_kind].fields]
    if SECTIONS[section_kind].repeatable and section is not None:
        label = "Statement" if section_kind == "witness_statements" else "Exhibit"
        for item in section.items.all():
            name = item.data.get("witness_name") or item.data.get("reference") or ""
            choices.append((f"{ITEM_POINTER}{item.pk}",
                            f"{label} {item.position}{': ' + name if name else ''}"))
    return choices


def section_return(*, acting_user, case, kind, comment, fields=()):
    """Return one section to the officer with a comment, optionally pointing at fields
    (or statements and exhibits). Sections already approved stay approved.

    Raises ValueError for an empty or over-long comment or a pointer that is not one of
    ``return_pointer_choices``; PermissionDenied, NotAwaitingReview,
    SectionNotUnderReview.
    """
    comment = (comment or "").replace("\x00", "").strip()
    if not comment:
        raise ValueError("A returned section needs a comment")
    if len(comment) > RETURN_COMMENT_MAX_LENGTH:
        raise ValueError("The comment is too long")
    with transaction.atomic():
        locked = _lock_for_review(acting_user=acting_user, case=case)
        section = _section_for_decision(locked, kind)
        labels = dict(return_pointer_choices(kind, section))
        unknown = set(fields) - set(labels)
        if unknown:
            raise ValueError(f"Unknown fields: {sorted(unknown)}")
        ordered = [value for value in labels if value in set(fields)]
        _start_review(locked)
        _decide(section, acting_user=acting_user, state=ReviewState.RETURNED, comment=comment,
                fields=ordered)
        case_event_record(case=locked, kind=CaseEventKind.SECTION_RETURNED, actor=acting_user,
                          section_kind=kind, comment=comment,
                          details={"fields": ordered,
                                   "pointed_at": [labels[value] for value in ordered]})
        audit_record(actor=acting_user, action="cases.section.returned", obj=locked,
                     details={"section": kind, "fields": ordered})
    return section


def section_correct(*, acting_user, case, kind, changes, expected_version, item=None):
    """Correct a trivial slip in a section (or one statement or exhibit of it) instead of
    returning it: the supervisor's own edit, audited as theirs with the fields changed.

    ``changes`` is {field name: new value}; only values that differ are written. A
    section the supervisor had approved stays approved with its new content. The PDF
    bundle is built again in the background. Returns the list of fields changed (empty
    when nothing differed). Raises StaleEdit when the section (or item) changed since
    the form was loaded; ValueError for a field the section does not have;
    PermissionDenied, NotAwaitingReview, SectionNotUnderReview.
    """
    allowed = {f.name for f in SECTIONS[kind].fields}
    if set(changes) - allowed:
        raise ValueError(f"Unknown fields: {sorted(set(changes) - allowed)}")
    if SECTIONS[kind].repeatable != (item is not None):
        raise ValueError("Statements and exhibits are corrected one at a time")
    changes = {name: value.replace("\x00", "") if isinstance(value, str) else value
               for name, value in changes.items()}
    with transaction.atomic():
        locked = _lock_for_review(acting_user=acting_user, case=case)
        section = _section_for_decision(locked, kind)
        if item is None:
            changed = _correct_answers(section, changes, expected_version)
        else:
            item = SectionItem.objects.select_for_update().get(pk=item.pk, section=section)
            changed = _correct_item(section, item, changes, expected_version)
        if not changed:
            return []
        section.version += 1
        section.content_hash = section_content_hash(section)
        section.updated_by = acting_user
        section.updated_at = timezone.now()
        if section.review_state == ReviewState.APPROVED:
            section.approved_hash = section.content_hash
        section.save(update_fields=["data", "version", "content_hash", "updated_by",
                                    "updated_at", "approved_hash"])
        _start_review(locked)
        case_touch(locked, deadlines=kind == SectionKind.CHARGES)
        position = item.position if item is not None else None
        case_event_record(case=locked, kind=CaseEventKind.SECTION_CORRECTED, actor=acting_user,
                          section_kind=kind, details={"fields": changed, "item": position})
        section_render_queue(section)
        _queue_rebundle(locked)
        audit_record(actor=acting_user, action="cases.section.corrected", obj=locked,
                     details={"section": kind, "fields": changed, "item": position,
                              "version": section.version})
    return changed


def _same(stored, new):
    return ("" if stored is None else stored) == ("" if new is None else new)


def _correct_answers(section, changes, expected_version):
    if section.version != expected_version:
        raise StaleEdit(section)
    changed = [name for name, value in changes.items()
               if not _same(section.data.get(name), value)]
    section.data = {**section.data, **{name: changes[name] for name in changed}}
    return changed


def _correct_item(section, item, changes, expected_version):
    if item.version != expected_version:
        raise StaleEdit(item)
    changed = [name for name, value in changes.items()
               if not _same(item.data.get(name), value)]
    if changed:
        item.data = {**item.data, **{name: changes[name] for name in changed}}
        item.version += 1
        item.updated_at = timezone.now()
        item.save(update_fields=["data", "version", "updated_at"])
    return changed


def _queue_rebundle(locked):
    """Build the latest submission's bundle again once this commits, unless a rebuild is
    already waiting (it will read the file as it is when it runs)."""
    submission = latest_submission(locked)
    if submission is None or not submission.bundle:
        return
    waiting = Job.objects.filter(kind=REBUNDLE_JOB, object_type="cases.filesubmission",
                                 object_id=str(submission.pk), status=JobStatus.QUEUED)
    if not waiting.exists():
        job_enqueue(kind=REBUNDLE_JOB, obj=submission)


def case_review_complete(*, acting_user, case):
    """Finish the review once every section under review is decided: any section returned
    sends the file back to the officer (RETURNED), otherwise it is APPROVED. The officer
    is notified either way. Returns the new status.

    Raises ReviewIncomplete (with the kinds still to decide), PermissionDenied,
    NotAwaitingReview.
    """
    with transaction.atomic():
        locked = _lock_for_review(acting_user=acting_user, case=case)
        fresh, _, kinds = _under_review(locked)
        by_kind = {section.kind: section for section in fresh.sections.all()}
        pending = [kind for kind in kinds
                   if kind not in by_kind or by_kind[kind].review_state == ReviewState.PENDING]
        if pending:
            raise ReviewIncomplete(pending)
        returned = [kind for kind in kinds if by_kind[kind].review_state == ReviewState.RETURNED]
        approved = [kind for kind in kinds if kind not in returned]
        if returned:
            locked.return_to_officer()
            CaseSection.objects.filter(case=locked, kind__in=returned).update(
                status=SectionStatus.RETURNED)
            comment = "\n".join(f"{SECTIONS[kind].title}: {by_kind[kind].review_comment}"
                                for kind in returned)
        else:
            locked.approve()
            comment = ""
        locked.save(update_fields=["status", "updated_at"])
        case_event_record(
            case=locked, actor=acting_user, comment=comment,
            kind=CaseEventKind.RETURNED if returned else CaseEventKind.APPROVED,
            details={"returned": returned, "approved": approved})
        _tell_the_officer(locked, returned)
        outcome = "returned" if returned else "approved"
        audit_record(actor=acting_user, action=f"cases.review.{outcome}", obj=locked,
                     details={"returned": returned, "approved": approved})
    return locked.status


def case_return_not_ready(*, acting_user, case):
    """Return an approved file to its officer because it is not ready for the CPS (the
    send found something missing: a person's record or the rules changed since the
    review). Each section with a problem is returned with the problems as its comment, so
    the officer may change it; the other sections stay approved. The defendants' and
    offences' pages and the victims and witnesses are open again with the file.

    Raises PermissionDenied unless the user may review the file, NotAwaitingReview unless
    it is approved, and FileReady when nothing is missing (it can simply be sent).
    Returns the problems ({kind: [validation.Problem]}).
    """
    from cases import readiness, validation  # readiness builds bundles: load it when used

    with transaction.atomic():
        locked = CaseFile.objects.select_for_update().get(pk=case.pk)
        if not acting_user.has_perm("cases.review_casefile", locked):
            raise PermissionDenied
        if locked.status != CaseStatus.APPROVED:
            raise NotAwaitingReview(locked.get_status_display().lower())
        problems = readiness.file_readiness(selectors.case_get(pk=locked.pk))
        if not problems:
            raise FileReady
        for kind in (kind for kind in problems if kind in SECTIONS):
            section, _ = CaseSection.objects.select_for_update().get_or_create(
                case=locked, kind=kind)
            _decide(section, acting_user=acting_user, state=ReviewState.RETURNED,
                    comment="\n".join(p.message for p in problems[kind])[
                        :RETURN_COMMENT_MAX_LENGTH],
                    fields=[p.field for p in problems[kind] if p.field in {
                        f.name for f in SECTIONS[kind].fields}])
            section.status = SectionStatus.RETURNED
            section.save(update_fields=["status"])
        locked.return_to_officer()
        locked.save(update_fields=["status", "updated_at"])
        comment = "\n".join(f"{validation.kind_title(kind)}: {p.message}"
                             for kind, found in problems.items() for p in found)
        returned = [kind for kind in problems if kind in SECTIONS]
        case_event_record(case=locked, actor=acting_user, comment=comment,
                          kind=CaseEventKind.RETURNED,
                          details={"returned": returned, "not_ready": sorted(problems)})
        notify(recipients=[locked.officer_in_case],
               title=f"Case file {locked.urn} returned: not ready for the CPS",
               body=f"{acting_user.display_name} could not send it: "
                    f"{sum(len(found) for found in problems.values())} thing(s) the CPS "
                    "needs are missing. Open the file to see each and put it right.",
               url=reverse("cases:detail", args=[locked.pk]))
        audit_record(actor=acting_user, action="cases.review.returned_not_ready", obj=locked,
                     details={"returned": returned, "not_ready": sorted(problems)})
    return problems


def _tell_the_officer(case, returned):
    """The officer's notice of the review's outcome: the sections returned, or approval."""
    url = reverse("cases:detail", args=[case.pk])
    if returned:
        titles = "; ".join(SECTIONS[kind].title for kind in returned)
        notify(recipients=[case.officer_in_case],
               title=f"Case file {case.urn} returned: {len(returned)} section"
                     f"{'s' if len(returned) > 1 else ''} to change",
               body=f"Returned: {titles}. Open the file to see your supervisor's comments.",
               url=url)
    else:
        notify(recipients=[case.officer_in_case], title=f"Case file {case.urn} approved",
               body="Your supervisor approved the file. It can now go to the CPS.", url=url)
