"""Checking DCF documents: the published examples accepted and rejected as the CPS means,
and every fault in words, at our section and field, never as the schema validator says it."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from cases.dcf.problems import DcfProblem
from cases.dcf.schema import DcfValidator, dcf_validator
from cases.dcf.validate import dcf_problems
from cases.sections import SectionKind
from tests.cases.test_dcf_helpers import (
    BAD_EXAMPLES,
    GOOD_EXAMPLES,
    OTHER_EXAMPLES,
    assault_case,
    example,
    two_defendant_case,
    with_change,
)

FIRST = "first-hearing-example-1-valid-single-defendant.json"


def only(problems):
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize("name", GOOD_EXAMPLES)
def test_every_valid_and_scenario_example_is_accepted(name):
    assert dcf_problems(example(name)) == []


@pytest.mark.parametrize("name", OTHER_EXAMPLES)
def test_the_breach_of_bail_example_is_accepted_too(name):
    assert dcf_problems(example(name)) == []


@pytest.mark.parametrize("name", BAD_EXAMPLES)
def test_every_invalid_example_is_rejected(name):
    assert dcf_problems(example(name))


def test_example_12_names_the_illegal_field_and_the_schema_rule():
    problem = only(dcf_problems(example("first-hearing-example-12-invalid-ilegal-field.json")))

    assert problem.path == "case.i_should_not_be_here"
    assert problem.rule == "additionalProperties"
    assert problem.message == ("The case has a field the DCF does not allow: "
                               "'i_should_not_be_here'. Remove it, or check its spelling.")


def test_example_12_is_not_reported_as_a_raw_one_of_failure():
    problem = only(dcf_problems(example("first-hearing-example-12-invalid-ilegal-field.json")))

    assert "oneOf" not in problem.message and "is not valid under" not in problem.message


def test_example_3_names_the_missing_dependant_fields_and_their_business_rules():
    problems = dcf_problems(example("first-hearing-example-3-invalid-missing-fields.json"))

    assert [(p.path, p.rule) for p in problems] == [
        ("case.defendants[0].class_a_drug_test_details", "dcf.class_a_drug_test_details"),
        ("case.defendants[0].accepts_drugs_result", "dcf.accepts_drugs_result"),
    ]
    assert problems[0].message == (
        "Defendant 1: the class A drug test details is missing; the DCF business rules "
        "require it when the class A drug test result is 'provided_positive' or "
        "'provided_negative'.")


def test_example_5_names_the_ngap_only_field_in_a_guilty_plea_file():
    problem = only(dcf_problems(
        example("first-hearing-example-5-invalid-ngap-violation-when-gap.json")))

    assert problem.path == "case.witnesses[0].witness.special_measures"
    assert problem.rule == "dcf.ngap_only.special_measures"
    assert "special measures" in problem.message
    assert "not guilty plea (NGAP)" in problem.message
    assert (problem.section_kind, problem.field) == (SectionKind.CASE_SUMMARY,
                                                    "special_measures")


# --- Synthetic documents ----------------------------------------------------------------

def test_documents_of_other_shapes_are_valid_too():
    assert dcf_problems(assault_case()) == []
    assert dcf_problems(two_defendant_case()) == []


def test_a_required_field_missing_deep_in_a_witness_is_named_where_it_is():
    document = with_change(assault_case(), lambda d: d["case"]["witnesses"][0]["victim"][
        "witness"].pop("evidence_they_can_give"))

    problem = only(dcf_problems(document))

    assert problem == DcfProblem(
        path="case.witnesses[0].victim.witness.evidence_they_can_give", rule="required",
        message="Witness 1, victim details: the evidence they can give is missing (required "
                "by the DCF schema).",
        section_kind=SectionKind.WITNESS_STATEMENTS, field="statement", page="")


def test_the_witness_kind_its_type_names_is_the_one_checked():
    # A statement witness without "witness_type": the anyOf of five kinds of witness is
    # reported as what is wrong with a statement witness, and nothing about the others.
    document = with_change(example(FIRST),
                           lambda d: d["case"]["witnesses"][0].pop("witness_type"))

    problem = only(dcf_problems(document))

    assert (problem.path, problem.rule) == ("case.witnesses[0].witness_type", "required")
    assert problem.message == ("Witness 1: the witness type list is missing (required by the "
                               "DCF schema).")


def test_an_unknown_kind_of_witness_lists_the_kinds_allowed():
    document = with_change(example(FIRST),
                           lambda d: d["case"]["witnesses"][0].update(type="Bystander"))

    problem = only(dcf_problems(document))

    assert problem.path == "case.witnesses[0].type"
    assert problem.message.startswith("Witness 1: the type 'Bystander' is not one the DCF "
                                      "allows here; it must be one of 'StatementWitness', "
                                      "'PersonVictim'")


def test_a_breach_of_bail_file_is_checked_as_one():
    document = with_change(example("breach-of-bail-example-1-simple-bob-with-remand.json"),
                           lambda d: d["case"]["defendants"][0].pop("breach_of_bail"))

    problem = only(dcf_problems(document))

    assert (problem.path, problem.rule) == ("case.defendants[0].breach_of_bail", "required")


def test_an_interview_not_held_is_checked_as_not_held():
    document = with_change(example("first-hearing-scenario-1-s5-public-order.json"),
                           lambda d: d["case"]["defendants"][0]["interview"].pop("reason"))

    problem = only(dcf_problems(document))

    assert problem.path == "case.defendants[0].interview.reason"
    assert problem.section_kind == SectionKind.CASE_SUMMARY


@pytest.mark.parametrize(("change", "path", "rule", "words"), [
    (lambda c: c.update(likely_case_progression="magistrates"),
     "case.likely_case_progression", "enum", "it must be one of 'summary_only'"),
    (lambda c: c.update(expert_evidence="no"),
     "case.expert_evidence", "type", "must be true or false, not text"),
    (lambda c: c.update(pti_urn="URN 12"),
     "case.pti_urn", "pattern", "not in the form the DCF requires (for example 01AA1234515)"),
    (lambda c: c.update(witnesses=[]),
     "case.witnesses", "minItems", "the list of witnesses must have at least 1 entry"),
    (lambda c: c.update(version=0),
     "case.version", "minimum", "must be at least 1"),
    (lambda c: c["defendants"][0]["offences"][0]["retail_theft_offences"][0].update(
        cjs_offence_code="th99999"),
     "case.defendants[0].offences[0].retail_theft_offences[0].cjs_offence_code", "enum",
     "Defendant 1, retail theft offence 1: the CJS offence code 'th99999'"),
])
def test_schema_faults_are_said_in_words(change, path, rule, words):
    document = with_change(example(FIRST), lambda d: change(d["case"]))

    problem = only(dcf_problems(document))

    assert (problem.path, problem.rule) == (path, rule)
    assert words in problem.message


def test_faults_point_to_our_section_and_field():
    document = with_change(assault_case(), lambda d: (
        d["case"].pop("brief_description_of_case"),
        d["case"]["defendants"][0]["interview"].pop("questions_asked"),
        d["case"]["defendants"][0].pop("arrest")))

    places = {p.path: (p.section_kind, p.field, p.page) for p in dcf_problems(document)}

    assert places == {
        "case.brief_description_of_case": (SectionKind.CASE_SUMMARY, "summary", ""),
        "case.defendants[0].interview.questions_asked": (SectionKind.CASE_SUMMARY,
                                                         "questions_asked", ""),
        "case.defendants[0].arrest": ("", "arrest_date", "defendant"),
    }


def test_faults_come_in_the_order_of_the_document():
    document = with_change(assault_case(), lambda d: (
        d["case"].pop("date"), d["case"].pop("pti_urn"),
        d["case"]["defendants"][0].pop("occupation")))

    paths = [p.path for p in dcf_problems(document)]

    assert paths == ["case.pti_urn", "case.defendants[0].occupation", "case.date"]


def test_a_value_of_the_wrong_type_is_reported_once():
    document = with_change(example(FIRST), lambda d: d["case"].update(defendants="Smith"))

    problems = dcf_problems(document)

    assert [(p.path, p.rule) for p in problems] == [("case.defendants", "type")]


@pytest.mark.parametrize("document", [
    {}, [], None, "text", 12, {"schema_version": "1.2.2"},
    {"schema_version": "1.2.2", "case": []},
    {"schema_version": "1.2.2", "case": {"type": "FirstHearingDCF", "defendants": [None, 3]}},
    {"schema_version": "1.2.2", "case": {"defendants": [{"offences": [{"x": [1, {"y": []}]}]}]}},
])
def test_any_json_value_gives_problems_not_an_exception(document):
    problems = dcf_problems(document)

    assert problems
    assert all(isinstance(p, DcfProblem) and p.message for p in problems)


def test_hostile_values_are_quoted_short_and_escaped():
    field = "x" * 500 + "\x07"
    document = with_change(example(FIRST), lambda d: d["case"].update({field: 1}))

    problem = only(dcf_problems(document))

    assert len(problem.message) < 200
    assert "\x07" not in problem.message


def test_repeated_entries_are_found_without_comparing_every_pair(monkeypatch):
    # jsonschema compares every pair of objects for uniqueItems: tens of thousands of
    # witnesses in a 10 MB file would take hours. Ours hashes each entry once.
    dcf_validator()  # checked against the meta-schema once, before the patch
    monkeypatch.setattr("jsonschema._keywords.uniq", lambda container: pytest.fail(
        "the quadratic uniqueItems check ran"))
    document = example(FIRST)
    witness = document["case"]["witnesses"][0]
    document["case"]["witnesses"] = [
        {**witness, "witness": {**witness["witness"], "nature_of_involvement": f"Saw {n}"}}
        for n in range(2_000)]
    assert dcf_problems(document) == []

    document["case"]["witnesses"].append(dict(reversed(document["case"]["witnesses"][7].items())))

    problem = only(dcf_problems(document))
    assert (problem.path, problem.rule) == ("case.witnesses", "uniqueItems")
    assert problem.message == ("The case: the list of witnesses has the same entry more than "
                               "once.")


@pytest.mark.parametrize(("first", "second", "unique"), [
    (1, 1.0, False), (True, 1, True), (False, 0, True), ({"a": [1]}, {"a": [1.0]}, False),
    ({"a": 1, "b": 2}, {"b": 2, "a": 1}, False), ("1", 1, True), (None, None, False),
    ([1, 2], [2, 1], True),
])
def test_repeats_are_judged_as_json_schema_judges_them(first, second, unique):
    assert DcfValidator({"uniqueItems": True}).is_valid([first, second]) == unique
    assert Draft4Validator({"uniqueItems": True}).is_valid([first, second]) == unique


# --- The rules across the file, in words ---------------------------------------------------

OWN = Path(__file__).resolve().parents[2] / "athena" / "data" / "dcf" / "own-examples"


def own(name):
    return json.loads((OWN / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [
    "more/first-hearing-scenario-4-assault-dv-ngap.json",
    "more/first-hearing-scenario-7-multiple-defendants-offences-mixed-pleas.json",
])
def test_the_cps_domestic_abuse_and_multiple_defendant_scenarios_are_accepted(name):
    assert dcf_problems(example(name)) == []


@pytest.mark.parametrize(("name", "message"), [
    ("more/first-hearing-example-6-invalid-mme-reference.json",
     "Defendant 1, response to multimedia evidence 1: it responds to the recording '2', which "
     "is not among the case's multimedia evidence (it has '1'). Correct the id, or add the "
     "recording."),
    ("more/first-hearing-example-7-invalid-inclusion-of-mmenotrecorded.json",
     "Defendant 1, response to multimedia evidence 1: this response says there is no "
     "multimedia evidence, but the case has some; give the defendant's response to each "
     "recording instead."),
])
def test_a_published_invalid_file_of_a_new_kind_is_refused_in_words(name, message):
    problem = only(dcf_problems(example(name)))

    assert problem.message == message


@pytest.mark.parametrize(("name", "message"), [
    ("reference-victim-name-unknown.json",
     "Defendant 1, assault offence 1: the victim 'Vera Shuttlewood' is not a victim among "
     "the case's witnesses. Add them as a victim, or correct the name."),
    ("reference-injury-by-unknown-defendant.json",
     "Witness 1, injury 1: 'Kelly BROWN' is named as a defendant but is not one of the "
     "case's defendants. Correct the name."),
    ("reference-defendant-id-twice.json",
     "Defendant 2: the defendant reference 'D1' is given to another entry too; each must "
     "have its own, so that what points at it is clear."),
    ("dependant-children-ages-missing.json",
     "Defendant 1, assault offence 1, offence details: the ages of the children is missing; "
     "the DCF business rules require it when the case markers includes 'DomesticViolence' "
     "and the answer to whether children were present is yes."),
])
def test_our_own_invalid_files_are_refused_in_words(name, message):
    problem = only(dcf_problems(own(name)))

    assert problem.message == message


def test_a_duplicate_id_points_to_where_it_is_put_right():
    problems = dcf_problems(own("reference-property-id-twice.json"))

    assert [(p.path, p.section_kind, p.field) for p in problems] == [
        ("case.defendants[0].offences[0].retail_theft_offences[0].property_ids[1]",
         SectionKind.CPS_DETAILS, "property"),
        ("case.property[1].property_id", SectionKind.CPS_DETAILS, "property")]
