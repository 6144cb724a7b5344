"""Booking in at the suite's pace (issue 15): the arrest and booking on one page, its times
starting at now, the arresting officer found by collar number or name, the cell chosen
from the suite's free cells; rights, risk and needs on one page saved together; property
as a table with cash in pounds and pence; and the record's checklist of what is done,
due and overdue. Every form is driven through its POST, as a browser sends it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from custody.booking import services
from custody.booking.forms import CashField
from custody.booking.selectors import DONE, DUE, OVERDUE, TO_DO, booking_checklist
from custody.detention.selectors import record_clock
from custody.models import (
    CustodyEntry,
    CustodyRecord,
    EntryKind,
    Needs,
    PropertyItem,
    RecordStatus,
    RightsGiven,
    RiskAssessment,
)
from custody.records.rules import LONDON
from custody.records.selectors import records_for_pages
from custody.records.services import CustodyRuleBroken
from tests.custody.test_booking import NO_RISKS
from tests.custody.test_pages import BOOK_IN, book_in_data, make_detainee
from tests.factories import UserFactory, kent
from tests.people.factories import PersonFactory

# --- Fixtures -------------------------------------------------------------------------


@pytest.fixture
def amy(home_force):
    return UserFactory(username="pc_arrester", first_name="Amy", last_name="Arrester",
                       rank="PC", collar_number="1234", force=home_force,
                       roles=[Role.OFFICER])


@pytest.fixture
def celled_suite(suite):
    suite.cells = ["C1", "C2", "C3", "C4"]
    suite.save(update_fields=["cells"])
    return suite


@pytest.fixture
def detainee(custody_sergeant, officer, suite):
    return make_detainee(custody_sergeant, officer, suite)


def _book_in(client, officer, **overrides):
    return client.post(BOOK_IN, {"person": PersonFactory().pk,
                                 **book_in_data(officer, **overrides)})


def _moment(minutes_ago=5):
    moment = timezone.localtime(timezone.now(), LONDON) - timedelta(minutes=minutes_ago)
    return moment.strftime("%d/%m/%Y"), moment.strftime("%H:%M")


def _now_shown():
    """The date and time a form showing now shows, a minute either way (a test that
    runs across a minute's turn)."""
    now = timezone.localtime(timezone.now(), LONDON)
    return {(moment.strftime("%d/%m/%Y"), moment.strftime("%H:%M"))
            for moment in (now - timedelta(minutes=1), now, now + timedelta(minutes=1))}


def _shown(page, name):
    """The date and time a page's inputs ``name``_0 and ``name``_1 hold."""
    import re

    def value(part):
        found = re.search(rf'name="{name}_{part}" type="text"[^>]*value="([^"]*)"', page)
        return found.group(1) if found else None

    return value(0), value(1)


# --- The arrest and booking page ------------------------------------------------------

def test_the_times_of_arrest_and_arrival_start_at_now(custody_client, suite):
    page = custody_client.get(BOOK_IN, {"person": PersonFactory().pk}).content.decode()
    assert _shown(page, "arrested_at") in _now_shown()
    assert _shown(page, "arrived_at") in _now_shown()


def test_the_booking_can_be_sent_with_the_times_it_was_given(custody_client, amy, suite):
    date, time = _moment(0)
    response = _book_in(custody_client, amy, arrested_at_0=date, arrested_at_1=time,
                        arrived_at_0=date, arrived_at_1=time)
    assert response.status_code == 302
    record = CustodyRecord.objects.get()
    assert timezone.localtime(record.arrived_at, LONDON).strftime("%H:%M") == time


def test_the_page_lists_the_forces_officers_to_choose_from(custody_client, amy, suite,
                                                          custody_sergeant):
    UserFactory(username="pc_kent", first_name="Kim", last_name="Kentish",
                force=kent(), roles=[Role.OFFICER])
    page = custody_client.get(BOOK_IN, {"person": PersonFactory().pk}).content.decode()
    assert '<datalist id="arresting-officers">' in page
    assert '<option value="PC 1234 Amy Arrester">' in page
    assert f'<option value="{custody_sergeant.display_name}">' in page
    assert "Kentish" not in page


@pytest.mark.parametrize("typed", ["PC 1234 Amy Arrester", "1234", "pc 1234", "Amy Arrester",
                                   "amy   arrester", "ARRESTER", "1234 Arrester"])
def test_the_arresting_officer_is_found_by_collar_number_or_name(custody_client, amy,
                                                                suite, typed):
    response = _book_in(custody_client, amy, arresting_officer=typed)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert CustodyRecord.objects.get().arresting_officer == amy


@pytest.mark.parametrize("typed", ["9999", "Bob Nobody", "1234 Nobody", "PC", "x" * 150])
def test_no_officer_matching_is_explained_beside_the_field_and_kept(custody_client, amy,
                                                                   suite, typed):
    response = _book_in(custody_client, amy, arresting_officer=typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "No officer of this force has that collar number or name" in page
    assert 'href="#field-arresting_officer"' in page
    assert f'value="{typed}"' in page
    assert "High Street, Chelmsford" in page
    assert not CustodyRecord.objects.exists()


def test_several_officers_matching_asks_for_the_collar_number(custody_client, amy,
                                                              home_force, suite):
    for collar in ("2001", "2002"):
        UserFactory(first_name="John", last_name="Smith", collar_number=collar,
                    force=home_force, roles=[Role.OFFICER])
    page = _book_in(custody_client, amy, arresting_officer="John Smith").content.decode()
    assert "2 officers match &#x27;John Smith&#x27;: type their collar number" in page
    assert 'value="John Smith"' in page
    assert not CustodyRecord.objects.exists()
    assert _book_in(custody_client, amy, arresting_officer="2002").status_code == 302
    assert CustodyRecord.objects.get().arresting_officer.collar_number == "2002"


def test_officers_of_another_force_or_without_a_policing_role_are_not_found(
        custody_client, amy, home_force, suite, analyst):
    UserFactory(first_name="Kim", last_name="Kentish", collar_number="7777", force=kent(),
                roles=[Role.OFFICER])
    UserFactory(first_name="Ina", last_name="Active", collar_number="8888",
                force=home_force, roles=[Role.OFFICER], is_active=False)
    for typed in ("7777", "Kim Kentish", "8888", analyst.get_full_name()):
        page = _book_in(custody_client, amy, arresting_officer=typed).content.decode()
        assert "No officer of this force has that collar number or name" in page
    assert not CustodyRecord.objects.exists()


def test_the_cell_is_chosen_from_the_suites_free_cells(custody_client, custody_sergeant,
                                                       officer, celled_suite):
    make_detainee(custody_sergeant, officer, celled_suite, cell="C2")
    left = make_detainee(custody_sergeant, officer, celled_suite, cell="C3")
    CustodyRecord.objects.filter(pk=left.pk).update(status=RecordStatus.CLOSED)
    page = custody_client.get(BOOK_IN, {"person": PersonFactory().pk}).content.decode()
    assert '<select class="govuk-select" id="id_cell" name="cell"' in page
    assert '<option value="" selected>No cell yet</option>' in page
    for free in ("C1", "C3", "C4"):
        assert f'<option value="{free}">{free}</option>' in page
    assert '<option value="C2">' not in page
    response = _book_in(custody_client, officer, cell="C3")
    assert response.status_code == 302
    assert CustodyRecord.objects.latest("pk").cell == "C3"


def test_no_cell_yet_is_allowed(custody_client, officer, celled_suite):
    assert _book_in(custody_client, officer, cell="").status_code == 302
    assert CustodyRecord.objects.get().cell == ""


@pytest.mark.parametrize("cell", ["C2", "C9", "<b>", "x" * 50])
def test_a_cell_taken_or_not_in_the_suite_is_refused_beside_the_field(
        custody_client, custody_sergeant, officer, celled_suite, cell):
    make_detainee(custody_sergeant, officer, celled_suite, cell="C2")
    response = _book_in(custody_client, officer, cell=cell)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a free cell from the list" in page
    assert 'href="#field-cell"' in page
    assert CustodyRecord.objects.count() == 1


def test_the_service_refuses_a_cell_another_booking_took_first(custody_sergeant, officer,
                                                                celled_suite):
    make_detainee(custody_sergeant, officer, celled_suite, cell="C1")
    now = timezone.now()
    with pytest.raises(CustodyRuleBroken) as refused:
        services.custody_book_in(acting_user=custody_sergeant, suite=celled_suite,
                                 person=PersonFactory(), arrested_at=now - timedelta(hours=1),
                                 arrived_at=now, arrest_place="High Street",
                                 arresting_officer=officer, grounds="Theft", cell="C1")
    assert [(p.code, p.field) for p in refused.value.problems] == [("cell_taken", "cell")]


def test_a_suite_that_lists_no_cells_has_its_cell_typed(custody_client, officer, suite):
    page = custody_client.get(BOOK_IN, {"person": PersonFactory().pk}).content.decode()
    assert 'name="cell" type="text"' in page
    assert _book_in(custody_client, officer, cell="C4").status_code == 302
    assert CustodyRecord.objects.get().cell == "C4"


def test_the_booking_leads_to_rights_risk_and_needs(custody_client, officer, suite):
    response = _book_in(custody_client, officer)
    record = CustodyRecord.objects.get()
    assert response["Location"] == reverse("custody:rights_risk_needs", args=[record.pk])


def test_the_relevant_time_questions_still_work(custody_client, officer, suite):
    arrived = timezone.localtime(timezone.now(), LONDON) - timedelta(hours=1)
    entered = arrived - timedelta(minutes=30)
    response = _book_in(custody_client, officer, arrest_place_kind="outside_ew",
                        arrested_at_0=(arrived - timedelta(hours=2)).strftime("%d/%m/%Y"),
                        arrested_at_1=(arrived - timedelta(hours=2)).strftime("%H:%M"),
                        arrived_at_0=arrived.strftime("%d/%m/%Y"),
                        arrived_at_1=arrived.strftime("%H:%M"),
                        entered_england_wales_at_0=entered.strftime("%d/%m/%Y"),
                        entered_england_wales_at_1=entered.strftime("%H:%M"),
                        earlier_detention="1:30")
    assert response.status_code == 302
    record = CustodyRecord.objects.get()
    assert record.arrest_place_kind == "outside_ew"
    assert record.entered_england_wales_at is not None
    assert record.earlier_detention_minutes == 90


# --- Rights, risk and needs on one page -----------------------------------------------

def details_data(**overrides):
    """The rights, risk and needs page filled in as a browser sends it: the boxes not
    ticked are not sent."""
    date, time = _moment()
    data = {"rights_at_0": date, "rights_at_1": time, "legal_advice": "wants",
            "someone_informed": "yes", "informed_who": "Her mother, 07700 900123",
            "written_notice_given": "yes", "solicitor_name": "", "interpreter_language": "",
            "appropriate_adult_name": "",
            "risk_at_0": date, "risk_at_1": time, **NO_RISKS,
            "drug_or_alcohol_intoxication": "yes",
            "drug_or_alcohol_intoxication_notes": "Smells of alcohol",
            "level": "", "level_reason": "",
            "needs_at_0": date, "needs_at_1": time, "diet": "Vegetarian", "religion": "",
            "medical": ""}
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def _details_url(record):
    return reverse("custody:rights_risk_needs", args=[record.pk])


def test_the_page_shows_all_three_each_timed_now(custody_client, detainee):
    page = custody_client.get(_details_url(detainee)).content.decode()
    for section in ('id="rights"', 'id="risk"', 'id="needs"'):
        assert section in page
    for name in ("rights_at", "risk_at", "needs_at"):
        assert _shown(page, name) in _now_shown()
    assert 'name="someone_informed" type="checkbox" value="yes">' in page
    assert '<div data-shown-when="someone_informed=yes">' in page


def test_the_page_saves_rights_risk_and_needs_together(custody_client, custody_sergeant,
                                                       detainee):
    response = custody_client.post(_details_url(detainee), details_data())
    assert response["Location"] == reverse("custody:property", args=[detainee.pk])
    rights = RightsGiven.objects.get(record=detainee)
    assert rights.someone_informed and rights.informed_who == "Her mother, 07700 900123"
    assert not rights.wants_codes and not rights.interpreter_needed
    assert rights.written_notice_given and rights.given_by == custody_sergeant
    assessment = RiskAssessment.objects.get(record=detainee)
    assert (assessment.recommended_level, assessment.level) == (2, 2)
    assert CustodyRecord.objects.get(pk=detainee.pk).observation_level == 2
    assert Needs.objects.get(record=detainee).diet == "Vegetarian"
    kinds = set(CustodyEntry.objects.filter(record=detainee).values_list("kind", flat=True))
    assert {EntryKind.RIGHTS, EntryKind.RISK_ASSESSMENT, EntryKind.NEEDS} <= kinds


def test_with_property_recorded_it_goes_back_to_the_record(custody_client, custody_sergeant,
                                                           detainee):
    services.property_item_record(acting_user=custody_sergeant, record=detainee,
                                  at=timezone.now(), description="Keys")
    response = custody_client.post(_details_url(detainee), details_data())
    assert response["Location"] == reverse("custody:record", args=[detainee.pk])


def test_problems_in_several_parts_are_each_shown_and_nothing_is_saved(custody_client,
                                                                        detainee):
    response = custody_client.post(_details_url(detainee), details_data(
        informed_who="", head_injury=None, diet="", religion="  ",
        medical="", level="9"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter who the detainee wants informed" in page
    assert "Answer &#x27;Head injury&#x27;" in page
    assert "Enter at least one need: diet, religion or medical" in page
    assert "Choose a level from the list" in page
    for anchor in ("field-informed_who", "field-head_injury", "field-diet", "field-level"):
        assert f'href="#{anchor}"' in page
    assert 'value="Smells of alcohol"' in page
    assert 'name="someone_informed" type="checkbox" value="yes" checked' in page
    assert not (RightsGiven.objects.exists() or RiskAssessment.objects.exists()
                or Needs.objects.exists())


def test_a_part_the_rules_refuse_saves_none_of_them(custody_client, detainee):
    """The risk assessment timed before the arrival: its problem beside its time, and
    the rights and needs, valid, not saved either."""
    response = custody_client.post(_details_url(detainee), details_data(
        risk_at_0="01/01/2020"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "cannot be before the arrival" in page
    assert 'href="#field-risk_at"' in page
    assert not (RightsGiven.objects.exists() or RiskAssessment.objects.exists()
                or Needs.objects.exists())
    assert not CustodyEntry.objects.filter(record=detainee, kind__in=[
        EntryKind.RIGHTS, EntryKind.RISK_ASSESSMENT, EntryKind.NEEDS]).exists()


def test_the_risk_rules_stay_a_lower_level_needs_a_reason(custody_client, detainee):
    url = _details_url(detainee)
    response = custody_client.post(url, details_data(self_harm_history="yes", level="1"))
    assert "give the reason for choosing a lower level" in response.content.decode()
    assert not RiskAssessment.objects.exists()
    response = custody_client.post(url, details_data(self_harm_history="yes", level="2",
                                                     level_reason="HCP advises level 2"))
    assert response.status_code == 302
    assert RiskAssessment.objects.get().recommended_level == 3


@pytest.mark.parametrize("overrides", [
    {"legal_advice": "<script>"}, {"someone_informed": "maybe"}, {"wants_codes": "1"},
    {"rights_at_0": "31/02/2026"}, {"needs_at_1": "noon"}, {"risk_at_0": "01/01/2099"},
    {"diet": "x" * 5000}, {"level_reason": "x" * 5000, "level": "1"},
])
def test_bad_input_is_explained_never_a_500(custody_client, detainee, overrides):
    response = custody_client.post(_details_url(detainee), details_data(**overrides))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not RightsGiven.objects.exists()


def test_only_custody_officers_of_the_force(client, officer, outsider, detainee):
    for user, status in ((officer, 404), (outsider, 404)):
        client.force_login(user)
        assert client.get(_details_url(detainee)).status_code == status
        assert client.post(_details_url(detainee), details_data()).status_code == status
    assert not RightsGiven.objects.exists()


# --- Property as a table --------------------------------------------------------------

def property_table(rows, *, count=3, **extra):
    """The property table: ``rows`` filled in order (each a dict by column), the rest
    left empty."""
    date, time = _moment()
    data = {"at_0": date, "at_1": time, "rows": str(count), **extra}
    for number in range(count):
        row = rows[number] if number < len(rows) else {}
        for column in ("description", "quantity", "cash", "bag_number", "signature"):
            data[f"item-{number}-{column}"] = row.get(column, "")
    return data


def _property_url(record):
    return reverse("custody:property", args=[record.pk])


WALLET = {"description": "Black leather wallet", "quantity": "1", "bag_number": "A1001",
          "signature": "signed"}
CASH = {"description": "Cash", "cash": "£12.40", "bag_number": "A1001",
        "signature": "refused"}


def test_the_table_shows_three_empty_rows_timed_now(custody_client, detainee):
    page = custody_client.get(_property_url(detainee)).content.decode()
    assert _shown(page, "at") in _now_shown()
    assert 'name="item-2-description"' in page and 'name="item-3-description"' not in page
    assert "Cash (£)" in page and '<option value="refused">Refused to sign</option>' in page


def test_several_items_are_saved_in_one_submit_and_empty_rows_ignored(
        custody_client, custody_sergeant, detainee):
    response = custody_client.post(_property_url(detainee), property_table([WALLET, CASH]))
    assert response["Location"] == reverse("custody:record", args=[detainee.pk])
    wallet, cash = PropertyItem.objects.filter(record=detainee).order_by("pk")
    assert (wallet.quantity, wallet.cash_pence, wallet.signed_by_detainee) == (1, None, True)
    assert (cash.quantity, cash.cash_pence, cash.refused_to_sign) == (None, 1240, True)
    assert cash.cash == "£12.40" and cash.recorded_by == custody_sergeant
    summaries = list(CustodyEntry.objects.filter(record=detainee, kind=EntryKind.PROPERTY)
                     .order_by("pk").values_list("summary", flat=True))
    assert summaries == [
        "Property: 1 × Black leather wallet, bag A1001; signed for by the detainee",
        "Property: cash £12.40, bag A1001; the detainee refused to sign for it"]
    page = custody_client.get(_property_url(detainee)).content.decode()
    assert "£12.40" in page and "Refused to sign" in page


@pytest.mark.parametrize("typed, pence", [
    ("£12.40", 1240), ("12.40", 1240), ("12.4", 1240), ("12", 1200), (" £ 0.05 ", 5),
    ("£1,200.50", 120050), ("1200", 120000), ("£9,999,999.99", 999999999),
])
def test_cash_is_read_in_pounds_and_pence_and_kept_exactly(custody_client, detainee, typed,
                                                           pence):
    response = custody_client.post(_property_url(detainee), property_table([
        {"description": "Cash", "cash": typed, "signature": "signed"}]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PropertyItem.objects.get().cash_pence == pence


@pytest.mark.parametrize("typed, message", [
    ("12.345", "Enter the cash in pounds and pence, for example £12.40"),
    ("twelve", "Enter the cash in pounds and pence, for example £12.40"),
    ("-5", "Enter the cash in pounds and pence, for example £12.40"),
    ("1e3", "Enter the cash in pounds and pence, for example £12.40"),
    ("12,40", "Enter the cash in pounds and pence, for example £12.40"),
    ("£0.00", "The cash must be more than £0.00"),
    ("9" * 40, "Enter the cash in pounds and pence, for example £12.40"),
])
def test_bad_cash_is_explained_beside_it_and_every_row_kept(custody_client, detainee, typed,
                                                            message):
    response = custody_client.post(_property_url(detainee), property_table([
        WALLET, {"description": "Cash", "cash": typed, "signature": "signed"}]))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'href="#field-item-1-cash"' in page
    assert "whole number" not in page
    assert 'value="Black leather wallet"' in page and f'value="{typed.strip()}"' in page
    assert not PropertyItem.objects.exists()


def test_cash_in_the_quantity_column_points_to_the_cash_column(custody_client, detainee):
    response = custody_client.post(_property_url(detainee), property_table([
        {"description": "Cash", "quantity": "£12.40", "signature": "signed"}]))
    page = response.content.decode()
    assert "The quantity must be a whole number, for example 2; put cash in the Cash (£) " \
           "column" in page
    assert "Enter the quantity as a whole number" not in page
    assert not PropertyItem.objects.exists()


def test_a_quantity_and_cash_on_one_row_is_refused(custody_client, detainee):
    page = custody_client.post(_property_url(detainee), property_table([
        {"description": "Cash", "quantity": "2", "cash": "5", "signature": "signed"}])
    ).content.decode()
    assert "Enter a quantity or an amount of cash, not both" in page
    assert not PropertyItem.objects.exists()


def test_a_half_filled_row_is_explained_field_by_field(custody_client, detainee):
    response = custody_client.post(_property_url(detainee), property_table([
        WALLET, {"bag_number": "A1002"}]))
    page = response.content.decode()
    assert "Item 2: Enter a description of the item" in page  # the summary says which
    assert "Item 2: Choose whether the detainee signed for it" in page
    assert 'href="#field-item-1-description"' in page and 'href="#field-item-1-signature"' in page
    assert 'value="A1002"' in page and 'value="Black leather wallet"' in page
    assert not PropertyItem.objects.exists()


def test_a_time_the_rules_refuse_is_said_once_at_the_time(custody_client, detainee):
    response = custody_client.post(_property_url(detainee), property_table(
        [WALLET, CASH], at_0="01/01/2020"))
    page = response.content.decode()
    assert page.count("cannot be before the arrival") == 2  # the summary, and the field
    assert 'href="#field-at"' in page
    assert 'value="£12.40"' in page
    assert not PropertyItem.objects.exists()


def test_a_table_with_nothing_in_it_asks_for_an_item(custody_client, detainee):
    page = custody_client.post(_property_url(detainee), property_table([])).content.decode()
    assert "Enter at least one item of property" in page
    assert not PropertyItem.objects.exists()


def test_a_row_with_no_quantity_is_one_item(custody_client, detainee):
    custody_client.post(_property_url(detainee), property_table([
        {"description": "Phone", "signature": "not_signed"}]))
    item = PropertyItem.objects.get()
    assert (item.quantity, item.signed_by_detainee, item.refused_to_sign) == (1, False, False)


def test_add_another_row_keeps_everything_typed_and_saves_nothing(custody_client, detainee):
    response = custody_client.post(_property_url(detainee), property_table(
        [WALLET, {"description": "Half typed"}], count=3, add_row="1", at_1="09:15"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="rows" value="4"' in page and 'name="item-3-description"' in page
    assert 'value="Black leather wallet"' in page and 'value="Half typed"' in page
    assert '<option value="signed" selected>Signed</option>' in page
    assert 'value="09:15"' in page
    assert "There is a problem" not in page
    assert not PropertyItem.objects.exists()


@pytest.mark.parametrize("rows", ["", "-1", "abc", "99999999999999999999", "0"])
def test_a_row_count_sent_wrong_is_no_500(custody_client, detainee, rows):
    response = custody_client.post(_property_url(detainee), {
        **property_table([WALLET]), "rows": rows})
    assert response.status_code in (200, 302)


def test_the_service_saves_all_the_items_or_none(custody_sergeant, detainee):
    with pytest.raises(services.PartsRefused) as refused:
        services.property_items_record(
            acting_user=custody_sergeant, record=detainee, at=timezone.now(), items=[
                {"description": "Wallet"},
                {"description": "", "quantity": 1},
                {"description": "Cash", "quantity": 2, "cash_pence": 500}])
    assert {part: [p.code for p in problems]
            for part, problems in refused.value.by_part.items()} == {
        1: ["description_missing"], 2: ["quantity_and_cash"]}
    assert not PropertyItem.objects.exists()


def test_the_cash_field_holds_pence(db):
    assert CashField(required=False).clean("£12.40") == 1240
    assert CashField(required=False).clean("") is None


# --- The checklist on the custody record ----------------------------------------------

def _checklist(record, user, now=None):
    found = records_for_pages().get(pk=record.pk)
    return booking_checklist(found, clock=record_clock(found), user=user, now=now)


def _statuses(items):
    return {item.anchor: item.status for item in items}


def test_a_record_just_booked_in_has_everything_but_the_booking_to_do(
        custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, authorise=False)
    checklist = _checklist(record, custody_sergeant)
    assert _statuses(checklist.booking) == {
        "booking": DONE, "authorised": TO_DO, "rights": TO_DO, "risk": TO_DO,
        "needs": TO_DO, "property": TO_DO}
    assert checklist.to_do == 5
    assert checklist.times == ()
    links = {item.anchor: item.url for item in checklist.booking}
    assert links["authorised"] == reverse("custody:authorise", args=[record.pk])
    assert links["rights"] == _details_url(record) + "#rights"
    assert links["property"] == _property_url(record)


def test_steps_done_say_when_and_by_whom(custody_client, custody_sergeant, detainee):
    custody_client.post(_details_url(detainee), details_data())
    custody_client.post(_property_url(detainee), property_table([WALLET]))
    checklist = _checklist(detainee, custody_sergeant)
    assert set(_statuses(checklist.booking).values()) == {DONE}
    rights = next(item for item in checklist.booking if item.anchor == "rights")
    assert rights.hint.endswith(f"by {custody_sergeant.display_name}") and not rights.url


def test_the_times_to_keep_are_due_then_overdue(custody_sergeant, officer, suite,
                                                 inspector):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=3)
    now = timezone.now()
    checklist = _checklist(record, custody_sergeant, now=now)
    statuses = _statuses(checklist.times)
    # Authorised 2 h 50 min ago: the first review is due within 6 h; the hourly check
    # was due 1 h 50 min ago; the 24-hour limit is far off.
    assert statuses == {"review": DUE, "check": OVERDUE, "limit": DUE}
    review = next(item for item in checklist.times if item.anchor == "review")
    assert review.title == "1st review of detention" and review.url == ""
    assert _checklist(record, inspector, now=now).times[0].url == reverse(
        "custody:review_add", args=[record.pk])
    later = _statuses(_checklist(record, custody_sergeant, now=now + timedelta(hours=22)).times)
    assert later == {"review": OVERDUE, "check": OVERDUE, "limit": OVERDUE}


def test_a_closed_record_has_no_times_and_no_links(custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    CustodyRecord.objects.filter(pk=record.pk).update(status=RecordStatus.CLOSED)
    checklist = _checklist(record, custody_sergeant)
    assert checklist.times == ()
    assert not any(item.url for item in checklist.booking)


def test_the_record_page_shows_the_checklist(custody_client, custody_sergeant, detainee):
    custody_client.post(_details_url(detainee), details_data())
    page = custody_client.get(reverse("custody:record", args=[detainee.pk])).content.decode()
    assert 'id="checklist"' in page
    assert "Booking in: 1 to do" in page
    assert f'href="{_property_url(detainee)}"' in page
    assert "Due next" in page and "Overdue" in page and "Detention limit" in page


def test_the_checklist_reads_nothing_the_record_page_has_not_read(
        custody_client, custody_sergeant, detainee, django_assert_num_queries):
    custody_client.post(_details_url(detainee), details_data())
    custody_client.post(_property_url(detainee), property_table([WALLET, CASH]))
    found = records_for_pages().get(pk=detainee.pk)
    clock = record_clock(found)
    custody_sergeant.has_perm("custody.change_custodyrecord", found)  # as the page has
    with django_assert_num_queries(0):
        checklist = booking_checklist(found, clock=clock, user=custody_sergeant)
    assert checklist.to_do == 0
