"""The Digital Case File (DCF) rules that the JSON schema cannot express: the business
rules, as rules of the same engine as ``cases.rules`` (the file rules), and the rules that
hold one part of a file to another (references, recordings, youths).

The file rules ask for the answers the DCF needs (``cases.rules_data.DCF_FIELD_RULES``);
tests/cases/test_dcf_rules_agree.py holds the two to the same fields under the same
conditions.

``athena/data/dcf/business-rules.json`` has two kinds of rule:

- ``DependantAttributes``: an attribute required when another attribute has a value
  (``questions_asked`` when ``no_comment_response`` is True). Each becomes a ``Rule``
  whose target is ``("dcf", attribute)``, level required, condition
  ``("dcf_attribute_equals", source, value)``; two rows that name each other in
  ``AndRuleName`` become one rule with an ``("all", ...)`` condition. The same rows say
  where the attribute belongs: given where no rule of its own holds, it is a fault
  (``dcf.only_when.<attribute>``; ``eec_check_submitted`` when ``has_eec_passports`` is
  false, as the published example 4 shows).
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
  given (``ages_of_children: []``), as in the validator.
- A dependant is given, for ``only_when``, unless absent, null, blank or an empty list;
  false is given. Only objects whose schema definition holds the source are judged (a
  breach-of-bail defendant has an arrest but no ``initiation_type``), and there a source
  left out does not hold its condition, except that an empty condition ("blank") holds.
- A file anticipates a guilty plea unless some offence's ``anticipated_plea`` is
  ``not_guilty`` (the validator's test; the plea lives on each offence in the schema).
- Corrections to the published rules, each for a reason given beside it below:
  ``ATTRIBUTE_SPELLINGS``, ``CONDITION_VALUES``, a trailing space trimmed from a source
  name, exact duplicate rows kept once, an ``AndRuleName`` that names no rule ignored,
  NGAP-only attributes that the schema requires of every file left out
  (``SUPERSEDED_BY_SCHEMA``), and the rules the CPS's published valid examples do not
  keep (``ALLOWED_NOT_REQUIRED``, ``PLACE_CONDITIONS``): the examples are what the CPS
  accepts.

The rules across the file (the public validator's list of what it did not yet check:
"the referential integrity of 'soft-links' for the Property and MME objects" and "rules
dependant upon the Defendant's age"; its invalid examples 6, 7, 10 and 13 show them):

- ``dcf.reference.*``: every reference resolves. By id: an offence's ``property_ids`` to
  the case's ``property``, a recorded response's ``id`` to the case's
  ``multimedia_evidence``. By name, as the schema gives victims and defendants no id
  that another part uses: an offence's victims and a domestic violence entry's victim to
  a victim among the witnesses, the defendants named in injuries and compensation
  applications to the defendants. ``dcf.duplicate_id.*``: an id given twice.
- ``dcf.mme_response.*``: a "not recorded" response in a file that has recordings, and
  a response to a recording in a file that has none.
- ``dcf.youth.*``: a youth alone in a file, and a ground for youths given for an adult.

Schema-level faults (an attribute the schema does not allow, a wrong type) are not
caught here; they are the JSON-schema validator's job.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from cases.constants import Plea, Requirement
from cases.dcf.schema import DCF_DATA, dcf_schema, definition_properties, typed_objects
from cases.rules import Rule, holds, is_blank

BUSINESS_RULES = DCF_DATA / "business-rules.json"

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

# Where business-rules.json asks for more than the CPS's published valid examples give,
# the examples win: they are what the CPS accepts. These rules still allow their field
# (for dcf.only_when) but no longer require it:
# - safeguarding_assessment (when case_markers has DomesticViolence): schema 1.2.2 has no
#   place for it, and the published domestic-abuse files, "First Hearing Scenario 4 -
#   Assault DV NGAP" and "Breach of Bail Scenario 8 - First Hearing 1", leave it out.
# - how_is_identification_established_1 (when defendant_shown is False): "First Hearing
#   Scenario 7 - Multiple Defendants Offences Mixed Pleas" leaves it out for its second
#   defendant, who was not shown the CCTV. Rule _2 (the defendant does not admit being in
#   the recording) still requires it.
ALLOWED_NOT_REQUIRED = {"safeguarding_assessment", "how_is_identification_established_1"}

# A further condition, at the dependant's own place, that the examples add to a rule:
# ages_of_children is required by the rules on every offence of a DomesticViolence case,
# but Scenario 4 and Breach of Bail Scenario 8's first-hearing file (both
# children_present false) give no ages: they are required where children were present.
PLACE_CONDITIONS = {"ages_of_children": ("dcf_attribute_equals", "children_present", "True")}


@dataclass(frozen=True)
class DcfFault:
    path: str  # JSON path from the document root, e.g. case.defendants[0].accepts_drugs_result
    rule_id: str
    message: str
    # What the words need beyond the path: the condition that was not met (only_when),
    # the value that does not resolve and those it could be (references), the age.
    detail: object = None


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


def _attribute_allows(place, attribute, expected):
    """As ``_attribute_equals``, but a source left out is blank: a witness with no date of
    birth may give the reason it is not given."""
    if expected == "" and attribute not in place.holder:
        return True
    return _attribute_equals(place, attribute, expected)


def file_plea(document):
    """Not guilty if any offence anticipates a not guilty plea, otherwise guilty."""
    pleas = {holder.get("anticipated_plea") for _, holder in objects(document)}
    return Plea.NOT_GUILTY.value if Plea.NOT_GUILTY in pleas else Plea.GUILTY.value


DCF_PREDICATES = {
    "dcf_attribute_equals": _attribute_equals,
    "dcf_attribute_present": lambda place, attribute: attribute in place.holder,
    "dcf_file_plea_is": lambda place, plea: file_plea(place.document) == plea,
}
ALLOWING_PREDICATES = {**DCF_PREDICATES, "dcf_attribute_equals": _attribute_allows}


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
    attribute, "a is blank" for an empty condition, joined by "and" (``all``) or "or"
    (``any``). ``attribute_words(a)`` and ``value_words(a, value)`` word the parts (by
    default as the document spells them)."""
    name, *args = condition
    if name in ("all", "any"):
        joint = " and " if name == "all" else " or "
        return joint.join(condition_text(c, attribute_words=attribute_words,
                                         value_words=value_words) for c in args)
    attribute, value = args
    if value == "":
        return f"{attribute_words(attribute)} is blank"
    verb = "includes" if attribute in LIST_ATTRIBUTES else "is"
    return f"{attribute_words(attribute)} {verb} {value_words(attribute, value)}"


