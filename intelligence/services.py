"""Writes to intelligence: the report's workflow, its entity links, retention reviews
and the audit of every read.

Each service runs in one transaction with its audit event. Views check permission with
the selectors before calling; the services enforce the rules that hold whoever calls
them (a stale edit, a grading that breaks the 3x5x2 rules, a step out of order).
Audit details hold ids and codes, never the report's text.
"""

import uuid
from contextlib import contextmanager

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.services import audit_record
from athena.people import services as people_services
from intelligence import selectors
from intelligence.grading import HandlingCode
from intelligence.models import (
    ENTITY_FIELDS,
    EntityType,
    ForceIntelligencePolicy,
    IntelligenceReport,
    ReportLink,
    ReportQuestion,
    ReportStatus,
    RetentionDecision,
    RetentionReview,
)
from intelligence.retention import review_due_on

REASON_MAX_LENGTH = 500


class ReportEditConflict(Exception):
    """Someone changed the report after this edit began."""


class WorkflowError(Exception):
    """The step is not open to the report in its present state; the message says why."""


class SecondPersonRequired(WorkflowError):
    """The analyst wrote the report and their force needs another analyst to evaluate
    and disseminate it."""


SECOND_PERSON_MESSAGE = ("A second analyst must evaluate and disseminate a report you "
                         "wrote. Your force requires it.")


class GradingError(Exception):
    """The grading breaks a 3x5x2 rule; ``errors`` maps field names to messages."""

    def __init__(self, errors):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def grading_errors(*, handling_code, handling_conditions, originator_only=False,
                   shared_with_forces=(), shared_with_roles=()):
    """The 3x5x2 rules a grading must keep, as {field: message}; empty when it keeps
    them. Handling code C needs its conditions in words; restrictions belong to code C
    only, and "originating force only" cannot also name other forces."""
    errors = {}
    if handling_code == HandlingCode.CONDITIONS:
        if not str(handling_conditions or "").strip():
            errors["handling_conditions"] = (
                "State the conditions of sharing: handling code C allows sharing only "
                "with conditions")
        if originator_only and shared_with_forces:
            errors["shared_with_forces"] = (
                "Name no other forces when sharing is for the originating force only")
    elif handling_code == HandlingCode.PERMITTED:
        if originator_only or shared_with_forces or shared_with_roles:
            errors["handling_code"] = (
                "Choose handling code C to restrict who may see the report: code P "
                "allows sharing with every force")
    return errors


def _printable(text, limit):
    """Text fit for the audit trail: capped, without control characters."""
    return "".join(ch for ch in str(text or "")[:limit] if ch.isprintable())


def _locked(report, expected_version=None):
    locked = IntelligenceReport.objects.select_for_update().get(pk=report.pk)
    if expected_version is not None and locked.version != int(expected_version):
        raise ReportEditConflict(f"Report {locked.reference} changed since it was opened")
    return locked


def _save(report, fields):
    report.version += 1
    report.updated_at = timezone.now()
    report.save(update_fields=[*fields, "version", "updated_at"])
    return report


def _set_sharing(report, *, originator_only, shared_with_forces, shared_with_roles):
    """Store every code C restriction: the flag and both lists, each written to the
    database here. (The flag was once only set in memory after the row was saved, so
    "originating force only" never reached the database and the report went to every
    force: no caller may set a restriction in memory and leave saving it to chance.)"""
    report.originator_only = bool(originator_only)
    report.save(update_fields=["originator_only"])
    report.shared_with_forces.set(list(shared_with_forces))
    report.shared_with_roles.set(
        Group.objects.filter(name__in=[Role(role).value for role in shared_with_roles]))


def _check_grading(report, sharing):
    errors = grading_errors(handling_code=report.handling_code,
                            handling_conditions=report.handling_conditions, **sharing)
    if errors:
        raise GradingError(errors)


def _sharing_args(originator_only, shared_with_forces, shared_with_roles, handling_code):
    if handling_code != HandlingCode.CONDITIONS:
        return {"originator_only": False, "shared_with_forces": (),
                "shared_with_roles": ()}
    return {"originator_only": originator_only,
            "shared_with_forces": tuple(shared_with_forces or ()),
            "shared_with_roles": tuple(shared_with_roles or ())}


