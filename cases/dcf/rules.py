"""The Digital Case File (DCF) business rules, as rules of the same engine as
``cases.rules`` (the file rules).

The file rules ask for the answers the DCF needs (``cases.rules_data.DCF_FIELD_RULES``);
tests/cases/test_dcf_rules_agree.py holds the two to the same fields under the same
conditions.

``athena/data/dcf/business-rules.json`` has two kinds of rule:

- ``DependantAttributes``: an attribute required when another attribute has a value
  (``questions_asked`` when ``no_comment_response`` is True). Each becomes a ``Rule``
  whose target is ``("dcf", attribute)``, level required, condition
  ``("dcf_attribute_equals", source, value)``; two rows that name each other in
  ``AndRuleName`` become one rule with an ``("all", ...)`` condition.
- ``NGAPOnly``: an attribute for a not guilty plea only, which a guilty-plea file must
  not contain. Each becomes a rule of level not needed whose condition is that the file
  anticipates a guilty plea and the attribute is there; when it holds, that is a fault.

How the rules are read (decided from schema 1.2.2, the examples and the public DCF
validator these rules came from):

- A rule applies within the object that holds the source attribute: the dependant is
  looked for beside it, except for the case-level ``case_markers``, whose dependants the
  schema places on each defendant, offence or victim (``DEPENDANT_PLACES``).
- Values compare as the validator compared them, as text: true is "True", false "False";
  a list source (``case_markers``, ``reasons_for_application``) meets the condition when
  any item does. An empty condition means the source is there but blank.
- A dependant is missing when absent, null or a blank string. An empty list counts as
  given (``ages_of_children: []`` when no children were present), as in the validator.
- A file anticipates a guilty plea unless some offence's ``anticipated_plea`` is
  ``not_guilty`` (the validator's test; the plea lives on each offence in the schema).
- Corrections to the published rules, each for a reason given beside it below:
  ``ATTRIBUTE_SPELLINGS``, ``CONDITION_VALUES``, a trailing space trimmed from a source
  name, exact duplicate rows kept once, an ``AndRuleName`` that names no rule ignored,
  and NGAP-only attributes that the schema requires of every file left out
  (``SUPERSEDED_BY_SCHEMA``).

Schema-level faults (an attribute the schema does not allow, a wrong type) are not
caught here; they are the JSON-schema validator's job.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cases.constants import Plea, Requirement
from cases.rules import Rule, holds, is_blank

DCF_DATA = Path(__file__).resolve().parents[2] / "athena" / "data" / "dcf"
BUSINESS_RULES = DCF_DATA / "business-rules.json"
SCHEMA = DCF_DATA / "dcf-schema-1.2.2.json"

# The rules spell this attribute "parent_gardian_date_sent"; the schema, and so every
# valid file, spells it "parent_guardian_date_sent".
ATTRIBUTE_SPELLINGS = {"parent_gardian_date_sent": "parent_guardian_date_sent"}

# Schema 1.2.2 turned class_a_drug_test_provided from a yes/no into a choice; "True" in
# the rules means a test was provided (first-hearing example 3 relies on this).
CONDITION_VALUES = {
    ("class_a_drug_test_provided", "True"): ("provided_positive", "provided_negative"),
}

# Where a dependant lives when it is not beside its source. case_markers is on the case;
# the schema puts domestic_violence on each defendant (FirstHearingDefendant), the
# incident details on each offence (Offence), and is_retraction_statement on each victim
# (Victim). safeguarding_assessment has no place in schema 1.2.2, so it is looked for
# beside case_markers, on the case.
OFFENCES = "defendants[*].offences[*].*[*].offence"
DEPENDANT_PLACES = {
    "domestic_violence": "defendants[*]",
    "demeanour_at_incident": OFFENCES,
    "children_present": OFFENCES,
    "ages_of_children": OFFENCES,
    "is_retraction_statement": "witnesses[*].victim",
}


@dataclass(frozen=True)
class DcfFault:
    path: str  # JSON path from the document root, e.g. case.defendants[0].accepts_drugs_result
    rule_id: str
    message: str


@dataclass(frozen=True)
class Place:
    """One object of a DCF document, with the document it belongs to."""

    holder: dict
    document: dict


def _as_text(value):
    """A JSON value as the validator's text: True/False for booleans."""
    return str(value) if isinstance(value, bool) else ("" if value is None else str(value))


def _attribute_equals(place, attribute, expected):
    if attribute not in place.holder:
        return False
    value = place.holder[attribute]
    if expected == "":
        return is_blank(value)
    accepted = condition_values(attribute, expected)
    values = value if isinstance(value, list) else [value]
    return any(_as_text(v) in accepted for v in values)


def file_plea(document):
    """Not guilty if any offence anticipates a not guilty plea, otherwise guilty."""
    pleas = {holder.get("anticipated_plea") for _, holder in objects(document)}
    return Plea.NOT_GUILTY.value if Plea.NOT_GUILTY in pleas else Plea.GUILTY.value


DCF_PREDICATES = {
    "dcf_attribute_equals": _attribute_equals,
    "dcf_attribute_present": lambda place, attribute: attribute in place.holder,
    "dcf_file_plea_is": lambda place, plea: file_plea(place.document) == plea,
}


# Source attributes that are lists in schema 1.2.2, for the wording of messages.
LIST_ATTRIBUTES = {"case_markers", "reasons_for_application"}