def rule_condition(rule):
    """The whole condition of a dependant rule: its own, and the one its dependant's
    place adds (PLACE_CONDITIONS)."""
    extra = PLACE_CONDITIONS.get(rule.target[1])
    return ("all", rule.when, extra) if extra else rule.when


def _dependant_rule(rows):
    """One rule from a business-rules row, or from two rows joined by AndRuleName."""
    conditions = tuple(
        ("dcf_attribute_equals", row["SourceAttribute"].strip(), row["SourceCondition"])
        for row in rows
    )
    when = conditions[0] if len(conditions) == 1 else ("all", *conditions)
    dependant = rows[0]["DependantAttribute"].strip()
    dependant = ATTRIBUTE_SPELLINGS.get(dependant, dependant)
    name = rows[0]["RuleName"]
    level = Requirement.OPTIONAL if name in ALLOWED_NOT_REQUIRED else Requirement.REQUIRED
    extra = PLACE_CONDITIONS.get(dependant)
    words = condition_text(("all", when, extra) if extra else when)
    reason = (f"{dependant} is allowed, not required, when {words}"
              if level == Requirement.OPTIONAL else f"{dependant} is required because {words}")
    return Rule(f"dcf.{name}", ("dcf", dependant), level, when, reason)


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
    return frozenset(ngap_only & _schema_required(dcf_schema()))


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
    extra = PLACE_CONDITIONS.get(attribute)
    return [
        DcfFault(f"{where}.{attribute}", rule.id, rule.reason)
        for where, holder in places(place.holder, path, DEPENDANT_PLACES.get(attribute, ""))
        if _missing(holder, attribute)
        and (extra is None or holds(extra, Place(holder, place.document), DCF_PREDICATES))
    ]


