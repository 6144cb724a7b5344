"""Medication a healthcare professional gives (PACE Code C 9.10): Schedule 2 and 3 drugs,
such as methadone, are planned as given by a healthcare professional, each dose is
recorded with that professional's name and role, and no page, board or printed sheet
offers it to police staff to give."""

import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from custody.medication import rules
from custody.medication.rules import DoseRecord, MedicationPlan, check_dose, dose_giver
from custody.medication.services import dose_record, medication_plan_add
from custody.models import ControlledDrugSchedule as CD
from custody.models import (
    CustodyEntry,
    DoseOutcome,
    DoseRecordRow,
    EntryKind,
    HcpRole,
    MedicationPlanRecord,
    OfflineEntry,
)
from custody.records.rules import LONDON
from custody.records.services import CustodyRuleBroken
from custody.suite import pdf
from custody.suite.selectors import record_for_pdf
from tests.custody.test_medication_pages import dose_data, plan_data
from tests.custody.test_pages import make_detainee

HCP_WORDS = "given by a healthcare professional, never by police staff"
DUE_WORDS = "for the healthcare professional to give"
START = timezone.now().replace(microsecond=0)


# --- The rules ---------------------------------------------------------------------------

def rules_plan(**changes):
    values = {"drug": "Methadone", "strength": "1 mg/ml", "dose": "60 ml",
              "route": "oral", "controlled_schedule": CD.NOT_CONTROLLED,
              "authorised_by": "Dr Okafor (FME)", "starts_at": START - timedelta(hours=6),
              "min_interval": timedelta(hours=24)}
    values.update(changes)
    return MedicationPlan(**values)


def dose(**changes):
    values = {"at": START - timedelta(hours=1), "outcome": DoseOutcome.GIVEN,
              "given_by": "PS Jones", "witness": "DO Smith"}
    values.update(changes)
    return DoseRecord(**values)


def codes(problems):
    return [(problem.code, problem.field) for problem in problems]


NEVER_GIVE = [("police_never_give", "given_by_hcp")]
NO_AUTHORITY = [("hcp_authority_missing", "controlled_schedule")]


@pytest.mark.parametrize(("schedule", "given_by_hcp", "hcp_authorised", "expected"), [
    (CD.NOT_CONTROLLED, False, False, []),
    (CD.NOT_CONTROLLED, True, False, []),
    (CD.SCHEDULE_2, False, False, NEVER_GIVE),
    (CD.SCHEDULE_2, False, True, NEVER_GIVE),
    (CD.SCHEDULE_2, True, False, []),
    (CD.SCHEDULE_3, False, False, NEVER_GIVE),
    (CD.SCHEDULE_3, False, True, NEVER_GIVE),
    (CD.SCHEDULE_3, True, False, []),
    (CD.SCHEDULE_4, False, False, NO_AUTHORITY),
    (CD.SCHEDULE_4, False, True, []),
    (CD.SCHEDULE_4, True, False, []),
    (CD.SCHEDULE_5, False, False, NO_AUTHORITY),
    (CD.SCHEDULE_5, False, True, []),
    (CD.SCHEDULE_5, True, False, []),
])
def test_each_schedule_is_allowed_only_with_the_right_giver(schedule, given_by_hcp,
                                                            hcp_authorised, expected):
    plan = rules_plan(controlled_schedule=schedule, given_by_hcp=given_by_hcp,
                      hcp_authorised=hcp_authorised)
    assert codes(rules.plan_problems(plan)) == expected


@pytest.mark.parametrize(("schedule", "given_by_hcp", "hcp_gives"), [
    (CD.NOT_CONTROLLED, False, False),
    (CD.NOT_CONTROLLED, True, True),
    (CD.SCHEDULE_2, True, True),
    (CD.SCHEDULE_2, False, True),  # refused by the rules, and never offered to police
    (CD.SCHEDULE_3, False, True),
    (CD.SCHEDULE_4, False, False),
    (CD.SCHEDULE_4, True, True),
    (CD.SCHEDULE_5, False, False),
])
def test_one_function_says_who_gives_the_doses_and_in_what_words(schedule, given_by_hcp,
                                                                 hcp_gives):
    giver = dose_giver(rules_plan(controlled_schedule=schedule, given_by_hcp=given_by_hcp))
    assert giver.healthcare_professional is hcp_gives
    assert (giver.words == HCP_WORDS) is hcp_gives
    assert giver.due_words == (DUE_WORDS if hcp_gives else "")


METHADONE = {"controlled_schedule": CD.SCHEDULE_2, "given_by_hcp": True}


