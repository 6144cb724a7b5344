"""The DCF rules across a file, one behaviour each: dependants given where they do not
belong (every DependantAttributes rule), references, responses to recordings, youths, and
the schema walk they stand on."""

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from cases.dcf.rules import (
    YOUTH_ONLY_GROUND,
    age_on,
    condition_values,
    dcf_date,
    dcf_faults,
    dependant_rules,
    name_key,
)
from cases.dcf.schema import dcf_schema, definition_properties, typed_objects
from cases.dcf.validate import dcf_problems

EXAMPLES = Path(__file__).resolve().parents[2] / "athena" / "data" / "dcf" / "examples"
SCENARIO_7 = "more/first-hearing-scenario-7-multiple-defendants-offences-mixed-pleas.json"
EXAMPLE_1 = "first-hearing-example-1-valid-single-defendant.json"


def example(name):
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8-sig"))


def faults(document):
    return [(fault.path, fault.rule_id) for fault in dcf_faults(document)]


# --- The schema walk ---------------------------------------------------------------------

def test_each_object_is_named_by_its_definition():
    typed = {path: name for path, _, name in typed_objects(example(SCENARIO_7))}

    assert typed["case"] == "FirstHearingDCF"
    assert typed["case.defendants[1]"] == "FirstHearingDefendant"  # past the schema's tuple
    assert typed["case.defendants[1].interview"] == "NotInterviewed"
    assert typed["case.defendants[0].multimedia_evidence_response[0]"] == "MmeRecordedResponse"
    assert typed["case.witnesses[0]"] == "PersonVictim"
    assert typed["case.witnesses[2].name"] == "OfficerName"


def test_a_breach_of_bail_file_is_walked_as_one_though_both_kinds_allow_its_type():
    document = example("breach-of-bail-example-1-simple-bob-with-remand.json")

    typed = {path: name for path, _, name in typed_objects(document)}

    assert (typed["case"], typed["case.defendants[0]"]) == ("BobDCF", "BobDefendant")


@pytest.mark.parametrize("document", [None, [], "x", {"case": [1, {"type": 3}]},
                                      {"case": {"defendants": [{"interview": []}]}}])
def test_the_walk_takes_any_json_value(document):
    assert isinstance(list(typed_objects(document)), list)
    assert isinstance(dcf_faults(document), list)


# --- Dependants given where they do not belong: every DependantAttributes rule ----------

# Rules whose fields schema 1.2.2 has no place for: giving them is a schema fault.
NO_PLACE = {"dcf.hearsay_details", "dcf.safeguarding_assessment", "dcf.reasons_not_completed",
            "dcf.safeguarding_level"}
DEFINITIONS = list(dcf_schema()["definitions"])


def conditions(rule):
    return rule.when[1:] if rule.when[0] == "all" else (rule.when,)


def sources(rule):
    return {condition[1] for condition in conditions(rule)}


def definition_of(rule):
    """The first definition that holds the rule's dependant and its sources (for a
    case_markers rule, its dependant: the case holds the marker)."""
    dependant, held = rule.target[1], sources(rule)
    return next((name for name in DEFINITIONS if dependant in definition_properties(name)
                 and (held == {"case_markers"} or held <= definition_properties(name))), None)


def source_schema(definition, source):
    owner = "FirstHearingDCF" if source == "case_markers" else definition
    return dcf_schema()["definitions"][owner]["properties"][source]


def value_of(definition, source, texts, *, met):
    """A value of the source that reads as one of ``texts`` (met) or as none of them."""
    schema = source_schema(definition, source)
    item = schema["items"] if schema.get("type") == "array" else schema
    if item.get("type") == "boolean":
        value = ("True" in texts) == met
    elif met:
        value = sorted(texts)[0]
    elif texts == {""}:
        value = "1990-01-01"
    else:
        value = next(choice for choice in item["enum"] if choice not in texts)
    return [value] if schema.get("type") == "array" else value


PLACED = [rule for rule in dependant_rules() if rule.id not in NO_PLACE]


def test_the_rules_with_no_place_in_the_schema_are_these():
    assert {rule.id for rule in dependant_rules() if definition_of(rule) is None} == NO_PLACE


def holder_path(document, definition):
    return next(path for path, _, name in typed_objects(document) if name == definition)


def put(document, path, key, value):
    holder = next(node for where, node, _ in typed_objects(document) if where == path)
    holder[key] = value


