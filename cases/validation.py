"""What is missing from a file, by the same rules everywhere.

Inline validation on each save, the task list's statuses, the worker's check of the
whole file on submission and the supervisor's send to the CPS all call these functions,
so they cannot disagree. A section's status is decided here too, and nowhere else.

A file's problems are those of its sections, of each defendant and each offence (the
parts of sections.py), and of what it must have at all (rules_data PRESENCE: a victim or
witness, each one's statement, each suspect's date of birth, the officer's collar number).
Each problem says where it is put right (``problem_url``).
"""

from dataclasses import asdict, dataclass

from django.urls import reverse

import athena.problems
from cases import rules
from cases.constants import Requirement
from cases.models import ParticipantRole, SectionStatus
from cases.parts import defendant_answers, offence_answers, person_key
from cases.rules_data.dcf import (
    DATE_OF_BIRTH_EACH,
    OFFENCE_EACH,
    OFFICER_DETAILS,
    STATEMENT_EACH,
    VICTIM,
    VICTIM_OR_WITNESS,
)
from cases.sections import PARTS, SECTIONS, PartKind, SectionKind

# The codes of the file rules' problems (``Problem.code``).
REQUIRED = "required"  # a required answer is blank
MUST_BE_YES = "must_be_yes"  # a yes/no answer the rules need to be yes is not
NO_ITEMS = "no_items"  # a required section of statements or exhibits has none
EXHIBIT_UNREADABLE = "exhibit_unreadable"  # an exhibit's file cannot go in the bundle
NO_OFFENCE = "no_offence"  # a suspect has no offence
NO_DATE_OF_BIRTH = "no_date_of_birth"  # a suspect's date of birth is not on the index
NO_VICTIM_OR_WITNESS = "no_victim_or_witness"
NO_VICTIM = "no_victim"
SAME_CHARGE = "same_charge"  # a defendant's charge repeats another's offence, date and wording
NO_STATEMENT = "no_statement"  # a victim or witness has no statement (``item``: their pk)
OFFICER_INCOMPLETE = "officer_incomplete"  # the officer's account lacks rank or number

# Where a problem that is not about a section is put right (``Problem.kind``).
PARTICIPANTS = "participants"
OFFICER = "officer"


@dataclass(frozen=True)
class Problem(athena.problems.Problem):
    """One thing missing from a file: the platform's problem (``code``, ``field``,
    ``message``; ``field`` is "" for the whole), with ``kind`` (a section kind, a part
    kind, PARTICIPANTS or OFFICER) and ``item``: in a section of statements or exhibits
    the item's position, for a part the suspect's or offence's id, for NO_STATEMENT the
    victim's or witness's id."""

    kind: str = ""
    item: int | None = None
    # Whose problem it is, for a part: "John SMITH" or "Theft from a shop (John SMITH)".
    about: str = ""

    def as_dict(self):
        """As a submission stores it (``FileSubmission.problems``, under its kind)."""
        stored = asdict(self)
        del stored["kind"]
        return stored


def _item_label(kind):
    return "witness statement" if kind == "witness_statements" else "exhibit"


def _message(definition, missing):
    """The field's own words for what is missing, then why it is needed."""
    return f"{definition.missing}. {missing.reason}" if missing.code == REQUIRED else \
        f"{definition.missing}: {missing.reason.rsplit('; the answer must be yes: ', 1)[-1]}"


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


def _problem(kind, definition, missing, item=None, about=""):
    return Problem(code=missing.code, field=missing.field, kind=kind, item=item, about=about,
                   message=_message(definition.field(missing.field), missing))


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


def changed_since_returned(section):
    """Whether the officer changed a returned section after the supervisor returned it."""
    return (section.reviewed_at is not None and section.updated_at is not None
            and section.updated_at > section.reviewed_at)


def section_status(section, problems):
    """The section's status as the officer sees it: a section the supervisor returned
    stays returned until the file is submitted again; otherwise its answers' status."""
    if section is not None and section.status == SectionStatus.RETURNED:
        return SectionStatus.RETURNED
    return answers_status(section, problems)


# --- Defendants and offences --------------------------------------------------------------

def suspects_of(case):
    return sorted(case.suspects.all(), key=lambda s: (s.position, s.pk))


def defendant_problems(facts, case, suspect):
    """What one defendant's page leaves out, and whether the index has their birth date
    when the rules need it."""
    name = suspect.person.full_name
    definition = PARTS[PartKind.DEFENDANT]
    found = [_problem(PartKind.DEFENDANT, definition, missing, item=suspect.pk, about=name)
             for missing in rules.missing_part_answers(
                 facts, PartKind.DEFENDANT, defendant_answers(case, suspect))]
    return found


