import pytest
from django.core.management import call_command

from athena.audit.models import AuditEvent
from athena.people.demo import seed_demo_people
from athena.people.models import Alias, Person, PersonAddress, PersonVehicle
from athena.people.names import person_search_text, phonetic_keys_for_text
from athena.people.selectors import person_likely_duplicates, person_search

pytestmark = pytest.mark.django_db


def test_seeding_creates_the_people_asked_for_once(home_force, officer):
    assert seed_demo_people(force=home_force, acting_user=officer, count=300) == 300
    assert seed_demo_people(force=home_force, acting_user=officer, count=300) == 0
    assert Person.objects.filter(created_by_force=home_force).count() == 300
    assert AuditEvent.objects.filter(action="people.demo.seeded").count() == 1


def test_seeding_is_the_same_every_time(home_force, other_force, officer, outsider):
    seed_demo_people(force=home_force, acting_user=officer, count=50)
    seed_demo_people(force=other_force, acting_user=outsider, count=50)
    home = list(Person.objects.filter(created_by_force=home_force).order_by("pk")
                .values_list("surname", "forenames", "date_of_birth"))
    other = list(Person.objects.filter(created_by_force=other_force).order_by("pk")
                 .values_list("surname", "forenames", "date_of_birth"))
    assert home == other


def test_seeding_a_second_force_does_not_clash_on_pnc_ids(home_force, other_force, officer,
                                                           outsider):
    seed_demo_people(force=home_force, acting_user=officer, count=100)
    assert seed_demo_people(force=other_force, acting_user=outsider, count=100) == 100


def test_seeded_people_have_aliases_identifiers_addresses_and_vehicles(home_force, officer):
    seed_demo_people(force=home_force, acting_user=officer, count=300)
    assert Alias.objects.count() > 10
    assert Person.objects.exclude(pnc_id="").count() > 50
    assert Person.objects.exclude(cro_number="").count() > 20
    assert PersonAddress.objects.count() > 100
    assert PersonVehicle.objects.count() > 20


def test_seeded_people_carry_their_search_text_and_phonetic_keys(home_force, officer):
    seed_demo_people(force=home_force, acting_user=officer, count=100)
    for person in Person.objects.prefetch_related("aliases"):
        aliases = [(alias.forenames, alias.surname) for alias in person.aliases.all()]
        expected = person_search_text(forenames=person.forenames, surname=person.surname,
                                      aliases=aliases)
        assert sorted(person.search_text.split(" | ")) == sorted(expected.split(" | "))
        assert person.phonetic_keys == phonetic_keys_for_text(person.search_text)


@pytest.mark.parametrize(("query", "expected"), [
    ("John Smith", {"John SMITH", "Jon SMYTH"}),
    ("Mohammed Ali", {"Mohammed ALI", "Muhammad ALI"}),
    ("Catherine Jones", {"Catherine JONES", "Katherine JONES"}),
    ("Steven Taylor", {"Stephen TAYLOR", "Steven TAYLOR"}),
    ("Sean Murphy", {"Sean MURPHY", "Shaun MURPHY"}),
    ("Ian MacDonald", {"Ian MCDONALD", "Ian MACDONALD"}),
])
def test_seeded_spelling_variants_are_found_together(home_force, officer, query, expected):
    seed_demo_people(force=home_force, acting_user=officer, count=300)
    names = {person.full_name for person in person_search(query=query)}
    assert expected <= names


def test_a_seeded_near_duplicate_is_flagged_as_a_likely_duplicate(home_force, officer):
    seed_demo_people(force=home_force, acting_user=officer, count=300)
    jon = Person.objects.get(forenames="Jon", surname="Smyth")
    found = person_likely_duplicates(surname="Smith", forenames="John",
                                     date_of_birth=jon.date_of_birth)
    assert jon.pk in {person.pk for person in found}


def test_the_command_seeds_the_named_force(home_force, officer, capsys):
    call_command("seed_demo_people", "--username", officer.username, "--count", "20")
    assert "Created 20 demo people" in capsys.readouterr().out
    assert Person.objects.filter(created_by_force=home_force).count() == 20
