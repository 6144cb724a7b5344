"""A detainee's medication plans and the administration record of each dose (PACE Code C
9.9 and 9.10). The rules live in custody.medication; these rows hold the facts."""

from datetime import time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from custody.medication import (
    ControlledDrugSchedule,
    DoseOutcome,
    DoseRecord,
    MedicationPlan,
    Route,
)


def parse_clock(text):
    """"08:00" → time(8, 0); raises ValueError for anything else."""
    hours, minutes = str(text).strip().split(":")
    if len(minutes) != 2 or not hours.isdigit() or not minutes.isdigit():
        raise ValueError(f"Not a 24-hour time: {text!r}")
    return time(int(hours), int(minutes))


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

    def as_rules_plan(self):
        interval = (timedelta(minutes=self.min_interval_minutes)
                    if self.min_interval_minutes is not None else None)
        return MedicationPlan(
            drug=self.drug, strength=self.strength, dose=self.dose, route=self.route,
            controlled_schedule=self.controlled_schedule, authorised_by=self.authorised_by,
            starts_at=self.starts_at, hcp_authorised=self.hcp_authorised,
            set_times=tuple(parse_clock(value) for value in self.set_times or ()),
            min_interval=interval, max_doses_per_24h=self.max_doses_per_24h,
            ends_at=self.ends_at)


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

    def as_rules_record(self, given_by_name=None):
        """The rules' DoseRecord. ``given_by_name`` saves loading the user when the name
        does not matter (doses already on the record)."""
        name = self.given_by.display_name if given_by_name is None else given_by_name
        return DoseRecord(at=self.at, outcome=self.outcome, given_by=name,
                          witness=self.witness, hcp_override=self.hcp_override,
                          override_reason=self.override_reason, notes=self.notes)
