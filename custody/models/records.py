"""Custody records: who is detained in which suite, since when, on what grounds, and a
timed, dated and attributed timeline of everything done for them (PACE Code C s.2).

The detention clock (detention/clock.py) and the medication rules (medication/rules.py)
are pure modules; these models hold the facts they read, and the choices they store.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CustodySuite(models.Model):
    force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=8, unique=True)  # e.g. CHE for Chelmsford
    name = models.CharField(max_length=100)
    # The suite's cells as its board names them ("C1", "C2", ...), in the order they are
    # offered at booking in; empty until someone lists them, and then a cell is typed.
    cells = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ObservationLevel(models.IntegerChoices):
    GENERAL = 1, "Level 1: general (at least hourly)"
    INTERMITTENT = 2, "Level 2: intermittent (roused every 30 minutes)"
    CONSTANT = 3, "Level 3: constant observation"
    CLOSE_PROXIMITY = 4, "Level 4: close proximity"


class CloseReason(models.TextChoices):
    """Why the person left police detention; any of them stops the clock."""

    RELEASED = "released", "Released"
    BAILED = "bailed", "Bailed"
    CHARGED_BAILED = "charged_bailed", "Charged and bailed"
    CHARGED_KEPT = "charged_kept", "Charged and kept for court"
    TRANSFERRED = "transferred", "Transferred"


class ArrestPlace(models.TextChoices):
    """Where and how the person was arrested, which sets the relevant time the detention
    clock runs from (PACE s.41(2))."""

    IN_AREA = "in_area", "In this force's area"
    OTHER_AREA = "other_area", ("In another force's area, wanted here and not questioned "
                                "there")
    OUTSIDE_ENGLAND_WALES = "outside_ew", "Outside England and Wales"
    AT_STATION = "at_station", "At the station, after attending voluntarily"


class RecordStatus(models.TextChoices):
    AWAITING_AUTHORISATION = "awaiting", "Awaiting authorisation of detention"
    DETAINED = "detained", "Detained"
    CLOSED = "closed", "Left custody"


class CustodyRecord(models.Model):
    suite = models.ForeignKey(CustodySuite, on_delete=models.PROTECT, related_name="records")
    custody_number = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    arrested_at = models.DateTimeField()
    arrest_place = models.CharField(max_length=200)
    arresting_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                          related_name="+")
    grounds = models.TextField("Grounds for arrest")
    offences = models.ManyToManyField("offences.Offence", related_name="+", blank=True)
    arrived_at = models.DateTimeField("Arrived at the station")
    # What sets the relevant time (PACE s.41(2)): where the arrest was, when a person
    # arrested abroad entered England and Wales, and the time already spent in police
    # detention for the offence by a person answering bail (s.47(6)).
    arrest_place_kind = models.CharField(max_length=10, choices=ArrestPlace.choices,
                                         default=ArrestPlace.IN_AREA)
    entered_england_wales_at = models.DateTimeField(null=True, blank=True)
    earlier_detention_minutes = models.PositiveIntegerField(default=0)
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")
    cell = models.CharField(max_length=10, blank=True)
    observation_level = models.PositiveSmallIntegerField(choices=ObservationLevel.choices,
                                                         default=ObservationLevel.GENERAL)
    status = models.CharField(max_length=10, choices=RecordStatus.choices,
                              default=RecordStatus.AWAITING_AUTHORISATION)
    charged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=16, choices=CloseReason.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-arrived_at"]
        indexes = [models.Index(fields=["suite", "status"])]
        constraints = [
            # A voluntary attender arrives first and is arrested at the station.
            models.CheckConstraint(
                condition=models.Q(arrived_at__gte=models.F("arrested_at"))
                | models.Q(arrest_place_kind="at_station"),
                name="custody_arrival_not_before_arrest"),
        ]

    def __str__(self):
        return self.custody_number

    @property
    def force_id(self):
        return self.suite.force_id

    @property
    def is_open(self):
        return self.status != RecordStatus.CLOSED


class EntryKind(models.TextChoices):
    BOOKED_IN = "booked_in", "Booked in"
    DETENTION_AUTHORISED = "authorised", "Detention authorised"
    AUTHORITY = "authority", "Authorisation"
    RIGHTS = "rights", "Rights given"
    RISK_ASSESSMENT = "risk", "Risk assessment"
    PROPERTY = "property", "Property"
    NEEDS = "needs", "Needs"
    REVIEW = "review", "Review of detention"
    EXTENSION = "extension", "Extension of detention"
    CHECK = "check", "Check on the detainee"
    MEDICATION = "medication", "Medication"
    HEALTHCARE = "healthcare", "Healthcare"
    NOTE = "note", "Note"
    CLOSED = "closed", "Left custody"


class CustodyEntry(models.Model):
    """One timed, dated and attributed entry of the custody record's timeline."""

    record = models.ForeignKey(CustodyRecord, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    # When it happened, which an entry keyed in later (after an outage) keeps.
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    summary = models.TextField()
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        indexes = [models.Index(fields=["record", "occurred_at"])]

    def __str__(self):
        return f"{self.record} {self.kind} {self.occurred_at:%Y-%m-%d %H:%M}"


class DetentionReview(models.Model):
    """A review of detention (PACE s.40), or a recorded postponement of one."""

    record = models.ForeignKey(CustodyRecord, on_delete=models.PROTECT, related_name="reviews")
    at = models.DateTimeField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    by_role = models.CharField(max_length=20)  # athena.accounts.roles.Role value
    postponed = models.BooleanField(default=False)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.record} review {self.at:%Y-%m-%d %H:%M}"
