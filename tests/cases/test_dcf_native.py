"""A file built in Athena, as an officer builds it, exports as a Digital Case File with no
problems; each answer the DCF needs is asked where an officer expects it (the statement,
the defendant's page, the offence's page, the case details) or derived from what the file
holds, for a first-hearing file only; a missing one is a problem of the file there, by
the same rules the task list and the worker's check read."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.offences.models import OffenceCategory
from cases import services
from cases.constants import BailStatus, CaseBegins, Plea, Requirement, Stage, Venue
from cases.dcf.export import dcf_export
from cases.dcf.validate import dcf_problems
from cases.models import ParticipantRole
from cases.parties import services as parties
from cases.rules import evaluate, part_requirements
from cases.sections import PartKind, SectionKind
from cases.selectors import case_facts, case_get
from cases.validation import file_problems, problem_url
from tests.cases.factories import DEFENDANT_ANSWERS, WITNESS_STATEMENT, complete_case_file
from tests.cases.filling import fill_file
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

CASE_DETAILS = {
    "property": "2 bottles of gin, £40",
    "property_outcome": "stolen_recovered",
    "property_recovered_from": "The suspect, outside the store",
    "test_code": "full_code_test",
    "pca_cps": "no",
    "expert_evidence": "no",
}
ANSWERS = {
    SectionKind.CASE_SUMMARY: {
        "summary": "The suspect took two bottles of gin and left without paying.",
        "interview_type": "full_account", "interview_summary": "He admitted it.",
        "interview_date": "2026-11-19", "legally_represented": "no",
        "special_warnings_given": "no",
    },
    SectionKind.EVIDENCE_FOR_PROSECUTOR: {"charge_rationale": "Admitted; CCTV shows it."},
    SectionKind.CHARGES: {
        "charge_date": "2026-11-20", "reply_to_charge": "No reply",
        "first_hearing_date": "2026-12-04", "first_hearing_time": "10:00",
        "court": "Magistrates' Courts, Essex, Chelmsford, A",
    },
    SectionKind.PREVIOUS_CONVICTIONS: {"pnc_check_performed": "yes", "pnc_convictions": "None"},
    SectionKind.CPS_DETAILS: CASE_DETAILS,
}


def _save(officer, case, kind, data):
    section = case.sections.filter(kind=kind).first()
    services.section_save(acting_user=officer, case=case, kind=kind, data=dict(data),
                          expected_version=section.version if section else 0)


def _defendant(officer, case, **answers):
    suspect = case.suspects.get()
    parties.defendant_answers_save(acting_user=officer, case=case, suspect=suspect,
                                   answers=answers, expected_version=suspect.version)


@pytest.fixture
def shoplift_file(officer, shoplift_case):
    """The shoplift case (one suspect, TH68010, guilty plea, bail), completed through the
    services as an officer would."""
    case = services.case_update_details(
        acting_user=officer, case=shoplift_case, expected_version=shoplift_case.version,
        likely_venue=Venue.MAGISTRATES,
        arrested_at=timezone.make_aware(datetime(2026, 11, 19, 14, 5)))  # noqa: DTZ001
    charged = case.suspects.get().offences.get()
    parties.charged_offence_update(
        acting_user=officer, case=case, charged=charged, offence_date=timezone.localdate(),
        wording="at Tesco, High Street, Chelmsford stole 2 bottles of gin to the value of "
                "£40 belonging to Tesco Stores Ltd",
        points_to_prove="Appropriated: CCTV SC/1. Dishonesty and intent: admitted.",
        committed_on_bail=False)
    _defendant(officer, case, **{name: value for name, value in DEFENDANT_ANSWERS.items()
                                 if not name.startswith("arrest")})
    for kind, data in ANSWERS.items():
        _save(officer, case, kind, data)
    # The statement brings its witness onto the file.
    services.section_item_save(acting_user=officer, case=case,
                               kind=SectionKind.WITNESS_STATEMENTS, data=dict(WITNESS_STATEMENT))
    return case_get(pk=case.pk)


def _fresh(case):
    return case_get(pk=case.pk)


def _file_problems(case):
    case = _fresh(case)
    facts = case_facts(case)
    return file_problems(case, facts, evaluate(facts))


def _places(case):
    """Where the file's problems are put right: (kind, field)."""
    return {(kind, p.field) for kind, found in _file_problems(case).items() for p in found}


