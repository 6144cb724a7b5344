"""Hostile input to the intelligence report forms: a message beside the field, the typing
kept, never a server error, never someone else's report."""

import pytest
from django.urls import reverse

from athena.accounts.roles import Role
from athena.people.models import Organisation, TelephoneNumber, Vehicle
from intelligence.models import IntelligenceReport, ReportLink, ReportStatus
from tests.factories import UserFactory
from tests.intelligence.factories import IntelligenceReportFactory, ReportLinkFactory
from tests.people.factories import PersonFactory

CREATE_URL = reverse("intelligence:report_create")

HOSTILE = {
    "empty": "",
    "huge": "x" * 20_000,
    "script": "<script>alert(1)</script>",
    "nul": "Mill\x00Lane",
    "emoji": "🚔💊 Zoë Ó'Brien",
}


def _url(name, report, *args):
    return reverse(f"intelligence:{name}", args=[report.pk, *args])


def _report_data(**overrides):
    data = {"title": "Cannabis supply", "obtained_on": "03/11/2025",
            "original_text": "The source saw it.", "sanitised_text": "",
            "source_evaluation": "2", "intelligence_assessment": "B", "handling_code": "P",
            "handling_conditions": "", "retention_group": "3"}
    data.update(overrides)
    return data


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def draft(officer):
    return IntelligenceReportFactory(author=officer, status=ReportStatus.DRAFT,
                                     sanitised_text="", submitted_at=None)


