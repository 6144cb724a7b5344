"""A detainee's medication plans and the administration record of each dose (PACE Code C
9.9 and 9.10). The rules live in custody.medication.rules; these rows hold the facts and
the choices they store."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ControlledDrugSchedule(models.TextChoices):
    NOT_CONTROLLED = "not_controlled", "Not a controlled drug"
    SCHEDULE_2 = "schedule_2", "Schedule 2 controlled drug (for example morphine, methadone)"
    SCHEDULE_3 = "schedule_3", "Schedule 3 controlled drug (for example temazepam, pregabalin)"
    SCHEDULE_4 = "schedule_4", "Schedule 4 controlled drug (for example diazepam)"
    SCHEDULE_5 = "schedule_5", "Schedule 5 controlled drug (for example codeine linctus)"


class Route(models.TextChoices):
    ORAL = "oral", "By mouth"
    SUBLINGUAL = "sublingual", "Under the tongue"
    INHALED = "inhaled", "Inhaled"
    NASAL = "nasal", "In the nose"
    EYE = "eye", "In the eye"
    EAR = "ear", "In the ear"
    TOPICAL = "topical", "On the skin"
    TRANSDERMAL = "transdermal", "Skin patch"
    INJECTION = "injection", "Injection"
    OTHER = "other", "Other"


class DoseOutcome(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused by the detainee"
    WITHHELD = "withheld", "Withheld"
    UNAVAILABLE = "unavailable", "Not available"


class MedicationPlanRecord(models.Model):
    """What one detainee may be given and when: set London clock times or a minimum
    interval between doses."""

    record = models.ForeignKey("custody.CustodyRecord", on_delete=models.PROTECT,
                               related_name="medication_plans")
    drug = models.CharField(max_length=100)
    strength = models.CharField(max_length=50)
    dose = models.CharField(max_length=100)
    route = models.CharField(max_length=12, choices=Route.choices, default=Route.ORAL)
    controlled_schedule = models.CharField(max_length=16, choices=ControlledDrugSchedule.choices,
                                           default=ControlledDrugSchedule.NOT_CONTROLLED)
    set_times = models.JSONField(default=list, blank=True)  # ["08:00", "20:00"], London
    min_interval_minutes = models.PositiveIntegerField(null=True, blank=True)
    max_doses_per_24h = models.PositiveSmallIntegerField(null=True, blank=True)
    hcp_authorised = models.BooleanField(default=False)
    authorised_by = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return f"{self.drug} {self.strength}"

    @property
    def label(self):
        return f"{self.drug} {self.strength}"

    @property
    def is_controlled(self):
        return self.controlled_schedule != ControlledDrugSchedule.NOT_CONTROLLED

    @property
    def schedule_text(self):
        if self.set_times:
            return "At " + ", ".join(self.set_times)
        if self.min_interval_minutes:
            hours, minutes = divmod(self.min_interval_minutes, 60)
            parts = [f"{hours} hour" + ("" if hours == 1 else "s")] if hours else []
            if minutes:
                parts.append(f"{minutes} minute" + ("" if minutes == 1 else "s"))
            text = "At least " + " ".join(parts) + " apart"
            if self.max_doses_per_24h:
                text += f", no more than {self.max_doses_per_24h} in 24 hours"
            return text
        return "No schedule"


class DoseRecordRow(models.Model):
    """One line of the medication administration record: a dose given, or offered and
    refused, withheld or not available."""

    plan = models.ForeignKey(MedicationPlanRecord, on_delete=models.PROTECT,
                             related_name="doses")
    at = models.DateTimeField()
    outcome = models.CharField(max_length=12, choices=DoseOutcome.choices)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    witness = models.CharField(max_length=100, blank=True)
    hcp_override = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    # Set by a client that records offline, so a replayed submission is stored once.
    client_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["plan", "at"])]

    def __str__(self):
        return f"{self.plan} {self.outcome} {self.at:%Y-%m-%d %H:%M}"
