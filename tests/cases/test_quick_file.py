"""The quick file through its pages: "New case file", the one page that tells the case,
and "Check your answers". Each kind of case the page allows (every volume crime, any
other offence, every plea and every way of charging) builds a file the rules call ready
and whose Digital Case File the CPS accepts; what the app knows is filled in and shown
with its source; bad input is explained beside its field and kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.offences.models import OffenceCategory
from athena.people.models import Person
from cases import readiness, selectors
from cases.constants import BailStatus, CaseBegins
from cases.dcf.export import dcf_export
from cases.dcf.validate import dcf_problems
from cases.models import CaseFile
from cases.quick.crimes import VOLUME_CRIMES
from cases.quick.forms import Outcome
from custody.booking.services import rights_record
from custody.detention.services import charge_record
from custody.models import CustodySuite
from custody.services import custody_authorise_detention, custody_book_in
from tests.factories import UserFactory
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory

CATEGORIES = {"TH68010": OffenceCategory.EITHER_WAY, "CD71039": OffenceCategory.EITHER_WAY,
              "MD71530": OffenceCategory.EITHER_WAY,
              "CJ88001": OffenceCategory.SUMMARY_NON_MOTORING,
              "RT88007": OffenceCategory.SUMMARY_MOTORING}
TODAY = timezone.localdate()


def _day(offset=0):
    return (TODAY + timedelta(days=offset)).strftime("%d/%m/%Y")


def _told(**changes):
    """A whole case as the officer tells it: a new suspect, a guilty plea, bail."""
    told = {
        "forenames": "Dean", "surname": "Archer", "date_of_birth": "02/06/1991",
        "address_line_1": "3 Mill Lane", "town": "Chelmsford", "postcode": "CM1 1AA",
        "occupation": "Unemployed", "arrest_date": _day(), "arrest_time": "14:20",
        "offence_date": _day(), "offence_time": "14:10",
        "place": "Tesco, High Street, Chelmsford", "goods": "two beef steaks",
        "value": "23.50", "recovered": "yes", "reading": "52",
        "particulars": "at Chelmsford had with him in a public place an offensive weapon",
        "points_to_prove": "Had with him – found in his pocket: the statement of J Bell",
        "summary": "He put two steaks in his coat and left without paying.",
        "witness_name": "Joanne Bell", "witness_involvement": "Store detective",
        "statement": "I saw a man put two steaks in his coat and leave without paying.",
        "victims_code_met": "on", "vps": "declined",
        "interview_type": "full_account", "interview_account": "He admitted it.",
        "anticipated_plea": "guilty", "outcome": "bail", "reply_to_charge": "Sorry.",
        "bail_conditions": "Not to enter Tesco, High Street", "unused_material": "None",
        "disclosure_certified": "on",
        "lines_of_enquiry": "CCTV viewed; no other witnesses came forward",
        "remand_grounds": "He would fail to surrender", "remand_reasons": "No fixed abode",
        "remand_conditions": "He breached conditions twice", "witness_intimidation": "None known",
    }
    told.update(changes)
    return {name: value for name, value in told.items() if value is not None}


@pytest.fixture
def officer(home_force):
    # The officer's team names their station: the court is the one near it.
    return UserFactory(username="pc_carter", force=home_force, roles=[Role.OFFICER],
                       team="Chelmsford Response")


@pytest.fixture
def offences(db):
    return {crime.cjs_code: OffenceFactory(cjs_code=crime.cjs_code, title=crime.label,
                                           category=CATEGORIES[crime.cjs_code])
            for crime in VOLUME_CRIMES}


def _quick(client, code, data, person=None):
    url = reverse("cases:quick", args=[code])
    return client.post(url + (f"?person={person.pk}" if person else ""), data)


def _ready_and_valid(case):
    case = selectors.case_get(pk=case.pk)
    found = readiness.file_readiness(case)
    assert {k: [(p.field, p.code) for p in v] for k, v in found.items()} == {}
    assert dcf_problems(dcf_export(case)) == []
    return case


def _section(case, kind):
    return case.sections.get(kind=kind).data


# --- Every kind of quick file is ready, and the CPS accepts it -------------------------

@pytest.mark.parametrize("code", [crime.cjs_code for crime in VOLUME_CRIMES])
@pytest.mark.parametrize("plea", ["guilty", "not_guilty"])
@pytest.mark.parametrize("outcome", [choice for choice, _label in Outcome.CHOICES])
def test_every_quick_file_is_ready_and_cps_valid(officer_client, offences, code, plea,
                                                  outcome):
    response = _quick(officer_client, code, _told(anticipated_plea=plea, outcome=outcome))
    case = CaseFile.objects.get()
    assert response["Location"] == reverse("cases:check", args=[case.pk])
    _ready_and_valid(case)
    if outcome == Outcome.REQUISITION:
        assert (case.case_begins, case.bail_status) == (CaseBegins.POSTAL_REQUISITION,
                                                        BailStatus.NOT_APPLICABLE)
        assert _section(case, "requisition")["requisition_date"] == TODAY.isoformat()
        assert not case.sections.filter(kind="charges").exists()


def test_another_offence_asks_its_particulars_and_builds_a_ready_file(officer_client, db):
    OffenceFactory(cjs_code="PU86004", title="Threatening behaviour",
                   category=OffenceCategory.SUMMARY_NON_MOTORING)
    page = officer_client.get(reverse("cases:quick", args=["PU86004"]))
    assert "particulars" in page.context["form"].fields
    assert "goods" not in page.context["form"].fields
    _quick(officer_client, "PU86004", _told())
    charged = _ready_and_valid(CaseFile.objects.get()).suspects.get().offences.get()
    assert charged.wording == _told()["particulars"]


# --- Never asked what is known ----------------------------------------------------------

def test_a_shoplift_fills_in_what_the_app_knows_and_the_check_page_says_from_where(
        officer_client, offences):
    _quick(officer_client, "TH68010", _told())
    case = _ready_and_valid(CaseFile.objects.get())
    charges = _section(case, "charges")
    assert charges["court"] == "Magistrates' Courts, Essex, Chelmsford, A"  # the team's
    assert charges["first_hearing_date"] == (TODAY + timedelta(days=14)).isoformat()
    assert charges["charge_date"] == TODAY.isoformat()
    assert _section(case, "previous_convictions")["pnc_convictions"].startswith(
        "None recorded")
    cps = _section(case, "cps_details")
    assert (cps["property"], cps["property_outcome"]) == ("two beef steaks, £23.50",
                                                          "stolen_recovered")
    charged = case.suspects.get().offences.get()
    assert charged.wording == ("at Tesco, High Street, Chelmsford stole two beef steaks to "
                               "the value of £23.50 belonging to Tesco")
    answers = case.suspects.get().answers
    assert answers["dealt_with_in_welsh"] == "no"  # Essex is not a Welsh force
    assert answers["court_order_application"] == "no_orders_required"  # recovered
    person = Person.objects.get()
    assert person.addresses.get().location.postcode == "CM1 1AA"

    page = officer_client.get(reverse("cases:check", args=[case.pk]))
    rows = {row.key: row for group in page.context["groups"] for row in group.rows}
    assert rows["Court"].value == "Chelmsford Magistrates' Court"
    assert rows["Court"].source == "From your station"
    assert rows["First hearing date"].source == "From the file rules"
    assert rows["Has the defendant asked for the case to be heard in Welsh?"].source == (
        "From your force")
    assert rows["Occupation"].source == ""  # typed
    assert "Submit for review" in page.content.decode()


def test_goods_not_recovered_ask_for_compensation(officer_client, offences):
    _quick(officer_client, "TH68010", _told(recovered="no"))
    case = CaseFile.objects.get()
    assert case.suspects.get().answers["court_order_application"] == "compensation_order"
    assert _section(case, "cps_details")["property_outcome"] == "stolen_not_recovered"


def test_a_suspect_in_custody_brings_the_arrest_charge_solicitor_and_interpreter(
        officer_client, officer, custody_sergeant, home_force, offences):
    suite = CustodySuite.objects.create(force=home_force, code="COL", name="Colchester")
    person = PersonFactory(forenames="Ana", surname="Lupu", created_by_force=home_force)
    arrived = timezone.now() - timedelta(hours=5)
    record = custody_book_in(acting_user=custody_sergeant, suite=suite, person=person,
                             arrested_at=arrived - timedelta(minutes=20), arrived_at=arrived,
                             arrest_place="Culver Square", arresting_officer=officer,
                             grounds="Seen in the shop", offences=[offences["TH68010"]])
    custody_authorise_detention(acting_user=custody_sergeant, record=record,
                                grounds="questioning", necessity=["investigation"],
                                at=arrived + timedelta(minutes=5))
    rights_record(acting_user=custody_sergeant, record=record,
                  at=arrived + timedelta(minutes=10), legal_advice="named",
                  solicitor_name="Priya Shah", someone_informed=False,
                  interpreter_needed=True, interpreter_language="Romanian")
    charged_at = arrived + timedelta(hours=4)
    charge_record(acting_user=custody_sergeant, record=record, at=charged_at)

    page = officer_client.get(reverse("cases:quick", args=["TH68010"]) + f"?person={person.pk}")
    form = page.context["form"]
    for asked_already in ("forenames", "arrest_date", "arrest_time", "previous_convictions"):
        assert asked_already not in form.fields
    _quick(officer_client, "TH68010", _told(forenames=None, surname=None, date_of_birth=None,
                                            arrest_date=None, arrest_time=None,
                                            solicitor_name=None), person=person)
    case = CaseFile.objects.get()
    assert Person.objects.count() == 1
    assert (case.custody_record_id, case.arrested_at) == (record.pk, record.arrested_at)
    answers = case.suspects.get().answers
    assert (answers["interpreter_required"], answers["interpreter_language"]) == (
        "yes", "Romanian")
    summary = _section(case, "case_summary")
    assert (summary["legally_represented"], summary["solicitor_name"]) == ("yes",
                                                                           "Priya Shah")
    charges = _section(case, "charges")
    assert charges["charge_date"] == timezone.localtime(charged_at).date().isoformat()
    # The court near the custody suite, before the officer's own station.
    assert charges["court"] == "Magistrates' Courts, Essex, Colchester, A"
    # Custody does not know the solicitor's firm: the file says so, at its field.
    problems = readiness.file_readiness(selectors.case_get(pk=case.pk))
    assert [p.field for p in problems["case_summary"]] == ["solicitor_firm"]
    page = officer_client.get(reverse("cases:check", args=[case.pk]))
    assert "Submit for review" not in page.content.decode()
    assert "Enter the solicitor&#x27;s firm" in page.content.decode()


def test_a_person_with_a_pnc_record_is_asked_their_convictions(officer_client, offences,
                                                                home_force):
    person = PersonFactory(forenames="Lee", surname="Cole", pnc_id="12/345678A",
                           created_by_force=home_force)
    told = _told(forenames=None, surname=None, date_of_birth=None, previous_convictions="")
    response = _quick(officer_client, "TH68010", told, person=person)
    assert response.status_code == 200
    assert "Enter the previous convictions" in response.content.decode()
    _quick(officer_client, "TH68010", {**told, "previous_convictions": "2019 theft, fine"},
           person=person)
    case = _ready_and_valid(CaseFile.objects.get())
    assert _section(case, "previous_convictions")["pnc_convictions"] == "2019 theft, fine"
    assert case.suspects.get().answers["cc_not_suitable_reason"] == (
        "reoffending_risk_offending_history")


def test_only_a_welsh_force_asks_about_welsh(client, offences):
    from athena.accounts.models import Force

    gwent = Force.objects.get_or_create(code="62", defaults={"name": "Gwent"})[0]
    client.force_login(UserFactory(username="pc_price", force=gwent, roles=[Role.OFFICER]))
    page = client.get(reverse("cases:quick", args=["TH68010"]))
    assert "welsh" in page.context["form"].fields
    response = _quick(client, "TH68010", _told())
    assert "Select yes if the defendant asked for the case to be heard in Welsh" in (
        response.content.decode())
    _quick(client, "TH68010", _told(welsh="yes"))
    case = CaseFile.objects.get()
    assert case.suspects.get().answers["dealt_with_in_welsh"] == "yes"
    # Gwent's courts are not on our register: the court is asked, not guessed.
    assert "court" not in _section(case, "charges")


def test_a_suspect_kept_in_custody_goes_to_court_the_next_weekday(officer_client, offences):
    _quick(officer_client, "TH68010", _told(outcome="remand"))
    hearing = timezone.localdate() + timedelta(days=1)
    while hearing.weekday() >= 5:
        hearing += timedelta(days=1)
    case = _ready_and_valid(CaseFile.objects.get())
    assert _section(case, "charges")["first_hearing_date"] == hearing.isoformat()
    assert "signed_for_bail" not in case.suspects.get().answers


# --- The duplicate check ---------------------------------------------------------------

def test_a_suspect_already_on_the_index_is_offered_before_a_new_one_is_made(
        officer_client, offences, home_force):
    known = PersonFactory(forenames="Dean", surname="Archer", created_by_force=home_force,
                          date_of_birth=TODAY.replace(year=1991, month=6, day=2))
    response = _quick(officer_client, "TH68010", _told())
    assert response.status_code == 200
    assert [p.pk for p in response.context["duplicates"]] == [known.pk]
    assert not CaseFile.objects.exists()
    form = response.context["form"]
    assert form["summary"].value() == _told()["summary"]  # the typing is kept
    token = form["confirm_not_duplicate"].value()

    # A choice made without the check's fingerprint (the names changed) checks again.
    response = _quick(officer_client, "TH68010", _told(same_person=str(known.pk)))
    assert response.status_code == 200 and not CaseFile.objects.exists()

    _quick(officer_client, "TH68010", _told(same_person=str(known.pk),
                                            confirm_not_duplicate=token))
    assert CaseFile.objects.get().suspects.get().person == known
    assert Person.objects.count() == 1


def test_none_of_those_puts_the_suspect_on_the_index(officer_client, offences, home_force):
    PersonFactory(forenames="Dean", surname="Archer", created_by_force=home_force,
                  date_of_birth=TODAY.replace(year=1991, month=6, day=2))
    token = _quick(officer_client, "TH68010", _told()).context["form"][
        "confirm_not_duplicate"].value()
    _quick(officer_client, "TH68010", _told(same_person="new", confirm_not_duplicate=token))
    assert Person.objects.count() == 2
    assert CaseFile.objects.get().suspects.get().person.surname == "Archer"


# --- Bad input is explained and kept ---------------------------------------------------

@pytest.mark.parametrize("changes, field, message", [
    ({"surname": ""}, "surname", "Enter the suspect's surname"),
    ({"date_of_birth": "31/02/1990"}, "date_of_birth", "must be a real date"),
    ({"offence_date": _day(2)}, "offence_date", "must be today or in the past"),
    ({"arrest_date": _day(-2), "offence_date": _day(-1)}, "arrest_date",
     "on or after the date of the offence"),
    ({"value": "twenty"}, "value", "must be an amount in pounds"),
    ({"recovered": ""}, "recovered", "Select yes if the property was recovered"),
    ({"witness_name": "Joanne"}, "witness_name", "first name and surname"),
    ({"outcome": "conditional_bail", "bail_conditions": ""}, "bail_conditions",
     "Enter the bail conditions"),
    ({"anticipated_plea": "not_guilty", "disclosure_certified": ""}, "disclosure_certified",
     "Certify that you have complied"),
    ({"solicitor_firm": "Shah & Co"}, "solicitor_name", "Enter the solicitor's name"),
    ({"outcome": "<script>"}, "outcome", "Select"),
    ({"statement": "x" * 20001}, "statement", "20,000 characters or fewer"),
])
def test_bad_input_is_explained_beside_its_field_and_kept(officer_client, offences, changes,
                                                          field, message):
    response = _quick(officer_client, "TH68010", _told(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert f'href="#field-{field}"' in response.content.decode()
    assert form["summary"].value() == _told()["summary"]
    assert not CaseFile.objects.exists() and not Person.objects.exists()


@pytest.mark.parametrize("person", ["²", "x", "9" * 30, "-1"])
def test_a_person_that_is_not_a_number_is_ignored(officer_client, offences, person):
    response = officer_client.get(reverse("cases:quick", args=["TH68010"]),
                                  {"person": person})
    assert response.status_code == 200
    assert "forenames" in response.context["form"].fields


def test_only_criminal_offences_are_quick_filed(officer_client, db):
    OffenceFactory(cjs_code="CV99001", title="A civil matter",
                   category=OffenceCategory.CIVIL_RELATED_TO_CRIMINAL)
    assert officer_client.get(reverse("cases:quick", args=["CV99001"])).status_code == 404
    assert officer_client.get(reverse("cases:quick", args=["NOPE"])).status_code == 404


def test_only_those_who_may_start_files_see_the_quick_file(client, analyst, offences):
    client.force_login(analyst)
    assert client.get(reverse("cases:quick", args=["TH68010"])).status_code == 403
    assert client.post(reverse("cases:quick", args=["TH68010"]), _told()).status_code == 403


# --- New case file, and the way back from a change ---------------------------------------

def test_new_case_file_leads_to_the_quick_file_of_any_offence(officer_client, offences):
    response = officer_client.get(reverse("cases:new"), {"offence_query": "assault",
                                                         "offence_code": "CJ88001"})
    assert response["Location"] == reverse("cases:quick", args=["CJ88001"])
    response = officer_client.get(reverse("cases:new"), {"offence_query": "shoplifting",
                                                         "find_offence": "1"})
    codes = [option.cjs_code for option in response.context["offence_picker"].options]
    assert codes[0] == "TH68010"
    response = officer_client.get(reverse("cases:new"), {"offence_query": "shoplifting"})
    assert "Choose the offence from the list" in response.content.decode()
    OffenceFactory(cjs_code="CV99001", title="A civil matter",
                   category=OffenceCategory.CIVIL_RELATED_TO_CRIMINAL)
    response = officer_client.get(reverse("cases:new"), {
        "offence_query": "civil", "include_non_criminal": "1", "offence_code": "CV99001"})
    assert response.status_code == 200
    assert "is for a criminal offence" in response.content.decode()


def test_the_home_page_and_the_files_offer_a_new_case_file(officer_client):
    assert reverse("cases:new") in officer_client.get("/").content.decode()
    assert reverse("cases:new") in officer_client.get(reverse("cases:index")).content.decode()


def test_a_person_s_start_a_case_file_offers_their_quick_files(officer_client, home_force):
    person = PersonFactory(created_by_force=home_force)
    page = officer_client.get(reverse("cases:new") + f"?person={person.pk}")
    assert (reverse("cases:quick", args=["TH68010"]) + f"?person={person.pk}"
            in page.content.decode())


def test_a_change_from_the_check_page_comes_back_to_it_and_drops_the_source(
        officer_client, offences):
    _quick(officer_client, "TH68010", _told())
    case = CaseFile.objects.get()
    check = reverse("cases:check", args=[case.pk])
    suspect = case.suspects.get()
    page = officer_client.get(check)
    rows = {row.key: row for group in page.context["groups"] for row in group.rows}
    change = rows["Does the defendant need an interpreter at court?"]
    assert change.source == "Usual for this kind of case: check it"
    assert change.change_url.startswith(
        reverse("cases:defendant", args=[case.pk, suspect.pk]) + "?from=check")

    answers = {**suspect.answers, "interpreter_required": "yes",
               "interpreter_language": "Polish", "version": suspect.version}
    response = officer_client.post(change.change_url.split("#")[0], answers)
    # A yes reveals the language: the page shows it, still leading back to the check.
    assert response["Location"] == change.change_url.split("#")[0] + (
        "#field-interpreter_language")
    suspect.refresh_from_db()
    response = officer_client.post(change.change_url.split("#")[0],
                                   {**answers, "version": suspect.version})
    assert response["Location"] == check
    rows = {row.key: row for group in officer_client.get(check).context["groups"]
            for row in group.rows}
    assert rows["Does the defendant need an interpreter at court?"].value == "Yes"
    assert rows["Does the defendant need an interpreter at court?"].source == ""

    section = case.sections.get(kind="charges")
    url = reverse("cases:section", args=[case.pk, "charges"]) + "?from=check"
    response = officer_client.post(url, {**section.data, "court": "Chelmsford Magistrates' "
                                         "Court", "version": section.version,
                                         "continue": "1"})
    assert response["Location"] == check


def test_a_long_route_file_has_its_check_page_too(officer_client, officer, offences):
    from cases.services import case_create

    case = case_create(acting_user=officer, person=PersonFactory(),
                       offences=[(offences["TH68010"], "guilty")])
    detail = officer_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:check", args=[case.pk]) in detail
    page = officer_client.get(reverse("cases:check", args=[case.pk]))
    rows = [row for group in page.context["groups"] for row in group.rows]
    assert any(row.missing and row.key == "Date of the offence" for row in rows)
    assert "Submit for review" not in page.content.decode()
    assert "The file needs more before it can be submitted" in page.content.decode()


def test_another_force_cannot_read_the_check_page(client, officer_client, offences,
                                                  other_force):
    _quick(officer_client, "TH68010", _told())
    case = CaseFile.objects.get()
    client.force_login(UserFactory(username="pc_kent", force=other_force,
                                   roles=[Role.OFFICER]))
    assert client.get(reverse("cases:check", args=[case.pk])).status_code == 404
