"""Proportionate case files: who decides the charge, which sections and fields a file
needs, and why, from the facts of the case.

The rules are data (the ``cases/rules_data`` package); this module holds the facts they read, the
named predicates their conditions use, and a small evaluator. Nothing here touches the
database: the rules take facts, not models.

A field no rule requires is never demanded: ``evaluate`` lists a field as required only
when a rule that holds says so, and ``missing_required`` reports only those.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

from athena.offences.models import ModeOfTrial
from cases.constants import BailStatus, CaseBegins, Decider, Plea, Requirement, Stage, Venue
from cases.rules_data import (
    CHARGING,
    CHARGING_DEFAULT_REASON,
    CHARGING_RULES,
    CODE_SETS,
    MUST_BE_YES,
    NOT_ANSWERS,
    PRESENCE,
    RULES,
    Rule,
)
from cases.rules_data.charging import MARKERS_BY_DEFINITION
from cases.sections import PARTS, SECTIONS, PartKind, SectionKind

__all__ = [
    "CaseFacts", "ChargingDecision", "FileRequirements", "MissingAnswer", "OffenceFacts",
    "PREDICATES", "RULES", "RequirementResult", "Rule", "anticipated_plea_for_file",
    "case_markers", "case_plea", "consent_to_prosecute", "decide_charge", "derived_venue",
    "evaluate", "holds", "is_blank", "markers_by_definition", "missing_part_answers",
    "missing_required", "offence_groups", "part_requirements", "with_answers",
]

DATA = Path(__file__).resolve().parent / "data"
NO_RULE_REASON = "Not needed because no rule asks for it in this case"


@dataclass(frozen=True)
class OffenceFacts:
    cjs_code: str
    title: str
    mode_of_trial: str  # ModeOfTrial value
    anticipated_plea: str  # Plea value


@dataclass(frozen=True)
class CaseFacts:
    offences: tuple[OffenceFacts, ...] = ()
    markers: frozenset[str] = frozenset()  # Marker values
    remand_sought: bool = False
    case_begins: str = CaseBegins.CHARGE
    stage: str = Stage.FIRST_HEARING
    likely_venue: str = ""  # Venue value, or "" when not decided
    bail_status: str = BailStatus.NOT_APPLICABLE
    loss_value: Decimal | None = None
    custody_over_12_months_likely: bool = False
    # {section kind: {field name: value}}, for field rules that depend on other fields.
    section_data: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    # How many victims and witnesses the file names.
    victims: int = 0
    witnesses: int = 0


@dataclass(frozen=True)
class RequirementResult:
    level: str  # Requirement value
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ChargingDecision:
    decider: str  # Decider value
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class FileRequirements:
    charging: ChargingDecision
    sections: dict[str, RequirementResult]  # every section kind
    # (section kind, field name): every field of the sections on the file (required or
    # optional); a field absent here, or not needed, is never demanded.
    fields: dict[tuple[str, str], RequirementResult]
    # What the file must have beyond its sections (rules_data PRESENCE), each target's
    # level: a victim or witness, a statement for each, a date of birth for each suspect.
    presence: dict[str, RequirementResult] = field(default_factory=dict)

    def section_level(self, kind):
        return self.sections[SectionKind(kind).value].level

    def listed_sections(self):
        """The sections on the file: required ones, then optional ones, in catalogue order."""
        return [kind for level in (Requirement.REQUIRED, Requirement.OPTIONAL)
                for kind, result in self.sections.items() if result.level == level]

    def required_fields(self, kind):
        kind = SectionKind(kind).value
        return [name for (section_kind, name), result in self.fields.items()
                if section_kind == kind and result.level == Requirement.REQUIRED]


# ---- Facts the rules read -------------------------------------------------------------

def anticipated_plea_for_file(pleas):
    """The plea a file is built and listed on, from its offences' anticipated pleas: not
    guilty when any is anticipated not guilty, guilty only when every one is anticipated
    guilty, otherwise (or with no offences, or a plea we do not know) not known."""
    pleas = {Plea(plea) if plea in Plea.values else Plea.NOT_KNOWN for plea in pleas}
    if Plea.NOT_GUILTY in pleas:
        return Plea.NOT_GUILTY
    return Plea.GUILTY if pleas == {Plea.GUILTY} else Plea.NOT_KNOWN


def case_plea(facts):
    """The plea of the file the facts describe (``anticipated_plea_for_file``)."""
    return anticipated_plea_for_file(offence.anticipated_plea for offence in facts.offences)


def with_answers(facts, kind, data):
    """The facts with ``data`` as the answers of the section (or part) ``kind``."""
    return replace(facts, section_data={**facts.section_data, str(kind): data})


def derived_venue(facts):
    """The Crown Court for an indictable-only offence whatever was recorded; otherwise the
    likely venue recorded, or the magistrates' court when none was."""
    if any(o.mode_of_trial == ModeOfTrial.INDICTABLE_ONLY for o in facts.offences):
        return Venue.CROWN.value
    return facts.likely_venue or Venue.MAGISTRATES.value


