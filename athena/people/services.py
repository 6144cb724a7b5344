"""Writes to the nominal index. Each runs in one transaction with its audit event.

Audit details hold ids and codes only; names and addresses stay in the records. Views
check permissions before they call these (see rules.py); the services enforce the rules
that hold whoever calls them (a stale edit, a PNC ID already on the index).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from athena.audit.services import audit_record
from athena.jobs.services import job_enqueue
from athena.people.identifiers import canonical_cro_number, canonical_pnc_id
from athena.people.models import (
    Alias,
    Location,
    Organisation,
    Person,
    PersonAddress,
    PersonVehicle,
    TelephoneNumber,
    TelephoneType,
    Vehicle,
)
from athena.people.names import (
    QUERY_MAX_LENGTH,
    person_search_text,
    phonetic_keys_for_text,
)

PERSON_INDEX_JOB = "people.person.index"

PERSON_FIELDS = ("surname", "forenames", "date_of_birth", "gender",
                 "self_defined_ethnicity", "pnc_id", "cro_number")
_NAME_FIELDS = {"surname", "forenames"}
LOCATION_FIELDS = ("address_line_1", "address_line_2", "town", "county", "postcode",
                   "description")
VEHICLE_FIELDS = ("registration_mark", "make", "model", "colour")


class PersonEditConflict(Exception):
    """Someone else changed the person after this edit began."""


class NoForce(Exception):
    """The acting user belongs to no force, so cannot own a record."""


class DuplicatePncId(Exception):
    """Another person on the index already has this PNC ID."""

    def __init__(self, person_id):
        super().__init__(f"PNC ID already recorded on person {person_id}")
        self.person_id = person_id


def _clean_person_fields(fields):
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {', '.join(sorted(unknown))}")
    cleaned = dict(fields)
    for name in ("surname", "forenames"):
        if name in cleaned:
            cleaned[name] = " ".join(str(cleaned[name]).split())
    if cleaned.get("pnc_id"):
        cleaned["pnc_id"] = canonical_pnc_id(cleaned["pnc_id"]) or cleaned["pnc_id"]
    if cleaned.get("cro_number"):
        cleaned["cro_number"] = (canonical_cro_number(cleaned["cro_number"])
                                 or cleaned["cro_number"])
    return cleaned


def _check_pnc_id_free(*, pnc_id, person_id=None):
    if not pnc_id:
        return
    holder = Person.objects.filter(pnc_id=pnc_id).exclude(pk=person_id).values_list(
        "pk", flat=True).first()
    if holder is not None:
        raise DuplicatePncId(holder)


def _save_person(person, **kwargs):
    """Save, turning a lost race for a PNC ID (the unique constraint) into DuplicatePncId."""
    try:
        with transaction.atomic():
            person.save(**kwargs)
    except IntegrityError:
        _check_pnc_id_free(pnc_id=person.pnc_id, person_id=person.pk)
        raise


def _require_force(acting_user):
    if acting_user.force_id is None:
        raise NoForce(f"User {acting_user.pk} belongs to no force")


def _refresh_search_text(person):
    aliases = person.aliases.values_list("forenames", "surname")
    person.search_text = person_search_text(forenames=person.forenames,
                                            surname=person.surname, aliases=aliases)


def person_create(*, acting_user, surname, forenames, **fields):
    """Put a person on the index for the acting user's force.

    Writes ``search_text`` at once and queues the ``people.person.index`` job for the
    phonetic keys. Raises DuplicatePncId if the PNC ID is already on the index, and
    NoForce if the user belongs to no force.
    """
    _require_force(acting_user)
    cleaned = _clean_person_fields({"surname": surname, "forenames": forenames, **fields})
    with transaction.atomic():
        _check_pnc_id_free(pnc_id=cleaned.get("pnc_id"))
        person = Person(created_by_force_id=acting_user.force_id, created_by=acting_user,
                        **cleaned)
        person.search_text = person_search_text(forenames=person.forenames,
                                                surname=person.surname)
        _save_person(person)
        audit_record(actor=acting_user, action="people.person.created", obj=person,
                     details={"force": acting_user.force.code if acting_user.force else "",
                              "fields": sorted(cleaned)})
        job_enqueue(kind=PERSON_INDEX_JOB, obj=person)
    return person


def person_update(*, acting_user, person, expected_version=None, **fields):
    """Change a person's details. Only the fields given change.

    Raises PersonEditConflict when ``expected_version`` is given and the person has
    changed since, and DuplicatePncId if the new PNC ID is another person's.
    """
    cleaned = _clean_person_fields(fields)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if expected_version is not None and locked.version != expected_version:
            raise PersonEditConflict(person.pk)
        changed = [name for name, value in cleaned.items() if getattr(locked, name) != value]
        if not changed:
            return locked
        if "pnc_id" in changed:
            _check_pnc_id_free(pnc_id=cleaned["pnc_id"], person_id=locked.pk)
        for name in changed:
            setattr(locked, name, cleaned[name])
        update_fields = [*changed, "version", "updated_at"]
        if _NAME_FIELDS & set(changed):
            _refresh_search_text(locked)
            update_fields.append("search_text")
        locked.version += 1
        locked.updated_at = timezone.now()
        _save_person(locked, update_fields=update_fields)
        audit_record(actor=acting_user, action="people.person.updated", obj=locked,
                     details={"fields": sorted(changed)})
        if _NAME_FIELDS & set(changed):
            job_enqueue(kind=PERSON_INDEX_JOB, obj=locked)
    return locked


def person_alias_add(*, acting_user, person, surname, forenames=""):
    """Record another name for the person; the search finds them by it."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        alias = Alias.objects.create(person=locked, surname=" ".join(surname.split()),
                                     forenames=" ".join(forenames.split()),
                                     created_by=acting_user)
        _refresh_search_text(locked)
        locked.version += 1
        locked.updated_at = timezone.now()
        locked.save(update_fields=["search_text", "version", "updated_at"])
        audit_record(actor=acting_user, action="people.alias.created", obj=locked,
                     details={"alias_id": alias.pk})
        job_enqueue(kind=PERSON_INDEX_JOB, obj=locked)
    return alias