def _sharing_details(sharing):
    """The restrictions for the audit trail, as ids and codes."""
    return {"originator_only": bool(sharing["originator_only"]),
            "force_ids": sorted(int(getattr(force, "pk", force))
                                for force in sharing["shared_with_forces"]),
            "roles": sorted(str(role) for role in sharing["shared_with_roles"])}


REPORT_FIELDS = ("title", "obtained_on", "original_text", "sanitised_text",
                 "source_evaluation", "intelligence_assessment", "handling_code",
                 "handling_conditions", "retention_group")


def report_create(*, acting_user, originator_only=False, shared_with_forces=(),
                  shared_with_roles=(), **fields):
    """A draft report by ``acting_user`` for their force, with the author's grading."""
    if acting_user.force_id is None:
        raise WorkflowError("Only an officer of a force can write an intelligence report")
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown report fields: {', '.join(sorted(unknown))}")
    if fields.get("handling_code") != HandlingCode.CONDITIONS:
        fields["handling_conditions"] = ""
    sharing = _sharing_args(originator_only, shared_with_forces, shared_with_roles,
                            fields.get("handling_code"))
    with transaction.atomic():
        report = IntelligenceReport(originating_force_id=acting_user.force_id,
                                    author=acting_user, **fields)
        _check_grading(report, sharing)
        report.reference = f"new-{uuid.uuid4().hex[:16]}"  # until the pk is known
        report.save()
        report.reference = f"{acting_user.force.code}-IR-{report.pk:07d}"
        report.save(update_fields=["reference"])
        _set_sharing(report, **sharing)
        audit_record(actor=acting_user, action="intelligence.report.created", obj=report,
                     details={"grading": report.grading, "sharing": _sharing_details(sharing)})
    return report


def report_update(*, acting_user, report, expected_version=None, originator_only=False,
                  shared_with_forces=(), shared_with_roles=(), **fields):
    """The author's edit of a draft, or of a report sent back with a question."""
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown report fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        report = _locked(report, expected_version)
        if report.author_id != acting_user.pk or not report.is_editable_by_author:
            raise WorkflowError("Only the author can change a draft or a report that "
                                "has a question waiting")
        for name, value in fields.items():
            setattr(report, name, value)
        if report.handling_code != HandlingCode.CONDITIONS:
            report.handling_conditions = ""
        sharing = _sharing_args(originator_only, shared_with_forces, shared_with_roles,
                                report.handling_code)
        _check_grading(report, sharing)
        _save(report, [*fields, "handling_conditions"])
        _set_sharing(report, **sharing)
        audit_record(actor=acting_user, action="intelligence.report.updated", obj=report,
                     details={"fields": sorted(fields), "grading": report.grading,
                              "sharing": _sharing_details(sharing)})
    return report


def report_link_add(*, acting_user, report, entity_type, entity, reason):
    """Link a person, location, vehicle, telephone number or organisation to the report,
    with the reason for the link. Linking the same entity twice changes nothing."""
    reason = " ".join(str(reason or "").split())[:REASON_MAX_LENGTH]
    if not reason:
        raise WorkflowError("Say why the entity is linked to the report")
    field = ENTITY_FIELDS[EntityType(entity_type)]
    with transaction.atomic():
        report = _locked(report)
        if report.author_id != acting_user.pk and not (
                report.status == ReportStatus.SUBMITTED
                and acting_user.force_id == report.originating_force_id
                and Role.INTELLIGENCE_ANALYST in acting_user.role_names):
            raise WorkflowError("Only the author, or an analyst evaluating the report, "
                                "can link entities to it")
        if report.status not in (ReportStatus.DRAFT, ReportStatus.QUESTION,
                                 ReportStatus.SUBMITTED):
            raise WorkflowError("Entities cannot be linked once the report is evaluated")
        link, created = ReportLink.objects.get_or_create(
            report=report, **{field: entity},
            defaults={"entity_type": entity_type, "reason": reason,
                      "created_by": acting_user})
        if created:
            _save(report, [])
            audit_record(actor=acting_user, action="intelligence.link.added", obj=report,
                         details={"entity_type": str(entity_type), "entity_id": entity.pk,
                                  "link_id": link.pk})
    return link


# The nominal-index service that records each kind of entity an author may add.
_ENTITY_CREATORS = {
    EntityType.VEHICLE: people_services.vehicle_create,
    EntityType.LOCATION: people_services.location_create,
    EntityType.TELEPHONE: people_services.telephone_number_create,
    EntityType.ORGANISATION: people_services.organisation_create,
}


