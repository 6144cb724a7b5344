"""The DCF business rules (athena/data/dcf/business-rules.json) as rules of the engine:
the published examples, and one test per rule on a tiny synthetic document."""

import json
from pathlib import Path

import pytest

from cases.constants import Requirement
from cases.dcf.rules import (
    ALLOWED_NOT_REQUIRED,
    BUSINESS_RULES,
    CONDITION_VALUES,
    PLACE_CONDITIONS,
    DcfFault,
    dcf_faults,
    dcf_rules,
    dependant_rules,
    ngap_only_rules,
    superseded_by_schema,
)
from cases.rules import Rule

EXAMPLES = Path(__file__).resolve().parents[2] / "athena" / "data" / "dcf" / "examples"
ROWS = json.loads(BUSINESS_RULES.read_text(encoding="utf-8-sig"))["DependantAttributes"]
NGAP_ONLY = json.loads(BUSINESS_RULES.read_text(encoding="utf-8-sig"))["NGAPOnly"]


def example(name):
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8-sig"))


# ---- The published examples -----------------------------------------------------------

GOOD_EXAMPLES = sorted(p.name for p in EXAMPLES.glob("*.json")
                       if "valid" in p.name.replace("invalid", "") or "scenario" in p.name)


def test_the_good_examples_are_found():
    assert GOOD_EXAMPLES == [
        "first-hearing-example-1-valid-single-defendant.json",
        "first-hearing-example-9-valid-two-defendants.json",
        "first-hearing-scenario-1-s5-public-order.json",
        "first-hearing-scenario-2-retail-theft-gap.json",
    ]


@pytest.mark.parametrize("name", GOOD_EXAMPLES)
def test_valid_and_scenario_examples_have_no_faults(name):
    assert dcf_faults(example(name)) == []


def test_example_3_names_the_fields_required_by_the_drug_test():
    faults = dcf_faults(example("first-hearing-example-3-invalid-missing-fields.json"))

    assert faults == [
        DcfFault("case.defendants[0].class_a_drug_test_details", "dcf.class_a_drug_test_details",
                 "class_a_drug_test_details is required because class_a_drug_test_provided is "
                 "provided_positive or provided_negative"),
        DcfFault("case.defendants[0].accepts_drugs_result", "dcf.accepts_drugs_result",
                 "accepts_drugs_result is required because class_a_drug_test_provided is "
                 "provided_positive or provided_negative"),
    ]


def test_example_5_special_measures_in_a_guilty_plea_file_is_an_ngap_fault():
    faults = dcf_faults(example("first-hearing-example-5-invalid-ngap-violation-when-gap.json"))

    assert faults == [
        DcfFault("case.witnesses[0].witness.special_measures", "dcf.ngap_only.special_measures",
                 "special_measures is not allowed because the file anticipates a guilty plea: "
                 "it is for a not guilty plea only (NGAP)"),
    ]


def test_example_5_is_fine_once_the_plea_is_not_guilty():
    document = example("first-hearing-example-5-invalid-ngap-violation-when-gap.json")
    offence = document["case"]["defendants"][0]["offences"][0]["retail_theft_offences"][0]
    offence["offence"]["anticipated_plea"] = "not_guilty"

    assert dcf_faults(document) == []


@pytest.mark.parametrize("name", [
    "first-hearing-example-12-invalid-ilegal-field.json",
    "breach-of-bail-example-1-simple-bob-with-remand.json",
])
def test_files_with_other_problems_do_not_crash(name):
    # Example 12's attribute the schema forbids is for the JSON-schema validator.
    assert dcf_faults(example(name)) == []


# ---- Loading the rules ----------------------------------------------------------------

def test_the_file_has_54_dependant_rows_and_5_ngap_only_attributes():
    assert len(ROWS) == 54
    assert len(NGAP_ONLY) == 5


def test_duplicate_rows_are_kept_once_and_and_pairs_become_one_rule():
    # 4 rows repeat another exactly; 2 pairs are joined by AndRuleName.
    assert len(dependant_rules()) == 54 - 4 - 2


def test_dcf_rules_are_rules_of_the_engine():
    assert all(isinstance(rule, Rule) and rule.target[0] == "dcf" for rule in dcf_rules())
    assert len({rule.id for rule in dcf_rules()}) == len(dcf_rules())


def test_likely_case_progression_is_left_out_because_the_schema_requires_it():
    assert superseded_by_schema() == {"likely_case_progression"}
    assert [rule.id for rule in ngap_only_rules()] == [
        "dcf.ngap_only.is_hearsay",
        "dcf.ngap_only.notice_to_provide_bad_character_evidence",
        "dcf.ngap_only.special_measures",
        "dcf.ngap_only.wish_to_use_video_link",
    ]


