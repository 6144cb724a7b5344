"""What is missing from a file, section by section, by the same rules everywhere.

Inline validation on each save, the task list's statuses and the worker's check of the
whole file on submission all call these functions, so they cannot disagree. A section's
status is decided here too, and nowhere else.
"""

from dataclasses import asdict, dataclass

import athena.problems
from cases import rules
from cases.constants import Requirement
from cases.models import SectionStatus
from cases.sections import SECTIONS

# The codes of the file rules' problems (``Problem.code``).
REQUIRED = "required"  # a required answer is blank
MUST_BE_YES = "must_be_yes"  # a yes/no answer the rules need to be yes is not
NO_ITEMS = "no_items"  # a required section of statements or exhibits has none
EXHIBIT_UNREADABLE = "exhibit_unreadable"  # an exhibit's file cannot go in the bundle


@dataclass(frozen=True)
class Problem(athena.problems.Problem):
    """One thing missing from a section: the platform's problem (``code``, ``field``,
    ``message``; ``field`` is "" for the section as a whole), with the section's ``kind``
    and, in a section of statements or exhibits, the ``item``'s position."""

    kind: str = ""
    item: int | None = None

    def as_dict(self):
        """As a submission stores it (``FileSubmission.problems``, under its kind)."""
        stored = asdict(self)
        del stored["kind"]
        return stored


def _item_label(kind):
    return "witness statement" if kind == "witness_statements" else "exhibit"


def section_problems(facts, requirements, kind, section):
    """Every required answer missing from this section, with the reason it is required.
    ``requirements`` are those evaluated from ``facts``; the rules are not evaluated again
    for the section's own answers."""
    definition = SECTIONS[kind]
    if not definition.repeatable:
        data = section.data if section is not None else {}
        return [_problem(kind, definition, missing)
                for missing in rules.missing_required(facts, kind, data, requirements)]
    items = list(section.items.all()) if section is not None else []
    found = []
    level = requirements.sections[kind]
    if not items and level.level == Requirement.REQUIRED:
        reason = " ".join(level.reasons)
        found.append(Problem(code=NO_ITEMS, field="", kind=kind,
                             message=f"Add at least one {_item_label(kind)}. {reason}"))
    for item in items:
        for missing in rules.missing_required(facts, kind, item.data, requirements):
            found.append(_problem(kind, definition, missing, item=item.position))
    return found


def _problem(kind, definition, missing, item=None):
    label = definition.field(missing.field).label
    return Problem(code=missing.code, field=missing.field, kind=kind, item=item,
                   message=f"Enter {label[0].lower()}{label[1:]}. {missing.reason}")


def section_has_answers(section):
    if section is None:
        return False
    if SECTIONS[section.kind].repeatable:
        return bool(list(section.items.all()))
    return any(str(value).strip() for value in section.data.values() if value is not None)


def answers_status(section, problems):
    """What the section's answers make it by the rules: not started without an answer,
    completed when nothing is missing (``problems``), otherwise in progress."""
    if not section_has_answers(section):
        return SectionStatus.NOT_STARTED
    return SectionStatus.IN_PROGRESS if problems else SectionStatus.COMPLETED


def section_status(section, problems):
    """The section's status as the officer sees it: a section the supervisor returned
    stays returned until the file is submitted again; otherwise its answers' status."""
    if section is not None and section.status == SectionStatus.RETURNED:
        return SectionStatus.RETURNED
    return answers_status(section, problems)


def file_problems(facts, requirements, sections_by_kind):
    """{kind: [Problem]} for every section the file needs or may have; empty when ready."""
    found = {}
    for kind in requirements.listed_sections():
        problems = section_problems(facts, requirements, kind, sections_by_kind.get(kind))
        if problems:
            found[kind] = problems
    return found
