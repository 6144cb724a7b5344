"""Each process remembers a user's roles, permissions and authenticator between requests
(accounts/access.py), and never uses that copy after any of them changes: a role taken
away in the user administration pages is gone on the officer's very next page."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from athena.accounts.access import access_of
from athena.accounts.models import User
from athena.accounts.roles import Role
from tests.html_forms import post_form

NEW_CASE = reverse("cases:new")
CUSTODY = reverse("custody:index")
PEOPLE = reverse("people:search")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(officer):
    client = signed_in(officer)
    assert client.get(NEW_CASE).status_code == 200  # the copy is made
    return client


def test_a_signed_in_page_reads_roles_and_permissions_once_per_process(
        officer_client, django_assert_num_queries):
    # The session, the user with their force, the unread notifications: nothing else.
    with django_assert_num_queries(3):
        assert officer_client.get(NEW_CASE).status_code == 200


def test_a_role_taken_away_in_the_user_pages_is_gone_on_the_next_page(
        officer_client, officer, administrator):
    response = post_form(signed_in(administrator),
                         reverse("accounts:user_edit", args=[officer.pk]), "user-form",
                         changes={"roles": ["intelligence_analyst"]})
    assert response.status_code == 302

    assert officer_client.get(NEW_CASE).status_code == 403
    assert officer_client.get(reverse("intelligence:index")).status_code == 200


def test_a_role_given_through_the_group_side_counts_on_the_next_page(officer_client,
                                                                     officer):
    assert officer_client.get(CUSTODY).status_code == 403
    Group.objects.get(name=Role.CUSTODY_OFFICER).user_set.add(officer)
    assert officer_client.get(CUSTODY).status_code == 200


def test_a_role_emptied_from_the_group_side_counts_on_the_next_page(officer_client):
    Group.objects.get(name=Role.OFFICER).user_set.clear()
    assert officer_client.get(NEW_CASE).status_code == 403


def test_a_permission_taken_from_a_role_counts_for_its_members_on_the_next_page(
        officer_client):
    assert officer_client.get(PEOPLE).status_code == 200
    view_person = Permission.objects.get(codename="view_person")
    Group.objects.get(name=Role.OFFICER).permissions.remove(view_person)
    assert officer_client.get(PEOPLE).status_code == 403

    Group.objects.get(name=Role.OFFICER).permissions.add(view_person)
    assert officer_client.get(PEOPLE).status_code == 200


def test_a_permission_cleared_from_every_role_counts_on_the_next_page(officer_client):
    Permission.objects.get(codename="view_person").group_set.clear()
    assert officer_client.get(PEOPLE).status_code == 403


def test_a_permission_given_to_the_user_directly_counts_on_the_next_page(officer_client,
                                                                         officer):
    assert officer_client.get(reverse("audit:events")).status_code == 403
    officer.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    assert officer_client.get(reverse("audit:events")).status_code == 200


def test_a_deleted_role_takes_its_permissions_with_it(officer_client):
    Group.objects.get(name=Role.OFFICER).delete()
    assert officer_client.get(NEW_CASE).status_code == 403


def test_an_authenticator_confirmed_or_reset_counts_on_the_next_page(officer_client,
                                                                     officer, administrator):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=False)
    assert officer_client.get(NEW_CASE).status_code == 200  # not confirmed: no code asked

    device.confirmed = True
    device.save()
    response = officer_client.get(NEW_CASE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_verify"))

    post_form(signed_in(administrator),
              reverse("accounts:user_two_factor_reset", args=[officer.pk]), "reason-form",
              changes={"reason": "Phone lost"})
    assert officer_client.get(NEW_CASE).status_code == 200


def test_a_copy_under_an_old_stamp_is_never_used(officer):
    """As another process would hold it: made before the change, under the old stamp."""
    assert access_of(officer).role_names == (Role.OFFICER,)
    Group.objects.get(name=Role.OFFICER).user_set.remove(officer)

    fresh = User.objects.get(pk=officer.pk)
    assert fresh.access_stamp != officer.access_stamp
    assert access_of(fresh).role_names == ()
    assert not fresh.has_perm("people.view_person")


def test_changing_the_users_own_roles_updates_the_object_in_hand(officer):
    assert officer.role_names == [Role.OFFICER]
    assert officer.has_perm("people.change_person")
    officer.groups.set([Group.objects.get(name=Role.FILE_SUPERVISOR)])
    assert officer.role_names == [Role.FILE_SUPERVISOR]
    assert not officer.has_perm("people.change_person")


def test_users_of_the_same_roles_share_one_set_of_permissions_in_memory(officer, home_force):
    from tests.factories import UserFactory

    colleague = UserFactory(username="pc_jones", force=home_force, roles=[Role.OFFICER])
    assert access_of(colleague).permissions is access_of(officer).permissions
