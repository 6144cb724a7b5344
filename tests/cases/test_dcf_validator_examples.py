"""Every example DCF file, published or our own, judged as expected: valid, or refused
with exactly the problems (path and rule) it was made to show, each in words.

The published files are the CPS's (athena/data/dcf/examples and examples/more, from
paulspinks2/DCFValidatorWeb); ours are in athena/data/dcf/own-examples, each a published
valid file with one change (its README says which). Adding a file without an entry here
fails ``test_every_example_file_has_an_expected_verdict``.
"""

from pathlib import Path

import pytest

from cases.dcf.problems import problem_groups
from cases.dcf.validate import dcf_problems_of_bytes

DCF = Path(__file__).resolve().parents[2] / "athena" / "data" / "dcf"
VALID = []
D0 = "case.defendants[0]"

PUBLISHED = {
    # examples/, shipped first
    "examples/breach-of-bail-example-1-simple-bob-with-remand.json": VALID,
    "examples/first-hearing-example-1-valid-single-defendant.json": VALID,
    "examples/first-hearing-example-9-valid-two-defendants.json": VALID,
    "examples/first-hearing-scenario-1-s5-public-order.json": VALID,
    "examples/first-hearing-scenario-2-retail-theft-gap.json": VALID,
    "examples/first-hearing-example-12-invalid-ilegal-field.json": [
        ("case.i_should_not_be_here", "additionalProperties")],
    "examples/first-hearing-example-3-invalid-missing-fields.json": [
        (f"{D0}.class_a_drug_test_details", "dcf.class_a_drug_test_details"),
        (f"{D0}.accepts_drugs_result", "dcf.accepts_drugs_result")],
    "examples/first-hearing-example-5-invalid-ngap-violation-when-gap.json": [
        ("case.witnesses[0].witness.special_measures", "dcf.ngap_only.special_measures")],
    # examples/more/, the rest of the repository's 1.2.2 files
    "examples/more/breach-of-bail-scenario-8-breach-of-bail-1.json": VALID,
    "examples/more/breach-of-bail-scenario-8-breach-of-bail-2.json": VALID,
    "examples/more/breach-of-bail-scenario-8-breach-of-bail-3.json": VALID,
    "examples/more/breach-of-bail-scenario-8-breach-of-bail-4.json": VALID,
    "examples/more/breach-of-bail-scenario-8-breach-of-bail-5.json": VALID,
    "examples/more/first-hearing-example-8-valid-contains-no-mme.json": VALID,
    "examples/more/first-hearing-example-14-welsh-characters-example-utf8.json": VALID,
    "examples/more/first-hearing-example-15-welsh-characters-example-escaped.json": VALID,
    "examples/more/first-hearing-example-17-valid-single-defendant-no-property-value.json": VALID,
    "examples/more/first-hearing-scenario-3-retail-theft-ngap.json": VALID,
    # The domestic-abuse scenario: no safeguarding_assessment (no place for it in the
    # schema) and no ages_of_children (no children present), as the CPS published it.
    "examples/more/first-hearing-scenario-4-assault-dv-ngap.json": VALID,
    "examples/more/first-hearing-scenario-5-dangerous-driving-pcr-summons.json": VALID,
    "examples/more/first-hearing-scenario-6-s5-public-order-multiple-defendants-v1.json": VALID,
    "examples/more/first-hearing-scenario-6-s5-public-order-multiple-defendants-v2.json": VALID,
    # Two defendants, one a youth of 16 beside an adult; the second not shown the CCTV,
    # with no how_is_identification_established.
    "examples/more/first-hearing-scenario-7-multiple-defendants-offences-mixed-pleas.json":
        VALID,
    # Published as a scenario, but it keeps the case's is_hearsay, which 1.2.2 took out of
    # the schema (the repository's commit 6091098): the schema refuses it.
    "examples/more/breach-of-bail-scenario-8-first-hearing-1.json": [
        ("case.is_hearsay", "additionalProperties")],
    "examples/more/first-hearing-example-2-invalid-case-markers-enumeration.json": [
        ("case.case_markers[0]", "enum"),
        (f"{D0}.offences[0].retail_theft_offences[0].offence.demeanour_at_incident",
         "dcf.only_when.demeanour_at_incident")],
    "examples/more/first-hearing-example-4-invalid-additional-fields-dependant.json": [
        (f"{D0}.eec_check_submitted", "dcf.only_when.eec_check_submitted")],
    "examples/more/first-hearing-example-6-invalid-mme-reference.json": [
        (f"{D0}.multimedia_evidence_response[0].id", "dcf.reference.multimedia_evidence")],
    "examples/more/first-hearing-example-7-invalid-inclusion-of-mmenotrecorded.json": [
        (f"{D0}.multimedia_evidence_response[0]", "dcf.mme_response.not_recorded")],
    "examples/more/first-hearing-example-10-invalid-single-defendant-youth.json": [
        (f"{D0}.date_of_birth", "dcf.youth.no_adult")],
    "examples/more/first-hearing-example-11-invalid-missing-schema-mandated-field.json": [
        ("case.brief_description_of_case", "required")],
    "examples/more/first-hearing-example-13-invalid-property-reference.json": [
        (f"{D0}.offences[0].retail_theft_offences[0].property_ids[0]",
         "dcf.reference.property")],
    "examples/more/first-hearing-example-16-invalid-indictable-crown-file-build.json": [
        ("case.likely_case_progression", "enum")],
}

