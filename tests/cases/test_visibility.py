"""Who reads which case file is one queryset, ``cases.selectors.case_files_visible_to``:
every answer of the permissions ``cases.view_casefile`` (the police's pages) and
``cases.view_cps_casefile`` (the CPS lawyer's) is membership of it, for users of every
role, in their force, in another, or in none."""

import pytest
from django.urls import reverse

from athena.accounts.roles import Role
from cases.models import CaseStatus
from cases.selectors import CPS, POLICE, case_files_visible_to
from tests.cases.factories import CaseFileFactory
from tests.factories import UserFactory, essex, kent


def without_force(user):
    user.force = None
    user.save(update_fields=["force"])
    return user


@pytest.fixture
def people(db, officer):
    """Users of every role, of Essex (the files' force), of Kent, and of no force."""
    home, other = essex(), kent()
    found = {"officer_in_case": officer}
    for role in Role:
        found[f"essex_{role.value}"] = UserFactory(force=home, roles=[role])
        found[f"kent_{role.value}"] = UserFactory(force=other, roles=[role])
        found[f"no_force_{role.value}"] = without_force(UserFactory(roles=[role]))
    found["superuser"] = UserFactory(is_superuser=True)
    found["inactive_supervisor"] = UserFactory(force=home, roles=[Role.FILE_SUPERVISOR],
                                               is_active=False)
    return found


@pytest.fixture
def files(db, officer):
    """A file of every status: the officer's, another Essex officer's, and a Kent file."""
    other = UserFactory(force=essex(), roles=[Role.OFFICER])
    return [CaseFileFactory(officer_in_case=owner, status=status)
            for status in CaseStatus for owner in (officer, other)] + [
        CaseFileFactory(force=kent(), status=status) for status in CaseStatus]


def visible(user, side=None):
    return set(case_files_visible_to(user, side=side).values_list("pk", flat=True))


def test_every_has_perm_answer_is_membership_of_the_one_queryset(people, files):
    for name, user in people.items():
        police, cps, either = visible(user, POLICE), visible(user, CPS), visible(user)
        for case in files:
            reads_as_police = user.has_perm("cases.view_casefile", case)
            reads_as_cps = user.has_perm("cases.view_cps_casefile", case)
            assert reads_as_police == (case.pk in police), (name, case.status)
            assert reads_as_cps == (case.pk in cps), (name, case.status)
            assert (reads_as_police or reads_as_cps) == (case.pk in either), (name, case.status)


def test_the_police_read_their_forces_files_by_role(people, files, officer):
    essex_files = {case.pk for case in files if case.force_id == officer.force_id}
    own = {case.pk for case in files if case.officer_in_case_id == officer.pk}

    assert visible(people["officer_in_case"], POLICE) == own
    for role in (Role.FILE_SUPERVISOR, Role.INSPECTOR, Role.SUPERINTENDENT):
        assert visible(people[f"essex_{role.value}"], POLICE) == essex_files
        assert visible(people[f"no_force_{role.value}"], POLICE) == set()
    for role in (Role.OFFICER, Role.CUSTODY_OFFICER, Role.INTELLIGENCE_ANALYST,
                 Role.ADMINISTRATOR):
        assert visible(people[f"essex_{role.value}"]) == set()


def test_a_cps_lawyer_reads_every_forces_files_once_sent_and_never_before(people, files):
    sent = {case.pk for case in files
            if case.status in (CaseStatus.SENT_TO_CPS, CaseStatus.DECIDED)}

    for name in ("essex_cps_lawyer", "kent_cps_lawyer", "no_force_cps_lawyer"):
        assert visible(people[name], CPS) == sent
        assert visible(people[name], POLICE) == set()


def test_a_superuser_reads_every_file_and_an_inactive_user_none(people, files):
    assert visible(people["superuser"]) == {case.pk for case in files}
    assert visible(people["inactive_supervisor"]) == set()


def test_the_pages_fetch_through_the_same_queryset(client, people, files):
    """A lawyer opening the police's page of a sent file, or an officer the lawyer's, is
    told it does not exist: each side's pages read from their side only."""
    sent = next(case for case in files if case.status == CaseStatus.SENT_TO_CPS
                and case.officer_in_case_id == people["officer_in_case"].pk)

    client.force_login(people["essex_cps_lawyer"])
    assert client.get(reverse("cases:detail", args=[sent.pk])).status_code == 404
    assert client.get(reverse("cases:cps_review", args=[sent.pk])).status_code == 200

    client.force_login(people["officer_in_case"])
    assert client.get(reverse("cases:detail", args=[sent.pk])).status_code == 200
    assert client.get(reverse("cases:cps_review", args=[sent.pk])).status_code == 404
