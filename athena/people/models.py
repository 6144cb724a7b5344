"""The nominal index and the other POLE entities: person, location, vehicle and objects.

The index is national, like the PND: every force reads every record; only the force that
created a record changes it (see rules.py). ``search_text`` and ``phonetic_keys`` are
denormalised from the names for the search (selectors.person_search); services keep them
current, the first at once and the second through the ``people.person.index`` job.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from athena.people.identifiers import validate_cro_number, validate_pnc_id


class Gender(models.TextChoices):
    """CJS gender codes (athena/data/cjs/gender.json)."""

    NOT_KNOWN = "0", "Not known"
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_SPECIFIED = "9", "Not specified"


class SelfDefinedEthnicity(models.TextChoices):
    """The Home Office "18+1" self-defined ethnicity codes (2011 census categories)."""

    WHITE_BRITISH = "W1", "W1 – White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "W2", "W2 – White: Irish"
    WHITE_GYPSY_OR_IRISH_TRAVELLER = "W3", "W3 – White: Gypsy or Irish Traveller"
    WHITE_OTHER = "W9", "W9 – White: any other White background"
    MIXED_WHITE_AND_BLACK_CARIBBEAN = "M1", "M1 – Mixed: White and Black Caribbean"
    MIXED_WHITE_AND_BLACK_AFRICAN = "M2", "M2 – Mixed: White and Black African"
    MIXED_WHITE_AND_ASIAN = "M3", "M3 – Mixed: White and Asian"
    MIXED_OTHER = "M9", "M9 – Mixed: any other Mixed or multiple ethnic background"
    ASIAN_INDIAN = "A1", "A1 – Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "A2", "A2 – Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "A3", "A3 – Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "A4", "A4 – Asian or Asian British: Chinese"
    ASIAN_OTHER = "A9", "A9 – Asian or Asian British: any other Asian background"
    BLACK_CARIBBEAN = "B1", "B1 – Black, Black British, Caribbean or African: Caribbean"
    BLACK_AFRICAN = "B2", "B2 – Black, Black British, Caribbean or African: African"
    BLACK_OTHER = "B9", ("B9 – Black, Black British, Caribbean or African: any other Black, "
                         "Black British or Caribbean background")
    OTHER_ARAB = "O2", "O2 – Other ethnic group: Arab"
    OTHER_ANY = "O9", "O9 – Other ethnic group: any other ethnic group"
    NOT_STATED = "NS", "NS – Not stated"


class AddressType(models.TextChoices):
    HOME = "home", "Home address"
    PREVIOUS = "previous", "Previous address"
    WORK = "work", "Work address"


class VehicleLinkType(models.TextChoices):
    REGISTERED_KEEPER = "keeper", "Registered keeper"
    OWNER = "owner", "Owner"
    DRIVER = "driver", "Driver"
    USER = "user", "User or passenger"


class TelephoneType(models.TextChoices):
    MOBILE = "mobile", "Mobile"
    LANDLINE = "landline", "Landline"
    UNKNOWN = "unknown", "Not known"


class ForceOwnedRecord(models.Model):
    """Who created a record and for which force; that force alone may change it."""

    created_by_force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT,
                                         related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def force_id(self):
        """The owning force, so the shared ``belongs_to_users_force`` rule applies."""
        return self.created_by_force_id


class Person(ForceOwnedRecord):
    surname = models.CharField(max_length=100)
    forenames = models.CharField(max_length=150)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, default=Gender.NOT_KNOWN)
    self_defined_ethnicity = models.CharField(max_length=2, choices=SelfDefinedEthnicity.choices,
                                              default=SelfDefinedEthnicity.NOT_STATED)
    pnc_id = models.CharField("PNC ID", max_length=13, blank=True,
                              validators=[validate_pnc_id])
    cro_number = models.CharField("CRO number", max_length=13, blank=True,
                                  validators=[validate_cro_number])
    # Normalised names ("john smith | jack smith"): own name, then aliases.
    search_text = models.TextField(blank=True, editable=False)
    # Metaphone keys of every word of search_text, written by the index job.
    phonetic_keys = models.TextField(blank=True, editable=False)
    # Raised on every change so a stale edit form is refused rather than overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["surname", "forenames", "pk"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["surname", "forenames"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["cro_number"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["pnc_id"], condition=~Q(pnc_id=""),
                                    name="person_pnc_id_unique_when_recorded"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.forenames} {self.surname.upper()}".strip()


class Alias(models.Model):
    """Another name the person uses or has given."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    surname = models.CharField(max_length=100)
    forenames = models.CharField(max_length=150, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["surname", "forenames", "pk"]
        verbose_name_plural = "aliases"

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.forenames} {self.surname.upper()}".strip()


class Location(ForceOwnedRecord):
    """A place: a postal address, or a described place with no address (a car park)."""

    address_line_1 = models.CharField("Building and street", max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100, blank=True)
    county = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["postcode", "address_line_1", "pk"]

    def __str__(self):
        return self.single_line

    @property
    def lines(self):
        return [part for part in (self.address_line_1, self.address_line_2, self.town,
                                  self.county, self.postcode) if part]

    @property
    def single_line(self):
        return ", ".join(self.lines)


class PersonAddress(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="residents")
    address_type = models.CharField(max_length=10, choices=AddressType.choices,
                                    default=AddressType.HOME)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["address_type", "-created_at", "pk"]
        verbose_name_plural = "person addresses"
        constraints = [
            models.UniqueConstraint(fields=["person", "location", "address_type"],
                                    name="person_address_once_per_type"),
        ]

    def __str__(self):
        return f"{self.get_address_type_display()}: {self.location}"


class Vehicle(ForceOwnedRecord):
    registration_mark = models.CharField("Registration number", max_length=10, db_index=True)
    make = models.CharField(max_length=50, blank=True)
    model = models.CharField(max_length=50, blank=True)
    colour = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["registration_mark", "pk"]

    def __str__(self):
        return self.registration_mark

    @property
    def description(self):
        return " ".join(part for part in (self.colour, self.make, self.model) if part)


class PersonVehicle(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="vehicle_links")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="person_links")
    link_type = models.CharField(max_length=10, choices=VehicleLinkType.choices,
                                 default=VehicleLinkType.REGISTERED_KEEPER)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["link_type", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "vehicle", "link_type"],
                                    name="person_vehicle_once_per_link_type"),
        ]

    def __str__(self):
        return f"{self.vehicle} ({self.get_link_type_display()})"


class TelephoneNumber(ForceOwnedRecord):
    number = models.CharField(max_length=20, db_index=True)
    telephone_type = models.CharField(max_length=10, choices=TelephoneType.choices,
                                      default=TelephoneType.UNKNOWN)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="telephone_numbers")

    class Meta:
        ordering = ["number", "pk"]

    def __str__(self):
        return self.number


class Organisation(ForceOwnedRecord):
    """A business, club or group, with the people known to be part of it."""

    name = models.CharField(max_length=200)
    people = models.ManyToManyField(Person, blank=True, related_name="organisations")

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name