GROUP_FILES = ("cps_offence_groups.json", "police_offence_groups.json")
CONSENT_GROUP = "consent_to_prosecute"


@cache
def _group_documents():
    documents = {}
    for name in GROUP_FILES:
        documents.update(json.loads((DATA / name).read_text(encoding="utf-8"))["groups"])
    return documents


@cache
def offence_groups():
    """{group name: frozenset of CJS codes}, from the reviewed lists in ``cases/data``."""
    return {group: frozenset(spec["codes"]) for group, spec in _group_documents().items()}


def _code(cjs_code):
    return str(cjs_code).strip().upper()


def consent_to_prosecute(cjs_code):
    """Whose consent a prosecution for the offence needs and the provision that says so
    ({"provision", "consent_of", "source"}), or None when it needs no one's (the reviewed
    list in ``cases/data``)."""
    group = _group_documents()[CONSENT_GROUP]
    statute = group["consent_by_code"].get(_code(cjs_code))
    return dict(group["consent_statutes"][statute]) if statute else None


def markers_by_definition(cjs_codes):
    """The markers that offences with these CJS codes carry by their definition (such as
    domestic abuse for controlling or coercive behaviour), as a frozenset of Marker
    values."""
    codes = {_code(code) for code in cjs_codes}
    groups = offence_groups()
    return frozenset(marker for marker, group in MARKERS_BY_DEFINITION.items()
                     if codes & groups[group])


def case_markers(facts):
    """The markers the rules read a case as having: those the officer set, and those its
    offences carry by definition (``markers_by_definition``)."""
    return frozenset(facts.markers) | markers_by_definition(o.cjs_code for o in facts.offences)


def is_blank(value):
    """None, an empty or whitespace-only string, and an empty collection are blank;
    False and 0 are answers."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple | set | frozenset | dict) and not value


def _as_answer(value):
    """A yes/no answer as a bool, whether a form gave True/False or 'yes'/'no'."""
    if isinstance(value, str):
        return {"yes": True, "true": True, "no": False, "false": False}.get(value.strip().lower())
    return value


def _field(facts, kind, name):
    return facts.section_data.get(kind, {}).get(name)


def _field_equals(facts, kind, name, expected):
    actual = _field(facts, kind, name)
    return (_as_answer(actual) is expected) if isinstance(expected, bool) else actual == expected


PREDICATES = {
    "always": lambda facts: True,
    "stage_is": lambda facts, stage: facts.stage == stage,
    "case_begins": lambda facts, how: facts.case_begins == how,
    "bail_status_is": lambda facts, status: facts.bail_status == status,
    # Kept in custody for court is a remand sought, however the caller recorded it.
    "remand_sought": lambda facts: facts.remand_sought or facts.bail_status == BailStatus.REMAND,
    # The case is marked so by the officer, or by an offence's definition (case_markers).
    "marker": lambda facts, marker: marker in case_markers(facts),
    # The officer marked the case so: for a rule whose reason says the case is marked.
    "marked": lambda facts, marker: marker in facts.markers,
    "plea_is": lambda facts, plea: case_plea(facts) == plea,
    "venue_is": lambda facts, venue: derived_venue(facts) == venue,
    "decider_is": lambda facts, decider: decide_charge(facts).decider == decider,
    "loss_at_most": lambda facts, amount: facts.loss_value is None
    or Decimal(facts.loss_value) <= Decimal(amount),
    "custody_over_12_months_likely": lambda facts: facts.custody_over_12_months_likely,
    "field_equals": _field_equals,
    "field_filled": lambda facts, kind, name: not is_blank(_field(facts, kind, name)),
    "any_offence": lambda facts, condition: any(holds(condition, o) for o in facts.offences),
    "every_offence": lambda facts, condition: bool(facts.offences)
    and all(holds(condition, o) for o in facts.offences),
    # About one offence, inside any_offence / every_offence:
    "offence_mode_is": lambda offence, mode: offence.mode_of_trial == mode,
    "offence_plea_is": lambda offence, plea: offence.anticipated_plea == plea,
    "offence_in_group": lambda offence, group: _code(offence.cjs_code)
    in offence_groups()[group],
    "offence_code_is": lambda offence, code: offence.cjs_code.strip().upper() == code.upper(),
    "offence_code_in": lambda offence, code_set: offence.cjs_code.strip().upper()
    in CODE_SETS[code_set](),
    "has_victim": lambda facts: facts.victims > 0,
}


# ---- The evaluator ---------------------------------------------------------------------

STRENGTH = {Requirement.NOT_NEEDED: 0, Requirement.OPTIONAL: 1, Requirement.REQUIRED: 2,
            Decider.POLICE: 1, Decider.CPS: 2}


def _plain(target):
    """A target with plain strings for keys: a kind, or a (kind, field name) pair."""
    return tuple(map(str, target)) if isinstance(target, tuple) else str(target)


def holds(condition, subject, predicates=PREDICATES):
    """Whether a condition (a predicate name and its parameters, or a not/all/any of
    conditions) holds for the subject. Raises KeyError for an unknown predicate."""
    name, *args = condition
    if name == "not":
        return not holds(args[0], subject, predicates)
    if name in ("all", "any"):
        combine = all if name == "all" else any
        return combine(holds(c, subject, predicates) for c in args)
    return predicates[name](subject, *args)


def strongest(rules, subject, predicates=PREDICATES):
    """{target: (level, reasons)}: for each target, the strongest level set by a rule that
    holds, with the reasons of every rule that set that level."""
    winners = {}
    for rule in rules:
        if not holds(rule.when, subject, predicates):
            continue
        target = _plain(rule.target)
        level, reasons = winners.get(target, (None, ()))
        if level is None or STRENGTH[rule.level] > STRENGTH[level]:
            winners[target] = (str(rule.level), (rule.reason,))
        elif STRENGTH[rule.level] == STRENGTH[level]:
            winners[target] = (level, reasons + (rule.reason,))
    return winners


def _charging(winners):
    """The CPS overrides the police (it is the stronger level), and decides by default."""
    return ChargingDecision(*winners.get(CHARGING, (Decider.CPS.value, (CHARGING_DEFAULT_REASON,))))


def decide_charge(facts):
    """Who decides the charge (DG6 Annex 1), with the reasons."""
    return _charging(strongest(CHARGING_RULES, facts))


DEFAULT = (Requirement.NOT_NEEDED.value, (NO_RULE_REASON,))


def evaluate(facts):
    """The file the case needs: who charges, every section's level, and the level of each
    field of the sections on the file, each with its reasons, and what else it must
    have (``presence``)."""
    winners = strongest(RULES, facts)
    sections = {str(kind): RequirementResult(*winners.get(str(kind), DEFAULT)) for kind in SECTIONS}
    fields = {
        (kind, f.name): RequirementResult(*winners.get((kind, f.name), DEFAULT))
        for kind, result in sections.items() if result.level != Requirement.NOT_NEEDED
        for f in SECTIONS[kind].fields
    }
    presence = {target: RequirementResult(*winners.get(target, DEFAULT)) for target in PRESENCE}
    return FileRequirements(_charging(winners), sections, fields, presence)


def part_requirements(facts, kind, answers):
    """{field name: RequirementResult} for one defendant's or one offence's answers: the
    rules that target the part's fields, with ``answers`` as what it holds."""
    kind = PartKind(kind).value
    rules = [rule for rule in RULES
             if isinstance(rule.target, tuple) and str(rule.target[0]) == kind]
    winners = strongest(rules, with_answers(facts, kind, answers))
    return {f.name: RequirementResult(*winners.get((kind, f.name), DEFAULT))
            for f in PARTS[kind].fields}