def person_index_names(*, person_id):
    """Recompute a person's ``search_text`` and ``phonetic_keys`` from their names now.

    The handler of the ``people.person.index`` job. Idempotent: it derives everything
    from the stored names, so running it again changes nothing. A person removed since
    the job was queued is skipped.
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(pk=person_id).first()
        if person is None:
            return None
        _refresh_search_text(person)
        person.phonetic_keys = phonetic_keys_for_text(person.search_text)
        person.save(update_fields=["search_text", "phonetic_keys"])
    return person


def _normalise_postcode(postcode):
    squeezed = "".join(str(postcode or "").split()).upper()
    if len(squeezed) > 3:
        return f"{squeezed[:-3]} {squeezed[-3:]}"
    return squeezed


def _location_build(*, acting_user, **fields):
    _require_force(acting_user)
    unknown = set(fields) - set(LOCATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown location fields: {', '.join(sorted(unknown))}")
    fields["postcode"] = _normalise_postcode(fields.get("postcode", ""))
    location = Location(created_by_force_id=acting_user.force_id, created_by=acting_user,
                        **fields)
    location.save()
    return location


def location_create(*, acting_user, **fields):
    """Record a location (an address, or a described place) for the user's force."""
    with transaction.atomic():
        location = _location_build(acting_user=acting_user, **fields)
        audit_record(actor=acting_user, action="people.location.created", obj=location)
    return location


def person_address_add(*, acting_user, person, address_type, **location_fields):
    """Record a new location and link it to the person as their home, previous or work
    address."""
    with transaction.atomic():
        location = _location_build(acting_user=acting_user, **location_fields)
        audit_record(actor=acting_user, action="people.location.created", obj=location)
        link = PersonAddress.objects.create(person=person, location=location,
                                            address_type=address_type,
                                            created_by=acting_user)
        audit_record(actor=acting_user, action="people.address.linked", obj=person,
                     details={"location_id": location.pk, "address_type": address_type})
    return link


