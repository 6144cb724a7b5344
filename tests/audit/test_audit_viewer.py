import pytest
from django.urls import reverse

from athena.audit.services import audit_record

URL = reverse("audit:events")


@pytest.fixture
def events(officer, analyst):
    audit_record(actor=officer, action="people.person.viewed", object_type="people.person",
                 object_id="7", reason="Arrest enquiry")
    audit_record(actor=analyst, action="people.person.searched", object_type="people.person",
                 object_id="")
    audit_record(actor=officer, action="people.person.created", object_type="people.person",
                 object_id="8")


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_administrator_sees_every_event_newest_first(admin_client, events):
    response = admin_client.get(URL)
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [e.action for e in rows] == ["people.person.created", "people.person.searched",
                                        "people.person.viewed"]


def test_filter_by_user(admin_client, events, analyst):
    response = admin_client.get(URL, {"user": analyst.pk})
    assert [e.actor_username for e in response.context["page"].object_list] == [analyst.username]


def test_filter_by_object_shows_who_looked_at_a_subject_and_why(admin_client, events):
    response = admin_client.get(URL, {"object_type": "people.person", "object_id": "7"})
    rows = list(response.context["page"].object_list)
    assert len(rows) == 1
    assert b"Arrest enquiry" in response.content


def test_filter_by_action_prefix(admin_client, events):
    response = admin_client.get(URL, {"action": "people.person.c"})
    assert [e.action for e in response.context["page"].object_list] == ["people.person.created"]


def test_filter_by_date(admin_client, events):
    from django.utils import timezone

    today = timezone.localdate().strftime("%d/%m/%Y")
    assert admin_client.get(URL, {"date_from": today}).context["page"].paginator.count == 3
    assert admin_client.get(URL, {"date_to": "01/01/2020"}).context["page"].paginator.count == 0


@pytest.mark.parametrize(
    "params",
    [
        {"user": "not-a-number"},
        {"who": "x" * 20000},
        {"about": "x" * 20000},
        {"date_from": "31/02/2026"},
        {"date_from": "yesterday"},
        {"date_from": "28/11/2026", "date_to": "01/11/2026"},
        {"action": "x" * 20000},
        {"object_id": "'; DROP TABLE audit_auditevent; --"},
        {"page": "-1"},
        {"page": "abc"},
    ],
)
def test_bad_filters_get_a_message_never_a_server_error(admin_client, events, params):
    response = admin_client.get(URL, params)
    assert response.status_code == 200
    if set(params) - {"page", "object_id"}:
        assert b"There is a problem" in response.content


