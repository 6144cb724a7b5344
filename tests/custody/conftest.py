import pytest

from athena.accounts.roles import Role
from custody.models import CustodySuite
from tests.factories import UserFactory


@pytest.fixture
def suite(home_force):
    return CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")


@pytest.fixture
def custody_client(client, custody_sergeant):
    client.force_login(custody_sergeant)
    return client


@pytest.fixture
def inspector(home_force):
    return UserFactory(username="insp_ali", force=home_force, rank="INSP",
                       roles=[Role.INSPECTOR])


@pytest.fixture
def superintendent(home_force):
    return UserFactory(username="supt_brown", force=home_force, rank="SUPT",
                       roles=[Role.SUPERINTENDENT])


@pytest.fixture
def other_sergeant(other_force):
    """A custody officer of another force."""
    return UserFactory(username="ps_kent", force=other_force, rank="PS",
                       roles=[Role.CUSTODY_OFFICER])