def _vehicle_build(*, acting_user, **fields):
    _require_force(acting_user)
    unknown = set(fields) - set(VEHICLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown vehicle fields: {', '.join(sorted(unknown))}")
    fields["registration_mark"] = "".join(fields["registration_mark"].split()).upper()
    vehicle = Vehicle(created_by_force_id=acting_user.force_id, created_by=acting_user,
                      **fields)
    vehicle.save()
    return vehicle


def vehicle_create(*, acting_user, **fields):
    """Record a vehicle by its registration number for the user's force."""
    with transaction.atomic():
        vehicle = _vehicle_build(acting_user=acting_user, **fields)
        audit_record(actor=acting_user, action="people.vehicle.created", obj=vehicle)
    return vehicle


def person_vehicle_add(*, acting_user, person, link_type, **vehicle_fields):
    """Record a vehicle and link it to the person (keeper, owner, driver or user)."""
    with transaction.atomic():
        vehicle = _vehicle_build(acting_user=acting_user, **vehicle_fields)
        audit_record(actor=acting_user, action="people.vehicle.created", obj=vehicle)
        link = PersonVehicle.objects.create(person=person, vehicle=vehicle,
                                            link_type=link_type, created_by=acting_user)
        audit_record(actor=acting_user, action="people.vehicle.linked", obj=person,
                     details={"vehicle_id": vehicle.pk, "link_type": link_type})
    return link


def _normalise_telephone_number(number):
    """The number as stored and searched: its digits, with a leading + kept
    ("07700 900-123" is ``07700900123``)."""
    text = str(number or "").strip()
    digits = "".join(ch for ch in text if ch.isascii() and ch.isdigit())
    return f"+{digits}" if text.startswith("+") else digits


def telephone_number_create(*, acting_user, number, telephone_type=TelephoneType.UNKNOWN,
                            person=None):
    """Record a telephone number for the user's force, optionally as a person's."""
    _require_force(acting_user)
    with transaction.atomic():
        telephone = TelephoneNumber(created_by_force_id=acting_user.force_id,
                                    created_by=acting_user,
                                    number=_normalise_telephone_number(number),
                                    telephone_type=telephone_type, person=person)
        telephone.save()
        audit_record(actor=acting_user, action="people.telephone_number.created",
                     obj=telephone,
                     details={"person_id": person.pk} if person is not None else None)
    return telephone


def organisation_create(*, acting_user, name):
    """Record an organisation (a business, club or group) for the user's force."""
    _require_force(acting_user)
    with transaction.atomic():
        organisation = Organisation(created_by_force_id=acting_user.force_id,
                                    created_by=acting_user, name=" ".join(str(name).split()))
        organisation.save()
        audit_record(actor=acting_user, action="people.organisation.created",
                     obj=organisation)
    return organisation


def _printable(text, limit):
    """Text fit for the audit trail: capped, without control characters (PostgreSQL
    refuses NUL) or unpaired surrogates."""
    return "".join(ch for ch in str(text or "")[:limit] if ch.isprintable())


def person_viewed(*, acting_user, person, reason=""):
    """Record that the user opened the person's record (DPA 2018 s.62 consultation)."""
    return audit_record(actor=acting_user, action="people.person.viewed", obj=person,
                        reason=_printable(reason, 500))


def location_viewed(*, acting_user, location, reason=""):
    return audit_record(actor=acting_user, action="people.location.viewed", obj=location,
                        reason=_printable(reason, 500))


def vehicle_viewed(*, acting_user, vehicle, reason=""):
    return audit_record(actor=acting_user, action="people.vehicle.viewed", obj=vehicle,
                        reason=_printable(reason, 500))


def person_searched(*, acting_user, query, date_of_birth=None, results=(), reason=""):
    """Record a search of the index and whom it showed.

    The query names a person, but the audit trail is the protected record of
    consultation (DPA 2018 s.62), so it keeps the query text, capped and without control
    characters, with the ids of the people listed.
    """
    details = {
        "query": _printable(query, QUERY_MAX_LENGTH),
        "result_count": len(results),
        "person_ids": [person.pk for person in results],
    }
    if date_of_birth is not None:
        details["date_of_birth"] = date_of_birth.isoformat()
    return audit_record(actor=acting_user, action="people.person.searched",
                        object_type="people.person", reason=_printable(reason, 500),
                        details=details)


def entities_searched(*, acting_user, entity_type, query, entity_ids=()):
    """Record a look-up of vehicles, places, numbers or organisations on the index, as
    a person search is recorded (DPA 2018 s.62 consultation): the query and the ids."""
    return audit_record(actor=acting_user, action="people.entity.searched",
                        object_type=f"people.{entity_type}",
                        details={"query": _printable(query, QUERY_MAX_LENGTH),
                                 "result_count": len(entity_ids),
                                 "entity_ids": list(entity_ids)[:200]})
