"""Healthcare on the custody record: healthcare professionals' directions, which a
custody officer must acknowledge (DOMAIN.md 2.5), and the observation checks with the
Code C Annex H rousing check for level 2 and above (DOMAIN.md 2.4)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class HcpRole(models.TextChoices):
    FORENSIC_PHYSICIAN = "physician", "Forensic physician"
    NURSE = "nurse", "Nurse"
    PARAMEDIC = "paramedic", "Paramedic"


class DirectionKind(models.TextChoices):
    REASSESS_WITHIN = "reassess", "Re-assess within a set time"
    FIT_TO_DETAIN = "fit", "Fit to be detained"
    NOT_FIT_TO_DETAIN = "not_fit", "Not fit to be detained"
    FIT_FOR_INTERVIEW = "fit_interview", "Fit for interview"
    OTHER = "other", "Other direction"


class HcpDirection(models.Model):
    """A healthcare professional's direction or finding (Code C 9.15-9.17). It stays
    flagged on the board until a custody officer acknowledges it."""

    record = models.ForeignKey("custody.CustodyRecord", on_delete=models.PROTECT,
                               related_name="hcp_directions")
    given_at = models.DateTimeField()
    hcp_name = models.CharField(max_length=100)
    hcp_role = models.CharField(max_length=12, choices=HcpRole.choices)
    kind = models.CharField(max_length=16, choices=DirectionKind.choices)
    text = models.TextField(blank=True)
    reassess_by = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["given_at", "pk"]

    def __str__(self):
        return f"{self.record} {self.get_kind_display()} {self.given_at:%Y-%m-%d %H:%M}"

    @property
    def is_acknowledged(self):
        return self.acknowledged_at is not None


class ObservationCheck(models.Model):
    """One visit to the detainee at the observation level of the time; at level 2 and
    above with the Annex H rousing check (rousability, questions, commands)."""

    record = models.ForeignKey("custody.CustodyRecord", on_delete=models.PROTECT,
                               related_name="checks")
    at = models.DateTimeField()
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    level = models.PositiveSmallIntegerField()
    notes = models.TextField("Condition", blank=True)
    rousable = models.BooleanField(null=True, blank=True)
    responds_to_questions = models.BooleanField(null=True, blank=True)
    responds_to_commands = models.BooleanField(null=True, blank=True)
    hcp_called = models.BooleanField(default=False)
    client_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["record", "at"])]

    def __str__(self):
        return f"{self.record} check {self.at:%Y-%m-%d %H:%M}"

    @property
    def rousing_checked(self):
        return self.rousable is not None

    @property
    def failed_rousing(self):
        return False in (self.rousable, self.responds_to_questions, self.responds_to_commands)