def with_sources(rule, *, met):
    """Scenario 7 with the rule's sources set so that it holds (met) or, for every rule of
    its dependant, does not; and the dependant given."""
    document = copy.deepcopy(example(SCENARIO_7))
    definition = definition_of(rule)
    path = holder_path(document, definition)
    dependant = rule.target[1]
    rules = [rule] if met else [r for r in PLACED if r.target[1] == dependant]
    for source in sources(rule):
        texts = {text for r in rules for _, s, value in conditions(r) if s == source
                 for text in condition_values(s, value)}
        value = value_of(definition, source, texts, met=met)
        put(document, "case" if source == "case_markers" else path, source, value)
    if dependant == "ages_of_children":
        put(document, path, "children_present", met)
    put(document, path, dependant, "given")
    return document, f"{path}.{dependant}"


@pytest.mark.parametrize("rule", PLACED, ids=lambda rule: rule.id)
def test_a_dependant_given_where_none_of_its_rules_holds_is_refused(rule):
    document, path = with_sources(rule, met=False)

    assert (path, f"dcf.only_when.{rule.target[1]}") in faults(document)


@pytest.mark.parametrize("rule", PLACED, ids=lambda rule: rule.id)
def test_a_dependant_given_where_its_rule_holds_is_allowed(rule):
    document, path = with_sources(rule, met=True)

    assert (path, f"dcf.only_when.{rule.target[1]}") not in faults(document)


def test_passport_details_when_there_are_no_passports_are_refused_in_words():
    document = example(EXAMPLE_1)
    document["case"]["defendants"][0]["has_eec_passports"] = False

    [problem] = dcf_problems(document)

    assert (problem.path, problem.rule) == ("case.defendants[0].eec_check_submitted",
                                            "dcf.only_when.eec_check_submitted")
    assert problem.message == (
        "Defendant 1: the EEC convictions check submitted must not be given unless the answer "
        "to whether the defendant has EEC passports is yes: the DCF business rules allow it "
        "only then. Remove it, or correct the answer it depends on.")


def test_false_is_given_but_an_empty_list_is_not():
    document = example(EXAMPLE_1)
    defendant = document["case"]["defendants"][0]
    defendant["person_remand_status"] = "custody"
    defendant["bail_conditions"] = []
    assert faults(document) == []

    defendant["signed_for_bail"] = False
    assert faults(document) == [("case.defendants[0].signed_for_bail",
                                 "dcf.only_when.signed_for_bail")]


def test_a_source_the_object_cannot_hold_does_not_judge_it():
    # A breach-of-bail defendant has an arrest and no initiation_type; a remand
    # application has bail conditions and no remand status; a "not recorded" response must
    # say how the defendant is identified and has no defendant_shown.
    document = example("breach-of-bail-example-1-simple-bob-with-remand.json")
    assert "arrest" in document["case"]["defendants"][0]
    assert faults(document) == []
    assert faults(example("more/first-hearing-example-8-valid-contains-no-mme.json")) == []


# --- References ---------------------------------------------------------------------------

def test_a_property_number_of_the_wrong_type_is_left_to_the_schema():
    document = example(EXAMPLE_1)
    offence = document["case"]["defendants"][0]["offences"][0]["retail_theft_offences"][0]

    offence["property_ids"] = [True, "1"]

    assert [p.rule for p in dcf_problems(document)] == ["type", "type"]


def test_a_property_number_may_be_written_as_a_decimal():
    document = example(EXAMPLE_1)
    document["case"]["property"][0]["property_id"] = 1.0

    assert faults(document) == []


def test_a_property_reference_is_said_in_words():
    document = example(EXAMPLE_1)
    document["case"]["defendants"][0]["offences"][0]["retail_theft_offences"][0][
        "property_ids"] = [1, 5]

    [problem] = dcf_problems(document)

    assert problem.message == (
        "Defendant 1, retail theft offence 1: the offence is of property number 5, which is "
        "not in the case's property list (it has 1). Add the property, or correct the number.")


@pytest.mark.parametrize(("first", "second", "same"), [
    ({"type": "PersonName", "surname": "Child", "given_name": ["Destiny"]},
     {"type": "PersonName", "surname": " CHILD", "given_name": ["destiny "]}, True),
    ({"type": "PersonName", "surname": "Child", "given_name": ["Destiny"]},
     {"type": "OfficerName", "surname": "Child", "given_name": ["Destiny"], "rank": "PC",
      "collar_number": "1"}, True),
    ({"type": "PersonName", "surname": "Child", "given_name": ["Destiny", "Ann"]},
     {"type": "PersonName", "surname": "Child", "given_name": ["Destiny"]}, False),
    ({"type": "OrganisationName", "organisation_name": "TESCO, Anytown"},
     {"type": "OrganisationName", "organisation_name": "Tesco,  Anytown"}, True),
])
def test_names_match_whatever_their_capitals_and_spacing(first, second, same):
    assert (name_key(first) == name_key(second)) == same


def test_a_name_of_no_known_shape_is_not_judged():
    document = example(SCENARIO_7)
    document["case"]["witnesses"][0]["injuries"][0]["names_of_defendants_causing_injuries"] = [
        {"surname": 7}]

    assert faults(document) == []


