"""The intelligence search page: one box, filters, results the user may see, and the
audit of every search with its reason."""

import datetime

import pytest
from django.urls import reverse

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from intelligence import search
from intelligence.grading import HandlingCode
from tests.factories import UserFactory
from tests.intelligence.factories import (
    ConditionalReportFactory,
    IntelligenceReportFactory,
    ReportLinkFactory,
)
from tests.intelligence.test_access_reason import REASON, state_reason
from tests.people.factories import PersonFactory

SEARCH_URL = reverse("intelligence:search")


@pytest.fixture
def searching_officer(officer_client):
    state_reason(officer_client)
    return officer_client


@pytest.fixture
def subject(home_force):
    return PersonFactory(forenames="Peregrine", surname="Quillzzy", created_by_force=home_force)


def _events():
    return AuditEvent.objects.filter(action="intelligence.searched").order_by("id")


def test_the_page_shows_the_box_the_filters_and_the_reason(searching_officer):
    response = searching_officer.get(SEARCH_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="q"' in content
    for name in ("force", "date_from", "date_to", "source_evaluation",
                 "intelligence_assessment", "handling_code", "entity_type"):
        assert f'name="{name}"' in content
    assert "moj-filter-layout" in content
    assert REASON in content
    assert "Change the reason" in content
    assert not _events().exists()


def test_a_search_lists_entities_and_reports_with_links(searching_officer, subject):
    report = IntelligenceReportFactory(title="Cannabis supply at Mill Lane")
    ReportLinkFactory(report=report, person=subject)
    response = searching_officer.get(SEARCH_URL, {"q": "Quillzzy"})
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("intelligence:subject_profile", args=[subject.pk]) in content
    assert "Peregrine QUILLZZY" in content
    assert reverse("intelligence:report_detail", args=[report.pk]) in content
    assert report.reference in content
    assert "2C P" in content
    assert "Essex" in content


def test_every_search_is_audited_with_reason_filters_and_what_it_listed(
        searching_officer, officer, subject, home_force):
    report = IntelligenceReportFactory()
    ReportLinkFactory(report=report, person=subject)
    searching_officer.get(SEARCH_URL, {"q": "Quillzzy", "force": str(home_force.pk),
                                       "handling_code": "P", "date_from": "1/1/2020"})
    event = _events().get()
    assert event.actor == officer
    assert event.reason == REASON
    assert event.details["query"] == "Quillzzy"
    assert event.details["filters"] == {"force": str(home_force.pk), "handling_code": "P",
                                        "date_from": "2020-01-01"}
    assert report.pk in event.details["report_ids"]
    assert f"person:{subject.pk}" in event.details["entities"]


def test_a_common_word_lists_the_newest_reports_that_have_it(searching_officer, monkeypatch):
    # Three read from a window of the four newest reports: many reports' worth, in a few.
    monkeypatch.setattr(search, "TEXT_SCAN_LIMIT", 3)
    monkeypatch.setattr(search, "TEXT_CANDIDATES", 3)
    monkeypatch.setattr(search, "WORD_PROBE_WINDOW", 2)
    monkeypatch.setattr(search, "RECENT_WINDOWS", (4,))
    by_year = {year: IntelligenceReportFactory(sanitised_text="Cannabis is sold from the flat.",
                                               obtained_on=datetime.date(year, 3, 1))
               for year in range(2017, 2024)}
    IntelligenceReportFactory(sanitised_text="Tools are sold from the unit.",
                              obtained_on=datetime.date(2010, 3, 1))

    response = searching_officer.get(SEARCH_URL, {"q": "cannabis"})

    content = response.content.decode()
    newest = [by_year[year].reference for year in (2023, 2022, 2021)]
    assert [content.index(reference) for reference in newest] == sorted(
        content.index(reference) for reference in newest)
    assert not any(by_year[year].reference in content for year in range(2017, 2021))
    assert "of those found by their words alone, the newest" in content
    listed = [by_year[year].pk for year in (2023, 2022, 2021)]
    assert _events().get().details["report_ids"] == listed


def test_a_report_the_user_may_not_see_is_neither_listed_nor_audited(
        client, outsider, subject):
    hidden = ConditionalReportFactory(originator_only=True, title="Essex only")
    ReportLinkFactory(report=hidden, person=subject)
    client.force_login(outsider)
    state_reason(client)
    response = client.get(SEARCH_URL, {"q": "Quillzzy"})
    assert response.status_code == 200
    assert hidden.reference not in response.content.decode()
    assert hidden.pk not in _events().get().details["report_ids"]


def test_selected_filters_are_shown_with_a_way_to_remove_each(searching_officer, home_force):
    response = searching_officer.get(SEARCH_URL, {"q": "Quillzzy", "force": str(home_force.pk),
                                                  "handling_code": HandlingCode.CONDITIONS})
    content = response.content.decode()
    assert "Selected filters" in content
    assert "Remove this filter" in content
    assert "C – Sharing permitted with conditions" in content
    assert "Clear filters" in content
    assert 'href="?q=Quillzzy&amp;handling_code=C"' in content


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"date_from": "30/02/2026"}, "date_from", "Obtained from must be a real date"),
    ({"date_to": "tomorrow"}, "date_to", "Obtained to must be a real date"),
    ({"date_from": "1/1/26"}, "date_from", "Obtained from must include the year in full"),
    ({"force": "999999"}, "force", "Select a force from the list"),
    ({"force": "99999999999999999999999999"}, "force", "Select a force from the list"),
    ({"source_evaluation": "4"}, "source_evaluation",
     "Select a source evaluation from the list"),
    ({"intelligence_assessment": "Z"}, "intelligence_assessment",
     "Select an intelligence assessment from the list"),
    ({"handling_code": "X"}, "handling_code", "Select a handling code from the list"),
    ({"entity_type": "weapon"}, "entity_type", "Select a type of entity from the list"),
    ({"date_from": "2/3/2026", "date_to": "1/3/2026"}, "date_to",
     "Obtained to must be the same as or after the obtained from date"),
])
def test_bad_filter_values_get_a_message_by_the_field_and_no_search_runs(
        searching_officer, params, field, message):
    response = searching_officer.get(SEARCH_URL, {"q": "Quillzzy", **params})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert message in content
    assert f'href="#id_{field}"' in content
    assert 'value="Quillzzy"' in content
    for name, value in params.items():
        if name.startswith("date"):
            assert f'value="{value}"' in content
    assert response.context["results"] is None
    assert not _events().exists()


