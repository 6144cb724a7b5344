"""Case-file worklists on the home page: the officer's files and returned sections,
and the supervisor's files awaiting review, most urgent first."""

from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.worklists import WorklistItem, worklist
from cases.deadlines import case_deadlines
from cases.models import EDITABLE_STATUSES
from cases.sections import SECTIONS
from cases.selectors import open_cases_by_urgency
from cases.selectors_review import (
    files_awaiting_review_for_home,
    returned_section_url,
    returned_sections_for_officer,
)

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


@worklist(Role.OFFICER, "Returned sections")
def officer_returned_sections(user):
    """Each section a supervisor returned on the officer's files, linking straight to the
    first field (or statement or exhibit) they pointed at, with their comment."""
    now = timezone.now()
    return [
        WorklistItem(
            url=returned_section_url(section.case, section),
            title=f"{section.case.urn} – {SECTIONS[section.kind].title}",
            detail=section.review_comment,
            due_label="Next deadline" if section.case.next_deadline_at else "",
            due=_format_due(section.case.next_deadline_at) if section.case.next_deadline_at
            else "",
            overdue=bool(section.case.next_deadline_at
                         and section.case.next_deadline_at < now),
        )
        for section in returned_sections_for_officer(user=user, limit=SHOWN)
        if section.kind in SECTIONS
    ]


@worklist(Role.FILE_SUPERVISOR, "Files awaiting review")
def supervisor_files_awaiting_review(user):
    now = timezone.now()
    items = []
    for case in files_awaiting_review_for_home(user=user, limit=SHOWN):
        suspects = ", ".join(s.person.full_name for s in case.suspects.all())
        items.append(WorklistItem(
            url=reverse("cases:review", args=[case.pk]),
            title=f"{case.urn} – {suspects}",
            detail=f"{case.officer_in_case.display_name}"
                   f"{' (' + case.officer_in_case.team + ')' if case.officer_in_case.team else ''}"
                   f" · {case.get_status_display()}",
            due_label="Next deadline" if case.next_deadline_at else "",
            due=_format_due(case.next_deadline_at) if case.next_deadline_at else "",
            overdue=bool(case.next_deadline_at and case.next_deadline_at < now),
        ))
    return items
