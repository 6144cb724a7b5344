"""The file page's task list: the sections this file needs, each with its status."""

from dataclasses import dataclass

from django.urls import reverse

from cases.models import SectionStatus
from cases.sections import SECTIONS
from cases.selectors import case_section
from cases.validation import section_problems, section_status

CANNOT_START_YET = "cannot_start_yet"


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


def task_list(case, facts, requirements):
    has_offences = bool(facts.offences)
    tasks = []
    for kind in requirements.listed_sections():
        section = case_section(case, kind)
        requirement = requirements.sections[kind]
        if not has_offences:
            tasks.append(Task(kind, SECTIONS[kind].title, requirement.level,
                              requirement.reasons, CANNOT_START_YET,
                              "Cannot start yet: add an offence first", None, 0))
            continue
        problems = section_problems(facts, requirements, kind, section)
        status = section_status(section, problems)
        view = "cases:items" if SECTIONS[kind].repeatable else "cases:section"
        tasks.append(Task(kind, SECTIONS[kind].title, requirement.level, requirement.reasons,
                          status, SectionStatus(status).label,
                          reverse(view, args=[case.pk, kind]), len(problems)))
    return tasks


def ready_to_submit(tasks):
    return all(task.status == SectionStatus.COMPLETED
               for task in tasks if task.level == "required")
