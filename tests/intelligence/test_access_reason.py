"""The stated reason for looking at intelligence (DPA 2018 s.62): stated for an enquiry,
confirmed in one click for each new search or subject, kept with every search and
profile, gone after idle time. (The enquiry itself: tests/intelligence/
test_enquiry_reasons.py.)"""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from intelligence import access
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

REASON_URL = reverse("intelligence:access_reason")
SEARCH_URL = reverse("intelligence:search")
REASON = "42/12345/25 burglary at Mill Lane: checking what is known of a suspect"


def state_reason(client, reason=REASON, *, things=("intelligence.search",)):
    """Give a reason the way a user does, through the page, for the search (and confirm
    it, one click each, for the other ``things``)."""
    first, *others = things
    response = client.post(REASON_URL, {"reason": reason, "next": SEARCH_URL, "for": first})
    assert response.status_code == 302, response.content.decode()[:2000]
    for thing in others:
        confirmed = client.post(REASON_URL, {"action": "confirm", "for": thing,
                                             "next": SEARCH_URL})
        assert confirmed.status_code == 302
    return response


def age_the_reason(client, minutes):
    session = client.session
    stored = session[access.SESSION_KEY]
    stored["last_used"] = (timezone.now() - timedelta(minutes=minutes)).isoformat()
    session[access.SESSION_KEY] = stored
    session.save()