def _dcf(case):
    return dcf_problems(dcf_export(_fresh(case)))


def _statement(case):
    return case.sections.get(kind=SectionKind.WITNESS_STATEMENTS).items.get()


def test_a_complete_native_file_is_ready_and_exports_with_no_problems(shoplift_file):
    assert _file_problems(shoplift_file) == {}
    assert _dcf(shoplift_file) == []


def test_a_complete_case_file_is_ready_and_exports_with_no_problems():
    case = complete_case_file(likely_venue=Venue.MAGISTRATES)
    assert _file_problems(case) == {}
    assert _dcf(case) == []


def test_the_arrest_comes_from_the_file_and_the_statement_adds_its_witness(shoplift_file):
    defendant = dcf_export(shoplift_file)["case"]["defendants"][0]

    # 14:05 in November is 14:05 UTC.
    assert defendant["arrest"] == {"type": "Arrest", "date_time": "2026-11-19T14:05Z"}
    assert [(p.role, p.name) for p in shoplift_file.participants.all()] == [
        (ParticipantRole.WITNESS, "Alex Turner")]


def test_a_witness_is_described_by_their_statement(shoplift_file):
    witness = dcf_export(shoplift_file)["case"]["witnesses"][0]

    assert witness["type"] == "StatementWitness"
    assert witness["witness_type"] == ["eye"]
    assert witness["visually_recorded_interview"] is False
    # What they can give evidence of is their statement, word for word: nothing invented.
    assert witness["witness"] == {
        "nature_of_involvement": "Store detective who stopped the suspect",
        "evidence_they_can_give": WITNESS_STATEMENT["statement"]}


@pytest.mark.parametrize("name", ["witness_type", "involvement", "visually_recorded_interview"])
def test_a_missing_witness_answer_is_a_problem_at_the_statement_field(officer, shoplift_file,
                                                                      name):
    item = _statement(shoplift_file)
    services.section_item_save(acting_user=officer, case=shoplift_file,
                               kind=SectionKind.WITNESS_STATEMENTS, item=item,
                               data={**WITNESS_STATEMENT, name: ""},
                               expected_version=item.version)

    assert _places(shoplift_file) == {(SectionKind.WITNESS_STATEMENTS, name)}
    assert {(p.section_kind, p.field) for p in _dcf(shoplift_file)} == {
        (SectionKind.WITNESS_STATEMENTS, name)}


def test_a_witness_without_a_statement_is_asked_for_it_with_their_name_ready(
    officer, officer_client, shoplift_file
):
    sam = parties.participant_add(acting_user=officer, case=shoplift_file,
                                  role=ParticipantRole.WITNESS, name="Sam Reed")

    [problem] = _file_problems(shoplift_file)[SectionKind.WITNESS_STATEMENTS]
    url = problem_url(shoplift_file, SectionKind.WITNESS_STATEMENTS, problem)
    page = officer_client.get(url).content.decode()

    assert problem.message.startswith("Add the statement of Sam Reed (witness).")
    assert 'value="Sam Reed"' in page
    assert sam.pk == problem.item


def test_a_statement_is_matched_to_its_witness_by_name(officer, shoplift_file):
    item = _statement(shoplift_file)
    services.section_item_save(acting_user=officer, case=shoplift_file,
                               kind=SectionKind.WITNESS_STATEMENTS, item=item,
                               data={**WITNESS_STATEMENT, "witness_name": "  alex   TURNER "},
                               expected_version=item.version)

    assert _file_problems(shoplift_file) == {}
    assert _dcf(shoplift_file) == []


