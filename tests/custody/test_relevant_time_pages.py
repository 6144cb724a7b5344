"""The PACE cases through the sergeant's pages: booking in a voluntary attender, a person
arrested abroad and one answering bail; time in hospital; the warrant's grace; and an
extension refused for a summary-only offence, each explained beside its field."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.offences.models import OffenceCategory
from custody.authorisations.services import custody_authorise_detention
from custody.detention import services as detention
from custody.detention.selectors import record_clock
from custody.models import ArrestPlace, CustodyRecord, HospitalStay
from custody.records.rules import LONDON
from tests.custody.test_pages import BOOK_IN, book_in_data, make_detainee
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory


def _parts(moment):
    local = moment.astimezone(LONDON)
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M")


def _book(client, officer, **overrides):
    OffenceFactory(cjs_code="TH68010", title="Theft from a shop")
    return client.post(BOOK_IN, {"person": PersonFactory().pk,
                                 **book_in_data(officer, **overrides)})


def test_a_voluntary_attender_is_booked_in_with_the_arrest_after_the_arrival(
        custody_client, officer, suite, custody_sergeant):
    arrived = timezone.now() - timedelta(hours=3)
    arrested = arrived + timedelta(hours=1)
    day, time = _parts(arrived)
    arrest_day, arrest_time = _parts(arrested)
    response = _book(custody_client, officer, arrived_at_0=day, arrived_at_1=time,
                     arrested_at_0=arrest_day, arrested_at_1=arrest_time,
                     arrest_place_kind=ArrestPlace.AT_STATION)
    record = CustodyRecord.objects.get()
    assert response.status_code == 302
    assert record.arrest_place_kind == ArrestPlace.AT_STATION
    custody_authorise_detention(acting_user=custody_sergeant, record=record,
                                          grounds="questioning", necessity=["investigation"],
                                          at=arrested + timedelta(minutes=5))
    record.refresh_from_db()
    clock = record_clock(record)
    assert clock.relevant_time == record.arrested_at  # s.41(2)(c)
    page = custody_client.get(reverse("custody:record", args=[record.pk])).content.decode()
    assert "voluntary attender (PACE s.41(2)(c))" in page


def test_anyone_else_arriving_before_the_arrest_is_refused(custody_client, officer, suite):
    response = _book(custody_client, officer, arrived_at_0="01/01/2020")
    assert "The arrival cannot be before the arrest" in response.content.decode()
    assert not CustodyRecord.objects.exists()


def test_an_arrest_abroad_asks_when_they_entered_england_and_wales(custody_client, officer,
                                                                    suite):
    response = _book(custody_client, officer,
                     arrest_place_kind=ArrestPlace.OUTSIDE_ENGLAND_WALES)
    assert response.context["form"].errors["entered_england_wales_at"] == [
        "Enter when they entered England and Wales: the relevant time runs from it"]
    arrested = timezone.now() - timedelta(hours=2)
    entered_day, entered_time = _parts(arrested + timedelta(minutes=20))
    _book(custody_client, officer, arrest_place_kind=ArrestPlace.OUTSIDE_ENGLAND_WALES,
          entered_england_wales_at_0=entered_day, entered_england_wales_at_1=entered_time)
    assert CustodyRecord.objects.get().entered_england_wales_at is not None


@pytest.mark.parametrize("typed, minutes", [("5:30", 330), ("5.30", 330), ("2", 120),
                                            ("", 0)])
def test_time_already_in_detention_is_typed_as_hours_and_minutes(custody_client, officer,
                                                                 suite, typed, minutes):
    _book(custody_client, officer, earlier_detention=typed)
    assert CustodyRecord.objects.get().earlier_detention_minutes == minutes


@pytest.mark.parametrize("typed", ["5:75", "five", "97:00", "²"])
def test_a_time_in_detention_that_is_not_hours_and_minutes_is_explained(
        custody_client, officer, suite, typed):
    response = _book(custody_client, officer, earlier_detention=typed)
    assert response.status_code == 200
    assert response.context["form"].errors["earlier_detention"]
    assert response.context["form"]["earlier_detention"].value() == typed


def test_time_in_hospital_not_questioned_moves_the_limit(custody_client, custody_sergeant,
                                                         officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=8)
    before = record_clock(record).detention_limit
    left, back = timezone.now() - timedelta(hours=5), timezone.now() - timedelta(hours=2)
    (left_day, left_time), (back_day, back_time) = _parts(left), _parts(back)
    url = reverse("custody:hospital_add", args=[record.pk])
    response = custody_client.post(url, {"left_at_0": left_day, "left_at_1": left_time,
                                         "returned_at_0": back_day, "returned_at_1": back_time,
                                         "hospital": "Broomfield", "questioned": "no"})
    assert response.status_code == 302
    record = CustodyRecord.objects.get()
    assert HospitalStay.objects.get().hospital == "Broomfield"
    after = record_clock(record).detention_limit
    assert after - before == (back.replace(second=0, microsecond=0)
                              - left.replace(second=0, microsecond=0))
    page = custody_client.get(reverse("custody:record", args=[record.pk])).content.decode()
    assert "in hospital, not questioned (s.41(6))" in page


def test_a_return_before_leaving_for_hospital_is_explained(custody_client, custody_sergeant,
                                                           officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=8)
    (left_day, left_time) = _parts(timezone.now() - timedelta(hours=1))
    (back_day, back_time) = _parts(timezone.now() - timedelta(hours=3))
    response = custody_client.post(reverse("custody:hospital_add", args=[record.pk]), {
        "left_at_0": left_day, "left_at_1": left_time, "returned_at_0": back_day,
        "returned_at_1": back_time, "questioned": "no"})
    assert response.context["form"].errors["returned_at"] == [
        "The return cannot be before leaving for hospital"]
    assert not HospitalStay.objects.exists()


def test_an_extension_for_a_summary_only_offence_is_refused_on_the_page(
        client, superintendent, custody_sergeant, officer, suite, inspector):
    summary = OffenceFactory(cjs_code="CJ88001", title="Common assault",
                             category=OffenceCategory.SUMMARY_NON_MOTORING)
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=20,
                           offences=[summary])
    for hours in (6, 14):
        detention.review_record(acting_user=inspector, record=record,
                                at=record.authorised_at + timedelta(hours=hours))
    client.force_login(superintendent)
    day, time = _parts(timezone.now())
    response = client.post(reverse("custody:extension_add", args=[record.pk]), {
        "at_0": day, "at_1": time, "new_limit_hours": "36", "grounds": "Awaiting CCTV"})
    assert response.status_code == 200
    assert "only for an indictable offence (PACE s.42(1))" in response.content.decode()
    assert not record.extensions.exists()