def report_link_new_entity(*, acting_user, report, entity_type, entity_fields, reason):
    """Record an entity the index does not hold yet (``entity_fields`` for its people
    service) and link it to the report, both or neither. Returns the entity."""
    create = _ENTITY_CREATORS[EntityType(entity_type)]
    with transaction.atomic():
        entity = create(acting_user=acting_user, **entity_fields)
        report_link_add(acting_user=acting_user, report=report, entity_type=entity_type,
                        entity=entity, reason=reason)
    return entity


def report_link_remove(*, acting_user, link):
    with transaction.atomic():
        report = _locked(link.report)
        if report.author_id != acting_user.pk or not report.is_editable_by_author:
            raise WorkflowError("Only the author can remove a link, before evaluation")
        details = {"entity_type": link.entity_type, "entity_id": link.entity_id,
                   "link_id": link.pk}
        link.delete()
        _save(report, [])
        audit_record(actor=acting_user, action="intelligence.link.removed", obj=report,
                     details=details)


def report_submit(*, acting_user, report):
    """The author sends the report (or their answer to a question) for evaluation."""
    with transaction.atomic():
        report = _locked(report)
        if report.author_id != acting_user.pk or not report.is_editable_by_author:
            raise WorkflowError("Only the author can submit a draft")
        if report.status == ReportStatus.QUESTION and report.questions.filter(
                answered_at=None).exists():
            raise WorkflowError("Answer the analyst's question before submitting again")
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        _save(report, ["status", "submitted_at"])
        audit_record(actor=acting_user, action="intelligence.report.submitted", obj=report)
    return report


def _require_unit(acting_user, report):
    """The acting user may decide the report's evaluation now; returns whether they do
    it alone (the author, where the force allows that), for the audit trail."""
    if not (acting_user.force_id == report.originating_force_id
            and Role.INTELLIGENCE_ANALYST in acting_user.role_names):
        raise WorkflowError("Only an analyst of the originating force can evaluate "
                            "this report")
    if selectors.needs_another_analyst(acting_user, report):
        raise SecondPersonRequired(SECOND_PERSON_MESSAGE)
    if report.status != ReportStatus.SUBMITTED:
        raise WorkflowError(f"The report is {report.get_status_display().lower()}, "
                            "not awaiting evaluation")
    return report.author_id == acting_user.pk


EVALUATION_STEPS = ("disseminate", "question", "reject")


def report_evaluation_refused(*, acting_user, report, step):
    """Record that the author tried to decide the evaluation of their own report (``step``:
    disseminate, question, reject) while their force needs a second analyst. Nothing
    about the report changes."""
    return audit_record(actor=acting_user, action="intelligence.report.dissemination_refused",
                        obj=report,
                        details={"step": step if step in EVALUATION_STEPS else "unknown",
                                 "force_id": report.originating_force_id,
                                 "rule": "second_person"})


@contextmanager
def _refusal_audited(acting_user, report, step):
    """Around a step's transaction: a refusal for want of a second analyst is audited
    after the step's own work has rolled back, so the event stands."""
    try:
        yield
    except SecondPersonRequired:
        report_evaluation_refused(acting_user=acting_user, report=report, step=step)
        raise


def report_question_ask(*, acting_user, report, question):
    """The analyst asks the author something; the report goes back to the author."""
    question = str(question or "").strip()
    if not question:
        raise WorkflowError("Write the question for the author")
    with _refusal_audited(acting_user, report, "question"), transaction.atomic():
        report = _locked(report)
        single_person = _require_unit(acting_user, report)
        asked = ReportQuestion.objects.create(report=report, question=question,
                                              asked_by=acting_user)
        report.status = ReportStatus.QUESTION
        _save(report, ["status"])
        audit_record(actor=acting_user, action="intelligence.report.question_asked",
                     obj=report, details={"question_id": asked.pk,
                                          "single_person": single_person})
    return asked


def report_question_answer(*, acting_user, question, answer):
    """The author answers and the report returns to the analyst."""
    answer = str(answer or "").strip()
    if not answer:
        raise WorkflowError("Write your answer to the analyst's question")
    with transaction.atomic():
        report = _locked(question.report)
        question = ReportQuestion.objects.select_for_update().get(pk=question.pk)
        if report.author_id != acting_user.pk or report.status != ReportStatus.QUESTION:
            raise WorkflowError("Only the author can answer, while the question is open")
        if question.answered_at is not None:
            raise WorkflowError("This question has already been answered")
        question.answer = answer
        question.answered_by = acting_user
        question.answered_at = timezone.now()
        question.save(update_fields=["answer", "answered_by", "answered_at"])
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        _save(report, ["status", "submitted_at"])
        audit_record(actor=acting_user, action="intelligence.report.question_answered",
                     obj=report, details={"question_id": question.pk})
    return question


