"""User administration through its pages: a force's administrator manages their own
force's accounts, a national administrator everyone's; every change and every look is
audited; an officer gets 403 and another force's account answers 404."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from athena.accounts.administration.selectors import users_manageable_by
from athena.accounts.models import User
from athena.accounts.roles import Role
from athena.accounts.rules import may_manage_user
from athena.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory
from tests.html_forms import form_values, post_form

USERS = reverse("accounts:users")
CREATE = reverse("accounts:user_create")
LOCKOUTS = reverse("accounts:lockouts")
RELEASE = reverse("accounts:lockout_release")
LOGIN = reverse("accounts:login")
NEW_PASSWORD = "a-long-new-password-of-mine"


def detail(user):
    return reverse("accounts:user_detail", args=[user.pk])


def page_of(user, name):
    return reverse(f"accounts:user_{name}", args=[user.pk])


def events(action):
    return AuditEvent.objects.filter(action=action).order_by("pk")


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password},
                       REMOTE_ADDR=address)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def national_administrator(home_force):
    return UserFactory(username="national_admin", force=home_force, rank="STAFF",
                       roles=[Role.NATIONAL_ADMINISTRATOR])


@pytest.fixture
def national_client(client, national_administrator):
    client.force_login(national_administrator)
    return client


@pytest.fixture
def kent_admin(other_force):
    return UserFactory(username="kent_admin", force=other_force, rank="STAFF",
                       roles=[Role.ADMINISTRATOR])


NEW_USER = {"username": "pc4601", "first_name": "Ruth", "last_name": "Okonjo", "rank": "PC",
            "collar_number": "4601", "team": "Chelmsford CID",
            "email": "ruth.okonjo@essex.police.example", "roles": ["officer"]}


def create(client, **changes):
    return post_form(client, CREATE, "user-form", changes={**NEW_USER, **changes})


def shown_link(response):
    """The set-password link the administrator's page shows."""
    found = re.search(r'id="set-password-url"[^>]*>([^<]+)</textarea>', response.content.decode())
    assert found, "no set-password link on the page"
    return found.group(1).replace("http://testserver", "")


def set_password(client, link, password=NEW_PASSWORD):
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    return client.post(form_url, {"new_password1": password, "new_password2": password})


# --- Who may open the pages ----------------------------------------------------------

@pytest.mark.parametrize("url_name", ["users", "user_create", "lockouts"])
def test_an_officer_cannot_open_user_administration(officer_client, url_name):
    assert officer_client.get(reverse(f"accounts:{url_name}")).status_code == 403


@pytest.mark.parametrize("name", ["detail", "edit", "deactivate", "reactivate",
                                  "password_reset", "two_factor_reset"])
def test_an_officer_cannot_open_a_users_pages(officer_client, administrator, name):
    assert officer_client.get(page_of(administrator, name)).status_code == 403
    assert officer_client.post(page_of(administrator, name),
                               {"reason": "x"}).status_code in (403, 405)


@pytest.mark.parametrize("name", ["detail", "edit", "deactivate", "reactivate",
                                  "password_reset", "two_factor_reset"])
def test_another_forces_account_answers_404(admin_client, outsider, name):
    assert admin_client.get(page_of(outsider, name)).status_code == 404
    if name != "detail":
        response = admin_client.post(page_of(outsider, name), {"reason": "Left the force"})
        assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active and outsider.has_usable_password()


def test_a_force_administrator_cannot_manage_a_national_administrator(
        admin_client, national_administrator):
    assert admin_client.get(detail(national_administrator)).status_code == 404
    listed = admin_client.get(USERS).context["rows"]
    assert national_administrator not in [row["user"] for row in listed]


def test_the_list_and_the_rule_agree_on_whom_each_administrator_manages(
        administrator, national_administrator, kent_admin, officer, outsider):
    lawyer = UserFactory(username="cps_ada", force=None, roles=[Role.CPS_LAWYER])
    everyone = [administrator, national_administrator, kent_admin, officer, outsider, lawyer]
    for acting in everyone:
        listed = set(users_manageable_by(acting))
        assert listed == {person for person in everyone if may_manage_user(acting, person)}, \
            acting.username
    assert set(users_manageable_by(administrator)) == {administrator, officer}
    assert set(users_manageable_by(national_administrator)) == set(everyone)
    assert set(users_manageable_by(officer)) == set()


