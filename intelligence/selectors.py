"""Who may see which intelligence report, and the reads built on that.

This module is the one place that decides visibility (DOMAIN.md 3.1). Everything that
shows a report or a count of reports (pages, search, the subject profile, the
worklists) starts from ``reports_visible_to``; the per-report checks ask the same
queryset, so a page and a search can never disagree about what a user may see.

The rules:
- Only police roles use intelligence; a CPS lawyer or an administrator as such does not.
- The author sees their own report at every stage, original text included.
- The originating force's intelligence unit (its analysts) sees every report of the
  force once submitted, original text included: they evaluate and review it.
- Anyone else sees only disseminated reports, and only the sanitised text:
  handling code P, every force; handling code C, as its restrictions allow: the
  originating force only, or the originating force and the named forces, and in either
  case only the named roles when roles are named.

It is also the one place that decides who may evaluate a report: an analyst of the
originating force, but not its author while the force's policy needs a second person
(``needs_another_analyst``); the pages, the worklist and the services all ask it.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from athena.accounts.roles import Role
from intelligence.grading import HandlingCode
from intelligence.models import ForceIntelligencePolicy, IntelligenceReport, ReportStatus

INTELLIGENCE_ROLES = frozenset({
    Role.OFFICER, Role.CUSTODY_OFFICER, Role.INSPECTOR, Role.SUPERINTENDENT,
    Role.FILE_SUPERVISOR, Role.INTELLIGENCE_ANALYST,
})


def may_use_intelligence(user):
    """A police role: may write reports and read what is shared with them."""
    return (user.is_authenticated and user.force_id is not None
            and bool(INTELLIGENCE_ROLES & set(user.role_names)))


def is_intelligence_unit(user, force_id):
    """An analyst of this force: evaluates, disseminates and reviews its reports."""
    return (may_use_intelligence(user) and user.force_id == force_id
            and Role.INTELLIGENCE_ANALYST in user.role_names)


def _sharing_allows(user):
    """Disseminated code C reports whose restrictions let this user in."""
    forces = IntelligenceReport.shared_with_forces.through.objects.filter(
        intelligencereport_id=OuterRef("pk"))
    roles = IntelligenceReport.shared_with_roles.through.objects.filter(
        intelligencereport_id=OuterRef("pk"))
    own_force = Q(originating_force_id=user.force_id)
    force_allowed = own_force | (
        Q(originator_only=False)
        & (~Exists(forces) | Exists(forces.filter(force_id=user.force_id))))
    role_allowed = ~Exists(roles) | Exists(roles.filter(group__name__in=user.role_names))
    return force_allowed & role_allowed


def reports_visible_to(user):
    """Every report the user may open (at least its sanitised text)."""
    if not may_use_intelligence(user):
        return IntelligenceReport.objects.none()
    visible = Q(author_id=user.pk)
    if Role.INTELLIGENCE_ANALYST in user.role_names:
        visible |= Q(originating_force_id=user.force_id) & ~Q(status=ReportStatus.DRAFT)
    shared = Q(status=ReportStatus.DISSEMINATED) & (
        Q(handling_code=HandlingCode.PERMITTED)
        | (Q(handling_code=HandlingCode.CONDITIONS) & _sharing_allows(user)))
    return IntelligenceReport.objects.filter(visible | shared)


def may_view_report(user, report):
    return reports_visible_to(user).filter(pk=report.pk).exists()


def may_view_original(user, report):
    """The original text: the author and the originating intelligence unit only."""
    if not may_use_intelligence(user):
        return False
    return report.author_id == user.pk or (
        is_intelligence_unit(user, report.originating_force_id)
        and report.status != ReportStatus.DRAFT)


def may_edit_report(user, report):
    return report.author_id == user.pk and report.is_editable_by_author


def may_evaluate_report(user, report):
    """An analyst of the originating force, while the report awaits evaluation. The
    author among them may open the evaluation page but decide nothing on it while
    ``needs_another_analyst`` holds."""
    return (is_intelligence_unit(user, report.originating_force_id)
            and report.status == ReportStatus.SUBMITTED)


def dissemination_needs_second_person(force_id):
    """Whether the force keeps evaluation and dissemination from the report's author.
    Yes unless the force's policy row says otherwise: no row is the safe default."""
    stored = (ForceIntelligencePolicy.objects.filter(force_id=force_id)
              .values_list("dissemination_needs_second_person", flat=True).first())
    return stored is None or stored


