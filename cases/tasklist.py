"""The file page's task list: the sections this file needs, each defendant and offence,
and the victims and witnesses, each with its status, all from the file's problems
(``validation.file_problems``), so the list says "completed" only of what the check will
accept."""

from dataclasses import dataclass

from django.urls import reverse

from cases.constants import Requirement
from cases.models import SectionStatus
from cases.rules_data.dcf import VICTIM, VICTIM_OR_WITNESS
from cases.sections import SECTIONS, PartKind
from cases.selectors import case_section
from cases.validation import (
    PARTICIPANTS,
    changed_since_returned,
    section_status,
    suspects_of,
)

CANNOT_START_YET = "cannot_start_yet"
# A returned section the officer has changed since, with nothing missing: the supervisor
# sees it again once the file is submitted.
CHANGED = "changed"


@dataclass(frozen=True)
class Task:
    kind: str
    title: str
    level: str
    reasons: tuple
    status: str
    status_label: str
    url: str | None
    problem_count: int
    # The task's own id on the page (several tasks share a kind: one per defendant).
    key: str = ""

    @property
    def anchor(self):
        return self.key or self.kind


def _section_tasks(case, facts, requirements, problems):
    tasks = []
    for kind in requirements.listed_sections():
        requirement = requirements.sections[kind]
        if not facts.offences:
            tasks.append(Task(kind, SECTIONS[kind].title, requirement.level,
                              requirement.reasons, CANNOT_START_YET,
                              "Cannot start yet: add an offence first", None, 0))
            continue
        section = case_section(case, kind)
        found = problems.get(kind, [])
        status = section_status(section, found)
        label = SectionStatus(status).label
        if status == SectionStatus.RETURNED and not found and changed_since_returned(section):
            status, label = CHANGED, "Changed – waiting for review"
        view = "cases:items" if SECTIONS[kind].repeatable else "cases:section"
        tasks.append(Task(kind, SECTIONS[kind].title, requirement.level, requirement.reasons,
                          status, label, reverse(view, args=[case.pk, kind]), len(found)))
    return tasks


def _status(count, answered):
    if count == 0:
        return SectionStatus.COMPLETED
    return SectionStatus.IN_PROGRESS if answered else SectionStatus.NOT_STARTED


def _part_tasks(case, problems):
    """A task for each defendant and each offence that the rules ask anything of."""
    tasks = []
    several = len(suspects_of(case)) > 1
    for suspect in suspects_of(case):
        mine = [p for p in problems.get(PartKind.DEFENDANT, []) if p.item == suspect.pk]
        if mine or any(suspect.answers.values() if isinstance(suspect.answers, dict) else ()):
            tasks.append(Task(
                PartKind.DEFENDANT, f"Defendant: {suspect.person.full_name}",
                Requirement.REQUIRED, ("The defendant's arrest, occupation and needs at court",),
                _status(len(mine), bool(suspect.answers)).value,
                SectionStatus(_status(len(mine), bool(suspect.answers))).label,
                reverse("cases:defendant", args=[case.pk, suspect.pk]), len(mine),
                key=f"defendant-{suspect.pk}"))
        for charged in suspect.offences.all():
            mine = [p for p in problems.get(PartKind.OFFENCE, []) if p.item == charged.pk]
            answered = bool(charged.offence_date or charged.wording or charged.answers)
            title = charged.offence.title + (f" ({suspect.person.full_name})" if several else "")
            status = _status(len(mine), answered)
            tasks.append(Task(
                PartKind.OFFENCE, f"Offence: {title}", Requirement.REQUIRED,
                ("When and where it happened, and the particulars of the charge",),
                status.value, SectionStatus(status).label,
                reverse("cases:offence_change", args=[case.pk, charged.pk]), len(mine),
                key=f"offence-{charged.pk}"))
    return tasks


def _participants_task(case, requirements, problems):
    needed = [requirements.presence[target] for target in (VICTIM_OR_WITNESS, VICTIM)
              if requirements.presence[target].level == Requirement.REQUIRED]
    if not needed:
        return []
    mine = problems.get(PARTICIPANTS, [])
    status = SectionStatus.COMPLETED if not mine else SectionStatus.NOT_STARTED
    return [Task(PARTICIPANTS, "Victims and witnesses", Requirement.REQUIRED,
                 tuple(reason for result in needed for reason in result.reasons),
                 status.value, SectionStatus(status).label,
                 reverse("cases:participant_add", args=[case.pk]), len(mine))]


def task_list(case, facts, requirements, problems):
    """The tasks of the file, from its problems (``file_problems``)."""
    return [*_part_tasks(case, problems), *_participants_task(case, requirements, problems),
            *_section_tasks(case, facts, requirements, problems)]


def ready_to_submit(problems):
    """Nothing is missing: the worker's check will accept the file."""
    return not problems