def offence_problems(facts, charged, suspect_name=""):
    about = charged.offence.title + (f" ({suspect_name})" if suspect_name else "")
    definition = PARTS[PartKind.OFFENCE]
    return [_problem(PartKind.OFFENCE, definition, missing, item=charged.pk, about=about)
            for missing in rules.missing_part_answers(facts, PartKind.OFFENCE,
                                                      offence_answers(charged))]


def _charge_key(charged):
    answers = offence_answers(charged)
    return (charged.offence.cjs_code, str(answers.get("offence_date") or ""),
            " ".join(str(answers.get("wording") or "").split()).casefold())


def repeated_charges(suspect):
    """{charged offence pk: Problem} for each of a defendant's charges that repeats an
    earlier one: the same offence on the same date in the same words."""
    seen, repeated = set(), {}
    for charged in suspect.offences.all():
        key = _charge_key(charged)
        if key in seen:
            repeated[charged.pk] = Problem(
                code=SAME_CHARGE, field="wording", kind=PartKind.OFFENCE, item=charged.pk,
                about=charged.offence.title,
                message=f"Change the date or the wording of this charge, or remove it: "
                        f"{suspect.person.full_name} is charged twice with "
                        f"{charged.offence.title} on the same date in the same words, and "
                        "the court cannot hear the same charge twice")
        seen.add(key)
    return repeated


def parts_problems(facts, case):
    """{part kind: [Problem]} for every defendant and every offence of the file."""
    suspects = suspects_of(case)
    several = len(suspects) > 1
    found = {}
    for suspect in suspects:
        found.setdefault(PartKind.DEFENDANT.value, []).extend(
            defendant_problems(facts, case, suspect))
        repeated = repeated_charges(suspect)
        for charged in suspect.offences.all():
            problems = offence_problems(facts, charged,
                                        suspect.person.full_name if several else "")
            if not problems and charged.pk in repeated:
                problems = [repeated[charged.pk]]
            found.setdefault(PartKind.OFFENCE.value, []).extend(problems)
    return {kind: problems for kind, problems in found.items() if problems}


# --- What the file must have -------------------------------------------------------------

def _statement_names(case):
    section = next((s for s in case.sections.all()
                    if s.kind == SectionKind.WITNESS_STATEMENTS), None)
    items = section.items.all() if section is not None else []
    return {person_key(item.data.get("witness_name")) for item in items
            if isinstance(item.data, dict)}


def _offence_each(case, reason):
    return [Problem(code=NO_OFFENCE, field="", kind=PartKind.DEFENDANT, item=suspect.pk,
                    message=f"Add an offence for {suspect.person.full_name}. {reason}")
            for suspect in suspects_of(case) if not list(suspect.offences.all())]


def _date_of_birth_each(case, reason):
    return [Problem(code=NO_DATE_OF_BIRTH, field="date_of_birth", kind=PartKind.DEFENDANT,
                    item=suspect.pk,
                    message=f"Enter {suspect.person.full_name}'s date of birth on the people "
                            f"index. {reason}")
            for suspect in suspects_of(case) if suspect.person.date_of_birth is None]


def _victim_or_witness(case, reason):
    if list(case.participants.all()):
        return []
    return [Problem(code=NO_VICTIM_OR_WITNESS, field="", kind=PARTICIPANTS,
                    message=f"Add the victim or a witness. {reason}")]


def _victim(case, reason):
    if any(p.role == ParticipantRole.VICTIM for p in case.participants.all()):
        return []
    return [Problem(code=NO_VICTIM, field="", kind=PARTICIPANTS,
                    message=f"Add the victim. {reason}")]


def _statement_each(case, reason):
    written = _statement_names(case)
    return [Problem(code=NO_STATEMENT, field="", kind=SectionKind.WITNESS_STATEMENTS,
                    item=participant.pk,
                    message=f"Add the statement of {participant.name} "
                            f"({participant.get_role_display().lower()}). {reason}")
            for participant in case.participants.all()
            if person_key(participant.name) not in written]


def _officer_details(case, reason):
    officer = case.officer_in_case
    lacking = [words for words, value in (
        ("first name", officer.first_name.strip()), ("surname", officer.last_name.strip()),
        ("rank", officer.rank), ("collar number", officer.collar_number.strip()))
        if not value]
    if not lacking:
        return []
    return [Problem(code=OFFICER_INCOMPLETE, field="", kind=OFFICER,
                    message=f"Ask an administrator to add the {_words(lacking)} of the "
                            f"officer in the case, {officer.get_full_name() or officer.username}, "
                            f"to their account. {reason}")]