def condition_values(attribute, value):
    """The values a condition on ``attribute`` accepts for the rules' ``value``, as the
    document holds them (CONDITION_VALUES)."""
    return CONDITION_VALUES.get((attribute, value), (value,))


def _as_written(attribute, value):
    return " or ".join(condition_values(attribute, value))


def condition_text(condition, *, attribute_words=str, value_words=_as_written):
    """A business rule's condition in words: "a is b", "a includes b or c" for a list
    attribute, "a is blank" for an empty condition, joined by "and". ``attribute_words(a)``
    and ``value_words(a, value)`` word the parts (by default as the document spells them).
    """
    name, *args = condition
    if name == "all":
        return " and ".join(condition_text(c, attribute_words=attribute_words,
                                           value_words=value_words) for c in args)
    attribute, value = args
    if value == "":
        return f"{attribute_words(attribute)} is blank"
    verb = "includes" if attribute in LIST_ATTRIBUTES else "is"
    return f"{attribute_words(attribute)} {verb} {value_words(attribute, value)}"


def _dependant_rule(rows):
    """One rule from a business-rules row, or from two rows joined by AndRuleName."""
    conditions = tuple(
        ("dcf_attribute_equals", row["SourceAttribute"].strip(), row["SourceCondition"])
        for row in rows
    )
    when = conditions[0] if len(conditions) == 1 else ("all", *conditions)
    dependant = rows[0]["DependantAttribute"].strip()
    dependant = ATTRIBUTE_SPELLINGS.get(dependant, dependant)
    return Rule(f"dcf.{rows[0]['RuleName']}", ("dcf", dependant), Requirement.REQUIRED, when,
                f"{dependant} is required because {condition_text(when)}")


def _schema_required(node):
    """Every attribute name that some object of the schema requires."""
    if isinstance(node, dict):
        found = set(node.get("required", ())) if isinstance(node.get("required"), list) else set()
        return found.union(*(_schema_required(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_schema_required(v) for v in node))
    return set()


def _read(path):
    return json.loads(path.read_text(encoding="utf-8-sig"))


@cache
def dependant_rules():
    """The DependantAttributes rows as rules, in file order: exact duplicates kept once,
    and rows joined by AndRuleName made into one rule."""
    rows = _read(BUSINESS_RULES)["DependantAttributes"]
    by_name = {row["RuleName"]: row for row in rows}
    rules, seen = [], set()
    for row in rows:
        partner = by_name.get(row["AndRuleName"])
        group = (row, partner) if partner else (row,)
        names = frozenset(r["RuleName"] for r in group)
        if names not in seen:
            seen.add(names)
            rules.append(_dependant_rule(group))
    return tuple(rules)


@cache
def superseded_by_schema():
    """NGAP-only attributes the schema requires of every file, so a guilty-plea file
    cannot leave them out (likely_case_progression, required on FirstHearingDCF)."""
    ngap_only = {row["Attribute"].strip() for row in _read(BUSINESS_RULES)["NGAPOnly"]}
    return frozenset(ngap_only & _schema_required(_read(SCHEMA)))


@cache
def ngap_only_rules():
    rules = []
    for row in _read(BUSINESS_RULES)["NGAPOnly"]:
        attribute = row["Attribute"].strip()
        if attribute in superseded_by_schema():
            continue
        rules.append(Rule(
            f"dcf.ngap_only.{attribute}", ("dcf", attribute), Requirement.NOT_NEEDED,
            ("all", ("dcf_attribute_present", attribute), ("dcf_file_plea_is", Plea.GUILTY.value)),
            f"{attribute} is not allowed because the file anticipates a guilty plea: it is "
            "for a not guilty plea only (NGAP)",
        ))
    return tuple(rules)


def dcf_rules():
    return dependant_rules() + ngap_only_rules()


def objects(node, path=""):
    """Every JSON object in a document, with its path from the root."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from objects(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from objects(item, f"{path}[{index}]")


def places(holder, path, pattern):
    """The objects a pattern such as ``defendants[*].offences[*].*[*].offence`` reaches
    from a holder: ``name[*]`` is each object in a list, ``*`` any key; "" is the holder."""
    if not pattern:
        yield path, holder
        return
    step, _, rest = pattern.partition(".")
    name, each = (step[:-3], True) if step.endswith("[*]") else (step, False)
    for key in (list(holder) if name == "*" else [name]):
        value = holder.get(key)
        if each and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from places(item, f"{path}.{key}[{index}]", rest)
        elif not each and isinstance(value, dict):
            yield from places(value, f"{path}.{key}", rest)


def _missing(holder, attribute):
    value = holder.get(attribute)
    return value is None or (isinstance(value, str) and not value.strip())


def _faults_of(rule, path, place):
    attribute = rule.target[1]
    if rule.level == Requirement.NOT_NEEDED:
        return [DcfFault(f"{path}.{attribute}", rule.id, rule.reason)]
    return [
        DcfFault(f"{where}.{attribute}", rule.id, rule.reason)
        for where, holder in places(place.holder, path, DEPENDANT_PLACES.get(attribute, ""))
        if _missing(holder, attribute)
    ]


def dcf_faults(document):
    """The business-rule faults of a DCF document, in document order: each a JSON path,
    the rule's id and a plain-English message. Never raises on a document the schema
    would reject; it simply checks what is there."""
    faults = []
    for path, holder in objects(document):
        place = Place(holder, document)
        for rule in dcf_rules():
            if holds(rule.when, place, DCF_PREDICATES):
                faults.extend(_faults_of(rule, path, place))
    return faults