def test_a_guilty_plea_file_needs_the_statement_of_its_witness(shoplift_case):
    requirements = evaluate(case_facts(shoplift_case))

    assert requirements.section_level(SectionKind.WITNESS_STATEMENTS) == Requirement.REQUIRED
    assert requirements.presence["victim_or_witness"].level == Requirement.REQUIRED


@pytest.mark.parametrize("name", ["witness_type", "involvement", "visually_recorded_interview"])
def test_the_witness_answers_are_required_for_a_first_hearing_file(name):
    requirements = evaluate(case_facts(complete_case_file()))
    rule = requirements.fields[(SectionKind.WITNESS_STATEMENTS, name)]

    assert rule.level == Requirement.REQUIRED
    assert any(reason.startswith("Required because the CPS Digital Case File needs")
               for reason in rule.reasons)


@pytest.mark.parametrize("stage", [Stage.PRE_CHARGE, Stage.TRIAL])
def test_the_witness_answers_are_not_asked_at_other_stages(stage):
    requirements = evaluate(case_facts(complete_case_file(stage=stage)))
    required = requirements.required_fields(SectionKind.WITNESS_STATEMENTS)

    assert requirements.section_level(SectionKind.WITNESS_STATEMENTS) == Requirement.REQUIRED
    assert {"witness_name", "statement"} <= set(required)
    assert not {"witness_type", "involvement", "visually_recorded_interview"} & set(required)


def test_derived_fields_come_from_what_the_file_holds(shoplift_file):
    document = dcf_export(shoplift_file)
    case = document["case"]
    defendant = case["defendants"][0]
    theft = defendant["offences"][0]["retail_theft_offences"][0]
    officer = shoplift_file.officer_in_case

    assert case["property"] == [{
        "property_id": 1, "property_action": "stolen_recovered",
        "description": "2 bottles of gin, £40",
        "recovered_from": "The suspect, outside the store"}]
    assert theft["property_ids"] == [1]
    assert defendant["first_hearing_location"] == {
        "ou_top_level_name": "Magistrates' Courts", "ou_second_level_name": "Essex",
        "ou_third_level_name": "Chelmsford", "ou_bottom_level_name": "A"}
    assert defendant["first_hearing_datetime"] == "2026-12-04T10:00Z"
    assert theft["offence"]["committed_on_bail"] is False
    # From the offence: the dates, and the wording with the statute.
    day = timezone.localdate()
    assert theft["offence"]["from_date"] == theft["offence"]["to_date"] == day.isoformat()
    assert theft["offence"]["charge_wording"] == (
        f"On {day:%d/%m/%Y} at Tesco, High Street, Chelmsford stole 2 bottles of gin to the "
        "value of £40 belonging to Tesco Stores Ltd. Contrary to sections 1 and 7 of the "
        "Theft Act 1968.")
    # From the plea and the mode of trial, and the officer who signs the file.
    assert case["likely_case_progression"] == (
        "either_way_and_likely_to_remain_in_the_magistrates_court")
    assert case["signatory_name"] == case["officer_in_the_case"] == {
        "type": "OfficerName", "surname": officer.last_name,
        "given_name": officer.first_name.split(), "rank": officer.rank,
        "collar_number": officer.collar_number}
    assert case["date"] == timezone.localdate().isoformat()


@pytest.mark.parametrize("name", [
    "occupation", "foreign_national_offender", "has_eec_passports", "interpreter_required",
    "dealt_with_in_welsh", "breach_of_order", "cc_not_suitable_reason",
    "court_order_application", "given_charges", "signed_charge_sheet", "signed_for_bail",
])
def test_a_missing_defendant_answer_is_a_problem_on_the_defendants_page(officer, shoplift_file,
                                                                        name):
    _defendant(officer, shoplift_file, **{name: ""})

    [problem] = _file_problems(shoplift_file)[PartKind.DEFENDANT]

    assert problem.field == name
    assert problem_url(shoplift_file, PartKind.DEFENDANT, problem) == reverse(
        "cases:defendant", args=[shoplift_file.pk, shoplift_file.suspects.get().pk]
    ) + f"#field-{name}"
    assert _dcf(shoplift_file)  # and the DCF would refuse the file without it


