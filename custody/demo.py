"""The demo custody suite and a few detainees, booked in through the services."""

from datetime import timedelta

from django.utils import timezone

from athena.people.models import Person
from custody.booking.services import custody_book_in
from custody.detention.services import custody_authorise_detention
from custody.models import CustodyRecord, CustodySuite, ObservationLevel

# (surname, hours in custody, cell, observation level)
DEMO_DETAINEES = [
    ("TAYLOR", 2, "C1", ObservationLevel.GENERAL),
    ("NOWAK", 7, "C3", ObservationLevel.INTERMITTENT),
    ("OKAFOR", 1, "C5", ObservationLevel.GENERAL),
]


def seed_demo_custody(*, force, custody_officer, arresting_officer):
    """Create the suite, and the detainees once; returns how many were booked in."""
    suite, _ = CustodySuite.objects.get_or_create(
        code="CHE", defaults={"force": force, "name": "Chelmsford"})
    if CustodyRecord.objects.filter(suite=suite).exists():
        return 0
    now = timezone.now()
    booked = 0
    for surname, hours, cell, level in DEMO_DETAINEES:
        person = Person.objects.filter(surname__iexact=surname).order_by("pk").first()
        if person is None:
            continue
        arrived = now - timedelta(hours=hours)
        record = custody_book_in(acting_user=custody_officer, suite=suite, person=person,
                                 arrested_at=arrived - timedelta(minutes=40),
                                 arrived_at=arrived, arrest_place="Chelmsford High Street",
                                 arresting_officer=arresting_officer,
                                 grounds="Demo: suspected offence seen by the officer",
                                 cell=cell)
        custody_authorise_detention(acting_user=custody_officer, record=record,
                                    at=arrived + timedelta(minutes=15))
        CustodyRecord.objects.filter(pk=record.pk).update(observation_level=level)
        booked += 1
    return booked
