import pytest
from django.db import transaction

from tests.security.world import world_build


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once for a module's tests and rolled back after them (each test
    runs inside it and rolls back its own changes)."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = world_build()
        yield built
        transaction.set_rollback(True)
