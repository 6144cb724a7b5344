"""The reason for looking at the people index (DPA 2018 s.62), through the pages: stated
once for an enquiry, confirmed in one click for each new person, location, vehicle or
search, never taken from the address, audited with every read, gone after idle time."""

from datetime import timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.audit import enquiry
from athena.audit.models import AuditEvent
from athena.people.models import Gender, PersonAddress, PersonVehicle
from tests.people.factories import LocationFactory, PersonFactory, VehicleFactory
from tests.reasons import CONFIRM_HEADING, REASON, enquire

REASON_URL = reverse("people:enquiry_reason")
SEARCH_URL = reverse("people:search")
OTHER_REASON = "Op Heron 46/777/26: robbery series, checking a named associate"


def _detail(person):
    return reverse("people:person_detail", args=[person.pk])


def _asked_for(response):
    """(next, for) of the reason page a response sends the user to."""
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == REASON_URL
    query = parse_qs(location.query)
    return query["next"][0], query.get("for", [None])[0]


def _state(client, response, reason=REASON):
    """State ``reason`` on the page ``response`` sent the user to; the page they asked
    for comes back."""
    next_url, thing = _asked_for(response)
    posted = client.post(REASON_URL, {"reason": reason, "next": next_url, "for": thing})
    assert posted.status_code == 302
    assert posted["Location"] == next_url
    return client.get(next_url)


def _yes(client, response):
    """"Yes, continue with this reason", one POST, on the page ``response`` sent the user
    to; the page they asked for comes back."""
    next_url, thing = _asked_for(response)
    page = client.get(response["Location"])
    assert CONFIRM_HEADING in page.content.decode()
    posted = client.post(REASON_URL, {"action": "confirm", "next": next_url, "for": thing})
    assert posted.status_code == 302
    assert posted["Location"] == next_url
    return client.get(next_url)


def _age(client, minutes):
    session = client.session
    stored = session[enquiry.SESSION_KEY]
    stored["last_used"] = (timezone.now() - timedelta(minutes=minutes)).isoformat()
    session[enquiry.SESSION_KEY] = stored
    session.save()


def _reasons(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id")
                .values_list("reason", flat=True))


@pytest.fixture
def person(home_force):
    return PersonFactory(forenames="Dean", surname="Archer", created_by_force=home_force)


@pytest.fixture
def another(home_force):
    return PersonFactory(forenames="Lee", surname="Nowak", created_by_force=home_force)


# --- The reason page ----------------------------------------------------------------------

