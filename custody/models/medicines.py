"""A detainee's medication plans and the administration record of each dose (PACE Code C
9.9 and 9.10). The rules live in custody.medication.rules; these rows hold the facts and
the choices they store."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone

from custody.models.healthcare import HcpRole


class ControlledDrugSchedule(models.TextChoices):
    NOT_CONTROLLED = "not_controlled", "Not a controlled drug"
    SCHEDULE_2 = "schedule_2", "Schedule 2 controlled drug (for example morphine, methadone)"
    SCHEDULE_3 = "schedule_3", "Schedule 3 controlled drug (for example temazepam, pregabalin)"
    SCHEDULE_4 = "schedule_4", "Schedule 4 controlled drug (for example diazepam)"
    SCHEDULE_5 = "schedule_5", "Schedule 5 controlled drug (for example codeine linctus)"


# Code C 9.10: police never administer or supervise these.
POLICE_NEVER_GIVE = frozenset(
    {ControlledDrugSchedule.SCHEDULE_2, ControlledDrugSchedule.SCHEDULE_3}
)


# --- Who gives a plan's doses: the one place that decides (custody.medication.rules
# asks it too, and every page, the board and the printed sheets read its words). ---


@dataclass(frozen=True)
class DoseGiver:
    """Who gives a plan's doses, in the words every page, the board and the printed
    sheets use: ``words`` ("given by a healthcare professional, never by police staff"),
    ``due_words`` after a due time ("for the healthcare professional to give"; empty
    when custody staff give it)."""

    healthcare_professional: bool
    words: str
    due_words: str


STAFF_GIVE = DoseGiver(healthcare_professional=False, words="given by custody staff",
                       due_words="")
HCP_GIVES = DoseGiver(healthcare_professional=True,
                      words="given by a healthcare professional, never by police staff",
                      due_words="for the healthcare professional to give")


def dose_giver(plan):
    """Who may give ``plan``'s doses (Code C 9.10): a healthcare professional when the
    plan says one administers them, and always for a Schedule 2 or 3 drug (a plan the
    rules refuse is still never offered to police staff); otherwise custody staff.
    ``plan`` is a MedicationPlan or anything with its ``given_by_hcp`` and
    ``controlled_schedule``."""
    if plan.given_by_hcp or plan.controlled_schedule in POLICE_NEVER_GIVE:
        return HCP_GIVES
    return STAFF_GIVE



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
    # Code C 9.10: a healthcare professional gives every dose, or supervises the detainee
    # taking it, in person; police staff never do. Required for Schedule 2 and 3 drugs.
    given_by_hcp = models.BooleanField("Administered by a healthcare professional",
                                       default=False)
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
    def giver(self):
        """Who gives this plan's doses, and the words for it
        (``dose_giver``: the one place that decides)."""
        return dose_giver(self)

    @property
    def schedule_text(self):
        """When the doses are given and, when a healthcare professional gives them, who:
        how the timeline and the printed sheets word the plan."""
        giver = self.giver
        if giver.healthcare_professional:
            return f"{self.timing_text}; {giver.words}"
        return self.timing_text

    @property
    def timing_text(self):
        """When the doses are given: "At 08:00, 20:00", "At least 4 hours apart"."""
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
    refused, withheld or not available. ``given_by`` is the custody officer who gave or
    offered it, or, for a plan a healthcare professional gives, who recorded it; that
    professional is ``hcp_name`` and ``hcp_role``."""

    plan = models.ForeignKey(MedicationPlanRecord, on_delete=models.PROTECT,
                             related_name="doses")
    at = models.DateTimeField()
    outcome = models.CharField(max_length=12, choices=DoseOutcome.choices)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    hcp_name = models.CharField(max_length=100, blank=True)
    hcp_role = models.CharField(max_length=12, choices=HcpRole.choices, blank=True)
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

    @property
    def given_by_hcp(self):
        return bool(self.hcp_name)

    @property
    def giver_text(self):
        """Who gave or offered the dose: "Nurse Bello (nurse)", or the custody officer."""
        if self.hcp_name:
            role = f" ({self.get_hcp_role_display().lower()})" if self.hcp_role else ""
            return f"{self.hcp_name}{role}"
        return self.given_by.display_name
