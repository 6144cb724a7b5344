"""Factories shared by every app's tests. App-specific factories live beside their tests."""

import factory
from django.contrib.auth.models import Group

from athena.accounts.models import Force, Rank, User
from athena.accounts.roles import Role, sync_role_groups

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
    force = factory.LazyFunction(lambda: essex())
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            ensure_role_groups()
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=Role(role).value))


# Migrations load the forces and post_migrate creates the role groups, but a
# transactional test (a live server, say) empties every table when it ends: these put
# back what the tests after it rely on.
def essex():
    return Force.objects.get_or_create(code="42", defaults={"name": "Essex"})[0]


def kent():
    return Force.objects.get_or_create(code="46", defaults={"name": "Kent"})[0]


def ensure_role_groups():
    if Group.objects.filter(name__in=Role.values).count() < len(Role):
        sync_role_groups()