def _required_faults(document):
    """Dependants missing where their rule holds, and NGAP-only attributes in a guilty
    plea file."""
    faults = []
    rules = [rule for rule in dcf_rules() if rule.level != Requirement.OPTIONAL]
    for path, holder in objects(document):
        place = Place(holder, document)
        for rule in rules:
            if holds(rule.when, place, DCF_PREDICATES):
                faults.extend(_faults_of(rule, path, place))
    return faults


def dcf_faults(document):
    """Every fault of a DCF document beyond its schema: the business rules' (dependants
    missing, NGAP-only attributes in a guilty plea file), then dependants given where
    they do not belong, references that do not resolve, responses to recordings of the
    wrong kind, and youths; each a JSON path, the rule's id and a plain-English message.
    Never raises on a document the schema would reject; it simply checks what is there."""
    typed = list(typed_objects(document))
    case = _case(document)
    return (_required_faults(document) + _unwanted_faults(typed, document)
            + _id_faults(typed, case) + _mme_response_faults(typed, case)
            + _name_faults(typed, case) + _youth_faults(case))


# --- Dependants given where they do not belong -------------------------------------------

@cache
def _rules_by_dependant():
    grouped = {}
    for rule in dependant_rules():
        grouped.setdefault(rule.target[1], []).append(rule)
    return grouped


def _sources(rule):
    conditions = rule.when[1:] if rule.when[0] == "all" else (rule.when,)
    return {condition[1] for condition in conditions}


def _governing(attribute, definition, case_definition):
    """The rules that say where ``attribute`` belongs in an object of ``definition``:
    those whose sources that object can hold, or (for the dependants of case_markers)
    the case can."""
    holder_can = definition_properties(definition)
    case_can = definition_properties(case_definition)
    return [rule for rule in _rules_by_dependant().get(attribute, ())
            if _sources(rule) <= (case_can if _sources(rule) == {"case_markers"}
                                  else holder_can)]


def _allows(rule, holder, document):
    case_place = Place(_case(document), document)
    place = case_place if _sources(rule) == {"case_markers"} else Place(holder, document)
    extra = PLACE_CONDITIONS.get(rule.target[1])
    return holds(rule.when, place, ALLOWING_PREDICATES) and (
        extra is None or holds(extra, Place(holder, document), ALLOWING_PREDICATES))


def _unwanted_faults(typed, document):
    """A dependant given where none of its rules holds: the business rules make it
    depend on another field's value, and that value says it does not belong (passport
    details when ``has_eec_passports`` is false). The condition it lacks is the detail."""
    case_definition = next((name for path, _, name in typed if path == "case"), "")
    faults = []
    for path, holder, definition in typed:
        allowed_here = definition_properties(definition)
        for attribute, value in holder.items():
            rules = _governing(attribute, definition, case_definition) \
                if attribute in allowed_here else []
            if not rules or is_blank(value) or any(_allows(r, holder, document) for r in rules):
                continue
            when = ("any", *map(rule_condition, rules)) if len(rules) > 1 \
                else rule_condition(rules[0])
            faults.append(DcfFault(f"{path}.{attribute}", f"dcf.only_when.{attribute}",
                                   f"{attribute} is given although not {condition_text(when)}",
                                   detail=when))
    return faults


# --- References --------------------------------------------------------------------------

def _case(document):
    case = document.get("case") if isinstance(document, dict) else None
    return case if isinstance(case, dict) else {}


def _dicts(value):
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _number(value):
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value):
    return value if isinstance(value, str) else None


def _words(text):
    return " ".join(text.split()).casefold()


def name_key(name):
    """A person's or organisation's name as it is matched: case and spacing aside, a
    person by surname and given names in order (a PersonName or an OfficerName), an
    organisation by its name; None for anything else."""
    if not isinstance(name, dict):
        return None
    if name.get("type") == "OrganisationName" and isinstance(name.get("organisation_name"), str):
        return ("organisation", _words(name["organisation_name"]))
    given = name.get("given_name")
    if isinstance(name.get("surname"), str) and isinstance(given, list) \
            and all(isinstance(part, str) for part in given):
        return ("person", _words(name["surname"]), tuple(_words(part) for part in given))
    return None


