"""The officer's case files on their home page, most urgent first."""

from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.worklists import WorklistItem, worklist
from cases.deadlines import case_deadlines
from cases.models import EDITABLE_STATUSES
from cases.selectors import open_cases_by_urgency

SHOWN = 20


@worklist(Role.OFFICER, "My case files")
def officer_case_files(user):
    now = timezone.now()
    items = []
    for case in open_cases_by_urgency(user=user, statuses=EDITABLE_STATUSES, limit=SHOWN):
        deadlines = case_deadlines(case)
        suspects = ", ".join(s.person.full_name for s in case.suspects.all())
        first = deadlines[0] if deadlines else None
        items.append(WorklistItem(
            url=reverse("cases:detail", args=[case.pk]),
            title=f"{case.urn} – {suspects}",
            detail=case.get_status_display(),
            due_label=first.label if first else "",
            due=_format_due(first.due) if first else "",
            overdue=bool(first and first.is_overdue(now)),
        ))
    return items


def _format_due(due):
    if hasattr(due, "hour"):
        return timezone.localtime(due).strftime("%-d %b %Y %H:%M")
    return due.strftime("%-d %b %Y")