@pytest.fixture
def submitted(officer):
    return IntelligenceReportFactory(author=officer, status=ReportStatus.SUBMITTED)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_report_form_with_hostile_text_and_an_impossible_date(officer_client, name):
    value = HOSTILE[name]
    response = officer_client.post(CREATE_URL, _report_data(
        title=value, original_text=value, sanitised_text=value, handling_conditions=value,
        obtained_on="30/02/2026"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Date obtained must be a real date" in content
    assert 'value="30/02/2026"' in content
    assert "<script>alert(1)</script>" not in content
    if name == "huge":
        assert "Title must be 150 characters or fewer" in content
        assert "Report must be 10,000 characters or fewer" in content
    if name == "nul":
        assert "Null characters are not allowed." in content
    if name == "emoji":
        assert "🚔💊 Zoë Ó&#x27;Brien" in content
    if name == "empty":
        assert "Enter a title for the report" in content
    assert not IntelligenceReport.objects.exists()


def test_a_valid_report_keeps_emoji_and_accents_exactly(officer_client):
    officer_client.post(CREATE_URL, _report_data(title="🚔 Zoë Ó'Brien",
                                                 original_text="£50 of cannabis 💊"))
    report = IntelligenceReport.objects.get()
    assert report.title == "🚔 Zoë Ó'Brien"
    assert report.original_text == "£50 of cannabis 💊"


@pytest.mark.parametrize("date", ["31/04/2025", "tomorrow", "2025-13-01", "01/01/1066",
                                  "01/01/2999", "1" * 500])
def test_impossible_dates_are_refused_and_kept(officer_client, date):
    response = officer_client.post(CREATE_URL, _report_data(obtained_on=date))
    assert response.status_code == 200
    assert b"Date obtained must" in response.content
    assert not IntelligenceReport.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("source_evaluation", "9", "Choose the source evaluation: 1, 2 or 3"),
    ("source_evaluation", "A", "Choose the source evaluation: 1, 2 or 3"),
    ("intelligence_assessment", "Z", "Choose the intelligence assessment: A, B, C, D or E"),
    ("handling_code", "<script>", "Choose the handling code: P or C"),
    ("handling_code", "", "Choose the handling code: P or C"),
    ("retention_group", "99", "Choose the retention group"),
])
def test_unknown_choices_get_a_message(officer_client, field, value, message):
    response = officer_client.post(CREATE_URL, _report_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Cannabis supply"' in response.content.decode()
    assert not IntelligenceReport.objects.exists()


@pytest.mark.parametrize("force_id", ["999999", "abc", "99999999999999999999999", "-1",
                                      "1 OR 1=1"])
def test_a_force_that_does_not_exist(officer_client, force_id):
    response = officer_client.post(CREATE_URL, _report_data(
        handling_code="C", handling_conditions="Named forces only",
        shared_with_forces=[force_id]))
    assert response.status_code == 200
    assert b"Select forces from the list" in response.content
    assert not IntelligenceReport.objects.exists()


def test_a_role_that_does_not_exist(officer_client):
    response = officer_client.post(CREATE_URL, _report_data(
        handling_code="C", handling_conditions="Named roles only",
        shared_with_roles=["administrator", "superuser"]))
    assert response.status_code == 200
    assert b"Select roles from the list" in response.content


@pytest.mark.parametrize("version", ["", "-1", "abc", "99999999999999999999999", "1.5"])
def test_a_hostile_version_saves_nothing(officer_client, draft, version):
    response = officer_client.post(_url("report_edit", draft),
                                   _report_data(title="Changed", version=version))
    assert response.status_code == 200
    assert b"This page is out of date" in response.content
    assert b'value="Changed"' in response.content
    draft.refresh_from_db()
    assert draft.title != "Changed"


# --- Links ---------------------------------------------------------------------------------

@pytest.mark.parametrize("entity_id", ["999999", "abc", "-5", "0", "9" * 30, ""])
def test_linking_an_entity_that_does_not_exist(officer_client, draft, entity_id):
    response = officer_client.post(_url("report_links", draft), {
        "type": "person", "q": "Smith", "action": "link", "link-entity_type": "person",
        "link-entity_id": entity_id, "link-reason": "Named by the source"})
    assert response.status_code == 200
    assert b"Choose one of the search results" in response.content
    assert b"Named by the source" in response.content
    assert not ReportLink.objects.exists()


def test_linking_with_an_unknown_entity_type(officer_client, draft):
    person = PersonFactory()
    response = officer_client.post(_url("report_links", draft), {
        "type": "<script>", "q": "x", "action": "link", "link-entity_type": "spaceship",
        "link-entity_id": str(person.pk), "link-reason": "Seen"})
    assert response.status_code == 200
    assert b"Choose what to link from the list" in response.content
    assert not ReportLink.objects.exists()


@pytest.mark.parametrize("reason", ["x" * 20_000, "\x00", "   "])
def test_a_hostile_link_reason(officer_client, draft, reason):
    person = PersonFactory()
    response = officer_client.post(_url("report_links", draft), {
        "type": "person", "q": person.surname, "action": "link",
        "link-entity_type": "person", "link-entity_id": str(person.pk),
        "link-reason": reason})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not ReportLink.objects.exists()


@pytest.mark.parametrize(("params", "message"), [
    ({"type": "person", "q": ""}, "Enter what to search for"),
    ({"type": "vehicle", "q": "x" * 20_000}, "Search must be 200 characters or fewer"),
    ({"type": "vehicle", "q": "%_%"}, "Enter letters or numbers to search for"),
    ({"type": "location", "q": "Mill\x00Lane"}, "Null characters are not allowed."),
    ({"type": "bogus", "q": "Smith"}, "Choose what to link from the list"),
])
def test_hostile_link_searches(officer_client, draft, params, message):
    response = officer_client.get(_url("report_links", draft), params)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(("entity_type", "query"), [
    ("person", "🚔💊"), ("person", "Smith'; DROP TABLE people_person; --"),
    ("vehicle", "🚔 AB12"), ("location", "' OR 1=1 --"), ("telephone", "no digits here"),
    ("telephone", "0" * 190), ("organisation", "<script>alert(1)</script>"),
])
def test_odd_searches_find_nothing_and_break_nothing(officer_client, draft, entity_type,
                                                     query):
    response = officer_client.get(_url("report_links", draft),
                                  {"type": entity_type, "q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize(("entity_type", "fields", "message"), [
    ("vehicle", {"new-registration_mark": "<script>"},
     "Registration number must only include letters and numbers"),
    ("location", {"new-address_line_1": "", "new-postcode": "NOT A POSTCODE"},
     "Enter a real postcode"),
    ("telephone", {"new-number": "call me maybe", "new-telephone_type": "mobile"},
     "Enter a telephone number of 7 to 15 digits"),
    ("telephone", {"new-number": "+44+44 7700 900123", "new-telephone_type": "mobile"},
     "Enter a telephone number of 7 to 15 digits"),
    ("telephone", {"new-number": "07700 900123", "new-telephone_type": "pager"},
     "Choose the type of number, or Not known"),
    ("organisation", {"new-name": "!!!"}, "Enter the name of the organisation"),
    ("organisation", {"new-name": "x" * 20_000}, "200 characters or fewer"),
])
def test_hostile_new_entities(officer_client, draft, entity_type, fields, message):
    response = officer_client.post(_url("report_links", draft), {
        "type": entity_type, "q": "x", "action": "create", "new-reason": "Seen", **fields})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Vehicle.objects.exists()
    assert not TelephoneNumber.objects.exists()
    assert not Organisation.objects.exists()
    assert not ReportLink.objects.exists()


# --- Someone else's report, and made-up addresses ---------------------------------------------

def test_someone_elses_draft_is_not_found(client, draft):
    colleague = UserFactory(username="pc_colleague", roles=[Role.OFFICER])
    client.force_login(colleague)
    link = ReportLinkFactory(report=draft)
    for name in ("report_detail", "report_edit", "report_links", "report_evaluate"):
        assert client.get(_url(name, draft)).status_code == 404, name
    for name in ("report_submit", "report_answer", "report_links"):
        assert client.post(_url(name, draft), {"answer": "x"}).status_code == 404, name
    assert client.post(_url("report_link_remove", draft, link.pk)).status_code == 404
    assert ReportLink.objects.exists()
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_a_link_of_another_report_cannot_be_removed_through_mine(officer_client, officer,
                                                                 draft):
    theirs = ReportLinkFactory(report=IntelligenceReportFactory(status=ReportStatus.DRAFT))
    response = officer_client.post(_url("report_link_remove", draft, theirs.pk))
    assert response.status_code == 404
    assert ReportLink.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("path", [
    "/intelligence/reports/999999/", "/intelligence/reports/abc/",
    "/intelligence/reports/99999999999999999999999/",
    "/intelligence/reports/999999/edit/", "/intelligence/reports/999999/links/",
    "/intelligence/reports/999999/evaluate/",
])
def test_made_up_addresses_are_404_not_500(officer_client, path):
    assert officer_client.get(path).status_code == 404


def test_a_huge_link_id_is_404(officer_client, draft):
    url = f"/intelligence/reports/{draft.pk}/links/{'9' * 30}/remove/"
    assert officer_client.post(url).status_code == 404


def test_get_on_post_only_pages_is_refused(officer_client, draft):
    assert officer_client.get(_url("report_submit", draft)).status_code == 405
    assert officer_client.get(_url("report_answer", draft)).status_code == 405


# --- Evaluation and answers ------------------------------------------------------------------

@pytest.mark.parametrize("action", ["<script>", "", "delete_everything"])
def test_an_unknown_evaluation_action_changes_nothing(analyst_client, submitted, action):
    response = analyst_client.post(_url("report_evaluate", submitted), {"action": action})
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize(("data", "message"), [
    ({"action": "question", "question-question": "x" * 20_000},
     "Your question must be 2,000 characters or fewer"),
    ({"action": "question", "question-question": "\x00"}, "Null characters are not allowed."),
    ({"action": "reject", "reject-reason": "x" * 20_000},
     "Reason for rejecting must be 2,000 characters or fewer"),
    ({"action": "disseminate", "version": "1", "sanitised_text": "x" * 20_000,
      "sanitisation_checked": "yes", "source_evaluation": "7",
      "intelligence_assessment": "B", "handling_code": "P", "retention_group": "3"},
     "Sanitised version must be 10,000 characters or fewer"),
    ({"action": "disseminate", "version": "abc", "sanitised_text": "Fine",
      "sanitisation_checked": "yes", "source_evaluation": "2",
      "intelligence_assessment": "B", "handling_code": "C", "handling_conditions": "x",
      "shared_with_forces": ["424242"], "retention_group": "3"},
     "Select forces from the list"),
])
def test_hostile_evaluation_input(analyst_client, submitted, data, message):
    response = analyst_client.post(_url("report_evaluate", submitted), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("answer", ["x" * 20_000, "\x00", ""])
def test_hostile_answers(officer_client, officer, analyst, submitted, answer):
    from intelligence import services

    services.report_question_ask(acting_user=analyst, report=submitted, question="When?")
    response = officer_client.post(_url("report_answer", submitted), {"answer": answer})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.QUESTION
