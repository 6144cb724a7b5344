"""The long route offers what the app knows, as the quick file fills it in: the court near
the station, the first hearing on the target day, no previous convictions for a person
with no PNC record, no Welsh hearing outside Wales. Each is shown filled in and labelled
on its page and stored only when the officer saves the page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.accounts.models import Force
from athena.accounts.roles import Role
from cases.constants import BailStatus, Plea
from cases.known import NO_PNC_RECORD
from cases.services import case_create
from tests.factories import UserFactory
from tests.people.factories import PersonFactory


@pytest.fixture
def officer(home_force):
    return UserFactory(username="pc_carter", force=home_force, roles=[Role.OFFICER],
                       team="Colchester Response")


def _file(officer, shop_theft, person=None, plea=Plea.GUILTY, **details):
    return case_create(acting_user=officer, person=person or PersonFactory(),
                       offences=[(shop_theft, plea)],
                       bail_status=details.pop("bail_status", BailStatus.UNCONDITIONAL_BAIL),
                       **details)


def _field(page, name):
    return next(f for f in page.context["fields"] if f["definition"].name == name)


def test_the_charges_page_offers_the_court_and_the_first_hearing(officer_client, officer,
                                                                 shop_theft):
    case = _file(officer, shop_theft)
    url = reverse("cases:section", args=[case.pk, "charges"])
    page = officer_client.get(url)
    court = _field(page, "court")
    assert court["court_text"] == "Colchester Magistrates' Court"
    assert court["suggested"] == "From your station"
    assert "Filled in for you: from your station." in page.content.decode()
    assert not case.sections.exists()  # offered, not stored

    charged = timezone.localdate() - timedelta(days=1)
    officer_client.post(url, {"charge_date": charged.strftime("%d/%m/%Y"), "version": 0,
                              "court": "Colchester Magistrates' Court"})
    page = officer_client.get(url)
    hearing = _field(page, "first_hearing_date")
    assert hearing["bound"].value() == (charged + timedelta(days=14)).isoformat()
    assert hearing["suggested"] == "From the file rules"
    assert _field(page, "first_hearing_time")["bound"].value() == "10:00"


def test_a_remanded_defendant_is_offered_the_next_court_day(officer_client, officer,
                                                            shop_theft):
    case = _file(officer, shop_theft, bail_status=BailStatus.REMAND)
    url = reverse("cases:section", args=[case.pk, "charges"])
    friday = timezone.localdate() - timedelta(days=(timezone.localdate().weekday() - 4) % 7)
    officer_client.post(url, {"charge_date": friday.strftime("%d/%m/%Y"), "version": 0})
    page = officer_client.get(url)
    assert _field(page, "first_hearing_date")["bound"].value() == (
        friday + timedelta(days=3)).isoformat()


def test_an_answer_given_is_never_replaced_by_an_offer(officer_client, officer, shop_theft):
    case = _file(officer, shop_theft)
    url = reverse("cases:section", args=[case.pk, "charges"])
    officer_client.post(url, {"court": "Chelmsford Magistrates' Court", "version": 0})
    court = _field(officer_client.get(url), "court")
    assert (court["court_text"], court["suggested"]) == ("Chelmsford Magistrates' Court", "")


def test_no_pnc_record_is_offered_as_no_previous_convictions(officer_client, officer,
                                                             shop_theft):
    case = _file(officer, shop_theft)
    url = reverse("cases:section", args=[case.pk, "previous_convictions"])
    assert _field(officer_client.get(url), "pnc_convictions")["bound"].value() == NO_PNC_RECORD

    on_the_pnc = _file(officer, shop_theft, person=PersonFactory(pnc_id="12/345678A"))
    url = reverse("cases:section", args=[on_the_pnc.pk, "previous_convictions"])
    assert _field(officer_client.get(url), "pnc_convictions")["bound"].value() in (None, "")


def test_only_a_welsh_force_is_asked_about_welsh_unprompted(officer_client, officer,
                                                            shop_theft, client):
    case = _file(officer, shop_theft)
    suspect = case.suspects.get()
    page = officer_client.get(reverse("cases:defendant", args=[case.pk, suspect.pk]))
    welsh = _field(page, "dealt_with_in_welsh")
    assert (welsh["bound"].value(), welsh["suggested"]) == ("no", "From your force")

    gwent = Force.objects.get_or_create(code="62", defaults={"name": "Gwent"})[0]
    welsh_officer = UserFactory(username="pc_price", force=gwent, roles=[Role.OFFICER])
    case = _file(welsh_officer, shop_theft)
    client.force_login(welsh_officer)
    page = client.get(reverse("cases:defendant", args=[case.pk, case.suspects.get().pk]))
    assert _field(page, "dealt_with_in_welsh")["bound"].value() in (None, "")


def test_a_file_that_cannot_change_offers_nothing(client, officer, shop_theft, supervisor):
    case = _file(officer, shop_theft)
    client.force_login(supervisor)
    page = client.get(reverse("cases:section", args=[case.pk, "charges"]))
    assert _field(page, "court")["suggested"] == ""


def test_a_file_from_custody_is_offered_its_charge_time_and_the_court_by_the_suite(
        officer_client, officer, custody_sergeant, home_force, shop_theft):
    from custody.detention.services import charge_record
    from custody.models import CustodySuite
    from custody.services import custody_authorise_detention, custody_book_in

    suite = CustodySuite.objects.create(force=home_force, code="SOU", name="Southend")
    person = PersonFactory()
    arrived = timezone.now() - timedelta(hours=6)
    record = custody_book_in(acting_user=custody_sergeant, suite=suite, person=person,
                             arrested_at=arrived - timedelta(minutes=20), arrived_at=arrived,
                             arrest_place="High Street", arresting_officer=officer,
                             grounds="Seen in the shop", offences=[shop_theft])
    custody_authorise_detention(acting_user=custody_sergeant, record=record,
                                grounds="questioning", necessity=["investigation"],
                                at=arrived + timedelta(minutes=5))
    charged_at = arrived + timedelta(hours=5)
    charge_record(acting_user=custody_sergeant, record=record, at=charged_at)
    case = _file(officer, shop_theft, person=person, custody_record_id=record.pk)

    page = officer_client.get(reverse("cases:section", args=[case.pk, "charges"]))
    charged_on = timezone.localtime(charged_at).date()
    assert _field(page, "charge_date")["bound"].value() == charged_on.isoformat()
    assert _field(page, "charge_date")["suggested"] == "From the custody record"
    assert _field(page, "first_hearing_date")["bound"].value() == (
        charged_on + timedelta(days=14)).isoformat()
    assert _field(page, "court")["court_text"] == "Southend Magistrates' Court"