class MissingAnswer(NamedTuple):
    """A required answer a section leaves out: the field, why it is required, and a stable
    code ("required" when blank, "must_be_yes" when a yes is required and not given)."""

    field: str
    reason: str
    code: str


def _is_no_answer(kind, name, value):
    return is_blank(value) or value in NOT_ANSWERS.get((kind, name), ())


def _missing(kind, data, required):
    """[MissingAnswer] for the fields of ``required`` ({name: RequirementResult}) that
    ``data`` leaves blank, or answers no where a yes is required."""
    missing = []
    for name, result in required.items():
        value, reason = data.get(name), "; ".join(result.reasons)
        if _is_no_answer(kind, name, value):
            missing.append(MissingAnswer(name, reason, "required"))
        elif (kind, name) in MUST_BE_YES and _as_answer(value) is not True:
            missing.append(MissingAnswer(
                name, f"{reason}; the answer must be yes: {MUST_BE_YES[(kind, name)]}",
                "must_be_yes"))
    return missing


def missing_required(facts, kind, data, requirements=None):
    """[MissingAnswer] for each field of one section (or one item of a repeatable section)
    that a rule requires and ``data`` leaves blank. A yes/no field in MUST_BE_YES counts as
    missing unless answered yes. A section that is not needed demands nothing, and neither
    does an optional section left wholly blank (it is simply not on the file).

    ``requirements``, when given, are those already evaluated from ``facts``; they are
    used as they are when ``data`` is what the facts hold for the section, so a page or a
    save evaluates the rules once. Otherwise the rules are evaluated with ``data`` in.
    """
    kind = SectionKind(kind).value
    # A section the facts do not hold reads as one with no answers (``_field``).
    if requirements is None or facts.section_data.get(kind, {}) != data:
        requirements = evaluate(with_answers(facts, kind, data))
    level = requirements.section_level(kind)
    if level == Requirement.NOT_NEEDED or (
        level == Requirement.OPTIONAL and all(is_blank(v) for v in data.values())
    ):
        return []
    return _missing(kind, data, {name: requirements.fields[(kind, name)]
                                 for name in requirements.required_fields(kind)})


def missing_part_answers(facts, kind, answers):
    """[MissingAnswer] for one defendant's or one offence's answers (``part_requirements``)."""
    kind = PartKind(kind).value
    required = {name: result for name, result in part_requirements(facts, kind, answers).items()
                if result.level == Requirement.REQUIRED}
    return _missing(kind, answers, required)