# What a reference points at, as its rule's id ends (dcf.reference.property).
PROPERTY, RECORDINGS, VICTIMS, DEFENDANTS = "property", "multimedia_evidence", "victim", \
    "defendant"
VICTIM_KINDS = {"PersonVictim", "OrganisationVictim"}

# Every reference schema 1.2.2 makes from one part of a file to another, as
# (definition, field, what it points at). defendant_id and witness_id are pointed at by
# nothing; they are only held unique (ID_HOLDERS).
ID_REFERENCES = (
    ("GenericOffence", "property_ids", PROPERTY),
    ("RetailTheftOffence", "property_ids", PROPERTY),
    ("MmeRecordedResponse", "id", RECORDINGS),
)
NAME_REFERENCES = (
    ("AssaultOffence", "victim_name", VICTIMS),
    ("GenericOffence", "victim_names", VICTIMS),
    ("DomesticViolence", "victim_name", VICTIMS),
    ("Injuries", "names_of_defendants_causing_injuries", DEFENDANTS),
    ("CompensationApplication", "defendant_names", DEFENDANTS),
)
# Where each kind of id is given, as (definition, field, kind).
ID_HOLDERS = (
    ("Property", "property_id", PROPERTY),
    ("FirstHearingMme", "id", RECORDINGS),
    ("BobMme", "id", RECORDINGS),
    ("FirstHearingDefendant", "defendant_id", "defendant_id"),
    ("BobDefendant", "defendant_id", "defendant_id"),
    ("FirstHearingWitness", "witness_id", "witness_id"),
    ("BobWitness", "witness_id", "witness_id"),
)


def _property_ids(case):
    return [_number(item.get("property_id")) for item in _dicts(case.get("property"))]


def _recording_ids(case):
    return [_text(item.get("id")) for item in _dicts(case.get("multimedia_evidence"))]


def _references(typed, table):
    """(path of the reference, value, what it points at) for each reference of a table,
    one per item of a list."""
    for path, holder, definition in typed:
        for holder_definition, field, target in table:
            if definition != holder_definition or field not in holder:
                continue
            value = holder[field]
            if isinstance(value, list):
                yield from ((f"{path}.{field}[{i}]", item, target) for i, item in enumerate(value))
            else:
                yield f"{path}.{field}", value, target


def _id_faults(typed, case):
    """A property number or recording id that no property or recording of the case has
    (example 13: an offence of property 2 where only property 1 is listed; example 6: a
    response to recording 2 where only recording 1 is); an id given to two entries."""
    known = {PROPERTY: [i for i in _property_ids(case) if i is not None],
             RECORDINGS: [i for i in _recording_ids(case) if i is not None]}
    faults = []
    for path, value, target in _references(typed, ID_REFERENCES):
        if target == RECORDINGS and not known[RECORDINGS]:
            continue  # no recordings at all: a dcf.mme_response fault says so
        if (_number(value) if target == PROPERTY else _text(value)) is None:
            continue  # a value of the wrong type: the schema says so
        if value not in known[target]:
            faults.append(DcfFault(path, f"dcf.reference.{target}",
                                   f"{value!r} is not the id of any {target} of the case",
                                   detail=(value, tuple(known[target]))))
    return faults + _duplicate_id_faults(typed)


def _duplicate_id_faults(typed):
    seen, faults = {}, []
    for path, holder, definition in typed:
        for holder_definition, field, kind in ID_HOLDERS:
            value = holder.get(field) if definition == holder_definition else None
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                continue
            if (kind, value) in seen:
                faults.append(DcfFault(f"{path}.{field}", f"dcf.duplicate_id.{kind}",
                                       f"{field} {value!r} is also given at "
                                       f"{seen[kind, value]}", detail=value))
            else:
                seen[kind, value] = path
    return faults


def _mme_response_faults(typed, case):
    """A defendant's response to the recordings says whether the case has any: a "not
    recorded" response where the case has multimedia evidence is refused (the published
    example 7, "Invalid Inclusion of MMENotRecorded", against example 8, "Valid contains
    no MME"), and so is a response to a recording where the case has none."""
    recorded = bool(_recording_ids(case))
    wrong = "MmeNotRecordedResponse" if recorded else "MmeRecordedResponse"
    rule = "dcf.mme_response.not_recorded" if recorded else "dcf.mme_response.recorded"
    return [DcfFault(path, rule, f"{wrong} where the case has "
                                 f"{'multimedia evidence' if recorded else 'none'}")
            for path, _holder, definition in typed if definition == wrong]


