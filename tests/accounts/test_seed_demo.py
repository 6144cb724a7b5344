import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from athena.accounts.demo import DEMO_USERS, SECOND_FORCE_USERS
from athena.accounts.models import User
from athena.accounts.roles import Role
from athena.people.models import Person


@pytest.fixture
def seeded(db, settings, capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def test_seed_demo_creates_one_user_per_role_in_the_first_force(seeded, settings):
    users = {user.username: user for user in User.objects.select_related("force")}
    for username, role, *_ in DEMO_USERS:
        assert users[username].force.code == "42"
        assert users[username].role_names == [role.value]
        assert users[username].check_password(settings.ATHENA_DEMO_PASSWORD)
    assert {row[1] for row in DEMO_USERS} == set(Role)
    assert users[SECOND_FORCE_USERS[0][0]].force.code == "46"


def test_seed_demo_creates_a_few_hundred_people(seeded):
    assert Person.objects.count() >= 200
    assert "10 users" in seeded


def test_seed_demo_again_changes_nothing(seeded, capsys):
    people = Person.objects.count()
    call_command("seed_demo")
    assert "0 users and 0 people created" in capsys.readouterr().out
    assert Person.objects.count() == people


def test_production_settings_never_seed_demo_users(db, settings):
    settings.ATHENA_ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="not allowed"):
        call_command("seed_demo")
    assert not User.objects.exists()
