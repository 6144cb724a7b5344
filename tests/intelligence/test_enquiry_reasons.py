"""The reason for looking at intelligence (DPA 2018 s.62), through the pages: a search
and each subject are confirmed, in one click, as part of the user's enquiry; reopening
what it covers asks nothing; every read is audited with the reason; the administrator's
reading of who looked at a subject is asked for and audited too."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.audit import enquiry
from athena.audit.models import AuditEvent
from intelligence import services
from tests.intelligence.factories import IntelligenceReportFactory, ReportLinkFactory
from tests.people.factories import PersonFactory
from tests.reasons import CONFIRM_HEADING, REASON, enquire

REASON_URL = reverse("intelligence:access_reason")
SEARCH_URL = reverse("intelligence:search")
ADMIN_REASON = "Complaint 26/0099 from the subject: who looked at their intelligence"


def _profile(person):
    return reverse("intelligence:subject_profile", args=[person.pk])


def _log(person):
    return reverse("intelligence:subject_access_log", args=[person.pk])


def _asked_for(response):
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == REASON_URL
    query = parse_qs(location.query)
    return query["next"][0], query.get("for", [None])[0]


def _state(client, response, reason=REASON):
    next_url, thing = _asked_for(response)
    posted = client.post(REASON_URL, {"reason": reason, "next": next_url, "for": thing})
    assert posted["Location"] == next_url
    return client.get(next_url)


def _yes(client, response):
    next_url, thing = _asked_for(response)
    assert CONFIRM_HEADING in client.get(response["Location"]).content.decode()
    posted = client.post(REASON_URL, {"action": "confirm", "next": next_url, "for": thing})
    assert posted.status_code == 302
    assert posted["Location"] == next_url
    return client.get(next_url)


def _reasons(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id")
                .values_list("reason", flat=True))


@pytest.fixture
def subject(home_force):
    person = PersonFactory(forenames="Peregrine", surname="Quillzzy",
                           created_by_force=home_force)
    ReportLinkFactory(report=IntelligenceReportFactory(), person=person)
    return person


@pytest.fixture
def second_subject(home_force):
    return PersonFactory(forenames="Ottoline", surname="Quillzzy", created_by_force=home_force)


@pytest.fixture
def administrator_client(client, administrator):
    client.force_login(administrator)
    return client


def test_a_search_asks_why_once_and_refining_it_does_not_ask_again(officer_client, subject):
    asked = officer_client.get(SEARCH_URL, {"q": "Quillzzy"})
    assert _asked_for(asked) == (f"{SEARCH_URL}?q=Quillzzy", "intelligence.search")
    assert "Why are you searching?" in officer_client.get(asked["Location"]).content.decode()
    assert _state(officer_client, asked).status_code == 200
    assert officer_client.get(SEARCH_URL, {"q": "Quillzzy Peregrine"}).status_code == 200
    assert _reasons("intelligence.searched") == [REASON, REASON]


def test_the_empty_search_form_asks_nothing(officer_client):
    response = officer_client.get(SEARCH_URL)
    assert response.status_code == 200
    assert "When you search you are asked why" in response.content.decode()


def test_a_subject_from_the_results_asks_to_confirm_and_one_post_opens_the_profile(
        officer_client, subject):
    enquire(officer_client, "intelligence.search")
    asked = officer_client.get(_profile(subject))
    assert _asked_for(asked) == (_profile(subject), f"intelligence.subject:{subject.pk}")
    page = officer_client.get(asked["Location"]).content.decode()
    assert REASON in page
    assert "a subject&#x27;s intelligence profile" in page
    assert not AuditEvent.objects.filter(action="intelligence.subject.viewed").exists()
    profile = _yes(officer_client, asked)
    assert profile.status_code == 200
    assert "Peregrine QUILLZZY" in profile.content.decode()
    assert _reasons("intelligence.subject.viewed") == [REASON]


def test_a_second_subject_asks_and_the_first_does_not(officer_client, subject,
                                                      second_subject):
    enquire(officer_client, "intelligence.search", f"intelligence.subject:{subject.pk}")
    assert officer_client.get(_profile(subject)).status_code == 200
    asked = officer_client.get(_profile(second_subject))
    assert _asked_for(asked)[1] == f"intelligence.subject:{second_subject.pk}"
    assert _yes(officer_client, asked).status_code == 200
    assert officer_client.get(_profile(subject)).status_code == 200
    assert _reasons("intelligence.subject.viewed") == [REASON, REASON, REASON]


def test_a_reason_in_the_address_is_ignored(officer_client, subject):
    assert officer_client.get(_profile(subject), {"reason": "forged"}).status_code == 302
    enquire(officer_client, f"intelligence.subject:{subject.pk}")
    officer_client.get(_profile(subject), {"reason": "forged"})
    assert _reasons("intelligence.subject.viewed") == [REASON]


def test_a_reason_stated_for_the_people_index_is_offered_here(officer_client, subject):
    enquire(officer_client, "people.search")
    asked = officer_client.get(SEARCH_URL, {"q": "Quillzzy"})
    assert _yes(officer_client, asked).status_code == 200
    assert _reasons("intelligence.searched") == [REASON]


def test_an_idle_enquiry_asks_for_the_reason_again(officer_client, subject):
    enquire(officer_client, f"intelligence.subject:{subject.pk}")
    session = officer_client.session
    session[enquiry.SESSION_KEY]["last_used"] = (
        timezone.now() - timedelta(minutes=enquiry.REASON_IDLE_MINUTES + 1)).isoformat()
    session.save()
    asked = officer_client.get(_profile(subject))
    page = officer_client.get(asked["Location"]).content.decode()
    assert CONFIRM_HEADING not in page
    assert "Your reason" in page


def test_the_change_link_states_a_new_reason_for_what_is_open(officer_client, subject):
    enquire(officer_client, f"intelligence.subject:{subject.pk}")
    profile = officer_client.get(_profile(subject))
    change = profile.context["change_reason_href"]
    assert CONFIRM_HEADING not in officer_client.get(change).content.decode()
    query = parse_qs(urlsplit(change).query)
    officer_client.post(REASON_URL, {"reason": "Op Heron: a new line of enquiry, 46/2/26",
                                     "next": query["next"][0], "for": query["for"][0]})
    assert officer_client.get(_profile(subject)).status_code == 200
    assert _reasons("intelligence.subject.viewed")[-1] == (
        "Op Heron: a new line of enquiry, 46/2/26")


# --- Who looked, and why ----------------------------------------------------------------

def test_the_access_log_asks_the_administrator_why_and_audits_the_reading(
        administrator_client, administrator, subject, officer):
    services.subject_viewed(acting_user=officer, person=subject, reason="Op Lantern")
    asked = administrator_client.get(_log(subject))
    assert _asked_for(asked) == (_log(subject), f"intelligence.access_log:{subject.pk}")
    page = _state(administrator_client, asked, ADMIN_REASON)
    assert page.status_code == 200
    assert "Op Lantern" in page.content.decode()
    event = AuditEvent.objects.get(action="intelligence.subject.access_log_viewed")
    assert (event.actor, event.object_type, event.object_id, event.reason) == (
        administrator, "people.person", str(subject.pk), ADMIN_REASON)
    # The next page of the same log does not ask again; the reading is audited again.
    assert administrator_client.get(_log(subject), {"page": "2"}).status_code == 200
    assert _reasons("intelligence.subject.access_log_viewed") == [ADMIN_REASON] * 2


def test_the_log_of_another_subject_asks_to_confirm(administrator_client, subject,
                                                    second_subject):
    enquire(administrator_client, f"intelligence.access_log:{subject.pk}",
            reason=ADMIN_REASON)
    asked = administrator_client.get(_log(second_subject))
    assert _yes(administrator_client, asked).status_code == 200
    assert _reasons("intelligence.subject.access_log_viewed") == [ADMIN_REASON]


def test_reading_the_log_does_not_show_in_the_log(administrator_client, subject):
    enquire(administrator_client, f"intelligence.access_log:{subject.pk}",
            reason=ADMIN_REASON)
    administrator_client.get(_log(subject))
    second = administrator_client.get(_log(subject))
    assert second.context["page"].paginator.count == 0


def test_an_officer_may_not_read_the_log_even_with_a_reason(officer_client, subject):
    enquire(officer_client, f"intelligence.access_log:{subject.pk}")
    assert officer_client.get(_log(subject)).status_code == 403
    assert not AuditEvent.objects.filter(
        action="intelligence.subject.access_log_viewed").exists()


# --- Bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize("reason", ["", "   ", "x" * 10_000])
def test_an_empty_or_huge_reason_is_refused_with_a_message(officer_client, reason):
    response = officer_client.post(REASON_URL, {"reason": reason, "next": SEARCH_URL,
                                                "for": "intelligence.search"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert enquiry.SESSION_KEY not in officer_client.session


@pytest.mark.parametrize("next_value", ["https://evil.example/", "//evil.example",
                                        "/" + "a" * 10_000, "\x00"])
def test_a_next_off_the_site_goes_to_the_search(officer_client, next_value):
    posted = officer_client.post(REASON_URL, {"reason": REASON, "next": next_value,
                                              "for": "intelligence.search"})
    assert posted["Location"] == SEARCH_URL
    enquire(officer_client, "intelligence.search")
    confirmed = officer_client.post(REASON_URL, {"action": "confirm", "next": next_value,
                                                 "for": "intelligence.subject:1"})
    assert confirmed["Location"] == SEARCH_URL
