"""A file built in Athena, as an officer builds it, exports as a Digital Case File with no
problems; each answer only the DCF asks for is asked in the right place, for a
first-hearing file only, and a missing one is reported there."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.offences.models import OffenceCategory
from cases import services
from cases.constants import BailStatus, CaseBegins, Plea, Requirement, Stage, Venue
from cases.dcf.export import dcf_export
from cases.dcf.validate import dcf_problems
from cases.models import CaseEvent, CaseEventKind, Participant, ParticipantRole
from cases.parties import services as parties
from cases.rules import evaluate
from cases.sections import SectionKind
from cases.selectors import case_facts
from cases.validation import file_problems
from tests.cases.factories import WITNESS_STATEMENT, complete_case_file
from tests.factories import UserFactory
from tests.offences.factories import OffenceFactory

pytestmark = pytest.mark.django_db

CPS_DETAILS = {
    "occupation": "Warehouse operative",
    "foreign_national_offender": "no",
    "has_eec_passports": "no",
    "interpreter_required": "no",
    "dealt_with_in_welsh": "no",
    "breach_of_order": "no",
    "cc_not_suitable_reason": "offence_not_one_in_dpps_guidance_for_conditional_caution",
    "court_order_application": "no_orders_required",
    "given_charges": "yes",
    "signed_charge_sheet": "yes",
    "signed_for_bail": "yes",
    "court_unit": "Magistrates' Courts, Essex, Chelmsford, A",
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
        "first_hearing_date": "2026-12-04", "court": "Chelmsford Magistrates' Court",
    },
    SectionKind.PREVIOUS_CONVICTIONS: {"pnc_check_performed": "yes", "pnc_convictions": "None"},
    SectionKind.CPS_DETAILS: CPS_DETAILS,
}


def _save(officer, case, kind, data):
    services.section_save(acting_user=officer, case=case, kind=kind, data=dict(data),
                          expected_version=case.sections.filter(kind=kind).first().version
                          if case.sections.filter(kind=kind).exists() else 0)


@pytest.fixture
def shoplift_file(officer, shoplift_case):
    """The shoplift case (one suspect, TH68010, guilty plea, bail), completed through the
    services as an officer would, and approved by a supervisor."""
    case = services.case_update_details(
        acting_user=officer, case=shoplift_case, expected_version=shoplift_case.version,
        likely_venue=Venue.MAGISTRATES,
        arrested_at=timezone.make_aware(datetime(2026, 11, 19, 14, 5)))  # noqa: DTZ001
    charged = case.suspects.get().offences.get()
    parties.charged_offence_update(
        acting_user=officer, case=case, charged=charged, offence_date=timezone.localdate(),
        wording="Stole 2 bottles of gin to the value of £40 belonging to Tesco Stores Ltd",
        points_to_prove="Appropriated: CCTV SC/1. Dishonesty and intent: admitted.",
        committed_on_bail=False)
    parties.participant_add(acting_user=officer, case=case, role=ParticipantRole.WITNESS,
                             name="Alex Turner")
    for kind, data in ANSWERS.items():
        _save(officer, case, kind, data)
    services.section_item_save(acting_user=officer, case=case,
                               kind=SectionKind.WITNESS_STATEMENTS, data=dict(WITNESS_STATEMENT))
    supervisor = UserFactory(force=officer.force, last_name="Okafor", rank="Sergeant")
    CaseEvent.objects.create(case=case, kind=CaseEventKind.APPROVED, actor=supervisor)
    return case


@pytest.fixture
def complete_file():
    """complete_case_file, with what a file holds outside its sections as an officer
    gives it (the arrest, the offence's particulars, the witness) and approved."""
    case = complete_case_file(
        likely_venue=Venue.MAGISTRATES,
        arrested_at=timezone.make_aware(datetime(2026, 11, 19, 14, 5)))  # noqa: DTZ001
    case.suspects.get().offences.update(
        offence_date=timezone.localdate(), wording="Stole 2 bottles of gin",
        points_to_prove="Appropriated: CCTV SC/1. Dishonesty: admitted in part.",
        committed_on_bail=False)
    Participant.objects.create(case=case, role=ParticipantRole.WITNESS,
                               name=WITNESS_STATEMENT["witness_name"])
    supervisor = UserFactory(force=case.force, last_name="Okafor", rank="Sergeant")
    CaseEvent.objects.create(case=case, kind=CaseEventKind.APPROVED, actor=supervisor)
    return case


def _problems(case):
    return dcf_problems(dcf_export(case))


def _places(case):
    return {(p.section_kind, p.field, p.page) for p in _problems(case)}


def _statement(case):
    return case.sections.get(kind=SectionKind.WITNESS_STATEMENTS).items.get()


def test_a_complete_native_file_exports_with_no_problems(shoplift_file):
    assert dcf_problems(dcf_export(shoplift_file)) == []


def test_a_complete_case_file_exports_with_no_problems(complete_file):
    assert dcf_problems(dcf_export(complete_file)) == []


def test_a_witness_is_described_by_their_statement(shoplift_file):
    witness = dcf_export(shoplift_file)["case"]["witnesses"][0]

    assert witness["type"] == "StatementWitness"
    assert witness["witness_type"] == ["eye"]
    assert witness["visually_recorded_interview"] is False
    # What they can give evidence of is their statement, word for word: nothing invented.
    assert witness["witness"] == {
        "nature_of_involvement": "Store detective who stopped the suspect",
        "evidence_they_can_give": WITNESS_STATEMENT["statement"]}


@pytest.mark.parametrize(("name", "dcf_key"), [
    ("witness_type", "witness_type"),
    ("involvement", "nature_of_involvement"),
    ("visually_recorded_interview", "visually_recorded_interview"),
])
def test_a_missing_witness_answer_is_a_problem_at_the_statement_field(officer, shoplift_file,
                                                                      name, dcf_key):
    item = _statement(shoplift_file)
    services.section_item_save(acting_user=officer, case=shoplift_file,
                               kind=SectionKind.WITNESS_STATEMENTS, item=item,
                               data={**WITNESS_STATEMENT, name: ""},
                               expected_version=item.version)

    problems = _problems(shoplift_file)

    assert [(p.path, p.section_kind, p.field, p.page) for p in problems] == [
        (f"case.witnesses[0].{'witness.' if name == 'involvement' else ''}{dcf_key}",
         SectionKind.WITNESS_STATEMENTS, name, "")]


def test_a_witness_without_a_statement_is_sent_to_the_statement_fields(officer, shoplift_file):
    parties.participant_add(acting_user=officer, case=shoplift_file,
                             role=ParticipantRole.WITNESS, name="Sam Reed")

    problems = [p for p in _problems(shoplift_file) if p.path.startswith("case.witnesses[1]")]

    assert {(p.path, p.section_kind, p.field, p.page) for p in problems} == {
        ("case.witnesses[1].witness_type", SectionKind.WITNESS_STATEMENTS, "witness_type", ""),
        ("case.witnesses[1].witness", SectionKind.WITNESS_STATEMENTS, "involvement", ""),
        ("case.witnesses[1].visually_recorded_interview", SectionKind.WITNESS_STATEMENTS,
         "visually_recorded_interview", "")}


def test_a_statement_is_matched_to_its_witness_by_name(officer, shoplift_file):
    item = _statement(shoplift_file)
    services.section_item_save(acting_user=officer, case=shoplift_file,
                               kind=SectionKind.WITNESS_STATEMENTS, item=item,
                               data={**WITNESS_STATEMENT, "witness_name": "  alex   TURNER "},
                               expected_version=item.version)

    assert _problems(shoplift_file) == []


@pytest.mark.parametrize("name", ["witness_type", "involvement", "visually_recorded_interview"])
def test_the_witness_answers_are_required_for_a_first_hearing_file(name):
    # A not guilty plea: the witness statements are required.
    requirements = evaluate(case_facts(complete_case_file()))
    rule = requirements.fields[(SectionKind.WITNESS_STATEMENTS, name)]

    assert rule.level == Requirement.REQUIRED
    assert all(reason.startswith("Required because the CPS Digital Case File needs")
               for reason in rule.reasons)


@pytest.mark.parametrize("stage", [Stage.PRE_CHARGE, Stage.TRIAL])
def test_the_witness_answers_are_not_asked_at_other_stages(stage):
    requirements = evaluate(case_facts(complete_case_file(stage=stage)))
    required = requirements.required_fields(SectionKind.WITNESS_STATEMENTS)

    assert requirements.section_level(SectionKind.WITNESS_STATEMENTS) == Requirement.REQUIRED
    assert {"witness_name", "statement"} <= set(required)
    assert not {"witness_type", "involvement", "visually_recorded_interview"} & set(required)


def test_the_complete_native_file_is_complete_by_the_rules(shoplift_file):
    facts = case_facts(shoplift_file)
    requirements = evaluate(facts)
    sections = {s.kind: s for s in shoplift_file.sections.all()}

    assert file_problems(facts, requirements, sections) == {}


def test_derived_fields_come_from_what_the_file_holds(shoplift_file):
    document = dcf_export(shoplift_file)
    defendant = document["case"]["defendants"][0]
    theft = defendant["offences"][0]["retail_theft_offences"][0]

    assert document["case"]["property"] == [{
        "property_id": 1, "property_action": "stolen_recovered",
        "description": "2 bottles of gin, £40",
        "recovered_from": "The suspect, outside the store"}]
    assert theft["property_ids"] == [1]
    assert defendant["first_hearing_location"] == {
        "ou_top_level_name": "Magistrates' Courts", "ou_second_level_name": "Essex",
        "ou_third_level_name": "Chelmsford", "ou_bottom_level_name": "A"}
    assert theft["offence"]["committed_on_bail"] is False


@pytest.mark.parametrize(("name", "dcf_key"), [
    ("occupation", "occupation"),
    ("foreign_national_offender", "foreign_national_offender"),
    ("has_eec_passports", "has_eec_passports"),
    ("interpreter_required", "interpreter_required"),
    ("dealt_with_in_welsh", "dealt_with_in_welsh"),
    ("breach_of_order", "breach_of_order"),
    ("cc_not_suitable_reason", "cc_not_suitable_reasons"),
    ("court_order_application", "court_order_applications"),
    ("given_charges", "given_charges"),
    ("signed_charge_sheet", "signed_charge_sheet"),
    ("signed_for_bail", "signed_for_bail"),
    ("court_unit", "first_hearing_location"),
    ("property", "property_ids"),
    ("property_outcome", "property"),
    ("test_code", "test_code"),
    ("pca_cps", "pca_cps"),
    ("expert_evidence", "expert_evidence"),
])
def test_a_missing_cps_detail_is_a_problem_at_its_field(officer, shoplift_file, name, dcf_key):
    _save(officer, shoplift_file, SectionKind.CPS_DETAILS,
          {**CPS_DETAILS, name: ""})

    problems = _problems(shoplift_file)

    assert problems
    assert {(p.section_kind, p.field) for p in problems} == {(SectionKind.CPS_DETAILS, name)}
    assert any(dcf_key in p.path for p in problems)


@pytest.mark.parametrize("name", ["interview_date", "legally_represented",
                                  "special_warnings_given"])
def test_a_missing_interview_detail_is_a_problem_at_its_field(officer, shoplift_file, name):
    _save(officer, shoplift_file, SectionKind.CASE_SUMMARY,
          {**ANSWERS[SectionKind.CASE_SUMMARY], name: ""})

    assert _places(shoplift_file) == {(SectionKind.CASE_SUMMARY, name, "")}


def test_a_solicitor_in_interview_is_named(officer, shoplift_file):
    summary = {**ANSWERS[SectionKind.CASE_SUMMARY], "legally_represented": "yes"}
    _save(officer, shoplift_file, SectionKind.CASE_SUMMARY, summary)
    assert _places(shoplift_file) == {(SectionKind.CASE_SUMMARY, "solicitor_name", ""),
                                      (SectionKind.CASE_SUMMARY, "solicitor_firm", "")}

    _save(officer, shoplift_file, SectionKind.CASE_SUMMARY,
          {**summary, "solicitor_name": "Priya Shah", "solicitor_firm": "Shah & Co"})
    interview = dcf_export(shoplift_file)["case"]["defendants"][0]["interview"]

    assert _problems(shoplift_file) == []
    assert interview["legally_represented_by"] == {
        "type": "PersonName", "surname": "Shah", "given_name": ["Priya"]}


@pytest.mark.parametrize(("name", "value"), [("points_to_prove", ""),
                                             ("committed_on_bail", None)])
def test_a_missing_offence_answer_is_a_problem_on_the_offence(officer, shoplift_file, name,
                                                              value):
    charged = shoplift_file.suspects.get().offences.get()
    parties.charged_offence_update(acting_user=officer, case=shoplift_file, charged=charged,
                                    **{name: value})

    assert _places(shoplift_file) == {("", name, "offences")}


def test_a_yes_asks_for_its_details(officer, shoplift_file):
    _save(officer, shoplift_file, SectionKind.CPS_DETAILS, {
        **CPS_DETAILS, "has_eec_passports": "yes", "interpreter_required": "yes",
        "breach_of_order": "yes"})

    # The DCF does not insist on the interpreter's language; the rules do.
    assert {p.field for p in _problems(shoplift_file)} == {
        "eec_check_submitted", "breach_order_title",
        "breach_order_date_issued", "breach_order_lapse_date", "breach_order_court_unit"}
    facts = case_facts(shoplift_file)
    required = evaluate(facts).required_fields(SectionKind.CPS_DETAILS)
    assert {"eec_check_submitted", "interpreter_language", "breach_order_title"} <= set(
        required)


def test_a_yes_with_its_details_exports_with_no_problems(officer, shoplift_file):
    _save(officer, shoplift_file, SectionKind.CPS_DETAILS, {
        **CPS_DETAILS, "has_eec_passports": "yes", "eec_check_submitted": "yes",
        "interpreter_required": "yes", "interpreter_language": "Polish",
        "breach_of_order": "yes", "breach_order_title": "criminal_behaviour_order",
        "breach_order_date_issued": "2026-01-10", "breach_order_lapse_date": "2028-01-10",
        "breach_order_court_unit": "Magistrates' Courts, Essex, Colchester, A"})

    assert _problems(shoplift_file) == []


def test_a_court_unit_not_in_four_parts_is_a_problem_at_its_field(officer, shoplift_file):
    _save(officer, shoplift_file, SectionKind.CPS_DETAILS,
          {**CPS_DETAILS, "court_unit": "Chelmsford Magistrates' Court"})

    assert _places(shoplift_file) == {(SectionKind.CPS_DETAILS, "court_unit", "")}


def test_the_section_is_required_for_a_first_hearing_file(shoplift_case):
    requirements = evaluate(case_facts(shoplift_case))

    assert requirements.section_level(SectionKind.CPS_DETAILS) == Requirement.REQUIRED
    assert all("CPS Digital Case File" in reason for reason in
               requirements.fields[(SectionKind.CPS_DETAILS, "occupation")].reasons)


@pytest.mark.parametrize("stage", [Stage.PRE_CHARGE, Stage.TRIAL])
def test_the_section_is_not_needed_at_other_stages(shoplift_case, stage):
    shoplift_case.stage = stage
    shoplift_case.save(update_fields=["stage"])

    requirements = evaluate(case_facts(shoplift_case))

    assert requirements.section_level(SectionKind.CPS_DETAILS) == Requirement.NOT_NEEDED
    assert (SectionKind.CASE_SUMMARY, "interview_date") not in {
        (kind, name) for kind, name in requirements.fields
        if requirements.fields[(kind, name)].level == Requirement.REQUIRED}


def test_bail_and_charge_sheet_are_asked_only_when_they_apply(officer, home_force, shop_theft,
                                                              suspect_person):
    case = services.case_create(acting_user=officer, person=suspect_person,
                                offences=[(shop_theft, Plea.GUILTY)],
                                bail_status=BailStatus.REMAND,
                                case_begins=CaseBegins.POSTAL_REQUISITION)

    required = evaluate(case_facts(case)).required_fields(SectionKind.CPS_DETAILS)

    assert "signed_for_bail" not in required
    assert "signed_charge_sheet" not in required
    assert "requisition_sent_on" in required


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
        "anticipated_plea": Plea.GUILTY, "offence_date": "", "wording": "",
        "points_to_prove": "Appropriated: CCTV", "committed_on_bail": "yes"})
    charged.refresh_from_db()

    assert "How each point to prove is met" in page
    assert "The CPS Digital Case File needs it" in page
    assert response.status_code == 302
    assert charged.points_to_prove == "Appropriated: CCTV"
    assert charged.committed_on_bail is True


