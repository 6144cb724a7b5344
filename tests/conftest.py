import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

from athena.accounts.roles import Role
from tests.factories import UserFactory, essex, kent

# Property-based tests: on a developer's machine hypothesis explores afresh each run and
# remembers failing examples under var/ (never in the source tree); in CI it runs the
# same examples every time, so a red build is about the change, never the draw.
HYPOTHESIS_HOME = Path(__file__).resolve().parents[1] / "var" / "hypothesis"
set_hypothesis_home_dir(HYPOTHESIS_HOME)
hypothesis_settings.register_profile(
    "developer", database=DirectoryBasedExampleDatabase(HYPOTHESIS_HOME / "examples"))
hypothesis_settings.register_profile("ci", database=None, derandomize=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "developer")


@pytest.fixture(autouse=True, scope="session")
def _celery_messages_stay_in_the_test_run(tmp_path_factory):
    """Tasks sent during the tests go to a throwaway local queue, never to a developer's
    running worker, unless CELERY_BROKER_URL names a broker for the run (CI's Redis).
    Set once, before anything opens a broker connection (closing the pool instead would
    leave it unusable in the live server's threads)."""
    from athena.celery import app

    if app.conf.broker_url.startswith("filesystem://"):
        queue = tmp_path_factory.mktemp("celery-queue")
        app.conf.broker_transport_options = {"data_folder_in": str(queue),
                                             "data_folder_out": str(queue),
                                             "control_folder": str(queue)}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is for attackers, not for the test suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def home_force(db):
    return essex()


@pytest.fixture
def other_force(db):
    return kent()


@pytest.fixture
def officer(home_force):
    return UserFactory(username="pc_smith", force=home_force, roles=[Role.OFFICER])


@pytest.fixture
def custody_sergeant(home_force):
    return UserFactory(username="ps_jones", force=home_force, rank="PS",
                       roles=[Role.CUSTODY_OFFICER])


@pytest.fixture
def supervisor(home_force):
    return UserFactory(username="ds_patel", force=home_force, rank="DS",
                       roles=[Role.FILE_SUPERVISOR])


@pytest.fixture
def analyst(home_force):
    return UserFactory(username="analyst_khan", force=home_force, rank="STAFF",
                       roles=[Role.INTELLIGENCE_ANALYST])


@pytest.fixture
def administrator(home_force):
    return UserFactory(username="admin_user", force=home_force, rank="STAFF",
                       roles=[Role.ADMINISTRATOR])


@pytest.fixture
def outsider(other_force):
    """An officer of another force."""
    return UserFactory(username="pc_outsider", force=other_force, roles=[Role.OFFICER])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client