def test_the_reason_page_asks_why_and_explains_the_law(officer_client):
    response = officer_client.get(REASON_URL, {"next": SEARCH_URL, "for": "people.search"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Why are you searching?" in content
    assert "Your reason" in content
    assert "section 62" in content


def test_a_record_is_asked_about_as_a_record(officer_client, person):
    response = officer_client.get(REASON_URL, {"next": _detail(person),
                                               "for": f"people.person:{person.pk}"})
    assert "Why are you looking at this record?" in response.content.decode()


def test_a_role_without_the_index_may_not_state_a_reason_here(client, cps_lawyer):
    client.force_login(cps_lawyer)
    assert client.get(REASON_URL).status_code == 403
    assert client.post(REASON_URL, {"reason": REASON}).status_code == 403


# --- Search ---------------------------------------------------------------------------------

def test_the_empty_search_form_asks_nothing(officer_client):
    assert officer_client.get(SEARCH_URL).status_code == 200


def test_a_search_asks_why_first_then_runs_and_is_audited_with_the_reason(officer_client,
                                                                          person):
    asked = officer_client.get(SEARCH_URL, {"query": "Dean Archer"})
    assert _asked_for(asked) == (f"{SEARCH_URL}?query=Dean+Archer", "people.search")
    assert not AuditEvent.objects.filter(action="people.person.searched").exists()
    page = _state(officer_client, asked)
    assert "1 person found" in page.content.decode()
    assert REASON in page.content.decode()
    assert _reasons("people.person.searched") == [REASON]


def test_a_refined_search_does_not_ask_again(officer_client, person):
    enquire(officer_client, "people.search")
    assert officer_client.get(SEARCH_URL, {"query": "Dean Archer"}).status_code == 200
    refined = officer_client.get(SEARCH_URL, {"query": "Dean Archer",
                                              "date_of_birth": "1/1/1990"})
    assert refined.status_code == 200
    assert _reasons("people.person.searched") == [REASON, REASON]


def test_a_search_with_a_mistake_gets_its_message_without_asking(officer_client):
    response = officer_client.get(SEARCH_URL, {"query": ""})
    assert response.status_code == 200
    assert "Enter a name, PNC ID or CRO number" in response.content.decode()


# --- A person, confirmed in one click ------------------------------------------------------

def test_a_person_after_the_search_asks_to_confirm_and_one_post_opens_them(officer_client,
                                                                          person):
    enquire(officer_client, "people.search")
    asked = officer_client.get(_detail(person))
    assert _asked_for(asked) == (_detail(person), f"people.person:{person.pk}")
    confirm_page = officer_client.get(asked["Location"]).content.decode()
    assert CONFIRM_HEADING in confirm_page
    assert REASON in confirm_page
    assert "a person&#x27;s record" in confirm_page
    assert "Yes, continue with this reason" in confirm_page
    assert "No, state a new reason" in confirm_page
    assert "Archer" not in confirm_page.replace("Mill Lane", "")  # nothing of them yet
    assert not AuditEvent.objects.filter(action="people.person.viewed").exists()
    page = _yes(officer_client, asked)
    assert page.status_code == 200
    assert "Dean ARCHER" in page.content.decode()
    assert _reasons("people.person.viewed") == [REASON]


def test_the_same_person_again_does_not_ask(officer_client, person):
    enquire(officer_client, f"people.person:{person.pk}")
    assert officer_client.get(_detail(person)).status_code == 200
    assert officer_client.get(_detail(person)).status_code == 200
    assert _reasons("people.person.viewed") == [REASON, REASON]


def test_a_second_person_asks_to_confirm_again(officer_client, person, another):
    enquire(officer_client, f"people.person:{person.pk}")
    asked = officer_client.get(_detail(another))
    assert _asked_for(asked)[1] == f"people.person:{another.pk}"
    assert _yes(officer_client, asked).status_code == 200
    assert officer_client.get(_detail(person)).status_code == 200  # still covered
    assert _reasons("people.person.viewed") == [REASON, REASON]


def test_no_states_a_new_reason_which_starts_a_new_enquiry(officer_client, person, another):
    enquire(officer_client, f"people.person:{person.pk}")
    asked = officer_client.get(_detail(another))
    confirm_page = officer_client.get(asked["Location"])
    new_href = confirm_page.context["new_reason_href"]
    form_page = officer_client.get(new_href)
    assert "Why are you looking at this record?" in form_page.content.decode()
    assert CONFIRM_HEADING not in form_page.content.decode()
    query = parse_qs(urlsplit(new_href).query)
    posted = officer_client.post(REASON_URL, {"reason": OTHER_REASON,
                                              "next": query["next"][0],
                                              "for": query["for"][0]})
    assert posted["Location"] == _detail(another)
    assert officer_client.get(_detail(another)).status_code == 200
    assert _reasons("people.person.viewed") == [OTHER_REASON]
    # The first person was part of the old enquiry, not this one: asked again.
    assert _asked_for(officer_client.get(_detail(person)))[1] == f"people.person:{person.pk}"


def test_a_reason_in_the_address_is_ignored(officer_client, person):
    asked = officer_client.get(_detail(person), {"reason": "forged reason in the URL"})
    assert asked.status_code == 302
    assert not AuditEvent.objects.filter(action="people.person.viewed").exists()
    enquire(officer_client, f"people.person:{person.pk}")
    officer_client.get(_detail(person), {"reason": "forged reason in the URL"})
    officer_client.get(SEARCH_URL, {"query": "Archer", "reason": "forged reason"})
    assert _reasons("people.person.viewed") == [REASON]
    assert not AuditEvent.objects.filter(reason__icontains="forged").exists()


def test_a_reason_posted_to_the_record_page_is_refused(officer_client, person):
    response = officer_client.post(_detail(person), {"reason": "forged reason"})
    assert response.status_code == 405
    assert not AuditEvent.objects.filter(action="people.person.viewed").exists()


# --- Locations and vehicles ---------------------------------------------------------------

def test_a_location_and_a_vehicle_ask_and_are_audited_with_the_reason(officer_client):
    location, vehicle = LocationFactory(), VehicleFactory()
    location_url = reverse("people:location_detail", args=[location.pk])
    vehicle_url = reverse("people:vehicle_detail", args=[vehicle.pk])
    assert _asked_for(officer_client.get(location_url))[1] == f"people.location:{location.pk}"
    _state(officer_client, officer_client.get(location_url))
    assert _yes(officer_client, officer_client.get(vehicle_url)).status_code == 200
    assert _reasons("people.location.viewed") == [REASON]
    assert _reasons("people.vehicle.viewed") == [REASON]


def test_the_address_and_vehicle_of_a_person_looked_at_are_part_of_the_enquiry(
        officer_client, person):
    location, vehicle = LocationFactory(), VehicleFactory()
    PersonAddress.objects.create(person=person, location=location, address_type="home")
    PersonVehicle.objects.create(person=person, vehicle=vehicle, link_type="keeper")
    enquire(officer_client, f"people.person:{person.pk}")
    assert officer_client.get(reverse("people:location_detail",
                                      args=[location.pk])).status_code == 200
    assert officer_client.get(reverse("people:vehicle_detail",
                                      args=[vehicle.pk])).status_code == 200
    assert _reasons("people.location.viewed") == [REASON]
    assert _reasons("people.vehicle.viewed") == [REASON]


# --- Reasons the server knows ---------------------------------------------------------------

def test_a_person_just_created_opens_without_asking(officer_client):
    response = officer_client.post(reverse("people:person_create"), {
        "surname": "Okafor", "forenames": "Chinedu", "date_of_birth": "27/11/1985",
        "gender": Gender.MALE, "self_defined_ethnicity": "B2", "pnc_id": "", "cro_number": ""})
    assert response.status_code == 302
    assert officer_client.get(response["Location"]).status_code == 200
    assert _reasons("people.person.viewed") == ["Created the record"]


def test_a_reason_an_app_registers_is_used_without_asking(officer_client, person, another,
                                                          monkeypatch):
    def on_my_case_file(*, user, thing):
        return "Case file 42AB1234526" if thing == f"people.person:{person.pk}" else None

    monkeypatch.setattr(enquiry, "_KNOWN_REASONS", [])
    enquiry.register_known_reason(on_my_case_file)
    assert officer_client.get(_detail(person)).status_code == 200
    assert _reasons("people.person.viewed") == ["Case file 42AB1234526"]
    assert officer_client.get(_detail(another)).status_code == 302  # not on the file


def test_a_person_seen_through_intelligence_is_the_same_enquiry(officer_client, person):
    enquire(officer_client, f"intelligence.subject:{person.pk}")
    assert officer_client.get(_detail(person)).status_code == 200
    assert _reasons("people.person.viewed") == [REASON]


# --- Idle time ------------------------------------------------------------------------------

def test_an_idle_enquiry_asks_for_the_reason_again(officer_client, person):
    enquire(officer_client, f"people.person:{person.pk}")
    _age(officer_client, enquiry.REASON_IDLE_MINUTES - 1)
    assert officer_client.get(_detail(person)).status_code == 200  # used, so fresh again
    _age(officer_client, enquiry.REASON_IDLE_MINUTES + 1)
    asked = officer_client.get(_detail(person))
    page = officer_client.get(asked["Location"]).content.decode()
    assert CONFIRM_HEADING not in page
    assert "Why are you looking at this record?" in page


def test_a_yes_that_comes_after_idle_time_asks_for_the_reason_again(officer_client, person,
                                                                    another):
    enquire(officer_client, f"people.person:{person.pk}")
    _age(officer_client, enquiry.REASON_IDLE_MINUTES + 1)
    response = officer_client.post(REASON_URL, {"action": "confirm", "next": _detail(another),
                                                "for": f"people.person:{another.pk}"})
    assert response.status_code == 200
    assert "so it has lapsed" in response.content.decode()
    assert officer_client.get(_detail(another)).status_code == 302


# --- Bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize(("reason", "message"), [
    ("", "Enter your reason"),
    ("x" * 10_000, "Reason must be 500 characters or fewer"),
    ("checking", "Reason must be 10 characters or more"),
    ("1234567890/2345", "Describe the reason in words"),
    ("Op Kestrel\x00 supply", "Null characters are not allowed."),
])
def test_a_missing_or_unusable_reason_gets_a_message(officer_client, person, reason, message):
    response = officer_client.post(REASON_URL, {"reason": reason, "next": _detail(person),
                                                "for": f"people.person:{person.pk}"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert enquiry.SESSION_KEY not in officer_client.session


@pytest.mark.parametrize("next_value", [
    "https://evil.example/steal", "//evil.example/", "/\\evil.example/", "javascript:alert(1)",
    "/people/\r\nSet-Cookie: x=1", "/" + "a" * 10_000, "😀", "people:search",
])
def test_a_next_off_the_site_goes_to_the_search(officer_client, next_value):
    posted = officer_client.post(REASON_URL, {"reason": REASON, "next": next_value,
                                              "for": "people.search"})
    assert posted.status_code == 302
    assert posted["Location"] == SEARCH_URL
    confirmed = officer_client.post(REASON_URL, {"action": "confirm", "next": next_value,
                                                 "for": "people.person:1"})
    assert confirmed["Location"] == SEARCH_URL
    shown = officer_client.get(REASON_URL, {"next": next_value, "for": "people.search"})
    assert shown.status_code == 200
    assert "evil.example" not in shown.content.decode()
    assert "javascript:" not in shown.content.decode()


@pytest.mark.parametrize("thing", ["people.person:7; DROP TABLE", "x" * 10_000, "😀",
                                   "people.search\n", "people.person:1\x00",
                                   "people.person:-1", "PEOPLE.PERSON:1", ""])
def test_a_thing_that_is_not_one_is_not_confirmed(officer_client, thing):
    enquire(officer_client, "people.search")
    response = officer_client.post(REASON_URL, {"action": "confirm", "for": thing,
                                                "next": SEARCH_URL})
    assert response.status_code == 200
    shown = officer_client.get(REASON_URL, {"for": thing, "next": SEARCH_URL})
    assert shown.status_code == 200
    assert officer_client.session[enquiry.SESSION_KEY]["covers"] == ["people.search"]


def test_an_address_too_long_to_carry_back_comes_back_without_its_query(officer_client,
                                                                         person):
    response = officer_client.get(_detail(person), {"padding": "y" * 3000})
    assert response["Location"] == (f"{REASON_URL}?next={quote(_detail(person), safe='')}"
                                    f"&for=people.person%3A{person.pk}")


def test_a_long_and_odd_reason_is_kept_tidy_and_escaped(officer_client, person):
    reason = "Op <b>Kestrel</b>\t42/1/25 " + "é" * 400
    enquire(officer_client, f"people.person:{person.pk}", reason=reason)
    page = officer_client.get(_detail(person)).content.decode()
    assert "<b>Kestrel</b>" not in page
    assert "&lt;b&gt;Kestrel&lt;/b&gt;" in page
    assert _reasons("people.person.viewed") == [" ".join(reason.split())]