def test_the_page_asks_why_and_explains_the_law(officer_client):
    response = officer_client.get(REASON_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Why are you searching?" in content
    assert "Data Protection Act 2018" in content
    assert "section 62" in content


def test_a_stated_reason_is_kept_and_the_user_goes_back_where_they_were(officer_client):
    person = PersonFactory()
    profile = reverse("intelligence:subject_profile", args=[person.pk])
    response = officer_client.post(REASON_URL, {"reason": REASON, "next": profile})
    assert response.status_code == 302
    assert response["Location"] == profile
    assert officer_client.session[access.SESSION_KEY]["reason"] == REASON


def test_the_reason_is_tidied_of_control_characters_and_extra_spaces(officer_client):
    officer_client.post(REASON_URL, {"reason": "  Op  Kestrel\tsupply\r\nof drugs, 42/1/25 "})
    assert officer_client.session[access.SESSION_KEY]["reason"] == (
        "Op Kestrel supply of drugs, 42/1/25")


@pytest.mark.parametrize(("reason", "message"), [
    ("", "Enter your reason"),
    ("   ", "Enter your reason"),
    ("checking", "Reason must be 10 characters or more"),
    ("x" * 501, "Reason must be 500 characters or fewer"),
    ("1234567890/2345", "Describe the reason in words"),
    ("Op Kestrel\x00 supply", "Null characters are not allowed."),
])
def test_a_missing_or_thin_reason_gets_a_message_and_keeps_what_was_typed(
        officer_client, reason, message):
    response = officer_client.post(REASON_URL, {"reason": reason, "next": SEARCH_URL})
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "govuk-error-summary" in content
    assert access.SESSION_KEY not in officer_client.session
    if reason.strip() and "\x00" not in reason:
        assert reason.strip()[:40] in content


def test_a_redirect_elsewhere_is_refused(officer_client):
    response = officer_client.post(REASON_URL, {"reason": REASON,
                                                "next": "https://evil.example/steal"})
    assert response["Location"] == SEARCH_URL
    response = officer_client.post(REASON_URL, {"reason": REASON, "next": "//evil.example/"})
    assert response["Location"] == SEARCH_URL


NOT_LOCAL_PATHS = ["Siobhán O'Brien 😀", "intelligence:search", "search", "evil.example",
                   "/\\evil.example/", "/intelligence/search/\r\nSet-Cookie: x=1",
                   "javascript:alert(1)", "/no/such/page/", "/" + "a" * 3000, " ", "😀"]


@pytest.mark.parametrize("next_value", NOT_LOCAL_PATHS)
def test_a_next_that_is_not_a_page_of_the_site_goes_to_the_search(officer_client,
                                                                   next_value):
    posted = officer_client.post(REASON_URL, {"reason": REASON, "next": next_value})
    assert posted.status_code == 302
    assert posted["Location"] == SEARCH_URL
    shown = officer_client.get(REASON_URL, {"next": next_value})
    assert shown.status_code == 200
    assert 'name="next" value="/intelligence/search/"' in shown.content.decode()


def test_a_next_page_of_the_site_is_kept_with_its_query(officer_client):
    back = SEARCH_URL + "?q=O%27Brien+%F0%9F%98%80"
    response = officer_client.post(REASON_URL, {"reason": REASON, "next": back})
    assert response["Location"] == back


def test_the_current_reason_is_shown_with_a_way_to_change_it(officer_client):
    state_reason(officer_client)
    response = officer_client.get(REASON_URL + "?next=" + quote(SEARCH_URL))
    content = response.content.decode()
    assert "Your current reason" in content
    assert "Continue with this reason" in content
    state_reason(officer_client, "Op Heron: robbery series, checking a vehicle")
    assert officer_client.session[access.SESSION_KEY]["reason"].startswith("Op Heron")


def test_a_search_without_a_reason_is_sent_to_give_one_and_back(officer_client):
    response = officer_client.get(SEARCH_URL, {"q": "Quillb"})
    assert response.status_code == 302
    assert response["Location"] == (f"{REASON_URL}?next={quote(SEARCH_URL + '?q=Quillb', safe='')}"
                                    "&for=intelligence.search")
    assert not AuditEvent.objects.filter(action="intelligence.searched").exists()


def test_once_stated_the_search_runs_without_asking_again(officer_client, officer):
    state_reason(officer_client)
    first = officer_client.get(SEARCH_URL, {"q": "Quillb"})
    second = officer_client.get(SEARCH_URL, {"q": "Quillc"})
    assert first.status_code == 200
    assert second.status_code == 200
    events = AuditEvent.objects.filter(action="intelligence.searched").order_by("id")
    assert [event.reason for event in events] == [REASON, REASON]
    assert [event.details["query"] for event in events] == ["Quillb", "Quillc"]
    assert all(event.actor == officer for event in events)


def test_the_reason_expires_after_idle_time(officer_client):
    state_reason(officer_client)
    age_the_reason(officer_client, access.REASON_IDLE_MINUTES - 1)
    assert officer_client.get(SEARCH_URL).status_code == 200  # used, so fresh again
    age_the_reason(officer_client, access.REASON_IDLE_MINUTES + 1)
    response = officer_client.get(SEARCH_URL, {"q": "Quillb"})
    assert response.status_code == 302
    assert response["Location"].startswith(REASON_URL)


def test_the_subject_profile_asks_for_a_reason_too(officer_client):
    person = PersonFactory()
    url = reverse("intelligence:subject_profile", args=[person.pk])
    response = officer_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == (f"{REASON_URL}?next={quote(url, safe='')}"
                                    f"&for=intelligence.subject%3A{person.pk}")
    assert not AuditEvent.objects.filter(action="intelligence.subject.viewed").exists()


def test_only_police_roles_are_asked(client, home_force):
    client.force_login(UserFactory(force=home_force, roles=[Role.CPS_LAWYER]))
    assert client.get(REASON_URL).status_code == 403
    assert client.post(REASON_URL, {"reason": REASON}).status_code == 403
    assert client.get(SEARCH_URL, {"q": "Quillb"}).status_code == 403


def test_an_administrator_states_a_reason_for_the_access_log_but_may_not_search(
        client, home_force):
    client.force_login(UserFactory(force=home_force, roles=[Role.ADMINISTRATOR]))
    assert client.get(REASON_URL).status_code == 200
    assert client.post(REASON_URL, {"reason": REASON}).status_code == 302
    assert client.get(SEARCH_URL, {"q": "Quillb"}).status_code == 403