# --- The list ---------------------------------------------------------------------------

def test_the_list_shows_the_forces_users_each_linking_to_their_page(
        admin_client, administrator, officer, outsider):
    response = admin_client.get(USERS)

    assert response.status_code == 200
    page = response.content.decode()
    assert detail(officer) in page and officer.username in page
    assert outsider.username not in page
    assert 'class="govuk-table' in page


def test_each_look_at_the_list_is_audited_with_its_search_and_whom_it_showed(
        admin_client, administrator, officer):
    admin_client.get(USERS, {"q": "smith", "status": "active"})

    event = events("accounts.users.listed").get()
    assert event.actor == administrator
    assert event.details["query"] == "smith"
    assert event.details["status"] == "active"
    assert event.details["user_ids"] == [officer.pk]


@pytest.mark.parametrize(("query", "expected"), [
    ("Carter", ["pc_carter"]), ("carter", ["pc_carter"]), ("pc_car", ["pc_carter"]),
    ("4512", ["pc_carter"]), ("Sam Carter", ["pc_carter"]), ("Nobody", []),
])
def test_the_list_searches_names_usernames_and_collar_numbers(admin_client, home_force,
                                                              query, expected):
    UserFactory(username="pc_carter", first_name="Sam", last_name="Carter",
                collar_number="4512", force=home_force, roles=[Role.OFFICER])
    UserFactory(username="ps_jones", first_name="Priya", last_name="Jones",
                collar_number="2231", force=home_force, roles=[Role.CUSTODY_OFFICER])

    response = admin_client.get(USERS, {"q": query})

    shown = [row["user"].username for row in response.context["rows"]]
    assert shown == expected


def test_the_list_filters_by_role_status_and_sign_in_pause(admin_client, home_force,
                                                           officer, custody_sergeant):
    custody_sergeant.is_active = False
    custody_sergeant.save()
    for _ in range(5):
        sign_in(Client(), officer.username, "wrong-password")

    def shown(**filters):
        return {row["user"].username for row in admin_client.get(USERS, filters)
                .context["rows"]}

    assert shown(role="custody_officer") == {custody_sergeant.username}
    assert shown(status="deactivated") == {custody_sergeant.username}
    assert officer.username in shown(status="active")
    assert shown(paused="on") == {officer.username}
    assert "Sign-in paused" in admin_client.get(USERS).content.decode()


@pytest.mark.parametrize("params", [{"role": "emperor"}, {"status": "sideways"},
                                    {"q": "x" * 5000}, {"page": "-1"}, {"page": "zz"},
                                    {"q": "\x00\U0001f46e"}, {"force": "999999"}])
def test_bad_filters_never_fail_the_list(admin_client, params):
    response = admin_client.get(USERS, params)
    assert response.status_code == 200


def test_the_list_is_paginated_and_its_queries_do_not_grow_with_its_rows(
        admin_client, home_force, django_assert_max_num_queries):
    for number in range(60):
        UserFactory(username=f"pc_{number:03d}", last_name=f"Officer{number:03d}",
                    force=home_force, roles=[Role.OFFICER, Role.CUSTODY_OFFICER])

    with django_assert_max_num_queries(20):
        first = admin_client.get(USERS)
    second = admin_client.get(USERS, {"page": 2})

    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.count == 61
    assert len(second.context["rows"]) == 11
    assert 'rel="next"' in first.content.decode()


def test_a_national_administrator_lists_every_force_and_filters_by_one(
        national_client, officer, outsider, other_force):
    everyone = {row["user"].username for row in national_client.get(USERS).context["rows"]}
    assert {officer.username, outsider.username} <= everyone

    kent = {row["user"].username for row in national_client.get(
        USERS, {"force": other_force.pk}).context["rows"]}
    assert kent == {outsider.username}


# --- A user's page -------------------------------------------------------------------

