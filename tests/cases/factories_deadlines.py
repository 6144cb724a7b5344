"""Case-file factories for the deadline tests: the least a file needs to have deadlines."""

import factory

from athena.offences.models import OffenceCategory
from cases.constants import Plea
from cases.models import CaseFile, CaseSection, ChargedOffence, Suspect
from cases.sections import SectionKind
from tests.factories import UserFactory, essex
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory


class CaseFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseFile

    force = factory.LazyFunction(essex)
    unit_code = "CR"
    sequence = factory.Sequence(lambda n: 10000 + n)
    year = 26
    urn = factory.LazyAttribute(lambda case: f"{case.force.code}{case.unit_code}"
                                             f"{case.sequence:05d}{case.year:02d}")
    officer_in_case = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("officer_in_case")


class SuspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suspect

    case = factory.SubFactory(CaseFileFactory)
    person = factory.SubFactory(PersonFactory)


class ChargedOffenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChargedOffence

    suspect = factory.SubFactory(SuspectFactory)
    offence = factory.SubFactory(OffenceFactory, category=OffenceCategory.SUMMARY_NON_MOTORING)
    anticipated_plea = Plea.GUILTY


class ChargesSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseSection

    case = factory.SubFactory(CaseFileFactory)
    kind = SectionKind.CHARGES
    data = factory.Dict({})
