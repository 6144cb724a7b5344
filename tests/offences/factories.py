import factory

from athena.offences.models import Offence, OffenceCategory, mode_of_trial_for


class OffenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offence
        django_get_or_create = ("cjs_code",)

    cjs_code = factory.Sequence(lambda n: f"ZZ99{n % 1000:03d}")
    title = factory.Sequence(lambda n: f"Test offence {n}")
    category = OffenceCategory.EITHER_WAY
    mode_of_trial = factory.LazyAttribute(lambda offence: mode_of_trial_for(offence.category))
    recordable_on_pnc = True