def test_a_users_page_shows_their_details_and_is_audited(admin_client, administrator,
                                                         officer):
    response = admin_client.get(detail(officer))

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-summary-list" in page
    assert officer.username in page and officer.collar_number in page
    event = events("accounts.user.viewed").get()
    assert (event.actor, event.object_type, event.object_id) == (
        administrator, "accounts.user", str(officer.pk))


def test_a_national_administrator_opens_another_forces_account(national_client, outsider):
    assert national_client.get(detail(outsider)).status_code == 200


# --- Creating a user ----------------------------------------------------------------------

def test_creating_a_user_makes_the_account_with_no_password_and_audits_it(
        admin_client, administrator, home_force):
    response = create(admin_client)

    user = User.objects.get(username="pc4601")
    assert response.status_code == 302
    assert response["Location"] == detail(user)
    assert (user.first_name, user.last_name, user.rank, user.collar_number, user.team,
            user.email, user.force) == ("Ruth", "Okonjo", "PC", "4601", "Chelmsford CID",
                                        "ruth.okonjo@essex.police.example", home_force)
    assert user.role_names == ["officer"]
    assert not user.has_usable_password()
    event = events("accounts.user.created").get()
    assert (event.actor, event.object_id) == (administrator, str(user.pk))
    assert event.details == {"force": "42", "roles": ["officer"], "link_emailed": True}


def test_the_new_users_link_is_shown_once_and_emailed(admin_client,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = create(admin_client)

    page = admin_client.get(response["Location"])
    link = shown_link(page)
    assert link.startswith("/account/set-password/")
    assert "It has also been emailed to ruth.okonjo@essex.police.example" in \
        page.content.decode()
    assert "set-password-url" not in admin_client.get(response["Location"]).content.decode()
    [message] = mail.outbox
    assert message.to == ["ruth.okonjo@essex.police.example"]
    assert link in message.body
    token = link.rstrip("/").split("/")[-1]
    assert token not in str(list(AuditEvent.objects.values_list("details", flat=True)))


def test_a_user_without_an_email_gets_no_email_but_the_link_on_screen(
        admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = create(admin_client, email="")
    assert shown_link(admin_client.get(response["Location"]))
    assert mail.outbox == []


def test_the_set_password_link_works_once(admin_client, client):
    response = create(admin_client)
    link = shown_link(admin_client.get(response["Location"]))
    stranger = Client()

    done = set_password(stranger, link)

    assert done.status_code == 302
    assert done["Location"] == LOGIN
    user = User.objects.get(username="pc4601")
    assert user.check_password(NEW_PASSWORD)
    event = events("accounts.user.password_set").get()
    assert (event.actor, event.object_id) == (user, str(user.pk))
    assert sign_in(Client(), "pc4601", NEW_PASSWORD).status_code == 302
    again = Client().get(link, follow=True)
    assert "This link does not work" in again.content.decode()
    assert set_password(Client(), link, "another-long-password-1").status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_link_stops_working_when_the_account_is_deactivated(admin_client):
    response = create(admin_client)
    link = shown_link(admin_client.get(response["Location"]))
    User.objects.filter(username="pc4601").update(is_active=False)

    assert "This link does not work" in Client().get(link, follow=True).content.decode()


def test_looking_at_the_sign_in_pauses_is_audited(admin_client, administrator, officer):
    pause(officer.username)
    admin_client.get(LOCKOUTS)
    event = events("accounts.lockouts.listed").get()
    assert (event.actor, event.details) == (administrator, {"user_ids": [officer.pk]})


def test_a_weak_or_mismatched_password_is_refused_beside_the_box(admin_client):
    response = create(admin_client)
    link = shown_link(admin_client.get(response["Location"]))
    client = Client()
    form_page = client.get(link, follow=True)
    url = form_page.redirect_chain[-1][0]

    short = client.post(url, {"new_password1": "short", "new_password2": "short"})
    mismatched = client.post(url, {"new_password1": NEW_PASSWORD,
                                   "new_password2": NEW_PASSWORD + "x"})

    assert short.status_code == 200 and "There is a problem" in short.content.decode()
    assert "too short" in short.content.decode()
    assert "The passwords do not match" in mismatched.content.decode()
    assert not User.objects.get(username="pc4601").has_usable_password()


def test_the_set_password_page_is_open_signed_out_and_refuses_a_made_up_link(client, db):
    response = client.get(reverse("accounts:set_password",
                                  kwargs={"uidb64": "MQ", "token": "made-up"}))
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"username": ""}, "username", "Enter a username"),
    ({"username": "pc smith!"}, "username", "Enter a valid username"),
    ({"username": "PC_SMITH"}, "username", "There is already a user with this username"),
    ({"first_name": ""}, "first_name", "Enter their first name"),
    ({"email": "not-an-email"}, "email", "Enter an email address like"),
    ({"roles": []}, "roles", "Select at least one role"),
    ({"collar_number": "4512"}, "collar_number", "4512 is already the number of"),
    ({"team": "t" * 61}, "team", "60 characters or fewer"),
])
def test_a_create_with_a_mistake_says_so_beside_the_field_and_keeps_what_was_typed(
        admin_client, officer, changes, field, message):
    officer.collar_number = "4512"
    officer.save()

    response = create(admin_client, **changes)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert re.search(rf'id="{field}-error"|id="id_{field}_error"|govuk-form-group--error',
                     page)
    kept = form_values(page, "user-form")
    for name, value in {**NEW_USER, **changes}.items():
        if name not in ("roles",) and name != field:
            assert kept.get(name) == value, name
    assert not User.objects.filter(first_name="Ruth").exists()