def report_disseminate(*, acting_user, report, source_evaluation, intelligence_assessment,
                       handling_code, handling_conditions="", sanitised_text,
                       retention_group, sanitisation_checked, originator_only=False,
                       shared_with_forces=(), shared_with_roles=(), expected_version=None):
    """The analyst confirms or changes the grading, confirms the sanitised text has been
    checked, and disseminates. The retention group sets the first review date.

    Raises SecondPersonRequired (audited) when the analyst wrote the report and the
    force needs a second person; where it does not, the event says ``single_person``."""
    sanitised_text = str(sanitised_text or "").strip()
    if not sanitised_text:
        raise GradingError({"sanitised_text": "Write the sanitised text to disseminate"})
    if not sanitisation_checked:
        raise GradingError({"sanitisation_checked": (
            "Confirm the sanitised text reveals neither the source nor tactics")})
    if handling_code != HandlingCode.CONDITIONS:
        handling_conditions = ""
    sharing = _sharing_args(originator_only, shared_with_forces, shared_with_roles,
                            handling_code)
    with _refusal_audited(acting_user, report, "disseminate"), transaction.atomic():
        report = _locked(report, expected_version)
        single_person = _require_unit(acting_user, report)
        author_grading = report.grading
        report.source_evaluation = source_evaluation
        report.intelligence_assessment = intelligence_assessment
        report.handling_code = handling_code
        report.handling_conditions = str(handling_conditions or "").strip()
        _check_grading(report, sharing)
        now = timezone.now()
        report.sanitised_text = sanitised_text
        report.retention_group = retention_group
        report.review_due_on = review_due_on(retention_group,
                                             from_date=timezone.localdate(now))
        report.sanitisation_checked_by = acting_user
        report.evaluated_by = acting_user
        report.disseminated_at = now
        report.status = ReportStatus.DISSEMINATED
        _save(report, ["source_evaluation", "intelligence_assessment", "handling_code",
                       "handling_conditions", "sanitised_text", "retention_group",
                       "review_due_on", "sanitisation_checked_by", "evaluated_by",
                       "disseminated_at", "status"])
        _set_sharing(report, **sharing)
        audit_record(actor=acting_user, action="intelligence.report.disseminated",
                     obj=report, details={"author_grading": author_grading,
                                          "grading": report.grading,
                                          "sharing": _sharing_details(sharing),
                                          "retention_group": report.retention_group,
                                          "single_person": single_person})
    return report


def report_reject(*, acting_user, report, reason):
    reason = str(reason or "").strip()
    if not reason:
        raise WorkflowError("Give the reason for rejecting the report")
    with _refusal_audited(acting_user, report, "reject"), transaction.atomic():
        report = _locked(report)
        single_person = _require_unit(acting_user, report)
        report.status = ReportStatus.REJECTED
        report.rejection_reason = reason
        report.evaluated_by = acting_user
        _save(report, ["status", "rejection_reason", "evaluated_by"])
        audit_record(actor=acting_user, action="intelligence.report.rejected", obj=report,
                     details={"single_person": single_person})
    return report