OWN = {
    # references
    "reference-property-generic-offence-valid.json": VALID,
    "reference-property-generic-offence-unknown.json": [
        ("case.defendants[0].offences[0].generic_offences[1].property_ids[0]",
         "dcf.reference.property"),
    ],
    "reference-property-id-twice.json": [
        ("case.property[1].property_id", "dcf.duplicate_id.property"),
        ("case.defendants[0].offences[0].retail_theft_offences[0].property_ids[1]",
         "dcf.reference.property"),
    ],
    "reference-recording-renumbered-valid.json": VALID,
    "reference-recording-renumbered-on-one-side.json": [
        ("case.defendants[0].multimedia_evidence_response[0].id",
         "dcf.reference.multimedia_evidence"),
    ],
    "reference-recording-id-twice.json": [
        ("case.multimedia_evidence[1].id", "dcf.duplicate_id.multimedia_evidence"),
        ("case.defendants[0].multimedia_evidence_response[1].id",
         "dcf.reference.multimedia_evidence"),
    ],
    "reference-defendant-ids-valid.json": VALID,
    "reference-defendant-id-twice.json": [
        ("case.defendants[1].defendant_id", "dcf.duplicate_id.defendant_id"),
    ],
    "reference-victim-name-case-and-spacing-valid.json": VALID,
    "reference-victim-name-unknown.json": [
        ("case.defendants[0].offences[0].assault_offences[0].victim_name", "dcf.reference.victim"),
    ],
    "reference-domestic-violence-victim-unknown.json": [
        ("case.defendants[0].domestic_violence[0].victim_name", "dcf.reference.victim"),
    ],
    "reference-generic-offence-victim-valid.json": VALID,
    "reference-generic-offence-victim-unknown.json": [
        ("case.defendants[0].offences[0].generic_offences[1].victim_names[0]",
         "dcf.reference.victim"),
    ],
    "reference-injury-by-other-defendant-valid.json": VALID,
    "reference-injury-by-unknown-defendant.json": [
        ("case.witnesses[0].injuries[0].names_of_defendants_causing_injuries[0]",
         "dcf.reference.defendant"),
    ],
    "reference-compensation-against-unknown-defendant.json": [
        ("case.witnesses[0].victim.compensation_applications[0].defendant_names[0]",
         "dcf.reference.defendant"),
    ],
    # recording responses
    "recording-response-not-recorded-without-evidence-valid.json": VALID,
    "recording-response-not-recorded-with-evidence.json": [
        ("case.defendants[0].multimedia_evidence_response[0]", "dcf.mme_response.not_recorded"),
    ],
    "recording-response-recorded-without-evidence.json": [
        ("case.defendants[0].multimedia_evidence_response[0]", "dcf.mme_response.recorded"),
    ],
    # dependants
    "dependant-eec-check-without-passports-valid.json": VALID,
    "dependant-drug-test-details-negative-valid.json": VALID,
    "dependant-drug-test-details-not-requested.json": [
        ("case.defendants[0].class_a_drug_test_details", "dcf.only_when.class_a_drug_test_details"),
        ("case.defendants[0].accepts_drugs_result", "dcf.only_when.accepts_drugs_result"),
    ],
    "dependant-pnc-convictions-without-check.json": [
        ("case.defendants[0].pnc_convictions", "dcf.only_when.pnc_convictions"),
    ],
    "dependant-signed-for-bail-no-valid.json": VALID,
    "dependant-signed-for-bail-in-custody.json": [
        ("case.defendants[0].signed_for_bail", "dcf.only_when.signed_for_bail"),
    ],
    "dependant-bail-conditions-in-custody.json": [
        ("case.defendants[0].bail_conditions", "dcf.only_when.bail_conditions"),
    ],
    "dependant-date-sent-on-charge.json": [
        ("case.defendants[0].date_sent", "dcf.only_when.date_sent"),
    ],
    "dependant-arrest-on-requisition.json": [
        ("case.defendants[0].arrest", "dcf.only_when.arrest"),
    ],
    "dependant-signed-charge-sheet-on-requisition.json": [
        ("case.defendants[0].signed_charge_sheet", "dcf.only_when.signed_charge_sheet"),
    ],
    "dependant-breach-order-title-without-breach.json": [
        ("case.defendants[0].breach_order_title", "dcf.only_when.breach_order_title"),
    ],
    "dependant-bad-character-details-without-notice.json": [
        ("case.defendants[0].bad_character_details", "dcf.only_when.bad_character_details"),
    ],
    "dependant-questions-asked-not-no-comment.json": [
        ("case.defendants[0].interview.questions_asked", "dcf.only_when.questions_asked"),
    ],
    "dependant-solicitor-not-represented.json": [
        ("case.defendants[0].interview.legally_represented_by",
         "dcf.only_when.legally_represented_by"),
        ("case.defendants[0].interview.legal_representative_firm",
         "dcf.only_when.legal_representative_firm"),
    ],
    "dependant-damage-on-stolen-not-recovered.json": [
        ("case.property[0].damage_description", "dcf.only_when.damage_description"),
    ],
    "dependant-reasons-not-shown-when-shown.json": [
        ("case.defendants[0].multimedia_evidence_response[0].reasons_if_not_shown",
         "dcf.only_when.reasons_if_not_shown"),
    ],
    "dependant-admits-in-recording-not-believed-in-it.json": [
        ("case.defendants[0].multimedia_evidence_response[0].defendant_admits_being_in_mme",
         "dcf.only_when.defendant_admits_being_in_mme"),
    ],
    "dependant-identification-when-not-shown-valid.json": VALID,
    "dependant-identification-when-shown-and-admitted.json": [
        ("case.defendants[0].multimedia_evidence_response[0].how_is_identification_established",
         "dcf.only_when.how_is_identification_established"),
    ],
    "dependant-identification-missing-when-not-admitted.json": [
        ("case.defendants[0].multimedia_evidence_response[0].how_is_identification_established",
         "dcf.how_is_identification_established_2"),
    ],
    "dependant-image-description-no-images.json": [
        ("case.witnesses[0].injuries[0].image_description", "dcf.only_when.image_description"),
    ],
    "dependant-victim-wish-without-statement.json": [
        ("case.witnesses[0].victim.victim_wish_to_attend_court",
         "dcf.only_when.victim_wish_to_attend_court"),
    ],
    "dependant-expenses-details-without-expenses.json": [
        ("case.witnesses[0].victim.compensation_applications[0].details_of_expenses",
         "dcf.only_when.details_of_expenses"),
    ],
    "dependant-reason-instead-of-date-of-birth-valid.json": VALID,
    "dependant-reason-and-date-of-birth.json": [
        ("case.witnesses[1].reason_dob_not_provided", "dcf.only_when.reason_dob_not_provided"),
    ],
    "dependant-domestic-abuse-marker-taken-out.json": [
        ("case.defendants[0].offences[0].assault_offences[0].offence.demeanour_at_incident",
         "dcf.only_when.demeanour_at_incident"),
        ("case.defendants[0].offences[0].assault_offences[0].offence.children_present",
         "dcf.only_when.children_present"),
        ("case.defendants[0].domestic_violence", "dcf.only_when.domestic_violence"),
        ("case.witnesses[3].victim.is_retraction_statement",
         "dcf.only_when.is_retraction_statement"),
    ],
    "dependant-children-ages-given-valid.json": VALID,
    "dependant-children-ages-missing.json": [
        ("case.defendants[0].offences[0].assault_offences[0].offence.ages_of_children",
         "dcf.ages_of_children"),
    ],
    "dependant-children-ages-without-children.json": [
        ("case.defendants[0].offences[0].assault_offences[0].offence.ages_of_children",
         "dcf.only_when.ages_of_children"),
    ],
    "dependant-children-ages-empty-without-children-valid.json": VALID,
    "dependant-retraction-without-domestic-abuse.json": [
        ("case.witnesses[0].victim.is_retraction_statement",
         "dcf.only_when.is_retraction_statement"),
    ],
    # youths
    "youth-turns-18-on-the-files-date-valid.json": VALID,
    "youth-17-alone.json": [
        ("case.defendants[0].date_of_birth", "dcf.youth.no_adult"),
    ],
    "youth-with-an-adult-valid.json": VALID,
    "youth-two-youths-no-adult.json": [
        ("case.defendants[0].date_of_birth", "dcf.youth.no_adult"),
        ("case.defendants[1].date_of_birth", "dcf.youth.no_adult"),
    ],
    "youth-ground-for-a-youth-valid.json": VALID,
    "youth-ground-for-an-adult.json": [
        ("case.defendants[1].remand_application.bail_conditions[0].grounds[0]",
         "dcf.youth.ground_for_youths"),
    ],
}
EXPECTED = {**PUBLISHED, **{f"own-examples/{name}": problems for name, problems in OWN.items()}}