@pytest.mark.parametrize("name", ["property", "property_outcome", "test_code", "pca_cps",
                                  "expert_evidence"])
def test_a_missing_case_detail_is_a_problem_at_its_field(officer, shoplift_file, name):
    _save(officer, shoplift_file, SectionKind.CPS_DETAILS, {**CASE_DETAILS, name: ""})

    assert _places(shoplift_file) == {(SectionKind.CPS_DETAILS, name)}
    assert _dcf(shoplift_file)


@pytest.mark.parametrize("name", ["interview_date", "legally_represented",
                                  "special_warnings_given"])
def test_a_missing_interview_detail_is_a_problem_at_its_field(officer, shoplift_file, name):
    _save(officer, shoplift_file, SectionKind.CASE_SUMMARY,
          {**ANSWERS[SectionKind.CASE_SUMMARY], name: ""})

    assert _places(shoplift_file) == {(SectionKind.CASE_SUMMARY, name)}
    assert {(p.section_kind, p.field) for p in _dcf(shoplift_file)} == {
        (SectionKind.CASE_SUMMARY, name)}


def test_a_solicitor_in_interview_is_named(officer, shoplift_file):
    summary = {**ANSWERS[SectionKind.CASE_SUMMARY], "legally_represented": "yes"}
    _save(officer, shoplift_file, SectionKind.CASE_SUMMARY, summary)
    assert _places(shoplift_file) == {(SectionKind.CASE_SUMMARY, "solicitor_name"),
                                      (SectionKind.CASE_SUMMARY, "solicitor_firm")}

    _save(officer, shoplift_file, SectionKind.CASE_SUMMARY,
          {**summary, "solicitor_name": "Priya Shah", "solicitor_firm": "Shah & Co"})
    interview = dcf_export(_fresh(shoplift_file))["case"]["defendants"][0]["interview"]

    assert _dcf(shoplift_file) == []
    assert interview["legally_represented_by"] == {
        "type": "PersonName", "surname": "Shah", "given_name": ["Priya"]}


def test_a_solicitor_typed_by_one_name_is_refused_where_it_is_typed(officer_client,
                                                                   shoplift_file):
    url = reverse("cases:section", args=[shoplift_file.pk, SectionKind.CASE_SUMMARY])
    response = officer_client.post(url, {**ANSWERS[SectionKind.CASE_SUMMARY],
                                         "legally_represented": "yes", "solicitor_name": "Shah",
                                         "version": "1"})

    assert "Enter the first name and surname" in response.content.decode()


def test_a_suspect_not_interviewed_says_why(officer, shoplift_file):
    _save(officer, shoplift_file, SectionKind.CASE_SUMMARY,
          {"summary": "Taken and stopped.", "interview_type": "not_interviewed"})
    assert _places(shoplift_file) == {(SectionKind.CASE_SUMMARY, "not_interviewed_reason")}

    _save(officer, shoplift_file, SectionKind.CASE_SUMMARY,
          {"summary": "Taken and stopped.", "interview_type": "not_interviewed",
           "not_interviewed_reason": "Admitted it on arrest; CCTV"})
    interview = dcf_export(_fresh(shoplift_file))["case"]["defendants"][0]["interview"]
    assert interview == {"type": "NotInterviewed", "reason": "Admitted it on arrest; CCTV"}
    assert _dcf(shoplift_file) == []


@pytest.mark.parametrize(("name", "value"), [("points_to_prove", ""),
                                             ("committed_on_bail", None),
                                             ("offence_date", None),
                                             ("wording", ""),
                                             ("anticipated_plea", Plea.NOT_KNOWN)])