@pytest.mark.parametrize("data", [
    {}, {"username": ["a", "b"], "roles": "officer"},
    {"username": "x\x00y", "first_name": "\x00", "last_name": "\U0001f46e\u200d",
     "roles": ["officer"]},
    {"username": "ok_name", "first_name": "A" * 20000, "last_name": "B", "roles": ["zzz"]},
    {"username": "ok_name", "first_name": "A", "last_name": "B", "roles": ["officer"],
     "force": "abc", "rank": "GENERAL"},
])
def test_hostile_create_input_never_fails_the_page(admin_client, data):
    response = admin_client.post(CREATE, data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_a_force_administrator_cannot_make_a_national_administrator(admin_client):
    page = admin_client.get(CREATE).content.decode()
    assert 'value="national_administrator"' not in page

    response = admin_client.post(CREATE, {**NEW_USER, "roles": ["national_administrator"]})

    assert response.status_code == 200
    assert not User.objects.filter(username="pc4601").exists()


def test_a_force_administrator_creates_users_of_their_own_force_only(admin_client,
                                                                    other_force, home_force):
    create(admin_client, force=str(other_force.pk))  # not offered; ignored if sent
    assert User.objects.get(username="pc4601").force == home_force


def test_a_national_administrator_chooses_the_force_and_may_give_any_role(
        national_client, other_force):
    response = post_form(national_client, CREATE, "user-form",
                         changes={**NEW_USER, "force": str(other_force.pk),
                                  "roles": ["administrator"]})

    assert response.status_code == 302
    user = User.objects.get(username="pc4601")
    assert user.force == other_force and user.role_names == ["administrator"]


# --- Changing an account -------------------------------------------------------------------

def test_a_change_saves_and_records_which_fields_and_roles_changed(admin_client,
                                                                   administrator, officer):
    response = post_form(admin_client, page_of(officer, "edit"), "user-form",
                         changes={"team": "Harlow response", "email": "smith@example.org",
                                  "roles": ["officer", "custody_officer"]})

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.team == "Harlow response"
    assert officer.role_names == ["custody_officer", "officer"]
    event = events("accounts.user.changed").get()
    assert event.actor == administrator and event.object_id == str(officer.pk)
    assert event.details == {"changed": ["team", "email"], "roles_added": ["custody_officer"],
                             "roles_removed": []}


def test_saving_without_a_change_records_nothing(admin_client, officer):
    post_form(admin_client, page_of(officer, "edit"), "user-form")
    assert not events("accounts.user.changed").exists()


def test_an_administrator_cannot_remove_their_own_administrator_role(admin_client,
                                                                     administrator):
    response = post_form(admin_client, page_of(administrator, "edit"), "user-form",
                         changes={"roles": ["officer"]})

    assert response.status_code == 200
    assert "You cannot remove your own administrator role" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.role_names == ["administrator"]
    assert not events("accounts.user.changed").exists()


def test_a_change_with_a_mistake_keeps_what_was_typed(admin_client, officer):
    response = post_form(admin_client, page_of(officer, "edit"), "user-form",
                         changes={"first_name": "", "team": "Basildon CID"})
    assert response.status_code == 200
    assert "Enter their first name" in response.content.decode()
    assert form_values(response.content, "user-form").get("team") == "Basildon CID"


# --- Deactivating and reactivating ------------------------------------------------------

def test_deactivating_ends_the_users_sessions_and_stops_them_signing_in(
        admin_client, administrator, officer):
    their_browser = Client()
    assert sign_in(their_browser, officer.username, TEST_PASSWORD).status_code == 302
    assert their_browser.get(reverse("home")).status_code == 200
    sessions_before = Session.objects.count()

    response = post_form(admin_client, page_of(officer, "deactivate"), "reason-form",
                         changes={"reason": "Left the force on 3 March"})

    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_active
    assert Session.objects.count() == sessions_before - 1
    assert their_browser.get(reverse("home"))["Location"].startswith(LOGIN)
    assert sign_in(Client(), officer.username, TEST_PASSWORD).status_code == 200
    event = events("accounts.user.deactivated").get()
    assert (event.actor, event.object_id, event.reason) == (
        administrator, str(officer.pk), "Left the force on 3 March")
    assert event.details == {"sessions_ended": 1}


def test_deactivating_needs_a_reason(admin_client, officer):
    response = post_form(admin_client, page_of(officer, "deactivate"), "reason-form",
                         changes={"reason": "   "})
    assert response.status_code == 200
    assert "Give the reason" in response.content.decode()
    officer.refresh_from_db()
    assert officer.is_active


def test_an_administrator_cannot_deactivate_themselves(admin_client, administrator):
    response = admin_client.post(page_of(administrator, "deactivate"), {"reason": "Testing"})
    assert response.status_code == 200
    assert "You cannot deactivate your own account" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active


def test_reactivating_lets_them_sign_in_again(admin_client, administrator, officer):
    officer.is_active = False
    officer.save()

    response = post_form(admin_client, page_of(officer, "reactivate"), "reason-form",
                         changes={"reason": "Returned from secondment"})

    assert response.status_code == 302
    assert sign_in(Client(), officer.username, TEST_PASSWORD).status_code == 302
    event = events("accounts.user.reactivated").get()
    assert (event.actor, event.reason) == (administrator, "Returned from secondment")


# --- Resetting a password and two-factor sign-in -----------------------------------------------

def test_a_password_reset_stops_the_old_password_at_once_and_issues_a_link(
        admin_client, administrator, officer, django_capture_on_commit_callbacks):
    officer.email = "smith@essex.police.example"
    officer.save()
    their_browser = Client()
    sign_in(their_browser, officer.username, TEST_PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(admin_client, page_of(officer, "password_reset"), "reason-form",
                             changes={"reason": "Forgotten, service desk call 4471"})

    assert response.status_code == 302
    link = shown_link(admin_client.get(response["Location"]))
    assert sign_in(Client(), officer.username, TEST_PASSWORD).status_code == 200
    assert their_browser.get(reverse("home")).status_code == 302
    [message] = mail.outbox
    assert link in message.body
    event = events("accounts.user.password_reset_issued").get()
    assert (event.actor, event.object_id) == (administrator, str(officer.pk))
    assert event.details == {"sessions_ended": 1, "link_emailed": True}
    assert set_password(Client(), link).status_code == 302
    assert sign_in(Client(), officer.username, NEW_PASSWORD).status_code == 302


def test_a_new_link_spends_the_one_before(admin_client, officer):
    first = shown_link(admin_client.get(post_form(
        admin_client, page_of(officer, "password_reset"), "reason-form",
        changes={"reason": "Forgotten"})["Location"]))
    post_form(admin_client, page_of(officer, "password_reset"), "reason-form",
              changes={"reason": "First link lost"})

    assert "This link does not work" in Client().get(first, follow=True).content.decode()


def test_an_administrator_cannot_reset_their_own_password(admin_client, administrator):
    response = admin_client.post(page_of(administrator, "password_reset"),
                                 {"reason": "Forgot"})
    assert "Ask another administrator" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.has_usable_password()


def test_two_factor_is_reset_from_the_users_page_with_a_reason(admin_client, administrator,
                                                               officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)

    response = post_form(admin_client, page_of(officer, "two_factor_reset"), "reason-form",
                         changes={"reason": "Phone stolen, crime ref 42/1234"})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = events("accounts.two_factor.reset").get()
    assert (event.actor, event.object_id, event.reason) == (
        administrator, str(officer.pk), "Phone stolen, crime ref 42/1234")
    assert event.details["removed_device_ids"] == [device.pk]


def test_a_national_administrator_resets_another_forces_two_factor(national_client,
                                                                   outsider):
    TOTPDevice.objects.create(user=outsider, name="phone", confirmed=True)
    response = national_client.post(page_of(outsider, "two_factor_reset"),
                                    {"reason": "Phone lost"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=outsider).exists()


# --- Sign-in pauses ---------------------------------------------------------------------

def pause(username, address="203.0.113.7"):
    for _ in range(5):
        sign_in(Client(), username, "wrong-password", address)


def test_the_pauses_page_lists_the_forces_paused_users_only(admin_client, officer, outsider):
    pause(officer.username)
    pause(outsider.username)
    pause("no_such_user")

    response = admin_client.get(LOCKOUTS)

    assert response.status_code == 200
    [row] = response.context["rows"]
    assert (row["lockout"].username, row["lockout"].ip_address, row["lockout"].failures) == (
        officer.username, "203.0.113.7", 5)
    page = response.content.decode()
    assert "15 minutes" in page and "Release" in page
    assert outsider.username not in page


def test_releasing_a_pause_lets_them_sign_in_and_is_audited(admin_client, administrator,
                                                            officer):
    pause(officer.username)
    assert sign_in(Client(), officer.username, TEST_PASSWORD,
                   "203.0.113.7").status_code == 429

    response = admin_client.post(RELEASE, {"username": officer.username,
                                           "ip_address": "203.0.113.7"})

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=officer.username).exists()
    assert sign_in(Client(), officer.username, TEST_PASSWORD,
                   "203.0.113.7").status_code == 302
    event = events("accounts.lockout.released").get()
    assert (event.actor, event.object_id) == (administrator, str(officer.pk))
    assert event.details == {"ip_address": "203.0.113.7", "failures": 5, "pause_number": 1}
    assert "No one's sign-in is paused now" in admin_client.get(LOCKOUTS).content.decode()


def test_another_forces_pause_cannot_be_released(admin_client, outsider):
    pause(outsider.username)
    response = admin_client.post(RELEASE, {"username": outsider.username,
                                           "ip_address": "203.0.113.7"})
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username=outsider.username).exists()
    assert not events("accounts.lockout.released").exists()


def test_release_needs_a_post_and_an_administrator(admin_client, officer_client, officer):
    assert admin_client.get(RELEASE).status_code == 405
    pause(officer.username)
    assert officer_client.post(RELEASE, {"username": officer.username,
                                         "ip_address": "203.0.113.7"}).status_code == 403


def test_a_users_page_shows_their_pause_and_releases_it(admin_client, officer):
    pause(officer.username)
    page = admin_client.get(detail(officer)).content.decode()
    assert "From 203.0.113.7 until" in page
    values = form_values(page, RELEASE)
    assert admin_client.post(RELEASE, values).status_code == 302
    assert not AccessAttempt.objects.exists()


# --- Links in to the pages -------------------------------------------------------------

def test_administrators_reach_the_users_from_the_header_and_their_account(admin_client):
    home = admin_client.get(reverse("home"))
    assert ("Users", "accounts:users") in home.context["primary_navigation"]()
    assert USERS in admin_client.get(reverse("accounts:account")).content.decode()


def test_officers_are_offered_no_user_administration(officer_client):
    home = officer_client.get(reverse("home"))
    assert ("Users", "accounts:users") not in home.context["primary_navigation"]()
    assert USERS not in officer_client.get(reverse("accounts:account")).content.decode()