def needs_another_analyst(user, report):
    """Separation of duties: ``user`` wrote the report and its force needs a second
    person, so another analyst must evaluate it (disseminate, ask the author a question,
    or reject). Every caller asks this, never the policy row itself."""
    return (report.author_id == user.pk
            and dissemination_needs_second_person(report.originating_force_id))


def may_decide_evaluation(user, report):
    """May disseminate, question or reject the report now."""
    return may_evaluate_report(user, report) and not needs_another_analyst(user, report)


def may_review_retention(user, report):
    return (is_intelligence_unit(user, report.originating_force_id)
            and report.status == ReportStatus.DISSEMINATED)


def report_get_for_user(*, user, pk):
    """The report with what its page shows; 404 (not 403) when the user may not see it,
    so its existence is not disclosed."""
    reports = (reports_visible_to(user)
               .select_related("originating_force", "author", "evaluated_by",
                               "sanitisation_checked_by")
               .prefetch_related("shared_with_forces", "shared_with_roles", "questions",
                                 "links__person", "links__location", "links__vehicle",
                                 "links__telephone_number", "links__organisation"))
    return get_object_or_404(reports, pk=pk)


# --- The intelligence unit's queues (pages and home-page worklists share them) ---------

RETENTION_NOTICE_DAYS = 30


def unit_reports(user):
    """The reports of the user's own force that its intelligence unit works on; none
    for anyone who is not an analyst of a force."""
    if not is_intelligence_unit(user, user.force_id):
        return IntelligenceReport.objects.none()
    return reports_visible_to(user).filter(originating_force_id=user.force_id)


def reports_submitted_to_unit(user):
    """Submitted reports of the analyst's force, longest waiting first, the analyst's
    own among them (the queue shows those as waiting for another analyst)."""
    return (unit_reports(user).filter(status=ReportStatus.SUBMITTED)
            .select_related("author").order_by("submitted_at", "pk"))


def reports_awaiting_evaluation(user):
    """Submitted reports of the analyst's force that this analyst may evaluate, longest
    waiting first: their own left out while the force needs a second person."""
    reports = reports_submitted_to_unit(user)
    if dissemination_needs_second_person(user.force_id):
        reports = reports.exclude(author_id=user.pk)
    return reports


@dataclass(frozen=True)
class QueueRow:
    report: IntelligenceReport
    # The analyst wrote it and the force needs a second person: not theirs to evaluate.
    waiting_for_another_analyst: bool


def evaluation_queue(user, *, limit):
    """The unit's submitted reports, longest waiting first (at most ``limit``), each
    saying whether it waits for an analyst other than ``user``: the queryset form of
    ``needs_another_analyst``, with the policy read once for the page."""
    second_person = dissemination_needs_second_person(user.force_id)
    reports = reports_submitted_to_unit(user).annotate(link_count=Count("links"))[:limit]
    return [QueueRow(report, second_person and report.author_id == user.pk)
            for report in reports]


def reports_due_for_retention_review(user, *, today, within_days=RETENTION_NOTICE_DAYS):
    """Disseminated reports of the analyst's force whose MoPI review is overdue or due
    within ``within_days``, soonest first."""
    from datetime import timedelta

    return (unit_reports(user)
            .filter(status=ReportStatus.DISSEMINATED,
                    review_due_on__lte=today + timedelta(days=within_days))
            .select_related("originating_force").order_by("review_due_on", "pk"))