def test_a_missing_offence_answer_is_a_problem_on_the_offences_page(officer, shoplift_file,
                                                                    name, value):
    charged = shoplift_file.suspects.get().offences.get()
    parties.charged_offence_update(acting_user=officer, case=shoplift_file, charged=charged,
                                   **{name: value})

    [problem] = _file_problems(shoplift_file)[PartKind.OFFENCE]

    assert problem.field == name
    assert problem_url(shoplift_file, PartKind.OFFENCE, problem) == reverse(
        "cases:offence_change", args=[shoplift_file.pk, charged.pk]) + f"#field-{name}"
    assert _dcf(shoplift_file)


def test_a_yes_asks_for_its_details(officer, shoplift_file):
    _defendant(officer, shoplift_file, has_eec_passports="yes", interpreter_required="yes",
               breach_of_order="yes")

    assert {p.field for p in _file_problems(shoplift_file)[PartKind.DEFENDANT]} == {
        "eec_check_submitted", "interpreter_language", "breach_order_title",
        "breach_order_date_issued", "breach_order_lapse_date", "breach_order_court_unit"}


def test_a_yes_with_its_details_exports_with_no_problems(officer, shoplift_file):
    _defendant(officer, shoplift_file,
               has_eec_passports="yes", eec_check_submitted="yes",
               interpreter_required="yes", interpreter_language="Polish",
               breach_of_order="yes", breach_order_title="criminal_behaviour_order",
               breach_order_date_issued="2026-01-10", breach_order_lapse_date="2028-01-10",
               breach_order_court_unit="Magistrates' Courts, Essex, Colchester, A")

    assert _file_problems(shoplift_file) == {}
    defendant = dcf_export(_fresh(shoplift_file))["case"]["defendants"][0]
    assert defendant["interpreter_language_or_dialect"] == "Polish"
    assert defendant["breach_order_court_issued"]["ou_third_level_name"] == "Colchester"
    assert _dcf(shoplift_file) == []


def test_a_court_is_chosen_from_the_forces_courts_or_typed_as_its_unit(officer_client,
                                                                      shoplift_file):
    url = reverse("cases:section", args=[shoplift_file.pk, SectionKind.CHARGES])
    page = officer_client.get(url).content.decode()
    assert "Chelmsford Magistrates&#x27; Court" in page  # one of Essex's courts
    assert "Colchester Magistrates&#x27; Court" in page
    version = shoplift_file.sections.get(kind=SectionKind.CHARGES).version
    answers = {**ANSWERS[SectionKind.CHARGES], "version": str(version)}

    bad = officer_client.post(url, {**answers, "court": "Chelmsford Crown"})
    assert "four parts separated by commas" in bad.content.decode()
    assert 'value="Chelmsford Crown"' in bad.content.decode()  # what was typed is kept

    officer_client.post(url, {**answers, "version": str(version + 1),
                              "court": "Maidstone Magistrates' Court"})
    saved = shoplift_file.sections.get(kind=SectionKind.CHARGES).data["court"]
    assert saved == "Magistrates' Courts, Kent, Maidstone, A"  # a listed court, by name


def test_a_court_saved_not_as_a_unit_is_a_problem_at_its_field(officer, shoplift_file):
    _save(officer, shoplift_file, SectionKind.CHARGES,
          {**ANSWERS[SectionKind.CHARGES], "court": "Chelmsford Magistrates' Court"})

    assert {(p.section_kind, p.field) for p in _dcf(shoplift_file)} == {
        (SectionKind.CHARGES, "court")}


def test_the_case_details_are_required_for_a_first_hearing_file(shoplift_case):
    requirements = evaluate(case_facts(shoplift_case))

    assert requirements.section_level(SectionKind.CPS_DETAILS) == Requirement.REQUIRED
    assert all("CPS Digital Case File" in reason for reason in
               requirements.fields[(SectionKind.CPS_DETAILS, "test_code")].reasons)


