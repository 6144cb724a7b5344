from datetime import date

import pytest

from athena.audit.models import AuditEvent
from athena.jobs.models import Job, JobStatus
from athena.people import services
from athena.people.models import Alias, Gender, Person, PersonAddress, PersonVehicle
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _create(officer, **fields):
    return services.person_create(acting_user=officer, surname="Smith", forenames="John",
                                  **fields)


def test_person_create_records_the_force_and_searchable_names(officer):
    person = _create(officer, date_of_birth=date(1985, 11, 27), gender=Gender.MALE,
                     pnc_id="2012/0345678a")
    assert person.created_by_force == officer.force
    assert person.created_by == officer
    assert person.search_text == "john smith"
    assert person.pnc_id == "12/345678A"


def test_person_create_writes_an_audit_event_without_names(officer):
    person = _create(officer)
    event = AuditEvent.objects.get(action="people.person.created")
    assert event.object_type == "people.person"
    assert event.object_id == str(person.pk)
    assert event.actor == officer
    assert "Smith" not in str(event.details) and "John" not in str(event.details)


def test_person_create_queues_the_index_job_and_sends_it_on_commit(
        officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        person = _create(officer)
    job = Job.objects.get(kind="people.person.index")
    assert job.object_type == "people.person"
    assert job.object_id == str(person.pk)
    assert job.status == JobStatus.QUEUED
    assert len(callbacks) == 1
    assert person.phonetic_keys == ""  # the worker writes them


def test_person_create_and_its_audit_event_land_together_or_not_at_all(officer, monkeypatch):
    def audit_fails(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_record", audit_fails)
    with pytest.raises(RuntimeError):
        _create(officer)
    assert not Person.objects.exists()
    assert not Job.objects.exists()


def test_person_create_refuses_a_pnc_id_already_on_the_index(officer):
    existing = PersonFactory(pnc_id="12/345678A")
    with pytest.raises(services.DuplicatePncId) as raised:
        _create(officer, pnc_id="12/0345678A")
    assert raised.value.person_id == existing.pk


def test_person_create_refuses_unknown_fields(officer):
    with pytest.raises(TypeError):
        _create(officer, search_text="anything")


def test_person_update_changes_only_the_given_fields_and_audits_their_names(officer):
    person = _create(officer)
    updated = services.person_update(acting_user=officer, person=person, surname="Smyth",
                                     expected_version=1)
    assert updated.surname == "Smyth"
    assert updated.forenames == "John"
    assert updated.search_text == "john smyth"
    assert updated.version == 2
    event = AuditEvent.objects.get(action="people.person.updated")
    assert event.details == {"fields": ["surname"]}
    assert Job.objects.filter(kind="people.person.index").count() == 2


def test_person_update_without_a_name_change_queues_no_index_job(officer):
    person = _create(officer)
    services.person_update(acting_user=officer, person=person, gender=Gender.MALE)
    assert Job.objects.filter(kind="people.person.index").count() == 1


def test_person_update_with_nothing_changed_writes_nothing(officer):
    person = _create(officer)
    services.person_update(acting_user=officer, person=person, surname="Smith")
    assert not AuditEvent.objects.filter(action="people.person.updated").exists()
    person.refresh_from_db()
    assert person.version == 1


def test_a_stale_edit_is_refused(officer):
    person = _create(officer)
    services.person_update(acting_user=officer, person=person, forenames="Jon")
    with pytest.raises(services.PersonEditConflict):
        services.person_update(acting_user=officer, person=person, surname="Smyth",
                               expected_version=1)
    person.refresh_from_db()
    assert person.surname == "Smith"


def test_person_update_refuses_another_persons_pnc_id(officer):
    PersonFactory(pnc_id="12/345678A")
    person = _create(officer)
    with pytest.raises(services.DuplicatePncId):
        services.person_update(acting_user=officer, person=person, pnc_id="12/345678A")


def test_an_alias_joins_the_search_text_and_is_audited_by_id(officer):
    person = _create(officer)
    alias = services.person_alias_add(acting_user=officer, person=person, surname="Daniels",
                                      forenames="Jack")
    person.refresh_from_db()
    assert person.search_text == "john smith | jack daniels"
    event = AuditEvent.objects.get(action="people.alias.created")
    assert event.details == {"alias_id": alias.pk}
    assert Alias.objects.get().created_by == officer


def test_an_address_is_a_new_location_linked_to_the_person(officer):
    person = _create(officer)
    link = services.person_address_add(acting_user=officer, person=person,
                                       address_type="home", address_line_1="1 High Street",
                                       town="Chelmsford", postcode="cm11aa")
    assert link.location.postcode == "CM1 1AA"
    assert link.location.created_by_force == officer.force
    assert PersonAddress.objects.get().person == person
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "people.location.created", "people.address.linked"}


def test_a_vehicle_is_recorded_by_its_registration_and_linked(officer):
    person = _create(officer)
    link = services.person_vehicle_add(acting_user=officer, person=person, link_type="driver",
                                       registration_mark="ab12 cde", make="Ford")
    assert link.vehicle.registration_mark == "AB12CDE"
    assert PersonVehicle.objects.get().link_type == "driver"
    assert AuditEvent.objects.filter(action="people.vehicle.linked").exists()


def test_a_location_and_a_vehicle_can_be_recorded_alone(officer):
    location = services.location_create(acting_user=officer, address_line_1="Car park",
                                        description="Behind the Red Lion")
    vehicle = services.vehicle_create(acting_user=officer, registration_mark="XY99ZZZ")
    assert AuditEvent.objects.get(action="people.location.created").object_id == str(
        location.pk)
    assert AuditEvent.objects.get(action="people.vehicle.created").object_id == str(vehicle.pk)


def test_a_search_is_audited_with_its_query_and_the_people_it_listed(officer, john_smith):
    services.person_searched(acting_user=officer, query="John\x00 Smith",
                             date_of_birth=date(1985, 11, 27), results=[john_smith])
    event = AuditEvent.objects.get(action="people.person.searched")
    assert event.details == {"query": "John Smith", "result_count": 1,
                             "person_ids": [john_smith.pk], "date_of_birth": "1985-11-27"}


def test_a_view_is_audited_with_a_printable_reason(officer, john_smith):
    services.person_viewed(acting_user=officer, person=john_smith, reason="Enquiry\x00 42")
    event = AuditEvent.objects.get(action="people.person.viewed")
    assert event.reason == "Enquiry 42"


def test_a_pnc_id_taken_by_a_concurrent_create_is_reported_as_a_duplicate(officer,
                                                                         monkeypatch):
    existing = PersonFactory(pnc_id="12/345678A")
    real_check, checks = services._check_pnc_id_free, []

    def check_misses_the_other_request_the_first_time(**kwargs):
        checks.append(kwargs)
        if len(checks) > 1:
            real_check(**kwargs)

    monkeypatch.setattr(services, "_check_pnc_id_free",
                        check_misses_the_other_request_the_first_time)
    with pytest.raises(services.DuplicatePncId) as raised:
        _create(officer, pnc_id="12/345678A")
    assert raised.value.person_id == existing.pk
    assert Person.objects.count() == 1


def test_a_user_of_no_force_cannot_own_a_record(officer):
    officer.force = None
    with pytest.raises(services.NoForce):
        _create(officer)
    with pytest.raises(services.NoForce):
        services.vehicle_create(acting_user=officer, registration_mark="AB12CDE")