def problems_of(name):
    _document, problems = dcf_problems_of_bytes((DCF / name).read_bytes())
    return problems


def test_every_example_file_has_an_expected_verdict():
    files = {str(path.relative_to(DCF)) for folder in ("examples", "own-examples")
             for path in (DCF / folder).rglob("*.json")}

    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", EXPECTED)
def test_each_example_gets_its_expected_verdict_and_problems(name):
    problems = problems_of(name)

    assert sorted((p.path, p.rule) for p in problems) == sorted(EXPECTED[name])


@pytest.mark.parametrize("name", [name for name, expected in EXPECTED.items() if expected])
def test_each_problem_is_said_in_words_not_as_a_path(name):
    for problem in problems_of(name):
        assert problem.message[0].isupper() and problem.message.endswith(".")
        assert problem.path not in problem.message
        assert "dcf." not in problem.message and "case." not in problem.message


def test_each_own_example_is_described_in_its_readme():
    readme = (DCF / "own-examples" / "README.md").read_text(encoding="utf-8")

    assert all(f"`{name}`" in readme for name in OWN)


def test_each_published_example_names_its_source_in_the_readme():
    readme = (DCF / "examples" / "README.md").read_text(encoding="utf-8")

    assert all(f"`{name.removeprefix('examples/')}`" in readme for name in PUBLISHED)


def test_the_new_problems_are_grouped_by_where_they_are_put_right():
    names = ("examples/more/first-hearing-example-13-invalid-property-reference.json",
             "own-examples/youth-17-alone.json",
             "own-examples/dependant-signed-for-bail-in-custody.json",
             "own-examples/reference-injury-by-unknown-defendant.json")
    problems = [problem for name in names for problem in problems_of(name)]

    groups = problem_groups(problems)

    assert all(problem.section_kind or problem.page for problem in problems)
    placed = {id(entry["problem"]): group["title"] for group in groups
              for entry in group["entries"]}
    assert len(placed) == len(problems) and "The file" not in placed.values()
    by_place = {}
    for problem in problems:
        by_place.setdefault((problem.section_kind, problem.page), set()).add(
            placed[id(problem)])
    assert all(len(titles) == 1 for titles in by_place.values())