def test_typed_dates_are_kept_and_valid_ones_accepted(searching_officer):
    response = searching_officer.get(SEARCH_URL, {"q": "Quillzzy", "date_from": "01/02/2025",
                                                  "date_to": "2025-03-01"})
    assert response.status_code == 200
    event = _events().get()
    assert event.details["filters"] == {"date_from": "2025-02-01", "date_to": "2025-03-01"}


def test_an_empty_search_asks_for_words(searching_officer):
    response = searching_officer.get(SEARCH_URL, {"q": "  "})
    assert response.status_code == 200
    assert "Enter a name, registration number, telephone number, reference or words" in (
        response.content.decode())
    assert not _events().exists()


@pytest.mark.parametrize("role", [Role.CPS_LAWYER, Role.ADMINISTRATOR])
def test_users_without_a_police_role_are_refused(client, home_force, role):
    client.force_login(UserFactory(force=home_force, roles=[role]))
    assert client.get(SEARCH_URL).status_code == 403


def test_a_user_with_no_force_is_refused(client, db):
    user = UserFactory(roles=[Role.OFFICER])
    user.force = None
    user.save()
    client.force_login(user)
    assert client.get(SEARCH_URL).status_code == 403


def test_the_search_page_needs_sign_in(client):
    response = client.get(SEARCH_URL, {"q": "Quillzzy"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_page_carries_no_inline_script_or_style(searching_officer, subject):
    ReportLinkFactory(report=IntelligenceReportFactory(), person=subject)
    content = searching_officer.get(SEARCH_URL, {"q": "Quillzzy"}).content.decode()
    assert "style=" not in content
    assert "onclick" not in content
    assert content.count("<script") == content.count("<script nonce=") + content.count(
        '<script type="module" src=') + content.count("<script src=")


def test_the_force_filter_offers_forces_on_athena_not_reserved_codes(
        searching_officer, other_force):
    from athena.accounts.models import Force

    Force.objects.get_or_create(code="99", defaults={"name": "Reserved (for DVLA)"})
    UserFactory(username="kent_user", force=other_force, roles=[Role.OFFICER])

    page = searching_officer.get(reverse("intelligence:search")).content.decode()

    assert f'<option value="{other_force.pk}">Kent</option>' in page
    assert "Reserved (for DVLA)" not in page
