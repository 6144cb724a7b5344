"""Reads of the CPS handover: what was sent, what the CPS decided, and the worklists of
the people waiting on either. Each list is a fixed number of queries, however long."""

from django.db.models import Case, F, IntegerField, Max, Prefetch, Value, When

from athena.accounts.models import User
from athena.accounts.roles import Role
from cases.constants import Decider
from cases.models import (
    CPS_STATUSES,
    CaseEvent,
    CaseEventKind,
    CaseFile,
    CaseStatus,
    CpsAction,
    CpsDecision,
    CpsHandover,
    CpsTask,
    Suspect,
)
from cases.rules import decide_charge
from cases.selectors import CPS, case_facts, case_files_visible_to


def cps_task(case):
    """What the CPS lawyer does with the file (CpsTask): the initial review when the file
    rules let the police charge it (DG6 Annex 1), the charging decision when the CPS
    decides. Reads the file's offences and sections as ``selectors.case_facts`` does:
    prefetched, or ``selectors.case_for_change``'s."""
    if decide_charge(case_facts(case)).decider == Decider.POLICE:
        return CpsTask.INITIAL_REVIEW
    return CpsTask.CHARGING_DECISION


def submission_ready_for_cps(case):
    """The newest submission whose check passed and whose bundle was built, or None.

    A file is approved from its last good submission; an older bundle would not be the
    file the supervisor approved, so only the newest submission counts.
    """
    latest = case.submissions.order_by("-submitted_at", "-pk").first()
    if latest is None or latest.problems or not latest.bundle:
        return None
    return latest


def handovers_of(case):
    """What went to the CPS, newest first, with whoever sent it."""
    return list(CpsHandover.objects.filter(case=case).select_related("submission", "sent_by")
                .defer("dcf_document"))


def handover_get(*, case, pk):
    return CpsHandover.objects.select_related("submission").filter(case=case, pk=pk).first()


def decisions_of(case):
    """The CPS decisions on the file, newest first, each with its actions."""
    return list(CpsDecision.objects.filter(case=case).select_related("decided_by")
                .prefetch_related(Prefetch("actions",
                                           queryset=CpsAction.objects.select_related("done_by"))))


def people_to_tell_of_decision(case):
    """The officer in the case, whoever sent the file to the CPS, and the supervisor who
    approved it (some may be the same person; notify() tells each once)."""
    people = [case.officer_in_case]
    handover = CpsHandover.objects.filter(case=case).select_related("sent_by").first()
    if handover is not None:
        people.append(handover.sent_by)
    approval = (CaseEvent.objects.filter(case=case, kind=CaseEventKind.APPROVED)
                .exclude(actor=None).select_related("actor").first())
    if approval is not None:
        people.append(approval.actor)
    return people


def _with_suspects(files):
    return files.prefetch_related(
        Prefetch("suspects", queryset=Suspect.objects.select_related("person")))


def cps_case_files(*, user, statuses=CPS_STATUSES):
    """The files sent to the CPS that the user reads from the CPS's side (a lawyer: every
    force's, ``selectors.case_files_visible_to``), in these statuses: those awaiting a
    decision first, soonest deadline first, then the longest waiting."""
    return _with_suspects(
        case_files_visible_to(user, side=CPS).filter(status__in=statuses)
        .select_related("force")
        .annotate(sent_at=Max("handovers__sent_at"))
    ).annotate(
        decided=Case(When(status=CaseStatus.SENT_TO_CPS, then=Value(0)), default=Value(1),
                     output_field=IntegerField()),
    ).order_by("decided", F("next_deadline_at").asc(nulls_last=True), "sent_at", "pk")


def cps_actions_open_for_officer(*, user, limit):
    """The open actions of CPS action plans (a charging decision's or an initial
    review's) on the officer's files, soonest due first."""
    return list(CpsAction.objects.filter(
        decision__case__officer_in_case=user, done_at=None,
        decision__case__status=CaseStatus.DECIDED,
    ).select_related("decision__case").order_by("due_on", "pk")[:limit])


def cases_ready_for_cps(*, force, limit):
    """The force's approved files, waiting to be sent to the CPS: soonest deadline first."""
    return list(_with_suspects(
        CaseFile.objects.filter(force=force, status=CaseStatus.APPROVED)
        .select_related("officer_in_case")
    ).order_by(F("next_deadline_at").asc(nulls_last=True), "updated_at", "pk")[:limit])


def cps_lawyers_to_tell():
    """The CPS lawyers told a file has arrived: every active one (the CPS reads every
    force's files as one national service; a lawyer's area is not held yet)."""
    return list(User.objects.filter(is_active=True, groups__name=Role.CPS_LAWYER).distinct())