def test_a_victim_must_be_a_victim_not_another_witness():
    document = example(SCENARIO_7)
    offence = document["case"]["defendants"][1]["offences"][1]["assault_offences"][0]
    offence["victim_name"] = {"type": "PersonName", "surname": "WILLIAMS",
                              "given_name": ["Alison"]}  # a statement witness

    assert faults(document) == [(
        "case.defendants[1].offences[1].assault_offences[0].victim_name",
        "dcf.reference.victim")]


# --- Responses to recordings --------------------------------------------------------------

def test_a_response_to_a_recording_where_the_case_has_none_is_said_once():
    document = example(EXAMPLE_1)
    del document["case"]["multimedia_evidence"]

    [problem] = dcf_problems(document)

    assert problem.rule == "dcf.mme_response.recorded"
    assert problem.message == (
        "Defendant 1, response to multimedia evidence 1: this responds to a recording, but "
        "the case has no multimedia evidence; add the recording, or say that none was "
        "recorded.")


def test_an_empty_list_of_recordings_is_none():
    document = example("more/first-hearing-example-8-valid-contains-no-mme.json")
    document["case"]["multimedia_evidence"] = []

    assert faults(document) == []


# --- Youths -------------------------------------------------------------------------------

@pytest.mark.parametrize(("born", "day", "age"), [
    (date(1997, 10, 14), date(2015, 10, 14), 18),
    (date(1997, 10, 15), date(2015, 10, 14), 17),
    (date(2000, 2, 29), date(2018, 2, 28), 17),
    (date(2000, 2, 29), date(2018, 3, 1), 18),
    (date(2016, 1, 1), date(2015, 10, 14), None),
    (None, date(2015, 10, 14), None),
])
def test_age_on_the_files_date(born, day, age):
    assert age_on(born, day) == age


@pytest.mark.parametrize(("text", "day"), [
    ("2015-10-14", date(2015, 10, 14)), ("2015-10-09T22:11Z", date(2015, 10, 9)),
    ("1994/09/19", None), ("2015-02-30", None), ("", None), (20151014, None),
])
def test_dates_are_read_as_iso_8601(text, day):
    assert dcf_date(text) == day


def youth_alone():
    document = example("first-hearing-scenario-1-s5-public-order.json")
    document["case"]["defendants"][0]["date_of_birth"] = "2000-01-01"
    return document


def test_a_youth_alone_is_refused_in_words():
    [problem] = dcf_problems(youth_alone())

    assert (problem.path, problem.rule) == ("case.defendants[0].date_of_birth",
                                            "dcf.youth.no_adult")
    assert problem.message == (
        "Defendant 1 is a youth (15 on the file's date, 2015-10-14) and no defendant in the "
        "file is an adult: a Digital Case File may include a youth only when charged "
        "together with an adult. A youth alone goes to the youth court.")


@pytest.mark.parametrize("change", [
    lambda case: case.update(date="14 October 2015"),
    lambda case: case["defendants"][0].update(date_of_birth="01/01/2000"),
])
def test_an_age_that_cannot_be_told_is_not_judged(change):
    document = youth_alone()
    change(document["case"])

    assert faults(document) == []


def test_a_youth_beside_a_defendant_of_unknown_age_is_not_judged():
    document = example("more/first-hearing-scenario-6-s5-public-order-multiple-defendants-v2.json")
    document["case"]["defendants"][0]["date_of_birth"] = "2000-01-01"
    document["case"]["defendants"][1]["date_of_birth"] = "unknown"

    assert faults(document) == []


def test_a_youth_in_a_breach_of_bail_file_is_alone():
    document = example("breach-of-bail-example-1-simple-bob-with-remand.json")
    document["case"]["defendants"][0]["date_of_birth"] = "1999-01-01"

    assert faults(document) == [("case.defendants[0].date_of_birth", "dcf.youth.no_adult")]


def test_a_ground_for_youths_on_an_adults_own_bail_conditions_is_refused():
    document = example("more/breach-of-bail-scenario-8-first-hearing-1.json")
    conditions = document["case"]["defendants"][0]["bail_conditions"]
    conditions[1]["grounds"].append(YOUTH_ONLY_GROUND)

    problems = [p for p in dcf_problems(document) if p.rule.startswith("dcf.youth")]

    assert [(p.path, p.rule) for p in problems] == [
        ("case.defendants[0].bail_conditions[1].grounds[2]", "dcf.youth.ground_for_youths")]
    assert problems[0].message == (
        "Defendant 1, bail condition 2: the ground \"for that person's own welfare or own "
        "interests\" is for a child or young person only, and the defendant is 45 on the "
        "file's date. Choose another ground.")
