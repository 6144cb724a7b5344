"""Home-page worklists of the CPS handover: the officer's CPS actions, the files
waiting for a CPS lawyer's decision or review, and approved files waiting to be sent."""

from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.worklists import WorklistItem, worklist
from cases.cps import selectors
from cases.models import CaseStatus
from cases.worklists import SHOWN, format_due, suspect_names

OFFICER_CPS_ACTIONS = "CPS actions"
CPS_FILES_SENT = "Files sent to you"
SUPERVISOR_READY_FOR_CPS = "Ready to send to the CPS"


@worklist(Role.OFFICER, OFFICER_CPS_ACTIONS)
def officer_cps_actions(user):
    """Open actions of the CPS's action plans on the officer's files, soonest due first."""
    today = timezone.localdate()
    return [
        WorklistItem(
            url=reverse("cases:cps_file", args=[action.decision.case_id]) + "#actions",
            title=f"{action.decision.case.urn} – {_shortened(action.description)}",
            detail=("More information for the CPS's review" if action.decision.is_initial_review
                    else "Further evidence for the CPS"),
            due_label="Due", due=format_due(action.due_on),
            overdue=action.due_on < today)
        for action in selectors.cps_actions_open_for_officer(user=user, limit=SHOWN)]


def _shortened(text, limit=80):
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


@worklist(Role.CPS_LAWYER, CPS_FILES_SENT)
def cps_files_sent(user):
    """Files awaiting the lawyer (a charging decision or an initial review), soonest
    deadline first."""
    now = timezone.now()
    files = selectors.cps_case_files(user=user, statuses=[CaseStatus.SENT_TO_CPS])[:SHOWN]
    return [
        WorklistItem(
            url=reverse("cases:cps_review", args=[case.pk]),
            title=f"{case.urn} – {suspect_names(case)}",
            detail=f"{case.force.name}, sent {format_due(case.sent_at)}" if case.sent_at
            else case.force.name,
            due_label="Next deadline" if case.next_deadline_at else "",
            due=format_due(case.next_deadline_at) if case.next_deadline_at else "",
            overdue=bool(case.next_deadline_at and case.next_deadline_at < now))
        for case in files]


@worklist(Role.FILE_SUPERVISOR, SUPERVISOR_READY_FOR_CPS)
def supervisor_ready_for_cps(user):
    """The force's approved files, to be sent to the CPS."""
    if user.force_id is None:
        return []
    now = timezone.now()
    return [
        WorklistItem(
            url=reverse("cases:cps_send", args=[case.pk]),
            title=f"{case.urn} – {suspect_names(case)}",
            detail=f"Approved; officer in the case {case.officer_in_case.display_name}",
            due_label="Next deadline" if case.next_deadline_at else "",
            due=format_due(case.next_deadline_at) if case.next_deadline_at else "",
            overdue=bool(case.next_deadline_at and case.next_deadline_at < now))
        for case in selectors.cases_ready_for_cps(force=user.force, limit=SHOWN)]
