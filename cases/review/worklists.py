"""Home-page worklists of the review: the officer's returned sections, and the
supervisor's files awaiting review, most urgent first."""

from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.worklists import WorklistItem, worklist
from cases.review.selectors import (
    files_awaiting_review_for_home,
    returned_section_url,
    returned_sections_for_officer,
)
from cases.sections import SECTIONS
from cases.worklists import SHOWN, format_due, suspect_names


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
            due=format_due(section.case.next_deadline_at) if section.case.next_deadline_at
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
        items.append(WorklistItem(
            url=reverse("cases:review", args=[case.pk]),
            title=f"{case.urn} – {suspect_names(case)}",
            detail=f"{case.officer_in_case.display_name}"
                   f"{' (' + case.officer_in_case.team + ')' if case.officer_in_case.team else ''}"
                   f" · {case.get_status_display()}",
            due_label="Next deadline" if case.next_deadline_at else "",
            due=format_due(case.next_deadline_at) if case.next_deadline_at else "",
            overdue=bool(case.next_deadline_at and case.next_deadline_at < now),
        ))
    return items