def test_the_offence_page_does_not_ask_them_before_charge(officer_client, shoplift_case):
    shoplift_case.stage = Stage.PRE_CHARGE
    shoplift_case.save(update_fields=["stage"])
    charged = shoplift_case.suspects.get().offences.get()

    page = officer_client.get(
        reverse("cases:offence_change", args=[shoplift_case.pk, charged.pk])).content.decode()

    assert "How each point to prove is met" not in page


def test_the_section_page_asks_the_cps_details_with_why(officer_client, shoplift_case):
    page = officer_client.get(
        reverse("cases:section", args=[shoplift_case.pk, SectionKind.CPS_DETAILS]))
    html = page.content.decode()

    assert page.status_code == 200
    assert "Defendant and court details for the CPS" in html
    assert "Defendant&#x27;s occupation" in html or "Defendant's occupation" in html
    assert "The CPS Digital Case File needs it for a first hearing" in html
    assert "Property stolen or damaged" in html  # a theft from a shop


def test_the_statement_page_asks_the_witness_answers_with_why(officer_client, shoplift_case):
    page = officer_client.get(reverse("cases:item_add", args=[
        shoplift_case.pk, SectionKind.WITNESS_STATEMENTS]))
    html = page.content.decode()

    assert page.status_code == 200
    assert "Type of witness" in html
    assert "Eyewitness" in html
    assert "How the witness is involved" in html
    assert "visually recorded interview (ABE)" in html
    assert "The CPS Digital Case File needs it for a first hearing" in html
