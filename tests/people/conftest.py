import pytest

from athena.accounts.roles import Role
from tests.factories import UserFactory
from tests.people.factories import PersonFactory


@pytest.fixture
def cps_lawyer(home_force):
    """A CPS lawyer: signed in, but their role holds no nominal index permissions."""
    return UserFactory(username="cps_lawyer", force=home_force, rank="CPS",
                       roles=[Role.CPS_LAWYER])


@pytest.fixture
def john_smith(home_force):
    return PersonFactory(forenames="John", surname="Smith", created_by_force=home_force,
                         date_of_birth="1985-11-27")