def test_a_guilty_plea_file_may_give_its_likely_case_progression():
    document = {"case": {"likely_case_progression": "summary_only",
                         "defendants": [{"offences": [{"generic_offences": [
                             {"offence": {"anticipated_plea": "guilty"}}]}]}]}}

    assert dcf_faults(document) == []


# ---- One test per DependantAttributes row ----------------------------------------------

# Where each dependant of case_markers must be, in the synthetic case below.
CASE_MARKER_PLACES = {
    "domestic_violence": "case.defendants[0]",
    "demeanour_at_incident": "case.defendants[0].offences[0].generic_offences[0].offence",
    "children_present": "case.defendants[0].offences[0].generic_offences[0].offence",
    "ages_of_children": "case.defendants[0].offences[0].generic_offences[0].offence",
    "is_retraction_statement": "case.witnesses[0].victim",
}
LIST_SOURCES = {"case_markers", "reasons_for_application"}


def rule_for(row):
    """The rule a row became: its own, or the one it was joined into by AndRuleName."""
    names = {row["RuleName"], row["AndRuleName"]}
    return next(rule for rule in dependant_rules() if rule.id.removeprefix("dcf.") in names)


def conditions(rule):
    return rule.when[1:] if rule.when[0] == "all" else (rule.when,)


def source_value(attribute, condition):
    value = CONDITION_VALUES.get((attribute, condition), (condition,))[0]
    value = {"True": True, "False": False}.get(value, value)
    return [value] if attribute in LIST_SOURCES else value


def other_value(attribute, condition):
    if condition == "":
        return "1990-01-01"
    if condition in ("True", "False") and attribute != "class_a_drug_test_provided":
        return condition == "False"
    return ["Rape"] if attribute in LIST_SOURCES else "not_requested"


def synthetic_case(rule, met=True):
    """A tiny case whose object holds the rule's sources, with or without the condition
    met, and the objects where case_markers' dependants live (with the condition their
    place adds, PLACE_CONDITIONS, met too)."""
    offence = {"children_present": True} if rule.target[1] in PLACE_CONDITIONS else {}
    holder = {
        "defendants": [{"offences": [{"generic_offences": [{"offence": offence}]}]}],
        "witnesses": [{"victim": {}}],
    }
    for _, attribute, condition in conditions(rule):
        holder[attribute] = (source_value if met else other_value)(attribute, condition)
    return {"case": holder}


def dependant_path(rule):
    dependant = rule.target[1]
    return f"{CASE_MARKER_PLACES.get(dependant, 'case')}.{dependant}"


def give(document, path, value):
    node = document
    *steps, last = path.split(".")
    for step in steps:
        name, _, index = step.partition("[")
        node = node[name] if not index else node[name][int(index[:-1])]
    node[last] = value


def faults_of(rule, document):
    return [fault for fault in dcf_faults(document) if fault.rule_id == rule.id]


# The rules the CPS's published valid examples do not keep: they allow their field, and
# no longer require it (cases/dcf/rules.py, ALLOWED_NOT_REQUIRED).
REQUIRED_ROWS = [row for row in ROWS if row["RuleName"] not in ALLOWED_NOT_REQUIRED]
ALLOWED_ROWS = [row for row in ROWS if row["RuleName"] in ALLOWED_NOT_REQUIRED]


def test_the_examples_overrule_two_rules():
    assert [row["RuleName"] for row in ALLOWED_ROWS] == [
        "safeguarding_assessment", "how_is_identification_established_1"]
    assert all(rule_for(row).level == Requirement.OPTIONAL for row in ALLOWED_ROWS)
    assert set(PLACE_CONDITIONS) == {"ages_of_children"}


@pytest.mark.parametrize("row", REQUIRED_ROWS,
                         ids=[f"{i}-{row['RuleName']}" for i, row in enumerate(REQUIRED_ROWS)])
def test_dependant_missing_when_the_source_condition_holds_is_a_fault(row):
    rule = rule_for(row)

    faults = faults_of(rule, synthetic_case(rule))

    assert [fault.path for fault in faults] == [dependant_path(rule)]
    assert faults[0].message.startswith(f"{rule.target[1]} is required because ")


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}-{row['RuleName']}" for i, row in enumerate(ROWS)])
def test_dependant_given_when_the_source_condition_holds_is_no_fault(row):
    rule = rule_for(row)
    document = synthetic_case(rule)

    give(document, dependant_path(rule), "given")

    assert faults_of(rule, document) == []


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}-{row['RuleName']}" for i, row in enumerate(ROWS)])
def test_dependant_is_not_demanded_when_the_source_condition_does_not_hold(row):
    rule = rule_for(row)

    assert faults_of(rule, synthetic_case(rule, met=False)) == []