@pytest.mark.parametrize(("changes", "expected"), [
    ({"hcp_name": "Nurse Bello", "hcp_role": HcpRole.NURSE}, []),
    ({}, [("hcp_name_missing", "hcp_name"), ("hcp_role_missing", "hcp_role")]),
    ({"hcp_name": "  ", "hcp_role": HcpRole.NURSE}, [("hcp_name_missing", "hcp_name")]),
    ({"hcp_name": "Nurse Bello"}, [("hcp_role_missing", "hcp_role")]),
    ({"hcp_name": "Nurse Bello", "hcp_role": "surgeon"}, [("hcp_role_missing", "hcp_role")]),
    ({"hcp_name": "Nurse Bello", "hcp_role": HcpRole.NURSE, "witness": "nurse bello"},
     [("witness_is_giver", "witness")]),
    # The custody officer who records it may witness the professional giving it.
    ({"hcp_name": "Nurse Bello", "hcp_role": HcpRole.NURSE, "witness": "PS Jones"}, []),
    ({"hcp_name": "Nurse Bello", "hcp_role": HcpRole.NURSE, "witness": ""},
     [("witness_missing", "witness")]),
    # Not given: naming who offered it is optional, but a name needs its role.
    ({"outcome": DoseOutcome.REFUSED, "notes": "Said no."}, []),
    ({"outcome": DoseOutcome.REFUSED, "notes": "Said no.", "hcp_name": "Nurse Bello"},
     [("hcp_role_missing", "hcp_role")]),
])
def test_a_dose_a_healthcare_professional_gives_names_them(changes, expected):
    assert codes(check_dose(rules_plan(**METHADONE), [], dose(**changes), now=START)) == expected


def test_a_dose_custody_staff_give_needs_no_healthcare_professional():
    assert check_dose(rules_plan(), [], dose(witness=""), now=START) == []


# --- Planning it on the page ------------------------------------------------------------

@pytest.fixture
def record(custody_sergeant, officer, suite):
    return make_detainee(custody_sergeant, officer, suite, hours_ago=3, cell="C2")


def methadone(user, record, *, started=timedelta(minutes=10), **fields):
    values = {"drug": "Methadone", "strength": "1 mg/ml", "dose": "60 ml",
              "controlled_schedule": CD.SCHEDULE_2, "given_by_hcp": True,
              "authorised_by": "Dr Okafor (FME)", "min_interval_minutes": 24 * 60,
              "starts_at": timezone.now() - started}
    values.update(fields)
    return medication_plan_add(user, record, **values)


def test_schedule_2_unmarked_is_refused_beside_the_tick_box_keeping_what_was_typed(
        custody_client, record):
    response = custody_client.post(reverse("custody:plan_add", args=[record.pk]),
                                   plan_data(drug="Methadone", controlled_schedule=CD.SCHEDULE_2))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    group = page.split('id="field-given_by_hcp"')[1].split('id="field-')[0]
    assert "Police never give Schedule 2 or 3 controlled drugs" in group
    assert 'value="Methadone"' in page
    assert 'value="schedule_2" selected' in page
    assert not MedicationPlanRecord.objects.exists()


def test_schedule_2_marked_as_given_by_a_healthcare_professional_is_planned(custody_client,
                                                                           record):
    response = custody_client.post(reverse("custody:plan_add", args=[record.pk]), plan_data(
        drug="Methadone", controlled_schedule=CD.SCHEDULE_2, given_by_hcp="on"))
    assert response.status_code == 302
    plan = MedicationPlanRecord.objects.get()
    assert (plan.controlled_schedule, plan.given_by_hcp) == (CD.SCHEDULE_2, True)
    entry = CustodyEntry.objects.filter(record=record, kind=EntryKind.MEDICATION).get()
    assert HCP_WORDS in entry.summary


def test_the_service_refuses_schedule_3_unmarked(custody_sergeant, record):
    with pytest.raises(CustodyRuleBroken, match="Police never give") as error:
        methadone(custody_sergeant, record, controlled_schedule=CD.SCHEDULE_3,
                  given_by_hcp=False)
    assert codes(error.value.problems) == NEVER_GIVE


# --- Recording its doses -----------------------------------------------------------------

def dose_url(record, plan):
    return reverse("custody:dose_add", args=[record.pk, plan.pk])


def test_the_dose_form_asks_for_the_healthcare_professional(custody_client, custody_sergeant,
                                                            record):
    plan = methadone(custody_sergeant, record)
    page = custody_client.get(dose_url(record, plan)).content.decode()
    assert "Name of the healthcare professional who gave it" in page
    assert 'name="hcp_role"' in page
    assert HCP_WORDS.capitalize() in page
    assert "Recorded by" in page
    assert f"{custody_sergeant.display_name} (you)" in page