def test_a_user_who_does_not_exist_did_nothing(admin_client, events):
    response = admin_client.get(URL, {"user": "999999"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert b"No events match these filters" in response.content


def test_viewer_query_count_does_not_grow_with_rows(admin_client, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_page():
        admin_client.get(URL)  # warm the session, so both counts are like for like
        with CaptureQueriesContext(connection) as context:
            admin_client.get(URL)
        return len(context.captured_queries)

    audit_record(actor=officer, action="people.person.viewed", object_type="people.person",
                 object_id="0")
    with_one_row = queries_for_page()
    for n in range(60):
        audit_record(actor=officer, action="people.person.viewed", object_type="people.person",
                     object_id=str(n))
    assert queries_for_page() == with_one_row


def test_other_roles_cannot_open_the_viewer(client, supervisor, analyst):
    for user in (supervisor, analyst):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_an_administrator_reads_only_their_own_forces_trail(client, events, other_force):
    from athena.accounts.roles import Role
    from tests.factories import UserFactory

    kent_officer = UserFactory(username="pc_kent", force=other_force, roles=[Role.OFFICER])
    audit_record(actor=kent_officer, action="intelligence.subject.viewed",
                 object_type="people.person", object_id="9", reason="Kent enquiry")
    kent_admin = UserFactory(username="kent_admin", force=other_force,
                             roles=[Role.ADMINISTRATOR])
    client.force_login(kent_admin)
    response = client.get(URL)
    assert [e.actor_username for e in response.context["page"].object_list] == ["pc_kent"]
    # Asking for another force's officer by name or username finds no one.
    assert client.get(URL, {"who": "pc_smith"}).context["page"].paginator.count == 0
    assert client.get(URL, {"who": "pc_kent"}).context["page"].paginator.count == 1
    response = client.get(URL, {"action": "people."})
    assert list(response.context["page"].object_list) == []


def test_each_look_at_the_trail_is_itself_audited(admin_client, events):
    from athena.audit.models import AuditEvent

    admin_client.get(URL, {"action": "people.person.viewed"})
    looked = AuditEvent.objects.filter(action="audit.events.viewed").get()
    assert looked.details == {"action": "people.person.viewed"}


@pytest.mark.parametrize("path", ["/admin/", "/admin/audit/auditevent/",
                                  "/admin/people/person/"])
def test_a_forces_administrator_cannot_use_the_django_admin(client, other_force, path):
    from athena.accounts.roles import Role
    from tests.factories import UserFactory

    kent_admin = UserFactory(username="kent_admin", force=other_force, is_staff=True,
                             roles=[Role.ADMINISTRATOR])
    client.force_login(kent_admin)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_events_read_in_names_and_links_with_what_was_searched(admin_client, officer):
    audit_record(actor=officer, action="people.person.viewed", object_type="people.person",
                 object_id="7", reason="Arrest enquiry")
    audit_record(actor=officer, action="people.person.searched", object_type="people.person",
                 details={"query": "jon smyth"})
    response = admin_client.get(URL)
    rows = {row["code"]: row for row in response.context["rows"]}
    viewed = rows["people.person.viewed"]
    assert (viewed["who"], viewed["action"]) == (officer.display_name, "Person viewed")
    assert viewed["object_url"] == reverse("people:person_detail", args=[7])
    assert rows["people.person.searched"]["search"] == "jon smyth"
    page = response.content.decode()
    assert "Searched for “jon smyth”" in page
    assert f'href="{reverse("people:person_detail", args=[7])}"' in page


def test_a_filtered_view_downloads_as_csv_and_the_download_is_audited(admin_client, officer):
    from athena.audit.models import AuditEvent

    audit_record(actor=officer, action="people.person.viewed", object_type="people.person",
                 object_id="7", reason="=HYPERLINK(\"http://evil\")")
    response = admin_client.get(URL, {"action": "people.person.viewed", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("When,Who,Username,Action")
    assert len(lines) == 2 and "Person viewed" in lines[1]
    assert "'=HYPERLINK" in lines[1]  # never run as a formula in a spreadsheet
    exported = AuditEvent.objects.get(action="audit.events.exported")
    assert exported.details == {"action": "people.person.viewed", "rows": 1}


def test_records_are_named_not_numbered(admin_client, officer):
    from tests.people.factories import PersonFactory

    person = PersonFactory(forenames="Cordelia", surname="Marchbanks")
    audit_record(actor=officer, action="people.person.viewed", obj=person, reason="Enquiry")
    response = admin_client.get(URL)
    row = next(row for row in response.context["rows"] if row["code"] == "people.person.viewed")
    assert row["object"] == "Person Cordelia MARCHBANKS"
    assert "Person Cordelia MARCHBANKS</a>" in response.content.decode()


def test_about_a_person_finds_every_look_at_them_and_their_records(admin_client, officer):
    from athena.audit.models import AuditEvent
    from tests.cases.factories import SuspectFactory
    from tests.people.factories import PersonFactory

    person = PersonFactory(forenames="Cordelia", surname="Marchbanks")
    someone_else = PersonFactory(forenames="Alan", surname="Turing")
    case = SuspectFactory(person=person).case
    audit_record(actor=officer, action="people.person.viewed", obj=person)
    audit_record(actor=officer, action="cases.section.viewed", obj=case)
    audit_record(actor=officer, action="people.person.viewed", obj=someone_else)
    response = admin_client.get(URL, {"about": "marchbanks"})
    assert response.status_code == 200
    found = {(event.action, event.object_id) for event in response.context["page"].object_list}
    assert found == {("people.person.viewed", str(person.pk)),
                     ("cases.section.viewed", str(case.pk))}
    page = response.content.decode()
    assert f"Case file {case.urn}" in page
    looked = AuditEvent.objects.filter(action="audit.events.viewed").latest("id")
    assert looked.details == {"about": "marchbanks"}


def test_a_national_administrator_reads_every_forces_trail(client, events, other_force):
    from athena.accounts.roles import Role
    from tests.factories import UserFactory

    national = UserFactory(username="national_admin", force=other_force,
                           roles=[Role.NATIONAL_ADMINISTRATOR])
    client.force_login(national)
    response = client.get(URL, {"who": "pc_smith"})
    assert response.context["page"].paginator.count == 2


def test_a_forces_administrator_sees_wrong_passwords_for_their_users_only(
        admin_client, officer, other_force):
    from athena.accounts.roles import Role
    from tests.factories import UserFactory

    kent_officer = UserFactory(username="pc_kent", force=other_force, roles=[Role.OFFICER])
    for user in (officer, kent_officer):
        audit_record(actor=None, action="accounts.sign_in_failed", obj=user,
                     details={"username": user.username})
    response = admin_client.get(URL, {"action": "accounts.sign_in_failed"})
    assert [event.details["username"] for event in response.context["page"].object_list] \
        == [officer.username]
    row = response.context["rows"][0]
    assert row["object"] == f"User {officer.display_name}"
    assert row["object_url"] == reverse("accounts:user_detail", args=[officer.pk])
