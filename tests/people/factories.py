"""Factories of the nominal index. Names default to unusual ones so that a test's own
people are the only ones its searches can find."""

import factory

from athena.people.models import Alias, Location, Person, Vehicle
from athena.people.names import person_search_text, phonetic_keys_for_text
from athena.people.services import person_index_names
from tests.factories import essex

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _letters(number):
    word = ""
    number += 26
    while number:
        number, remainder = divmod(number, 26)
        word = _LETTERS[remainder] + word
    return word


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    surname = factory.Sequence(lambda n: f"Quill{_letters(n)}")
    forenames = factory.Iterator(["Peregrine", "Ottoline", "Bartholomew", "Euphemia",
                                  "Wilhelmina", "Thaddeus"])
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=80)
    created_by_force = factory.LazyFunction(lambda: essex())
    search_text = factory.LazyAttribute(
        lambda person: person_search_text(forenames=person.forenames, surname=person.surname))
    phonetic_keys = factory.LazyAttribute(
        lambda person: phonetic_keys_for_text(person.search_text))


class AliasFactory(factory.django.DjangoModelFactory):
    """An alias, with the person's search fields brought up to date."""

    class Meta:
        model = Alias
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    surname = factory.Sequence(lambda n: f"Alias{_letters(n)}")
    forenames = "Other"

    @factory.post_generation
    def reindex(self, create, extracted, **kwargs):
        if create:
            person_index_names(person_id=self.person_id)
            self.person.refresh_from_db()


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    address_line_1 = factory.Sequence(lambda n: f"{n + 1} High Street")
    town = "Chelmsford"
    postcode = "CM1 1AA"
    created_by_force = factory.LazyFunction(lambda: essex())


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    registration_mark = factory.Sequence(lambda n: f"AB{10 + n % 80}CDE")
    make = "Ford"
    model = "Focus"
    colour = "Blue"
    created_by_force = factory.LazyFunction(lambda: essex())