@pytest.mark.parametrize("stage", [Stage.PRE_CHARGE, Stage.TRIAL])
def test_the_dcf_answers_are_not_asked_at_other_stages(shoplift_case, stage):
    shoplift_case.stage = stage
    shoplift_case.save(update_fields=["stage"])
    facts = case_facts(shoplift_case)
    requirements = evaluate(facts)

    assert requirements.section_level(SectionKind.CPS_DETAILS) == Requirement.NOT_NEEDED
    assert (SectionKind.CASE_SUMMARY, "interview_date") not in {
        (kind, name) for kind, name in requirements.fields
        if requirements.fields[(kind, name)].level == Requirement.REQUIRED}
    assert all(result.level == Requirement.NOT_NEEDED for result in
               part_requirements(facts, PartKind.DEFENDANT, {}).values())


def test_a_requisition_file_asks_no_charge_questions(officer, shop_theft, suspect_person):
    case = services.case_create(acting_user=officer, person=suspect_person,
                                offences=[(shop_theft, Plea.GUILTY)],
                                bail_status=BailStatus.NOT_APPLICABLE,
                                case_begins=CaseBegins.POSTAL_REQUISITION)
    facts = case_facts(case)
    requirements = evaluate(facts)
    defendant = part_requirements(facts, PartKind.DEFENDANT, {})

    assert requirements.section_level(SectionKind.CHARGES) == Requirement.NOT_NEEDED
    assert requirements.section_level(SectionKind.REQUISITION) == Requirement.REQUIRED
    assert set(requirements.required_fields(SectionKind.REQUISITION)) == {
        "requisition_date", "requisition_sent_on", "first_hearing_date", "first_hearing_time",
        "court"}
    assert {name for name, result in defendant.items()
            if result.level == Requirement.REQUIRED}.isdisjoint(
        {"signed_charge_sheet", "signed_for_bail", "arrest_date", "arrest_time"})


def test_signing_for_bail_is_asked_only_of_a_defendant_on_bail(officer, shop_theft,
                                                              suspect_person):
    case = services.case_create(acting_user=officer, person=suspect_person,
                                offences=[(shop_theft, Plea.GUILTY)],
                                bail_status=BailStatus.REMAND)

    defendant = part_requirements(case_facts(case), PartKind.DEFENDANT, {})

    assert defendant["signed_for_bail"].level == Requirement.NOT_NEEDED
    assert defendant["signed_charge_sheet"].level == Requirement.REQUIRED


def test_property_is_asked_only_for_a_theft_from_a_shop(officer, suspect_person):
    other = OffenceFactory(cjs_code="CJ88116", category=OffenceCategory.SUMMARY_NON_MOTORING)
    case = services.case_create(acting_user=officer, person=suspect_person,
                                offences=[(other, Plea.GUILTY)],
                                bail_status=BailStatus.UNCONDITIONAL_BAIL)

    required = evaluate(case_facts(case)).required_fields(SectionKind.CPS_DETAILS)

    assert "property" not in required
    assert "property_outcome" not in required


def test_the_offence_page_asks_the_dcf_answers_for_a_first_hearing_file(officer_client,
                                                                        shoplift_case):
    charged = shoplift_case.suspects.get().offences.get()
    url = reverse("cases:offence_change", args=[shoplift_case.pk, charged.pk])

    page = officer_client.get(url).content.decode()
    response = officer_client.post(url, {
        "anticipated_plea": Plea.GUILTY, "offence_date": "20/11/2026",
        "wording": "at Tesco stole gin", "points_to_prove": "Appropriated: CCTV",
        "committed_on_bail": "yes"})
    charged.refresh_from_db()

    assert "How each point to prove is met" in page
    assert "Required because the CPS Digital Case File needs" in page
    assert response.status_code == 302
    assert charged.points_to_prove == "Appropriated: CCTV"
    assert charged.committed_on_bail is True
    page = officer_client.get(url).content.decode()
    assert ("On 20/11/2026 at Tesco stole gin. Contrary to sections 1 and 7 of the Theft Act "
            "1968.") in page  # the charge as it reads


def test_the_offence_page_does_not_ask_them_before_charge(officer_client, shoplift_case):
    shoplift_case.stage = Stage.PRE_CHARGE
    shoplift_case.save(update_fields=["stage"])
    charged = shoplift_case.suspects.get().offences.get()

    page = officer_client.get(
        reverse("cases:offence_change", args=[shoplift_case.pk, charged.pk])).content.decode()

    assert "How each point to prove is met" not in page


