"""Booking in and authorising detention: the custody record and its timeline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from custody.models import CustodyEntry, EntryKind, RecordStatus
from custody.records.services import CustodyRuleBroken
from custody.services import custody_authorise_detention, custody_book_in
from tests.factories import UserFactory
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory


def book_in(custody_sergeant, officer, suite, person=None, **overrides):
    now = timezone.now()
    fields = {"arrested_at": now - timedelta(hours=2), "arrived_at": now - timedelta(hours=1),
              "arrest_place": "High Street, Chelmsford", "arresting_officer": officer,
              "grounds": "Seen taking goods from a shop without paying",
              "offences": [OffenceFactory(cjs_code="TH68010")]}
    fields.update(overrides)
    return custody_book_in(acting_user=custody_sergeant, suite=suite,
                           person=person or PersonFactory(), **fields)


def test_booking_in_opens_a_numbered_record_with_its_first_timeline_entry(
    custody_sergeant, officer, suite
):
    record = book_in(custody_sergeant, officer, suite)
    year = timezone.localdate().year % 100
    assert record.custody_number == f"CHE-{year:02d}-00001"
    assert record.status == RecordStatus.AWAITING_AUTHORISATION
    entry = CustodyEntry.objects.get(record=record)
    assert entry.kind == EntryKind.BOOKED_IN
    assert entry.occurred_at == record.arrived_at
    assert entry.recorded_by == custody_sergeant
    assert AuditEvent.objects.filter(action="custody.record.opened").count() == 1
    assert book_in(custody_sergeant, officer, suite).custody_number.endswith("-00002")


@pytest.mark.parametrize(("overrides", "message"), [
    ({"arrived_at": timezone.now() - timedelta(hours=3)}, "before the arrest"),
    ({"arrived_at": timezone.now() + timedelta(hours=1),
      "arrested_at": timezone.now()}, "in the future"),
])
def test_impossible_times_are_refused(custody_sergeant, officer, suite, overrides, message):
    with pytest.raises(CustodyRuleBroken, match=message):
        book_in(custody_sergeant, officer, suite, **overrides)


def test_a_person_already_detained_cannot_be_booked_in_twice(custody_sergeant, officer, suite):
    person = PersonFactory()
    book_in(custody_sergeant, officer, suite, person=person)
    with pytest.raises(CustodyRuleBroken, match="already in custody"):
        book_in(custody_sergeant, officer, suite, person=person)


def test_authorising_detention_starts_the_review_clock(custody_sergeant, officer, suite):
    record = book_in(custody_sergeant, officer, suite)
    at = record.arrived_at + timedelta(minutes=20)
    record = custody_authorise_detention(acting_user=custody_sergeant, record=record, at=at,
                                         grounds="questioning", necessity=["investigation"])
    assert record.status == RecordStatus.DETAINED
    assert record.authorised_at == at
    assert list(record.entries.values_list("kind", flat=True)) == [
        EntryKind.BOOKED_IN, EntryKind.DETENTION_AUTHORISED]
    with pytest.raises(CustodyRuleBroken, match="already been authorised"):
        custody_authorise_detention(acting_user=custody_sergeant, record=record, at=at,
                                    grounds="questioning", necessity=["investigation"])


def test_detention_cannot_be_authorised_before_arrival(custody_sergeant, officer, suite):
    record = book_in(custody_sergeant, officer, suite)
    with pytest.raises(CustodyRuleBroken, match="before the arrival"):
        custody_authorise_detention(acting_user=custody_sergeant, record=record,
                                    grounds="questioning", necessity=["investigation"],
                                    at=record.arrived_at - timedelta(minutes=1))


def test_who_may_read_and_run_a_custody_record(custody_sergeant, officer, suite, outsider,
                                                home_force):
    record = book_in(custody_sergeant, officer, suite)
    inspector = UserFactory(username="insp_grey", force=home_force, roles=[Role.INSPECTOR])
    assert custody_sergeant.has_perm("custody.book_in")
    assert custody_sergeant.has_perm("custody.change_custodyrecord", record)
    assert inspector.has_perm("custody.view_custodyrecord", record)
    assert not inspector.has_perm("custody.change_custodyrecord", record)
    assert not officer.has_perm("custody.book_in")
    outside_sergeant = UserFactory(username="ps_kent", force=outsider.force,
                                   roles=[Role.CUSTODY_OFFICER])
    assert not outside_sergeant.has_perm("custody.view_custodyrecord", record)
