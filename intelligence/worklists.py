"""The intelligence analyst's worklists on the home page: reports to evaluate, and
retention reviews due. Both start from ``selectors.reports_visible_to``, so a worklist
can never list a report its reader may not open."""

from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.worklists import WorklistItem, worklist
from intelligence import selectors

SHOWN = 20


def _day(value):
    return f"{value.day} {value:%b %Y}"


@worklist(Role.INTELLIGENCE_ANALYST, "Reports to evaluate")
def reports_to_evaluate(user):
    """The force's submitted reports, longest waiting first."""
    reports = selectors.reports_awaiting_evaluation(user)[:SHOWN]
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
    today = timezone.localdate()
    reports = selectors.reports_due_for_retention_review(user, today=today)[:SHOWN]
    return [WorklistItem(
        url=reverse("intelligence:retention_review", args=[report.pk]),
        title=f"{report.reference} – {report.title}",
        detail=report.get_retention_group_display(),
        due_label="Review due",
        due=_day(report.review_due_on),
        overdue=report.review_due_on < today,
    ) for report in reports]


@worklist(Role.ADMINISTRATOR, "Intelligence subjects looked at")
def subjects_looked_at(user):
    """People recently looked at through intelligence, each leading to who looked at
    them and why (DPA 2018 s.62)."""
    from intelligence.subjects import subjects_recently_looked_at

    return [WorklistItem(
        url=reverse("intelligence:subject_access_log", args=[person.pk]),
        title=person.full_name,
        detail="Who looked, when and why",
    ) for person in subjects_recently_looked_at()]
