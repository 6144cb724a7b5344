from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from athena.people.models import Gender, Person, PersonAddress, PersonVehicle
from tests.factories import UserFactory
from tests.people.factories import AliasFactory, LocationFactory, PersonFactory, VehicleFactory
from tests.reasons import REASON, enquire, open_for_reason

SEARCH_URL = reverse("people:search")
CREATE_URL = reverse("people:person_create")


def _detail_url(person):
    return reverse("people:person_detail", args=[person.pk])


def _valid_person(**overrides):
    data = {"surname": "Okafor", "forenames": "Chinedu", "date_of_birth": "27/11/1985",
            "gender": Gender.MALE, "self_defined_ethnicity": "B2", "pnc_id": "",
            "cro_number": ""}
    data.update(overrides)
    return data


# --- Search -------------------------------------------------------------------------------

def test_search_page_shows_an_empty_form_and_audits_nothing(officer_client):
    response = officer_client.get(SEARCH_URL)
    assert response.status_code == 200
    assert b"Name, PNC ID or CRO number" in response.content
    assert b"Up to 200 characters" in response.content
    assert not AuditEvent.objects.filter(action="people.person.searched").exists()


def test_search_lists_matches_with_aliases_birth_date_and_pnc_id(officer_client, john_smith):
    john_smith.pnc_id = "12/345678A"
    john_smith.save()
    AliasFactory(person=john_smith, forenames="Jack", surname="Smith")
    response = open_for_reason(officer_client, SEARCH_URL, {"query": "Smyth Jon"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "1 person found" in content
    assert f'href="{_detail_url(john_smith)}"' in content
    assert "Jack SMITH" in content
    assert "27 Nov 1985" in content
    assert "12/345678A" in content


def test_each_search_is_audited_with_the_query_and_the_people_listed(officer_client, officer,
                                                                     john_smith):
    open_for_reason(officer_client, SEARCH_URL,
                    {"query": "John Smith", "date_of_birth": "27/11/1985"})
    event = AuditEvent.objects.get(action="people.person.searched")
    assert event.actor == officer
    assert event.reason == REASON
    assert event.details == {"query": "John Smith", "result_count": 1,
                             "person_ids": [john_smith.pk], "date_of_birth": "1985-11-27"}


def test_a_search_that_finds_nobody_says_so(officer_client, john_smith):
    response = open_for_reason(officer_client, SEARCH_URL, {"query": "Wojcik"})
    assert b"0 people found" in response.content
    assert b"No one on the index matches" in response.content


@pytest.mark.parametrize(("params", "message"), [
    ({"query": ""}, "Enter a name, PNC ID or CRO number to search for"),
    ({"query": "x" * 20_000}, "Search must be 200 characters or fewer"),
    ({"query": ".*("}, "Enter a name using letters, or a PNC ID or CRO number"),
    ({"query": "😀"}, "Enter a name using letters, or a PNC ID or CRO number"),
    ({"query": "Smith\x00"}, "Null characters are not allowed."),
    ({"query": "Smith", "date_of_birth": "31/02/1990"}, "Date of birth must be a real date"),
    ({"query": "Smith", "date_of_birth": "tomorrow"},
     "Date of birth must be a real date, for example 27/11/1985"),
])
def test_bad_search_input_gets_a_message_by_the_field(officer_client, params, message):
    response = officer_client.get(SEARCH_URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert b"There is a problem" in response.content
    assert not AuditEvent.objects.filter(action="people.person.searched").exists()


@pytest.mark.parametrize("query", ["'; DROP TABLE people_person;--", "'", '"', "%_%",
                                   "Smith ' OR 1=1 --", "<script>alert(1)</script>"])
def test_hostile_search_text_is_answered_normally(officer_client, john_smith, query):
    response = open_for_reason(officer_client, SEARCH_URL, {"query": query})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert Person.objects.filter(pk=john_smith.pk).exists()


def test_the_search_keeps_what_was_typed(officer_client):
    response = officer_client.get(SEARCH_URL, {"query": "Jon Smyth", "date_of_birth": "31/02/1990"})
    content = response.content.decode()
    assert 'value="Jon Smyth"' in content
    assert 'value="31/02/1990"' in content


def test_search_page_queries_do_not_grow_with_the_results(officer_client,
                                                          django_assert_max_num_queries):
    for number in range(60):
        person = PersonFactory(forenames="John", surname="Smith")
        if number % 3 == 0:
            AliasFactory(person=person, forenames="Jack", surname="Smith")
    enquire(officer_client, "people.search")
    with django_assert_max_num_queries(26):  # PostgreSQL adds SET LOCAL and a savepoint
        response = officer_client.get(SEARCH_URL, {"query": "John Smith"})
    assert len(response.context["results"]) == 25


def test_a_cps_lawyer_may_not_search_the_index(client, cps_lawyer):
    client.force_login(cps_lawyer)
    assert client.get(SEARCH_URL, {"query": "Smith"}).status_code == 403


def test_an_officer_of_another_force_may_search_the_national_index(client, outsider,
                                                                   john_smith):
    client.force_login(outsider)
    response = open_for_reason(client, SEARCH_URL, {"query": "John Smith"})
    assert f'href="{_detail_url(john_smith)}"'.encode() in response.content


def test_signed_out_users_are_sent_to_sign_in(client):
    response = client.get(SEARCH_URL)
    assert response.status_code == 302
    assert "/account/" in response.url


# --- Person record ------------------------------------------------------------------------

def test_person_page_shows_the_record_and_audits_the_view(officer_client, officer, john_smith):
    location = LocationFactory(address_line_1="1 High Street")
    PersonAddress.objects.create(person=john_smith, location=location, address_type="home")
    vehicle = VehicleFactory(registration_mark="AB12CDE")
    PersonVehicle.objects.create(person=john_smith, vehicle=vehicle, link_type="keeper")
    response = open_for_reason(officer_client, _detail_url(john_smith),
                               reason="Enquiry 42/1234: a named suspect")
    assert response.status_code == 200
    content = response.content.decode()
    assert "John SMITH" in content
    assert "27 November 1985" in content
    assert "1 High Street" in content
    assert "AB12CDE" in content
    assert "Change<span" in content
    event = AuditEvent.objects.get(action="people.person.viewed")
    assert (event.actor, event.object_id, event.reason) == (officer, str(john_smith.pk),
                                                            "Enquiry 42/1234: a named suspect")


def test_every_view_of_a_person_is_audited(officer_client, john_smith):
    open_for_reason(officer_client, _detail_url(john_smith))
    officer_client.get(_detail_url(john_smith))
    assert AuditEvent.objects.filter(action="people.person.viewed").count() == 2


def test_person_page_queries_do_not_grow_with_aliases(officer_client, john_smith,
                                                      django_assert_max_num_queries):
    for number in range(20):
        AliasFactory(person=john_smith, surname=f"Alias{'abcdefghijklmnopqrstuvwxyz'[number]}")
    enquire(officer_client, f"people.person:{john_smith.pk}")
    with django_assert_max_num_queries(25):
        assert officer_client.get(_detail_url(john_smith)).status_code == 200


def test_a_missing_person_is_404(officer_client):
    assert officer_client.get(reverse("people:person_detail", args=[999999])).status_code == 404


def test_a_cps_lawyer_may_not_open_a_person(client, cps_lawyer, john_smith):
    client.force_login(cps_lawyer)
    assert client.get(_detail_url(john_smith)).status_code == 403
    assert not AuditEvent.objects.filter(action="people.person.viewed").exists()


def test_another_force_may_view_a_person_but_is_not_offered_changes(client, outsider,
                                                                    john_smith):
    client.force_login(outsider)
    response = open_for_reason(client, _detail_url(john_smith))
    assert response.status_code == 200
    assert b"Change<span" not in response.content
    assert b"Only that force can change this record" in response.content


# --- Create, with the duplicate check ---------------------------------------------------------

def test_create_page_shows_the_form(officer_client):
    response = officer_client.get(CREATE_URL)
    assert response.status_code == 200
    for label in (b"Surname", b"Forenames", b"Date of birth", b"PNC ID", b"CRO number",
                  b"Self-defined ethnicity"):
        assert label in response.content


def test_creating_a_new_person_goes_to_their_record(officer_client, officer):
    response = officer_client.post(CREATE_URL, _valid_person(pnc_id="12/0345678a"))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response.url == _detail_url(person)
    assert (person.surname, person.date_of_birth, person.pnc_id) == (
        "Okafor", date(1985, 11, 27), "12/345678A")
    assert person.created_by_force == officer.force
    assert AuditEvent.objects.filter(action="people.person.created",
                                     object_id=str(person.pk)).exists()


def test_a_person_just_created_is_found_by_a_misspelling_of_their_name(officer_client):
    """Created through the form, found at once by a spelling that neither is their
    name nor sounds like it ("Okafom": OKFM, "Okafor": OKFR), before any index job."""
    officer_client.post(CREATE_URL, _valid_person())
    person = Person.objects.get()
    response = open_for_reason(officer_client, SEARCH_URL, {"query": "Chinedu Okafom"})
    assert response.status_code == 200
    assert "1 person found" in response.content.decode()
    assert _detail_url(person).encode() in response.content
    assert b"OKAFOR" in response.content


def test_likely_duplicates_are_shown_before_creating(officer_client, john_smith):
    response = officer_client.post(CREATE_URL, _valid_person(surname="Smyth", forenames="Jon"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-warning-text" in content
    assert "This person may already be on the index" in content
    assert f'href="{_detail_url(john_smith)}"' in content
    assert "27 Nov 1985" in content
    assert "None of these – create a new person" in content
    assert 'value="Smyth"' in content and 'value="Jon"' in content
    assert 'value="27/11/1985"' in content
    assert Person.objects.count() == 1


def test_confirming_none_of_the_duplicates_creates_the_person(officer_client, john_smith):
    first = officer_client.post(CREATE_URL, _valid_person(surname="Smyth", forenames="Jon"))
    token = first.context["form"]["confirm_not_duplicate"].value()
    assert f'name="confirm_not_duplicate" value="{token}"' in first.content.decode()
    response = officer_client.post(CREATE_URL, _valid_person(
        surname="Smyth", forenames="Jon", confirm_not_duplicate=token))
    assert response.status_code == 302
    assert Person.objects.filter(surname="Smyth").count() == 1


def test_changing_the_name_after_the_warning_checks_again(officer_client, john_smith):
    PersonFactory(forenames="John", surname="Jones", date_of_birth=date(1985, 11, 27))
    first = officer_client.post(CREATE_URL, _valid_person(surname="Smyth", forenames="Jon"))
    token = first.context["form"]["confirm_not_duplicate"].value()
    response = officer_client.post(CREATE_URL, _valid_person(
        surname="Jones", forenames="Jon", confirm_not_duplicate=token))
    assert response.status_code == 200
    assert b"This person may already be on the index" in response.content
    assert not Person.objects.filter(forenames="Jon").exists()


def test_a_forged_confirmation_does_not_skip_the_check(officer_client, john_smith):
    response = officer_client.post(CREATE_URL, _valid_person(
        surname="Smith", forenames="John", confirm_not_duplicate="yes"))
    assert response.status_code == 200
    assert b"This person may already be on the index" in response.content


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("date_of_birth", "31/02/1990", "Date of birth must be a real date"),
    ("date_of_birth", "tomorrow", "Date of birth must be today or in the past"),
    ("date_of_birth", "01/01/1800", "Date of birth must be in 1900 or later"),
    ("date_of_birth", "ab/cd/efgh", "Date of birth must be a real date, for example 27/11/1985"),
    ("date_of_birth", "27/11/85", "Date of birth must include the year in full"),
    ("date_of_birth", "9" * 5000, "Date of birth must be a real date, for example 27/11/1985"),
    ("surname", "", "Enter the surname"),
    ("surname", "Sm1th", "Surname must only include letters, spaces, hyphens and apostrophes"),
    ("surname", "x" * 101, "Surname must be 100 characters or fewer"),
    ("forenames", "<script>", "Forenames must only include letters"),
    ("forenames", "  ", "Enter the forenames"),
    ("pnc_id", "12345678", "Enter a PNC ID in the format 12/345678A"),
    ("cro_number", "CRO 1", "Enter a CRO number in the format 123456/12A"),
    ("gender", "7", "Select the gender, or Not known"),
    ("self_defined_ethnicity", "ZZ", "Select the self-defined ethnicity from the list"),
])
def test_bad_input_to_create_gets_a_message_and_keeps_what_was_typed(officer_client, field,
                                                                     typed, message):
    if typed == "tomorrow":  # worked out when the test runs: collection may be yesterday
        typed = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = officer_client.post(CREATE_URL, _valid_person(**{field: typed}))
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "There is a problem" in content
    assert 'value="Okafor"' in content or field == "surname"
    if field in {"date_of_birth", "pnc_id"} and len(typed) < 100:
        assert f'value="{typed}"' in content
    assert not Person.objects.exists()


def test_a_pnc_id_already_on_the_index_gets_a_message_and_a_link(officer_client):
    existing = PersonFactory(pnc_id="12/345678A")
    response = officer_client.post(CREATE_URL, _valid_person(pnc_id="12/345678A"))
    assert response.status_code == 200
    assert b"This PNC ID is already recorded for another person" in response.content
    assert f'href="{_detail_url(existing)}"'.encode() in response.content


@pytest.mark.parametrize("fixture", ["cps_lawyer", "administrator"])
def test_only_roles_that_add_people_may_create(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, _valid_person()).status_code == 403
    assert not Person.objects.exists()


def test_a_user_of_no_force_may_not_create_records(client, home_force):
    client.force_login(UserFactory(username="no_force", force=None, roles=[Role.OFFICER]))
    assert client.get(CREATE_URL).status_code == 403
    assert client.get(reverse("people:vehicle_create")).status_code == 403


# --- Change -------------------------------------------------------------------------------------

def test_an_officer_of_the_creating_force_changes_the_record(officer_client, john_smith):
    url = reverse("people:person_edit", args=[john_smith.pk])
    page = officer_client.get(url)
    assert page.status_code == 200
    assert b'value="27/11/1985"' in page.content
    response = officer_client.post(url, _valid_person(surname="Smith", forenames="Jonathan",
                                                      version=john_smith.version))
    assert response.status_code == 302
    john_smith.refresh_from_db()
    assert john_smith.forenames == "Jonathan"


def test_another_force_may_not_change_the_record(client, outsider, john_smith):
    client.force_login(outsider)
    url = reverse("people:person_edit", args=[john_smith.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _valid_person(version=1)).status_code == 403
    assert client.post(reverse("people:person_alias_add", args=[john_smith.pk]),
                       {"surname": "Other"}).status_code == 403
    john_smith.refresh_from_db()
    assert john_smith.surname == "Smith"


def test_a_stale_edit_is_refused_with_a_message(officer_client, john_smith):
    url = reverse("people:person_edit", args=[john_smith.pk])
    officer_client.post(url, _valid_person(surname="Smith", forenames="Jonathan", version=1))
    response = officer_client.post(url, _valid_person(surname="Smythe", forenames="John",
                                                      version=1))
    assert response.status_code == 200
    assert b"Someone else changed this record" in response.content
    john_smith.refresh_from_db()
    assert john_smith.surname == "Smith"


def test_adding_an_alias_makes_the_person_findable_by_it(officer_client, john_smith):
    url = reverse("people:person_alias_add", args=[john_smith.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {"surname": "Daniels", "forenames": "Jack"})
    assert response.status_code == 302
    results = open_for_reason(officer_client, SEARCH_URL, {"query": "Jack Daniels"})
    assert f'href="{_detail_url(john_smith)}"'.encode() in results.content


def test_an_alias_needs_a_surname(officer_client, john_smith):
    response = officer_client.post(reverse("people:person_alias_add", args=[john_smith.pk]),
                                   {"surname": "", "forenames": "Jack"})
    assert response.status_code == 200
    assert b"Enter the surname" in response.content


# --- Addresses, locations and vehicles ------------------------------------------------------

def test_adding_an_address_links_a_new_location(officer_client, john_smith):
    url = reverse("people:person_address_add", args=[john_smith.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {"address_type": "home",
                                         "address_line_1": "1 High Street",
                                         "town": "Chelmsford", "postcode": "cm1 1aa"})
    assert response.status_code == 302
    link = PersonAddress.objects.get(person=john_smith)
    assert link.location.postcode == "CM1 1AA"


def test_a_bad_postcode_gets_a_message_and_keeps_the_address(officer_client, john_smith):
    response = officer_client.post(
        reverse("people:person_address_add", args=[john_smith.pk]),
        {"address_type": "home", "address_line_1": "1 High Street", "postcode": "NOT A CODE"})
    assert response.status_code == 200
    assert b"Enter a real postcode, for example SS1 2AB" in response.content
    assert b'value="1 High Street"' in response.content


def test_adding_a_vehicle_links_it_to_the_person(officer_client, john_smith):
    url = reverse("people:person_vehicle_add", args=[john_smith.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {"registration_mark": "ab12 cde", "make": "Ford",
                                         "link_type": "driver"})
    assert response.status_code == 302
    assert PersonVehicle.objects.get(person=john_smith).vehicle.registration_mark == "AB12CDE"


def test_a_bad_registration_number_gets_a_message(officer_client):
    response = officer_client.post(reverse("people:vehicle_create"),
                                   {"registration_mark": "AB-12!"})
    assert response.status_code == 200
    assert b"Registration number must only include letters and numbers" in response.content


def test_a_location_is_recorded_and_its_page_audited(officer_client):
    url = reverse("people:location_create")
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {"address_line_1": "Car park",
                                         "description": "Behind the Red Lion"})
    assert response.status_code == 302
    page = officer_client.get(response.url)
    assert b"Behind the Red Lion" in page.content
    assert AuditEvent.objects.filter(action="people.location.viewed").exists()


def test_a_vehicle_is_recorded_and_its_page_audited(officer_client):
    url = reverse("people:vehicle_create")
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {"registration_mark": "xy99 zzz", "colour": "Red"})
    assert response.status_code == 302
    page = officer_client.get(response.url)
    assert b"XY99ZZZ" in page.content
    assert AuditEvent.objects.filter(action="people.vehicle.viewed").exists()


def test_a_cps_lawyer_may_not_open_locations_or_vehicles(client, cps_lawyer):
    client.force_login(cps_lawyer)
    location, vehicle = LocationFactory(), VehicleFactory()
    assert client.get(reverse("people:location_detail", args=[location.pk])).status_code == 403
    assert client.get(reverse("people:vehicle_detail", args=[vehicle.pk])).status_code == 403
    assert client.get(reverse("people:location_create")).status_code == 403


# --- A searched name carries into "Create a person" (issue 14) ---------------------------

def test_create_a_person_after_a_search_carries_the_name_and_date_of_birth(officer_client):
    page = open_for_reason(officer_client, SEARCH_URL, {
        "query": "Dean Archer", "date_of_birth": "14/03/1990"}).content.decode()
    link = f"{CREATE_URL}?name=Dean+Archer&amp;date_of_birth=14%2F03%2F1990"
    assert f'href="{link}"' in page

    form = officer_client.get(f"{CREATE_URL}?name=Dean+Archer&date_of_birth=14/03/1990")
    content = form.content.decode()
    assert 'value="Archer"' in content
    assert 'value="Dean"' in content
    assert 'value="14/03/1990"' in content


@pytest.mark.parametrize(("typed", "initial"), [
    ("Dean Archer", {"surname": "Archer", "forenames": "Dean"}),
    ("Mary Ann O'Sullivan", {"surname": "O'Sullivan", "forenames": "Mary Ann"}),
    ("Archer, Dean", {"surname": "Archer", "forenames": "Dean"}),
    ("ARCHER Dean", {"surname": "ARCHER", "forenames": "Dean"}),
    ("Archer", {"surname": "Archer"}),
    ("  Jean-Luc   Picard ", {"surname": "Picard", "forenames": "Jean-Luc"}),
    ("12/345678A", {}),
    ("<script>", {}),
    ("", {}),
    (None, {}),
])
def test_a_searched_name_as_surname_and_forenames(typed, initial):
    from athena.people.views import name_initial

    assert name_initial(typed) == initial


def test_a_very_long_name_carried_is_cut_and_never_a_500(officer_client):
    response = officer_client.get(CREATE_URL, {"name": "x" * 5000, "date_of_birth": "9" * 99})

    assert response.status_code == 200
    assert 'value="' + "x" * 251 not in response.content.decode()