# Each thing a file must have (rules_data PRESENCE), and how to find it missing.
PRESENCE_CHECKS = {
    OFFENCE_EACH: _offence_each,
    DATE_OF_BIRTH_EACH: _date_of_birth_each,
    VICTIM_OR_WITNESS: _victim_or_witness,
    VICTIM: _victim,
    STATEMENT_EACH: _statement_each,
    OFFICER_DETAILS: _officer_details,
}


def presence_problems(case, requirements):
    """{kind: [Problem]} for what the rules say the file must have and it has not."""
    found = {}
    for target, check in PRESENCE_CHECKS.items():
        result = requirements.presence[target]
        if result.level != Requirement.REQUIRED:
            continue
        for problem in check(case, " ".join(result.reasons)):
            found.setdefault(str(problem.kind), []).append(problem)
    return found


def _words(items):
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# --- The whole file ----------------------------------------------------------------------

def file_problems(case, facts, requirements):
    """{kind: [Problem]} for every section the file needs or may have, each defendant and
    offence, and what the file must have at all; empty when the file is ready."""
    sections_by_kind = {section.kind: section for section in case.sections.all()}
    found = {}
    for kind in requirements.listed_sections():
        problems = section_problems(facts, requirements, kind, sections_by_kind.get(kind))
        if problems:
            found[kind] = problems
    for kind, problems in [*parts_problems(facts, case).items(),
                           *presence_problems(case, requirements).items()]:
        found.setdefault(str(kind), []).extend(problems)
    return found


def problem_url(case, kind, problem):
    """Where the officer puts a problem right (``problem`` as a Problem or as stored):
    the page that holds the answer, at the field."""
    field, item, code = (problem.get("field", ""), problem.get("item"), problem.get("code")) \
        if isinstance(problem, dict) else (problem.field, problem.item, problem.code)
    anchor = f"#field-{field}" if field else ""
    if kind in SECTIONS:
        if code == NO_STATEMENT and item:
            return reverse("cases:item_add", args=[case.pk, kind]) + f"?witness={item}"
        view = "cases:items" if SECTIONS[kind].repeatable else "cases:section"
        return reverse(view, args=[case.pk, kind]) + anchor
    if kind == PartKind.DEFENDANT and item:
        if code == NO_DATE_OF_BIRTH:
            suspect = next((s for s in case.suspects.all() if s.pk == item), None)
            if suspect is not None:
                back = reverse("cases:detail", args=[case.pk])
                return reverse("people:person_edit", args=[suspect.person_id]) + f"?next={back}"
        if code == NO_OFFENCE:
            return reverse("cases:suspect_offence_add", args=[case.pk, item])
        return reverse("cases:defendant", args=[case.pk, item]) + anchor
    if kind == PartKind.OFFENCE and item:
        return reverse("cases:offence_change", args=[case.pk, item]) + anchor
    if kind == PARTICIPANTS:
        return reverse("cases:participant_add", args=[case.pk])
    return reverse("cases:detail", args=[case.pk])


def problem_prefix(kind, problem):
    """What a problem is about, to put before its message in a list: the defendant or
    offence, or the statement or exhibit's number; "" for the section as a whole."""
    about, item, code = (problem.get("about", ""), problem.get("item"), problem.get("code")) \
        if isinstance(problem, dict) else (problem.about, problem.item, problem.code)
    if about:
        return about
    if kind in SECTIONS and SECTIONS[kind].repeatable and item and code != NO_STATEMENT:
        return f"{SECTIONS[kind].title.split(' (')[0][:-1]} {item}"
    return ""


KIND_TITLES = {
    PartKind.DEFENDANT.value: "Defendants",
    PartKind.OFFENCE.value: "Offences",
    PARTICIPANTS: "Victims and witnesses",
    OFFICER: "The officer in the case",
}


def kind_title(kind):
    return SECTIONS[kind].title if kind in SECTIONS else KIND_TITLES.get(kind, "The file")


def problem_links(case, problems):
    """A file's problems (as the check found them, or as a submission stored them),
    grouped by where each is put right, each with the link to the page and field that
    holds the answer."""
    return [{"title": kind_title(kind), "entries": [
        {**_as_entry(entry), "url": problem_url(case, kind, entry),
         "prefix": problem_prefix(kind, entry)} for entry in entries]}
        for kind, entries in (problems or {}).items()]


def _as_entry(problem):
    return problem if isinstance(problem, dict) else problem.as_dict()