def test_the_defendant_page_asks_with_why(officer_client, shoplift_case):
    suspect = shoplift_case.suspects.get()
    html = officer_client.get(reverse("cases:defendant", args=[shoplift_case.pk, suspect.pk])
                              ).content.decode()

    assert "Occupation" in html
    assert "Required because the CPS Digital Case File needs each defendant&#x27;s occupation" \
        in html
    assert "Does the defendant need an interpreter at court?" in html
    assert "The CPS Digital Case File needs it" not in html  # no boilerplate hint


def test_the_case_details_page_asks_with_why(officer_client, shoplift_case):
    page = officer_client.get(
        reverse("cases:section", args=[shoplift_case.pk, SectionKind.CPS_DETAILS]))
    html = page.content.decode()

    assert page.status_code == 200
    assert "Case details for the CPS" in html
    assert "Required because the CPS Digital Case File needs the property stolen" in html
    assert "Property stolen or damaged" in html  # a theft from a shop
    assert "occupation" not in html.lower()  # the defendant's, asked on their page


def test_the_statement_page_asks_the_witness_answers_with_why(officer_client, shoplift_case):
    page = officer_client.get(reverse("cases:item_add", args=[
        shoplift_case.pk, SectionKind.WITNESS_STATEMENTS]))
    html = page.content.decode()

    assert page.status_code == 200
    assert "Type of witness" in html
    assert "Eyewitness" in html
    assert "How the witness is involved" in html
    assert "visually recorded interview (ABE)" in html
    assert "Whose statement is it?" in html
    assert "Is this a retraction statement?" not in html  # not a domestic abuse file


def test_the_same_charge_twice_is_a_problem_at_the_second_until_its_wording_differs(
        officer, officer_client, shoplift_file):
    first = shoplift_file.suspects.get().offences.get()
    second = parties.charged_offence_add(acting_user=officer, case=shoplift_file,
                                         suspect=first.suspect, offence=first.offence,
                                         plea=Plea.GUILTY)
    parties.charged_offence_update(
        acting_user=officer, case=shoplift_file, charged=second,
        offence_date=first.offence_date, wording=first.wording,
        points_to_prove=first.points_to_prove, committed_on_bail=False)

    found = _file_problems(shoplift_file)["offence"]
    assert [(p.code, p.item, p.field) for p in found] == [("same_charge", second.pk, "wording")]
    url = reverse("cases:offence_change", args=[shoplift_file.pk, second.pk])
    assert problem_url(shoplift_file, "offence", found[0]).startswith(url)
    page = officer_client.get(url).content.decode()
    assert "charged twice with Theft from a shop on the same date in the same words" in page
    first_page = officer_client.get(reverse("cases:offence_change",
                                            args=[shoplift_file.pk, first.pk]))
    assert "charged twice" not in first_page.content.decode()

    parties.charged_offence_update(
        acting_user=officer, case=shoplift_file, charged=second,
        wording=first.wording.replace("2 bottles of gin", "a bottle of whisky"))
    assert "offence" not in _file_problems(shoplift_file)
    assert _dcf(shoplift_file) == []


def test_a_charge_the_cps_decided_exports_as_pre_charge_advice_without_asking(officer):
    beating = OffenceFactory(cjs_code="CJ88116", title="Assault by beating",
                             category=OffenceCategory.SUMMARY_NON_MOTORING)
    case = services.case_create(acting_user=officer, person=PersonFactory(
        created_by_force=officer.force), offences=[(beating, Plea.NOT_GUILTY)],
        markers=["domestic_abuse"])
    case = fill_file(case, officer)

    assert "pca_cps" not in case.sections.get(kind=SectionKind.CPS_DETAILS).data
    document = dcf_export(_fresh(case))
    assert document["case"]["pca_cps"] is True
    assert dcf_problems(document) == []
