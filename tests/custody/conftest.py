import pytest

from custody.models import CustodySuite


@pytest.fixture
def suite(home_force):
    return CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")


@pytest.fixture
def custody_client(client, custody_sergeant):
    client.force_login(custody_sergeant)
    return client
