"""Who and what a file is about: offences per suspect (add, change, remove), suspects
from the people index, victims and witnesses; permissions, and hostile input on every
form (a message beside the field, the typing kept, never a 500)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.audit.models import AuditEvent
from cases.constants import Marker, Plea
from cases.models import CaseStatus, ChargedOffence, Participant, Suspect
from tests.cases.factories import ChargedOffenceFactory, SuspectFactory
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory

SCRIPT = "<script>alert(1)</script>"
HUGE_NUMBER = "99999999999999999999"
LONG_TEXT = "x" * 20000
ZOE = "Zoë Ó'Brien"


def past_date(days=30):
    return (timezone.localdate() - timedelta(days=days)).strftime("%d/%m/%Y")


def future_date():
    return (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")


def field_html(response, name):
    """The HTML of one form group (from id="field-<name>" to the next group)."""
    html = response.content.decode()
    start = html.index(f'id="field-{name}"')
    end = html.find('id="field-', start + 1)
    return html[start:end if end != -1 else None]


def assert_refused_beside(response, name, message):
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert f'href="#field-{name}"'.encode() in response.content
    assert message in field_html(response, name)
    assert SCRIPT.encode() not in response.content


def detail_url(case):
    return reverse("cases:detail", args=[case.pk])


def task_kinds(client, case):
    return {task.kind: task.level for task in client.get(detail_url(case)).context["tasks"]}


@pytest.fixture
def charged(shoplift_case):
    return ChargedOffence.objects.get(suspect__case=shoplift_case)


@pytest.fixture
def criminal_damage(db):
    return OffenceFactory(cjs_code="CD71039", title="Destroy or damage property")


@pytest.fixture
def keira(home_force):
    return PersonFactory(forenames="Keira", surname="Lockhart", created_by_force=home_force)


@pytest.fixture
def young_zoe(home_force):
    today = timezone.localdate()
    return PersonFactory(forenames="Zoë", surname="Ó'Brien", created_by_force=home_force,
                         date_of_birth=date(today.year - 12, 1, 1))


@pytest.fixture
def two_suspect_case(shoplift_case, keira):
    SuspectFactory(case=shoplift_case, person=keira, position=2)
    return shoplift_case


def submit(client, case):
    client.post(reverse("cases:submit", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


# --- Adding an offence -------------------------------------------------------------------------

def offence_add_url(case):
    return reverse("cases:offence_add", args=[case.pk])


def valid_offence(**overrides):
    return {"offence_code": "CD71039", "anticipated_plea": Plea.NOT_GUILTY,
            "offence_date": past_date(), "wording": "£50 of meat", **overrides}


def test_the_add_offence_page_does_not_ask_which_suspect_of_a_one_suspect_file(
    officer_client, shoplift_case
):
    response = officer_client.get(offence_add_url(shoplift_case))
    assert response.status_code == 200
    assert b"Add an offence for Dean ARCHER" in response.content
    assert b"Which suspect" not in response.content
    assert b'id="offence-query"' in response.content


def test_adding_an_offence_saves_its_plea_date_and_wording_exactly(
    officer_client, shoplift_case, criminal_damage
):
    response = officer_client.post(offence_add_url(shoplift_case),
                                   valid_offence(wording="£50 of meat – Zoë’s shop"))
    assert response.status_code == 302
    assert response["Location"] == detail_url(shoplift_case)
    added = ChargedOffence.objects.get(offence=criminal_damage)
    assert added.suspect.case == shoplift_case
    assert added.anticipated_plea == Plea.NOT_GUILTY
    assert added.offence_date == timezone.localdate() - timedelta(days=30)
    assert added.wording == "£50 of meat – Zoë’s shop"
    actions = list(AuditEvent.objects.filter(object_id=str(shoplift_case.pk))
                   .values_list("action", flat=True))
    assert "cases.offence.added" in actions
    assert "cases.offence.changed" in actions


def test_an_offence_without_date_or_wording_writes_only_the_added_event(
    officer_client, shoplift_case, criminal_damage
):
    officer_client.post(offence_add_url(shoplift_case),
                        valid_offence(offence_date="", wording=""))
    added = ChargedOffence.objects.get(offence=criminal_damage)
    assert added.offence_date is None
    assert added.wording == ""
    assert not AuditEvent.objects.filter(action="cases.offence.changed").exists()


def _statement_reasons(client, case):
    tasks = client.get(detail_url(case)).context["tasks"]
    return " ".join(next(t for t in tasks if t.kind == "witness_statements").reasons)


def test_a_not_guilty_plea_makes_witness_statements_prove_the_case_on_the_task_list(
    officer_client, shoplift_case, criminal_damage
):
    # A guilty plea file needs each witness's statement for the CPS Digital Case File
    # only; a not guilty plea needs them to prove the offence.
    assert "a guilty plea is not anticipated" not in _statement_reasons(officer_client,
                                                                         shoplift_case)
    officer_client.post(offence_add_url(shoplift_case), valid_offence())
    assert task_kinds(officer_client, shoplift_case)["witness_statements"] == "required"
    assert "a guilty plea is not anticipated" in _statement_reasons(officer_client,
                                                                     shoplift_case)
    page = officer_client.get(detail_url(shoplift_case))
    assert b"Destroy or damage property" in page.content
    assert b"anticipated plea not guilty" in page.content


def test_a_file_with_two_suspects_asks_which_suspect(
    officer_client, two_suspect_case, criminal_damage, keira
):
    page = officer_client.get(offence_add_url(two_suspect_case))
    assert b"Which suspect is this offence for?" in page.content
    keiras = Suspect.objects.get(person=keira)
    response = officer_client.post(offence_add_url(two_suspect_case),
                                   valid_offence(suspect=str(keiras.pk)))
    assert response.status_code == 302
    assert ChargedOffence.objects.get(offence=criminal_damage).suspect == keiras


def test_the_suspects_own_add_offence_page_does_not_ask_which_suspect(
    officer_client, two_suspect_case, criminal_damage, keira
):
    keiras = Suspect.objects.get(person=keira)
    url = reverse("cases:suspect_offence_add", args=[two_suspect_case.pk, keiras.pk])
    page = officer_client.get(url)
    assert b"Which suspect" not in page.content
    assert b"Add an offence for Keira LOCKHART" in page.content
    officer_client.post(url, valid_offence())
    assert ChargedOffence.objects.get(offence=criminal_damage).suspect == keiras


def test_finding_an_offence_without_javascript_keeps_the_typing_and_judges_nothing(
    officer_client, shoplift_case, criminal_damage
):
    response = officer_client.post(offence_add_url(shoplift_case), {
        "offence_query": "CD71039", "find_offence": "1", "wording": "£50 of meat",
        "offence_date": "30/02/2026"})
    assert response.status_code == 200
    assert b"There is a problem" not in response.content
    assert b'value="CD71039"' in response.content
    assert b'value="30/02/2026"' in response.content
    assert "£50 of meat".encode() in response.content
    assert not ChargedOffence.objects.filter(offence=criminal_damage).exists()


@pytest.mark.parametrize(("data", "field", "message", "kept"), [
    ({}, "offence_code", "Choose the offence", None),
    ({}, "anticipated_plea", "Choose the anticipated plea", None),
    ({"offence_date": "30/02/2026"}, "offence_date", "must be a real date", "30/02/2026"),
    ({"offence_date": future_date()}, "offence_date", "must be today or in the past",
     future_date()),
    ({"offence_date": "01/01/1899"}, "offence_date", "1900 or later", "01/01/1899"),
    ({"offence_date": LONG_TEXT}, "offence_date", "must be a real date", LONG_TEXT),
    ({"offence_date": "-1"}, "offence_date", "must be a real date", "-1"),
    ({"wording": LONG_TEXT}, "wording", "2,000 characters or fewer", LONG_TEXT),
    ({"wording": "£50\x00 of meat"}, "wording", "Null characters are not allowed", "£50"),
    ({"offence_code": LONG_TEXT}, "offence_code", "Choose an offence from the list", None),
    ({"offence_code": SCRIPT}, "offence_code", "Choose an offence from the list", None),
    ({"offence_code": "", "offence_query": LONG_TEXT}, "offence_code", "Choose the offence",
     None),
    ({"anticipated_plea": SCRIPT}, "anticipated_plea", "Choose the anticipated plea", None),
    ({"anticipated_plea": HUGE_NUMBER}, "anticipated_plea", "Choose the anticipated plea",
     None),
])
def test_bad_offence_input_is_explained_beside_the_field_and_kept(
    officer_client, shoplift_case, criminal_damage, data, field, message, kept
):
    posted = valid_offence(**data) if data else {}
    response = officer_client.post(offence_add_url(shoplift_case), posted)
    assert_refused_beside(response, field, message)
    if kept is not None:
        assert kept in field_html(response, field)
    assert not ChargedOffence.objects.filter(offence=criminal_damage).exists()


def test_a_script_in_the_wording_is_kept_as_text_and_escaped(
    officer_client, shoplift_case, criminal_damage
):
    response = officer_client.post(offence_add_url(shoplift_case),
                                   valid_offence(anticipated_plea="", wording=SCRIPT))
    assert SCRIPT.encode() not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    officer_client.post(offence_add_url(shoplift_case), valid_offence(wording=SCRIPT))
    added = ChargedOffence.objects.get(offence=criminal_damage)
    assert added.wording == SCRIPT
    page = officer_client.get(reverse("cases:offence_change",
                                      args=[shoplift_case.pk, added.pk]))
    assert SCRIPT.encode() not in page.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.content


@pytest.mark.parametrize("suspect", ["", "-1", HUGE_NUMBER, SCRIPT])
def test_a_suspect_not_in_the_file_is_refused(
    officer_client, two_suspect_case, criminal_damage, suspect
):
    response = officer_client.post(offence_add_url(two_suspect_case),
                                   valid_offence(suspect=suspect))
    assert_refused_beside(response, "suspect", "Choose the suspect")
    assert not ChargedOffence.objects.filter(offence=criminal_damage).exists()


def test_a_suspect_of_another_file_has_no_add_offence_page(officer_client, shoplift_case):
    other = SuspectFactory()
    url = reverse("cases:suspect_offence_add", args=[shoplift_case.pk, other.pk])
    assert officer_client.get(url).status_code == 404


def test_no_offence_is_added_to_a_submitted_file(officer_client, shoplift_case,
                                                 criminal_damage):
    submit(officer_client, shoplift_case)
    response = officer_client.post(offence_add_url(shoplift_case), valid_offence(),
                                   follow=True)
    assert b"cannot be changed now" in response.content
    assert not ChargedOffence.objects.filter(offence=criminal_damage).exists()


# --- Changing and removing an offence ---------------------------------------------------------

def change_url(charged):
    return reverse("cases:offence_change", args=[charged.suspect.case_id, charged.pk])


def remove_url(charged):
    return reverse("cases:offence_remove", args=[charged.suspect.case_id, charged.pk])


def test_the_change_page_shows_what_is_saved(officer_client, charged):
    charged.offence_date = date(2026, 11, 20)
    charged.wording = "£50 of meat"
    charged.save()
    page = officer_client.get(change_url(charged))
    assert page.status_code == 200
    assert b'value="20/11/2026"' in page.content
    assert "£50 of meat".encode() in page.content
    assert b'value="guilty" checked' in page.content


def test_changing_an_offence_saves_plea_date_and_wording(officer_client, charged):
    response = officer_client.post(change_url(charged), {
        "anticipated_plea": Plea.NOT_GUILTY, "offence_date": "20/11/2026",
        "wording": "£50 of meat"})
    assert response["Location"] == detail_url(charged.suspect.case)
    charged.refresh_from_db()
    assert charged.anticipated_plea == Plea.NOT_GUILTY
    assert charged.offence_date == date(2026, 11, 20)
    assert charged.wording == "£50 of meat"
    event = AuditEvent.objects.get(action="cases.offence.changed")
    assert event.details == {"offence": "TH68010",
                             "fields": ["anticipated_plea", "offence_date", "wording"]}


def test_saving_an_unchanged_offence_records_nothing(officer_client, charged):
    response = officer_client.post(change_url(charged), {"anticipated_plea": Plea.GUILTY})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="cases.offence.changed").exists()


def test_changing_the_plea_to_not_guilty_updates_the_task_list(officer_client, charged):
    case = charged.suspect.case
    officer_client.post(change_url(charged), {"anticipated_plea": Plea.NOT_GUILTY})
    assert task_kinds(officer_client, case)["witness_statements"] == "required"


@pytest.mark.parametrize(("data", "field", "message", "kept"), [
    ({}, "anticipated_plea", "Choose the anticipated plea", None),
    ({"offence_date": "30/02/2026"}, "offence_date", "must be a real date", "30/02/2026"),
    ({"offence_date": future_date()}, "offence_date", "must be today or in the past",
     future_date()),
    ({"offence_date": "99999999999999999999"}, "offence_date", "must be a real date",
     HUGE_NUMBER),
    ({"wording": LONG_TEXT}, "wording", "2,000 characters or fewer", LONG_TEXT),
    ({"anticipated_plea": SCRIPT}, "anticipated_plea", "Choose the anticipated plea", None),
])
def test_bad_offence_changes_are_explained_and_kept(officer_client, charged, data, field,
                                                    message, kept):
    posted = {"anticipated_plea": Plea.NOT_GUILTY, **data} if data else {}
    response = officer_client.post(change_url(charged), posted)
    assert_refused_beside(response, field, message)
    if kept is not None:
        assert kept in field_html(response, field)
    charged.refresh_from_db()
    assert charged.anticipated_plea == Plea.GUILTY


def test_removing_an_offence_asks_first_then_removes_it(officer_client, charged):
    page = officer_client.get(remove_url(charged))
    assert page.status_code == 200
    assert b"govuk-button--warning" in page.content
    assert b"This is the only offence" in page.content
    assert ChargedOffence.objects.filter(pk=charged.pk).exists()
    response = officer_client.post(remove_url(charged))
    assert response["Location"] == detail_url(charged.suspect.case)
    assert not ChargedOffence.objects.filter(pk=charged.pk).exists()
    assert AuditEvent.objects.get(action="cases.offence.removed").details == {
        "offence": "TH68010"}


def test_an_offence_of_another_file_cannot_be_changed_or_removed(officer_client,
                                                                 shoplift_case):
    other = ChargedOffenceFactory()
    for name in ("cases:offence_change", "cases:offence_remove"):
        url = reverse(name, args=[shoplift_case.pk, other.pk])
        assert officer_client.get(url).status_code == 404
        assert officer_client.post(url, {"anticipated_plea": "guilty"}).status_code == 404
    assert ChargedOffence.objects.filter(pk=other.pk).exists()


def test_an_offence_of_a_submitted_file_is_not_removed(officer_client, charged):
    submit(officer_client, charged.suspect.case)
    response = officer_client.post(remove_url(charged), follow=True)
    assert b"cannot be changed now" in response.content
    assert ChargedOffence.objects.filter(pk=charged.pk).exists()


# --- Adding a suspect --------------------------------------------------------------------------

def suspect_add_url(case):
    return reverse("cases:suspect_add", args=[case.pk])


def test_searching_the_index_lists_people_to_choose_and_is_audited(
    officer_client, shoplift_case, keira, suspect_person
):
    response = officer_client.get(suspect_add_url(shoplift_case), {"query": "Keira Lockhart"})
    assert response.status_code == 200
    assert f'name="person" type="radio" value="{keira.pk}"'.encode() in response.content
    event = AuditEvent.objects.get(action="people.person.searched")
    assert keira.pk in event.details["person_ids"]
    archer = officer_client.get(suspect_add_url(shoplift_case), {"query": "Dean Archer"})
    assert b"Already a suspect in this file" in archer.content


def test_adding_a_suspect_leads_to_their_first_offence(officer_client, shoplift_case, keira):
    response = officer_client.post(suspect_add_url(shoplift_case), {"person": keira.pk})
    suspect = Suspect.objects.get(person=keira)
    assert suspect.case == shoplift_case
    assert suspect.position == 2
    assert response["Location"] == reverse("cases:suspect_offence_add",
                                           args=[shoplift_case.pk, suspect.pk])
    assert AuditEvent.objects.get(action="cases.suspect.added").details == {
        "suspect_id": suspect.pk, "person_id": keira.pk, "position": 2}
    page = officer_client.get(detail_url(shoplift_case))
    assert b"Keira LOCKHART" in page.content


def test_a_person_linked_from_their_record_is_chosen_already(officer_client, shoplift_case,
                                                             keira):
    page = officer_client.get(suspect_add_url(shoplift_case), {"person": keira.pk})
    assert page.status_code == 200
    assert f'value="{keira.pk}" aria-describedby="person-{keira.pk}-hint" checked'.encode() in (
        page.content)


def test_someone_already_a_suspect_is_refused(officer_client, shoplift_case, suspect_person):
    response = officer_client.post(suspect_add_url(shoplift_case),
                                   {"person": suspect_person.pk, "query": "Dean Archer"})
    assert_refused_beside(response, "person", "is already a suspect in this file")
    assert Suspect.objects.filter(case=shoplift_case).count() == 1


@pytest.mark.parametrize("person", ["", "-1", "0", HUGE_NUMBER, "1e5", SCRIPT, LONG_TEXT,
                                    "123456789"])
def test_a_person_not_on_the_index_is_refused(officer_client, shoplift_case, person):
    response = officer_client.post(suspect_add_url(shoplift_case),
                                   {"person": person, "query": SCRIPT})
    assert_refused_beside(response, "person", "Choose a person from the search results")
    assert Suspect.objects.filter(case=shoplift_case).count() == 1


@pytest.mark.parametrize(("params", "field", "message", "kept"), [
    ({"query": ""}, "query", "Enter a name, PNC ID or CRO number", None),
    ({"query": LONG_TEXT}, "query", "200 characters or fewer", LONG_TEXT),
    ({"query": "-1"}, "query", "Enter a name using letters", "-1"),
    ({"query": HUGE_NUMBER}, "query", "Enter a name using letters", HUGE_NUMBER),
    ({"query": "Keira\x00"}, "query", "Null characters are not allowed", None),
    ({"query": "Keira", "date_of_birth": "30/02/2026"}, "date_of_birth",
     "must be a real date", "30/02/2026"),
])
def test_bad_searches_for_a_suspect_are_explained_and_kept(officer_client, shoplift_case,
                                                           params, field, message, kept):
    response = officer_client.get(suspect_add_url(shoplift_case), params)
    assert_refused_beside(response, field, message)
    if kept is not None:
        assert kept in field_html(response, field)


def test_a_script_searched_for_is_shown_as_text(officer_client, shoplift_case):
    response = officer_client.get(suspect_add_url(shoplift_case), {"query": SCRIPT})
    assert response.status_code == 200
    assert SCRIPT.encode() not in response.content
    assert b'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in response.content
    assert b"No one on the index matches" in response.content


# --- Victims and witnesses ---------------------------------------------------------------------

def participant_add_url(case):
    return reverse("cases:participant_add", args=[case.pk])


def test_adding_a_witness_keeps_their_name_exactly(officer_client, shoplift_case):
    page = officer_client.get(participant_add_url(shoplift_case))
    assert page.status_code == 200
    response = officer_client.post(participant_add_url(shoplift_case), {
        "role": "witness", "name": ZOE, "under_18": "no"})
    assert response["Location"] == detail_url(shoplift_case)
    witness = Participant.objects.get()
    assert (witness.case, witness.role, witness.name, witness.under_18, witness.person) == (
        shoplift_case, "witness", ZOE, False, None)
    event = AuditEvent.objects.get(action="cases.participant.added")
    assert event.details == {"participant_id": witness.pk, "role": "witness",
                             "person_id": None, "under_18": False}
    assert ZOE not in str(event.details)
    page = officer_client.get(detail_url(shoplift_case))
    assert "Zoë Ó&#x27;Brien".encode() in page.content


def test_a_young_witness_is_not_given_the_marker_but_the_officer_is_told(
    officer_client, shoplift_case
):
    response = officer_client.post(participant_add_url(shoplift_case), {
        "role": "witness", "name": "Sam Hill", "under_18": "yes"}, follow=True)
    assert b"add the young witness marker in Bail and markers" in response.content
    assert reverse("cases:details", args=[shoplift_case.pk]).encode() in response.content
    shoplift_case.refresh_from_db()
    assert Marker.YOUNG_WITNESS not in shoplift_case.markers
    assert Participant.objects.get().under_18 is True


def test_finding_a_witness_on_the_index_lists_them_and_keeps_the_typing(
    officer_client, shoplift_case, young_zoe
):
    response = officer_client.post(participant_add_url(shoplift_case), {
        "role": "victim", "person_query": "Zoe O'Brien", "find_person": "1"})
    assert response.status_code == 200
    assert b"There is a problem" not in response.content
    assert f'value="{young_zoe.pk}"'.encode() in response.content
    assert b'value="victim" checked' in response.content
    assert AuditEvent.objects.filter(action="people.person.searched").exists()
    assert not Participant.objects.exists()


def test_a_witness_from_the_index_needs_no_name_or_age_typed(officer_client, shoplift_case,
                                                             young_zoe):
    response = officer_client.post(participant_add_url(shoplift_case), {
        "role": "victim", "person": young_zoe.pk, "person_query": "Zoe O'Brien"})
    assert response.status_code == 302
    victim = Participant.objects.get()
    assert (victim.person, victim.name, victim.under_18) == (young_zoe, ZOE, True)
    assert AuditEvent.objects.get(action="cases.participant.added").details["person_id"] == (
        young_zoe.pk)


def test_a_typed_name_and_age_win_over_the_index(officer_client, shoplift_case, young_zoe):
    officer_client.post(participant_add_url(shoplift_case), {
        "role": "witness", "person": young_zoe.pk, "name": "Zoë Brien", "under_18": "no"})
    witness = Participant.objects.get()
    assert (witness.name, witness.under_18) == ("Zoë Brien", False)


@pytest.mark.parametrize(("data", "field", "message", "kept"), [
    ({}, "role", "Choose victim or witness", None),
    ({}, "name", "Enter their name", None),
    ({}, "under_18", "Select yes if they are under 18", None),
    ({"name": LONG_TEXT}, "name", "200 characters or fewer", LONG_TEXT),
    ({"name": SCRIPT}, "name", "must only include letters", "&lt;script&gt;"),
    ({"name": "12345"}, "name", "must only include letters", "12345"),
    ({"name": "Zo\x00ë"}, "name", "must only include letters", None),
    ({"role": SCRIPT}, "role", "Choose victim or witness", None),
    ({"under_18": HUGE_NUMBER}, "under_18", "Select yes if they are under 18", None),
    ({"person": "-1"}, "person", "Choose a person from the search results", None),
    ({"person": HUGE_NUMBER}, "person", "Choose a person from the search results", None),
    ({"person": "123456789"}, "person", "Choose a person from the search results", None),
    ({"person_query": LONG_TEXT}, "person_query", "200 characters or fewer", LONG_TEXT),
])
def test_bad_victim_or_witness_input_is_explained_and_kept(officer_client, shoplift_case,
                                                           data, field, message, kept):
    posted = {"role": "witness", "name": ZOE, "under_18": "no", **data} if data else {}
    response = officer_client.post(participant_add_url(shoplift_case), posted)
    assert_refused_beside(response, field, message)
    if kept is not None:
        assert kept in field_html(response, field)
    if data.get("name") is None and data:
        assert "Zoë Ó&#x27;Brien" in field_html(response, "name")
    assert not Participant.objects.exists()


def test_removing_a_witness_asks_first(officer_client, shoplift_case, officer):
    from cases.parties.services import participant_add

    witness = participant_add(acting_user=officer, case=shoplift_case, role="witness",
                              name=ZOE)
    url = reverse("cases:participant_remove", args=[shoplift_case.pk, witness.pk])
    page = officer_client.get(url)
    assert page.status_code == 200
    assert b"govuk-button--warning" in page.content
    assert officer_client.post(url)["Location"] == detail_url(shoplift_case)
    assert not Participant.objects.exists()
    assert AuditEvent.objects.get(action="cases.participant.removed").details == {
        "participant_id": witness.pk, "role": "witness"}


def test_a_witness_of_a_submitted_file_is_not_removed(officer_client, shoplift_case,
                                                      officer):
    from cases.parties.services import participant_add

    witness = participant_add(acting_user=officer, case=shoplift_case, role="witness",
                              name=ZOE)
    submit(officer_client, shoplift_case)
    url = reverse("cases:participant_remove", args=[shoplift_case.pk, witness.pk])
    response = officer_client.post(url, follow=True)
    assert b"cannot be changed now" in response.content
    assert Participant.objects.filter(pk=witness.pk).exists()


# --- Services ----------------------------------------------------------------------------------

def test_suspect_add_refuses_a_file_that_is_not_editable(officer, shoplift_case, keira):
    from cases.parties.services import suspect_add
    from cases.services import CaseNotEditable

    shoplift_case.status = CaseStatus.SUBMITTED
    shoplift_case.save()
    with pytest.raises(CaseNotEditable):
        suspect_add(acting_user=officer, case=shoplift_case, person=keira)
    assert not Suspect.objects.filter(person=keira).exists()


def test_suspect_add_twice_refuses_the_second(officer, shoplift_case, keira):
    from cases.parties.services import SuspectAlreadyInCase, suspect_add

    suspect_add(acting_user=officer, case=shoplift_case, person=keira)
    with pytest.raises(SuspectAlreadyInCase):
        suspect_add(acting_user=officer, case=shoplift_case, person=keira)
    assert Suspect.objects.filter(person=keira).count() == 1


def test_participant_services_touch_the_file(officer, shoplift_case):
    from cases.parties.services import participant_add, participant_remove

    before = shoplift_case.updated_at
    witness = participant_add(acting_user=officer, case=shoplift_case, role="victim",
                              name=ZOE, under_18=True)
    shoplift_case.refresh_from_db()
    assert shoplift_case.updated_at > before
    participant_remove(acting_user=officer, case=shoplift_case, participant=witness)
    assert not Participant.objects.exists()


def test_participant_add_refuses_an_unknown_role(officer, shoplift_case):
    from cases.parties.services import participant_add

    with pytest.raises(ValueError, match="role"):
        participant_add(acting_user=officer, case=shoplift_case, role="suspect", name="X")


# --- Who may use these pages --------------------------------------------------------------------

def page_urls(case):
    charged = ChargedOffence.objects.filter(suspect__case=case).first()
    suspect = case.suspects.first()
    witness = Participant.objects.create(case=case, role="witness", name="A Witness")
    return [
        reverse("cases:offence_add", args=[case.pk]),
        reverse("cases:suspect_offence_add", args=[case.pk, suspect.pk]),
        reverse("cases:offence_change", args=[case.pk, charged.pk]),
        reverse("cases:offence_remove", args=[case.pk, charged.pk]),
        reverse("cases:suspect_add", args=[case.pk]),
        reverse("cases:participant_add", args=[case.pk]),
        reverse("cases:participant_remove", args=[case.pk, witness.pk]),
    ]


def test_the_officer_in_the_case_opens_every_page(officer_client, shoplift_case):
    for url in page_urls(shoplift_case):
        assert officer_client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["outsider", "supervisor", "custody_sergeant"])
def test_no_one_else_may_change_the_file(client, shoplift_case, keira, persona, request):
    client.force_login(request.getfixturevalue(persona))
    urls = page_urls(shoplift_case)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"person": keira.pk, "role": "witness", "name": "X",
                                 "under_18": "no", "anticipated_plea": "not_guilty",
                                 "offence_code": "TH68010"}).status_code == 404, url
    assert Suspect.objects.filter(case=shoplift_case).count() == 1
    assert ChargedOffence.objects.filter(suspect__case=shoplift_case).count() == 1
    assert Participant.objects.filter(case=shoplift_case).count() == 1


def test_someone_signed_out_is_sent_to_sign_in(client, shoplift_case):
    response = client.get(reverse("cases:offence_add", args=[shoplift_case.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_file_page_offers_the_changes_only_to_the_officer_in_the_case(
    officer_client, client, supervisor, shoplift_case
):
    page = officer_client.get(detail_url(shoplift_case))
    for text in (b"Add an offence", b"Add a suspect", b"Add a victim or witness",
                 b">Change<span class=\"govuk-visually-hidden\"> Theft from a shop"):
        assert text in page.content
    client.force_login(supervisor)
    page = client.get(detail_url(shoplift_case))
    assert page.status_code == 200
    assert b"Victims and witnesses" in page.content
    for text in (b"Add an offence", b"Add a suspect", b"Add a victim or witness"):
        assert text not in page.content


def test_the_file_page_offers_no_changes_once_submitted(officer_client, shoplift_case):
    submit(officer_client, shoplift_case)
    page = officer_client.get(detail_url(shoplift_case))
    assert b"Add an offence" not in page.content
    response = officer_client.get(offence_add_url(shoplift_case), follow=True)
    assert b"cannot be changed now" in response.content
