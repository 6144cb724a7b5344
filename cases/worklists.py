"""The officer's case files on the home page, most urgent first, and what every case-file
worklist writes the same way. The review's and the CPS's worklists are beside them
(review/worklists.py, cps/worklists.py); apps.py registers all of them."""

from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.worklists import WorklistItem, worklist
from cases.deadlines import case_deadlines
from cases.models import EDITABLE_STATUSES
from cases.selectors import open_cases_by_urgency

SHOWN = 20


def suspect_names(case):
    """The file's suspects, as a worklist names them (prefetch their people)."""
    return ", ".join(suspect.person.full_name for suspect in case.suspects.all())


def format_due(due):
    """A due date or moment as a worklist shows it, in London time."""
    if hasattr(due, "hour"):
        return timezone.localtime(due).strftime("%-d %b %Y %H:%M")
    return due.strftime("%-d %b %Y")


@worklist(Role.OFFICER, "My case files")
def officer_case_files(user):
    now = timezone.now()
    items = []
    for case in open_cases_by_urgency(user=user, statuses=EDITABLE_STATUSES, limit=SHOWN):
        deadlines = case_deadlines(case)
        first = deadlines[0] if deadlines else None
        items.append(WorklistItem(
            url=reverse("cases:detail", args=[case.pk]),
            title=f"{case.urn} – {suspect_names(case)}",
            detail=case.get_status_display(),
            due_label=first.label if first else "",
            due=format_due(first.due) if first else "",
            overdue=bool(first and first.is_overdue(now)),
        ))
    return items