def test_a_dose_without_the_healthcare_professional_is_refused_beside_the_fields(
        custody_client, custody_sergeant, record):
    plan = methadone(custody_sergeant, record)
    response = custody_client.post(dose_url(record, plan), dose_data(witness="DO Smith",
                                                                     notes="Observed"))
    page = response.content.decode()
    assert response.status_code == 200
    name_group = page.split('id="field-hcp_name"')[1].split('id="field-')[0]
    assert "record the name of the healthcare professional who gave the dose" in name_group
    role_group = page.split('id="field-hcp_role"')[1].split('id="field-')[0]
    assert "Choose the role of the healthcare professional" in role_group
    assert 'value="DO Smith"' in page
    assert not DoseRecordRow.objects.exists()


def test_an_unknown_role_is_refused_not_a_500(custody_client, custody_sergeant, record):
    plan = methadone(custody_sergeant, record)
    response = custody_client.post(dose_url(record, plan), dose_data(
        witness="DO Smith", hcp_name="Nurse Bello", hcp_role="surgeon"))
    assert response.status_code == 200
    assert "Choose the healthcare professional&#x27;s role from the list" in (
        response.content.decode())
    assert 'value="Nurse Bello"' in response.content.decode()
    assert not DoseRecordRow.objects.exists()


def test_a_dose_is_recorded_as_given_by_the_named_professional(custody_client,
                                                                custody_sergeant, record):
    plan = methadone(custody_sergeant, record)
    response = custody_client.post(dose_url(record, plan), dose_data(
        witness="DO Smith", hcp_name="Nurse Bello", hcp_role=HcpRole.NURSE))
    assert response.status_code == 302
    row = DoseRecordRow.objects.get()
    assert (row.hcp_name, row.hcp_role, row.given_by) == (
        "Nurse Bello", HcpRole.NURSE, custody_sergeant)
    assert row.giver_text == "Nurse Bello (nurse)"
    entry = CustodyEntry.objects.filter(kind=EntryKind.MEDICATION).latest("pk")
    assert "given by Nurse Bello (nurse)" in entry.summary
    page = custody_client.get(reverse("custody:medication", args=[record.pk])).content.decode()
    assert "Nurse Bello (nurse)" in page
    assert f"Recorded by {custody_sergeant.display_name}" in page


def test_a_refusal_may_be_recorded_without_naming_the_professional(custody_sergeant, record):
    plan = methadone(custody_sergeant, record)
    row = dose_record(custody_sergeant, plan, timezone.now(), DoseOutcome.REFUSED,
                      notes="Declined it")
    assert (row.hcp_name, row.giver_text) == ("", custody_sergeant.display_name)


def test_the_service_refuses_a_dose_without_the_professional(custody_sergeant, record):
    plan = methadone(custody_sergeant, record)
    with pytest.raises(CustodyRuleBroken) as error:
        dose_record(custody_sergeant, plan, timezone.now(), DoseOutcome.GIVEN,
                    witness="DO Smith")
    assert ("hcp_name_missing", "hcp_name") in codes(error.value.problems)
    assert not DoseRecordRow.objects.exists()


def test_a_plan_custody_staff_give_keeps_no_professional(custody_sergeant, record):
    plan = medication_plan_add(custody_sergeant, record, drug="Paracetamol",
                               strength="500 mg", dose="Two tablets", authorised_by="Dr Okafor",
                               min_interval_minutes=240,
                               starts_at=timezone.now() - timedelta(hours=1))
    row = dose_record(custody_sergeant, plan, timezone.now(), DoseOutcome.GIVEN,
                      hcp_name="Nurse Bello", hcp_role=HcpRole.NURSE)
    assert (row.hcp_name, row.hcp_role) == ("", "")


# --- Never offered to police staff to give ----------------------------------------------

def test_the_medication_page_says_the_professional_gives_it(custody_client, custody_sergeant,
                                                            record):
    plan = methadone(custody_sergeant, record)
    page = custody_client.get(reverse("custody:medication", args=[record.pk])).content.decode()
    assert f"Due: {DUE_WORDS}" in page
    assert HCP_WORDS.capitalize() in page
    assert "Record the dose the healthcare professional gave" in page
    assert ">Record dose<" not in page
    assert dose_url(record, plan) in page  # to record what the professional gave


def board_cell(page):
    return page.split('data-label="Next medication">')[1].split("</td>")[0]


def test_the_board_shows_the_professional_gives_it_and_no_give_link(custody_client,
                                                                    custody_sergeant, record):
    plan = methadone(custody_sergeant, record)
    page = custody_client.get(reverse("custody:index")).content.decode()
    cell = board_cell(page)
    due_at = f"{timezone.localtime(plan.starts_at, LONDON):%H:%M}"
    assert f"Due {due_at}: {DUE_WORDS}" in cell
    assert dose_url(record, plan) not in cell
    assert f'href="{reverse("custody:medication", args=[record.pk])}"' in cell
    assert f'href="{dose_url(record, plan)}"' not in page
    # The due link and the home worklist go to the medication page, not the dose form.
    assert custody_client.get(reverse("custody:dose_due", args=[record.pk]))["Location"] == (
        reverse("custody:medication", args=[record.pk]))


