"""Factories shared by every app's tests. App-specific factories live beside their tests."""

import factory
from django.contrib.auth.models import Group

from athena.accounts.models import Force, Rank, User
from athena.accounts.roles import Role

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class ForceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Force
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90 + n % 10}")
    name = factory.Sequence(lambda n: f"Test Force {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    rank = Rank.CONSTABLE
    collar_number = factory.Sequence(lambda n: f"{1000 + n}")
    force = factory.LazyFunction(lambda: Force.objects.get(code="42"))
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=Role(role).value))