def report_retention_review(*, acting_user, report, decision, rationale):
    """Record a MoPI review. Retain sets the next review date by the report's group;
    dispose deletes the report, its links, questions and reviews, leaving only the
    audit event that says it happened, by whom and why. Returns the review, or None
    when the report was disposed of."""
    rationale = str(rationale or "").strip()
    if not rationale:
        raise WorkflowError("Give the rationale for the decision (NRAC)")
    decision = RetentionDecision(decision)
    with transaction.atomic():
        report = _locked(report)
        if not (acting_user.force_id == report.originating_force_id
                and Role.INTELLIGENCE_ANALYST in acting_user.role_names):
            raise WorkflowError("Only an analyst of the originating force can review "
                                "this report")
        if report.status not in (ReportStatus.DISSEMINATED, ReportStatus.REJECTED):
            raise WorkflowError("Only an evaluated report is reviewed for retention")
        if decision == RetentionDecision.DISPOSE:
            details = {"reference": report.reference,
                       "retention_group": report.retention_group,
                       "link_count": report.links.count()}
            audit_record(actor=acting_user, action="intelligence.report.disposed",
                         obj=report, reason=_printable(rationale, 2000), details=details)
            report.delete()
            return None
        next_review = review_due_on(report.retention_group,
                                    from_date=timezone.localdate())
        review = RetentionReview.objects.create(report=report, decision=decision,
                                                rationale=rationale,
                                                reviewed_by=acting_user,
                                                next_review_on=next_review)
        report.review_due_on = next_review
        _save(report, ["review_due_on"])
        audit_record(actor=acting_user, action="intelligence.report.retained", obj=report,
                     reason=_printable(rationale, 2000),
                     details={"next_review_on": next_review.isoformat()})
    return review


# --- Lawful access (DPA 2018 s.62): every read is recorded with its stated reason -----

def intelligence_searched(*, acting_user, query, reason, filters=None, report_ids=(),
                          entity_refs=()):
    """Record a search: what was asked, why, and what it showed (ids only)."""
    return audit_record(
        actor=acting_user, action="intelligence.searched",
        object_type="intelligence.intelligencereport", reason=_printable(reason, 500),
        details={"query": _printable(query, 200), "filters": filters or {},
                 "report_ids": list(report_ids)[:200],
                 "entities": [f"{kind}:{pk}" for kind, pk in entity_refs][:200]})


def report_viewed(*, acting_user, report, reason, original=False):
    """Record that the user opened a report, and whether they read the original."""
    details = {"person_ids": sorted(link.person_id for link in report.links.all()
                                    if link.person_id),
               "original": bool(original)}
    return audit_record(actor=acting_user, action="intelligence.report.viewed",
                        obj=report, reason=_printable(reason, 500), details=details)


QUEUES = ("evaluation_queue", "retention_queue")


def queue_viewed(*, acting_user, queue, report_ids):
    """Record that an analyst opened one of the unit's queues (``queue``: evaluation_queue
    or retention_queue) and which reports it listed: titles and authors are personal
    data, so the listing is a read like any other. Ids only."""
    if queue not in QUEUES:
        raise ValueError(f"Unknown queue: {queue}")
    return audit_record(actor=acting_user, action=f"intelligence.{queue}.viewed",
                        object_type="intelligence.intelligencereport",
                        details={"report_ids": list(report_ids)[:200]})


def subject_access_log_viewed(*, acting_user, person, reason, event_ids, page_number):
    """Record that an administrator read who looked at the subject, and which entries
    (event ids only)."""
    return audit_record(actor=acting_user, action="intelligence.subject.access_log_viewed",
                        obj=person, reason=_printable(reason, 500),
                        details={"page": page_number, "event_ids": list(event_ids)[:200]})


def subject_viewed(*, acting_user, person, reason):
    """Record that the user opened a person's subject profile."""
    return audit_record(actor=acting_user, action="intelligence.subject.viewed",
                        obj=person, reason=_printable(reason, 500))


# --- The force's intelligence policy -------------------------------------------------

def force_intelligence_policy_set(*, acting_user, force, dissemination_needs_second_person):
    """Set the force's policy, creating its row on first use, and audit it as
    ``intelligence.policy.changed`` (from and to; no row counts as the default). Setting
    a stored row to what it already holds changes and records nothing. Returns the
    policy."""
    needs_second_person = bool(dissemination_needs_second_person)
    with transaction.atomic():
        policy = (ForceIntelligencePolicy.objects.select_for_update()
                  .filter(force=force).first())
        if policy is None:
            policy = ForceIntelligencePolicy(force=force)
        elif policy.dissemination_needs_second_person == needs_second_person:
            return policy
        was = policy.dissemination_needs_second_person
        policy.dissemination_needs_second_person = needs_second_person
        policy.changed_at = timezone.now()
        policy.changed_by = acting_user
        if policy.pk is None:
            policy.save()
        else:
            policy.save(update_fields=["dissemination_needs_second_person", "changed_at",
                                       "changed_by"])
        audit_record(actor=acting_user, action="intelligence.policy.changed", obj=policy,
                     details={"force_id": policy.force_id,
                              "dissemination_needs_second_person": {
                                  "from": was, "to": needs_second_person}})
    return policy