def test_the_board_says_so_before_the_dose_is_due(custody_client, custody_sergeant, record):
    plan = methadone(custody_sergeant, record, started=timedelta(minutes=-90))
    cell = board_cell(custody_client.get(reverse("custody:index")).content.decode())
    assert f"{timezone.localtime(plan.starts_at, LONDON):%H:%M}: {DUE_WORDS}" in cell
    assert "<a " not in cell


def test_a_due_dose_custody_staff_give_still_links_to_its_form(custody_client,
                                                               custody_sergeant, record):
    methadone(custody_sergeant, record, started=timedelta(minutes=-90))
    paracetamol = medication_plan_add(
        custody_sergeant, record, drug="Paracetamol", strength="500 mg", dose="Two tablets",
        authorised_by="Dr Okafor", min_interval_minutes=240,
        starts_at=timezone.now() - timedelta(minutes=10))
    cell = board_cell(custody_client.get(reverse("custody:index")).content.decode())
    assert f'href="{dose_url(record, paracetamol)}"' in cell
    assert DUE_WORDS not in cell


# --- The contingency pack ---------------------------------------------------------------

@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.usefixtures("_media")
def test_the_contingency_sheet_and_pdf_say_the_professional_gives_it(
        custody_client, custody_sergeant, record, suite):
    methadone(custody_sergeant, record)
    loaded = record_for_pdf(record.pk)
    content = pdf.contingency_content(loaded)
    assert content["medication"][0]["schedule"].endswith(HCP_WORDS)

    sheet = custody_client.get(reverse("custody:contingency", args=[record.pk]))
    assert HCP_WORDS in sheet.content.decode()
    suite_page = custody_client.get(reverse("custody:suite_contingency", args=[suite.code]))
    assert HCP_WORDS in suite_page.content.decode()
    assert HCP_WORDS in pdf_text(pdf.contingency_pdf(loaded))
    assert HCP_WORDS in pdf_text(pdf.suite_contingency_pdf(suite))


# --- A dose recorded offline -------------------------------------------------------------

def offline_dose(record, plan, n, **fields):
    at = timezone.localtime(timezone.now() - timedelta(minutes=5), LONDON)
    return {"client_id": f"{n:032x}", "url": dose_url(record, plan),
            "fields": {"at_0": at.strftime("%d/%m/%Y"), "at_1": at.strftime("%H:%M"),
                       "outcome": "given", "witness": "DO Smith", **fields},
            "saved_at": at.isoformat(), "made_by_id": None, "live": False}


def send(client, entry):
    return client.post(reverse("custody:offline_entries"), json.dumps(entry),
                       content_type="application/json", HTTP_ACCEPT="application/json")


def test_a_dose_arriving_from_a_device_without_the_professional_is_refused(
        custody_client, custody_sergeant, record):
    plan = methadone(custody_sergeant, record)
    answer = send(custody_client, offline_dose(record, plan, 1))
    assert answer.status_code == 200
    assert answer.json()["status"] == "refused"
    refused = OfflineEntry.objects.get()
    assert any("name of the healthcare professional" in message
               for message in refused.problem_messages)
    assert not DoseRecordRow.objects.exists()


def test_a_dose_arriving_from_a_device_with_the_professional_is_recorded(
        custody_client, custody_sergeant, record):
    plan = methadone(custody_sergeant, record)
    answer = send(custody_client, offline_dose(record, plan, 2, hcp_name="Nurse Bello",
                                               hcp_role=HcpRole.NURSE))
    assert answer.json()["status"] == "recorded"
    row = DoseRecordRow.objects.get()
    assert (row.hcp_name, row.hcp_role, row.given_by) == (
        "Nurse Bello", HcpRole.NURSE, custody_sergeant)


@pytest.mark.usefixtures("_media")
def test_the_printed_deadlines_and_the_detainees_copy_name_the_professional(
        custody_client, custody_sergeant, record):
    plan = methadone(custody_sergeant, record)
    loaded = record_for_pdf(record.pk)
    due = [d for d in pdf.contingency_content(loaded)["deadlines"]
           if d["what"] == "Medication: " + plan.label]
    assert due and due[0]["detail"].endswith("for the healthcare professional to give")
    custody_client.post(dose_url(record, plan), dose_data(
        witness="DO Smith", hcp_name="Nurse Bello", hcp_role=HcpRole.NURSE))
    copy = pdf_text(pdf.detainee_copy_pdf(record_for_pdf(record.pk)))
    assert "Nurse Bello (nurse)" in copy