@pytest.mark.parametrize("row", ALLOWED_ROWS, ids=[row["RuleName"] for row in ALLOWED_ROWS])
def test_a_rule_the_examples_overrule_asks_for_nothing(row):
    rule = rule_for(row)

    assert faults_of(rule, synthetic_case(rule)) == []


def test_ages_of_children_are_asked_for_only_where_children_were_present():
    # Scenario 4 (Assault DV NGAP): children_present false, and no ages.
    offence = {"demeanour_at_incident": "Angry", "children_present": False}
    document = {"case": {"case_markers": ["DomesticViolence"], "defendants": [
        {"domestic_violence": [{}], "offences": [{"assault_offences": [{"offence": offence}]}]}]}}

    assert dcf_faults(document) == []
    offence["children_present"] = True
    assert [fault.path for fault in dcf_faults(document)] == [
        "case.defendants[0].offences[0].assault_offences[0].offence.ages_of_children"]


def test_questions_asked_path_and_message():
    document = {"case": {"defendants": [{"interview": {"no_comment_response": True}}]}}

    assert dcf_faults(document) == [
        DcfFault("case.defendants[0].interview.questions_asked", "dcf.questions_asked",
                 "questions_asked is required because no_comment_response is True"),
    ]


def test_an_and_rule_needs_both_conditions():
    document = {"case": {"defendants": [
        {"parent_guardian_copy": True, "initiation_type": "charge", "arrest": {},
         "signed_charge_sheet": True},
    ]}}

    assert dcf_faults(document) == []


def test_the_misspelt_dependant_is_looked_for_as_the_schema_spells_it():
    document = {"case": {"defendants": [
        {"parent_guardian_copy": True, "initiation_type": "requisition", "date_sent": "2015-01-02",
         "parent_guardian_date_sent": "2015-01-02"},
    ]}}

    assert dcf_faults(document) == []


def test_a_marker_among_others_meets_the_condition():
    document = {"case": {"case_markers": ["Rape", "DomesticViolence"],
                         "defendants": [{"domestic_violence": [{}]}]}}

    assert [fault.rule_id for fault in dcf_faults(document)] == []
    del document["case"]["defendants"][0]["domestic_violence"]
    assert [fault.rule_id for fault in dcf_faults(document)] == ["dcf.domestic_violence"]


def test_every_offence_of_every_defendant_needs_the_domestic_abuse_details():
    offence = {"demeanour_at_incident": "Upset", "children_present": True, "ages_of_children": []}
    document = {"case": {"case_markers": ["DomesticViolence"],
                         "defendants": [
                             {"domestic_violence": [{}], "offences": [
                                 {"assault_offences": [{"offence": dict(offence)},
                                                       {"offence": {}}]}]},
                         ]}}

    paths = [fault.path for fault in dcf_faults(document)]

    assert paths == [f"case.defendants[0].offences[0].assault_offences[1].offence.{name}"
                     for name in ("demeanour_at_incident", "children_present")]


def test_a_blank_string_dependant_is_missing_but_false_is_given():
    document = {"case": {"defendants": [
        {"has_eec_passports": True, "eec_check_submitted": False,
         "pnc_check_performed": True, "pnc_convictions": "  "},
    ]}}

    assert [fault.rule_id for fault in dcf_faults(document)] == ["dcf.pnc_convictions"]


# ---- One test per NGAPOnly attribute ----------------------------------------------------

def plea_file(plea, attribute):
    return {"case": {"defendants": [{
        attribute: True,
        "offences": [{"generic_offences": [{"offence": {"anticipated_plea": plea}}]}],
    }]}}


@pytest.mark.parametrize("rule", ngap_only_rules(), ids=lambda rule: rule.id)
def test_ngap_only_attribute_in_a_guilty_plea_file_is_a_fault(rule):
    attribute = rule.target[1]

    faults = faults_of(rule, plea_file("guilty", attribute))

    assert [fault.path for fault in faults] == [f"case.defendants[0].{attribute}"]
    assert rule.level == Requirement.NOT_NEEDED


@pytest.mark.parametrize("rule", ngap_only_rules(), ids=lambda rule: rule.id)
def test_ngap_only_attribute_in_a_not_guilty_plea_file_is_no_fault(rule):
    assert faults_of(rule, plea_file("not_guilty", rule.target[1])) == []


def test_one_not_guilty_offence_makes_the_file_not_guilty():
    document = plea_file("guilty", "special_measures")
    document["case"]["defendants"][0]["offences"].append(
        {"generic_offences": [{"offence": {"anticipated_plea": "not_guilty"}}]})

    assert dcf_faults(document) == []