def _name_keys(typed, case, target):
    if target == DEFENDANTS:
        return {name_key(item.get("name")) for item in _dicts(case.get("defendants"))}
    return {name_key(holder.get("name")) for _path, holder, definition in typed
            if definition in VICTIM_KINDS}


def _name_faults(typed, case):
    """A victim named on an offence or a domestic violence entry who is not a victim
    among the witnesses; a defendant named in an injury or compensation application who
    is not a defendant of the file. Names match whatever their case and spacing."""
    known = {target: _name_keys(typed, case, target) - {None}
             for target in (VICTIMS, DEFENDANTS)}
    faults = []
    for path, value, target in _references(typed, NAME_REFERENCES):
        key = name_key(value)
        if key is not None and key not in known[target]:
            faults.append(DcfFault(path, f"dcf.reference.{target}",
                                   f"no {target} of the file has this name", detail=value))
    return faults


# --- Youths ------------------------------------------------------------------------------

ADULT_AGE = 18
# Schema 1.2.2's bail-condition ground for a child or young person only (BailCondition).
YOUTH_ONLY_GROUND = "for_that_persons_own_welfare_or_own_interests_child_or_young_person_only"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def dcf_date(value):
    """The date an ISO 8601 text begins with ("2015-10-14", "2015-10-09T22:11Z"); None
    for anything else (the examples also hold "1994/09/19", which the schema allows)."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def age_on(born, day):
    """Whole years from ``born`` to ``day``; None when either is unknown or ``day`` is
    before ``born``."""
    if born is None or day is None or day < born:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _youth_faults(case):
    """Each defendant's age is taken on the file's date (``date``, which both kinds of
    file require). A youth (under 18) may be in a DCF only beside an adult defendant: the
    published example 10 ("Invalid Single Defendant Youth", 14) is example 1 with a youth
    as its one defendant, while scenario 7 (a youth of 16 charged with an adult of 19) is
    valid. The DCF is a file for the adult magistrates' court, which hears a youth's case
    only when the youth is charged jointly with an adult (Children and Young Persons Act
    1933 s.46(1)(a)); a youth alone goes to the youth court. A defendant whose age cannot
    be told counts as neither. And a bail condition's ground for "child or young person
    only" (schema 1.2.2, BailCondition) is refused for an adult."""
    day = dcf_date(case.get("date"))
    defendants = _dicts(case.get("defendants"))
    ages = [age_on(dcf_date(d.get("date_of_birth")), day) for d in defendants]
    youths = [i for i, age in enumerate(ages) if age is not None and age < ADULT_AGE]
    faults = []
    if youths and len(youths) == len(defendants):
        faults += [DcfFault(f"case.defendants[{i}].date_of_birth", "dcf.youth.no_adult",
                            f"a youth of {ages[i]} with no adult defendant",
                            detail=(ages[i], day.isoformat())) for i in youths]
    for i, defendant in enumerate(defendants):
        if ages[i] is not None and ages[i] >= ADULT_AGE:
            faults += _adult_ground_faults(defendant, f"case.defendants[{i}]", ages[i])
    return faults


def _adult_ground_faults(defendant, path, age):
    remand = defendant.get("remand_application")
    lists = {f"{path}.bail_conditions": defendant.get("bail_conditions"),
             f"{path}.remand_application.bail_conditions":
                 remand.get("bail_conditions") if isinstance(remand, dict) else None}
    faults = []
    for where, conditions in lists.items():
        for i, condition in enumerate(_dicts(conditions)):
            grounds = condition.get("grounds")
            for j, ground in enumerate(grounds if isinstance(grounds, list) else []):
                if ground == YOUTH_ONLY_GROUND:
                    faults.append(DcfFault(f"{where}[{i}].grounds[{j}]",
                                           "dcf.youth.ground_for_youths",
                                           f"a ground for youths only, for an adult of {age}",
                                           detail=age))
    return faults
