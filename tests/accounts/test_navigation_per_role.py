"""Each role's header offers only the sections it can use, every section it offers opens,
and a page a role cannot use answers with a styled page that says so and where to go."""

import pytest
from django.urls import reverse

from athena.accounts.roles import Role
from tests.factories import UserFactory, essex

EXPECTED = {
    Role.OFFICER: ["Cases", "Intelligence", "People"],
    Role.CUSTODY_OFFICER: ["Cases", "Custody", "Intelligence", "People"],
    Role.INSPECTOR: ["Cases", "Custody", "Intelligence", "People"],
    Role.SUPERINTENDENT: ["Custody", "Intelligence", "People"],
    Role.FILE_SUPERVISOR: ["Cases", "Intelligence", "People"],
    Role.INTELLIGENCE_ANALYST: ["Intelligence", "People"],
    Role.CPS_LAWYER: ["Files sent to the CPS"],
    Role.ADMINISTRATOR: ["People", "Audit trail", "Users"],
    Role.NATIONAL_ADMINISTRATOR: ["People", "Audit trail", "Users"],
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_offered_only_what_it_can_open(client, db, role):
    user = UserFactory(username=f"user_{role.value}", force=None if role == Role.CPS_LAWYER
                       else essex(), roles=[role])
    client.force_login(user)
    home = client.get(reverse("home"))
    offered = home.context["primary_navigation"]()
    assert [label for label, _url in offered] == EXPECTED[role]
    for label, url_name in offered:
        response = client.get(reverse(url_name))
        assert response.status_code == 200, (role, label, response.status_code)


def test_a_page_a_role_cannot_use_is_a_styled_page_that_says_so(client, db):
    lawyer = UserFactory(username="cps_ada", force=None, roles=[Role.CPS_LAWYER])
    client.force_login(lawyer)
    response = client.get(reverse("people:search"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot open this page" in page
    assert "CPS lawyer" in page and "govuk-header" in page or "moj-header" in page
    assert reverse("home") in page


def test_the_header_marks_the_section_the_page_is_in(client, db):
    admin = UserFactory(username="admin_nav", force=essex(), roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    users = reverse("accounts:users")
    current = f'href="{users}" aria-current="page"'
    assert current in client.get(users).content.decode()
    assert current not in client.get(reverse("accounts:account")).content.decode()
