"""The nominal index's records as the audit viewer names them (athena/audit/presentation)."""

from django.db.models import Q

from athena.audit.presentation import register_records
from athena.people.models import Location, Person, Vehicle


def person_names(ids):
    return {person.pk: person.full_name
            for person in Person.objects.filter(pk__in=ids).only("forenames", "surname")}


def location_names(ids):
    return {location.pk: str(location) for location in Location.objects.filter(pk__in=ids)}


def vehicle_names(ids):
    return dict(Vehicle.objects.filter(pk__in=ids).values_list("pk", "registration_mark"))


def people_matching(words, *, limit=50):
    """Ids of the people whose names hold every word, or whose PNC ID is ``words``: who
    the viewer's "about a person" filter means."""
    words = words.split()
    if not words:
        return []
    query = Q(pnc_id__iexact=" ".join(words))
    names = Q()
    for word in words:
        names &= Q(surname__icontains=word) | Q(forenames__icontains=word)
    return list(Person.objects.filter(query | names).values_list("pk", flat=True)[:limit])


def register():
    register_records("people.person", kind="Person", url_name="people:person_detail",
                     names=person_names, find=people_matching)
    register_records("people.location", kind="Location", url_name="people:location_detail",
                     names=location_names)
    register_records("people.vehicle", kind="Vehicle", url_name="people:vehicle_detail",
                     names=vehicle_names)
