"""The intelligence analyst's worklists on the home page: reports to evaluate, and
retention reviews due. Both start from ``selectors.reports_visible_to``, so a worklist
can never list a report its reader may not open."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.worklists import WorklistItem, worklist
from intelligence import selectors
from intelligence.models import ReportStatus

SHOWN = 20
REVIEW_NOTICE_DAYS = 30


def _unit_reports(user):
    if not selectors.is_intelligence_unit(user, user.force_id):
        return None
    return selectors.reports_visible_to(user).filter(originating_force_id=user.force_id)


def _day(value):
    return f"{value.day} {value:%b %Y}"


@worklist(Role.INTELLIGENCE_ANALYST, "Reports to evaluate")
def reports_to_evaluate(user):
    """The force's submitted reports, longest waiting first."""
    reports = _unit_reports(user)
    if reports is None:
        return []
    reports = (reports.filter(status=ReportStatus.SUBMITTED).select_related("author")
               .order_by("submitted_at", "pk")[:SHOWN])
    return [WorklistItem(
        url=reverse("intelligence:report_evaluate", args=[report.pk]),
        title=f"{report.reference} – {report.title}",
        detail=f"{report.grading} from {report.author.display_name}",
        due_label="Submitted",
        due=_day(timezone.localtime(report.submitted_at)) if report.submitted_at else "",
    ) for report in reports]


@worklist(Role.INTELLIGENCE_ANALYST, "Retention reviews due")
def retention_reviews_due(user):
    """The force's disseminated reports due for review in the next 30 days, or overdue,
    soonest first."""
    reports = _unit_reports(user)
    if reports is None:
        return []
    today = timezone.localdate()
    reports = (reports.filter(status=ReportStatus.DISSEMINATED,
                              review_due_on__lte=today + timedelta(days=REVIEW_NOTICE_DAYS))
               .order_by("review_due_on", "pk")[:SHOWN])
    return [WorklistItem(
        url=reverse("intelligence:retention_review", args=[report.pk]),
        title=f"{report.reference} – {report.title}",
        detail=report.get_retention_group_display(),
        due_label="Review due",
        due=_day(report.review_due_on),
        overdue=report.review_due_on < today,
    ) for report in reports]
