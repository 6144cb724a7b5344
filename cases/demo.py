"""Demo case files for the quick start, built through the services as an officer would."""

from datetime import timedelta

from django.utils import timezone

from athena.offences.selectors import offence_get_by_code
from athena.people.models import Person
from cases import services
from cases.constants import BailStatus, Marker, Plea
from cases.models import CaseFile

# (suspect surname, offence code, plea, bail, markers, days since the offence)
DEMO_CASES = [
    ("SMITH", "TH68010", Plea.GUILTY, BailStatus.UNCONDITIONAL_BAIL, [], 3),
    ("KHAN", "CJ88116", Plea.NOT_GUILTY, BailStatus.CONDITIONAL_BAIL,
     [Marker.DOMESTIC_ABUSE], 10),
    ("MURPHY", "CJ67002", Plea.GUILTY, BailStatus.UNCONDITIONAL_BAIL, [], 160),
]


def seed_demo_cases(*, officer):
    """Create the demo files once for this officer; returns how many were created."""
    if CaseFile.objects.filter(officer_in_case=officer).exists():
        return 0
    created = 0
    for surname, code, plea, bail, markers, days_ago in DEMO_CASES:
        offence = offence_get_by_code(code)
        person = Person.objects.filter(surname__iexact=surname).order_by("pk").first()
        if offence is None or person is None:
            continue  # the offences or people are not loaded: nothing to build on
        case = services.case_create(acting_user=officer, person=person,
                                    offences=[(offence, plea)], bail_status=bail,
                                    markers=[str(m) for m in markers])
        services.charged_offence_update(
            acting_user=officer, case=case, charged=case.suspects.get().offences.get(),
            offence_date=timezone.localdate() - timedelta(days=days_ago))
        created += 1
    return created
