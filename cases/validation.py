"""What is missing from a file, section by section, by the same rules everywhere.

Inline validation on each save, the task list's statuses and the worker's check of the
whole file on submission all call these functions, so they cannot disagree.
"""

from dataclasses import dataclass

from cases import rules
from cases.constants import Requirement
from cases.models import SectionStatus
from cases.sections import SECTIONS


@dataclass(frozen=True)
class Problem:
    kind: str
    field: str  # "" for a problem with the section as a whole
    message: str
    item: int | None = None  # position of the statement or exhibit, for repeatable sections

    def as_dict(self):
        return {"field": self.field, "message": self.message, "item": self.item}


def _item_label(kind):
    return "witness statement" if kind == "witness_statements" else "exhibit"


def section_problems(facts, requirements, kind, section):
    """Every required answer missing from this section, with the reason it is required."""
    definition = SECTIONS[kind]
    if not definition.repeatable:
        data = section.data if section is not None else {}
        return [_problem(kind, definition, name, reason)
                for name, reason in rules.missing_required(facts, kind, data)]
    items = list(section.items.all()) if section is not None else []
    problems = []
    level = requirements.sections[kind]
    if not items and level.level == Requirement.REQUIRED:
        reason = " ".join(level.reasons)
        problems.append(Problem(kind, "", f"Add at least one {_item_label(kind)}. {reason}"))
    for item in items:
        for name, reason in rules.missing_required(facts, kind, item.data):
            problems.append(_problem(kind, definition, name, reason, item=item.position))
    return problems


def _problem(kind, definition, name, reason, item=None):
    label = definition.field(name).label
    return Problem(kind, name, f"Enter {label[0].lower()}{label[1:]}. {reason}", item=item)


def section_has_answers(section):
    if section is None:
        return False
    if SECTIONS[section.kind].repeatable:
        return bool(list(section.items.all()))
    return any(str(value).strip() for value in section.data.values() if value is not None)


def section_status(section, problems):
    if section is not None and section.status == SectionStatus.RETURNED:
        return SectionStatus.RETURNED
    if not section_has_answers(section):
        return SectionStatus.NOT_STARTED
    return SectionStatus.IN_PROGRESS if problems else SectionStatus.COMPLETED


def file_problems(facts, requirements, sections_by_kind):
    """{kind: [Problem]} for every section the file needs or may have; empty when ready."""
    found = {}
    for kind in requirements.listed_sections():
        problems = section_problems(facts, requirements, kind, sections_by_kind.get(kind))
        if problems:
            found[kind] = problems
    return found
