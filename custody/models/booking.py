"""Booking in (DOMAIN.md 2.1, 2.3, 2.4): the rights given and the detainee's responses,
the structured risk assessment that sets the observation level, property, and needs.
Each row is timed, dated and attributed, and has its entry on the record's timeline."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from custody.models.records import CustodyRecord, ObservationLevel


class LegalAdvice(models.TextChoices):
    WANTS = "wants", "Wants legal advice (duty solicitor)"
    WANTS_NAMED = "named", "Wants a named solicitor"
    DECLINES = "declines", "Declines legal advice"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class RightsGiven(models.Model):
    """The rights given on arrival (Code C 3.1, 3.2) and what the detainee said."""

    record = models.ForeignKey(CustodyRecord, on_delete=models.PROTECT,
                               related_name="rights_given")
    at = models.DateTimeField()
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    legal_advice = models.CharField(max_length=10, choices=LegalAdvice.choices)
    solicitor_name = models.CharField(max_length=200, blank=True)
    someone_informed = models.BooleanField()
    informed_who = models.CharField(max_length=200, blank=True)
    wants_codes = models.BooleanField(default=False)
    interpreter_needed = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=100, blank=True)
    appropriate_adult_needed = models.BooleanField(default=False)
    appropriate_adult_name = models.CharField(max_length=200, blank=True)
    written_notice_given = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.record} rights {self.at:%Y-%m-%d %H:%M}"


RISK_QUESTIONS = {
    "self_harm_history": "History of self-harm",
    "suicidal_thoughts": "Thoughts of suicide now",
    "drug_or_alcohol_intoxication": "Under the influence of drink or drugs",
    "head_injury": "Head injury",
    "medical_conditions": "Medical conditions",
    "mental_health": "Mental health concerns",
    "violence_risk": "Risk of violence",
}
# A "yes" to any of these sets the level the assessment recommends at the least.
LEVEL_FLOORS = {
    "drug_or_alcohol_intoxication": ObservationLevel.INTERMITTENT,
    "head_injury": ObservationLevel.INTERMITTENT,
    "self_harm_history": ObservationLevel.CONSTANT,
    "suicidal_thoughts": ObservationLevel.CONSTANT,
}


def recommended_level(answers):
    """The lowest observation level the answers allow: intoxication or a head injury
    mean level 2 at least, self-harm or suicidal thoughts level 3 at least."""
    level = ObservationLevel.GENERAL
    for question, floor in LEVEL_FLOORS.items():
        if answers.get(question) == Answer.YES:
            level = max(level, floor)
    return int(level)


def _answer():
    return models.CharField(max_length=10, choices=Answer.choices)


class RiskAssessment(models.Model):
    """The structured risk assessment (Code C 3.6-3.10) and the level it set."""

    record = models.ForeignKey(CustodyRecord, on_delete=models.PROTECT,
                               related_name="risk_assessments")
    at = models.DateTimeField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    self_harm_history = _answer()
    self_harm_history_notes = models.TextField(blank=True)
    suicidal_thoughts = _answer()
    suicidal_thoughts_notes = models.TextField(blank=True)
    drug_or_alcohol_intoxication = _answer()
    drug_or_alcohol_intoxication_notes = models.TextField(blank=True)
    head_injury = _answer()
    head_injury_notes = models.TextField(blank=True)
    medical_conditions = _answer()
    medical_conditions_notes = models.TextField(blank=True)
    mental_health = _answer()
    mental_health_notes = models.TextField(blank=True)
    violence_risk = _answer()
    violence_risk_notes = models.TextField(blank=True)
    recommended_level = models.PositiveSmallIntegerField(choices=ObservationLevel.choices)
    level = models.PositiveSmallIntegerField(choices=ObservationLevel.choices)
    level_reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.record} risk assessment {self.at:%Y-%m-%d %H:%M}"

    def answers(self):
        return {question: getattr(self, question) for question in RISK_QUESTIONS}


class Signature(models.TextChoices):
    """Whether the detainee signed for an item of property."""

    SIGNED = "signed", "Signed"
    NOT_SIGNED = "not_signed", "Not signed"
    REFUSED = "refused", "Refused to sign"


class PropertyItem(models.Model):
    """An item of the detainee's property: a number of things, or an amount of cash held
    exactly in pence, in a sealed bag, with whether the detainee signed for it."""

    record = models.ForeignKey(CustodyRecord, on_delete=models.PROTECT,
                               related_name="property_items")
    at = models.DateTimeField()
    description = models.CharField(max_length=500)
    # One of the two: how many (a whole number), or the cash in pence.
    quantity = models.PositiveIntegerField(null=True, blank=True, default=1)
    cash_pence = models.PositiveIntegerField(null=True, blank=True)
    bag_number = models.CharField(max_length=30, blank=True)
    signed_by_detainee = models.BooleanField(default=False)
    refused_to_sign = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(quantity__gte=1, cash_pence__isnull=True)
                           | models.Q(quantity__isnull=True, cash_pence__gte=1)),
                name="custody_property_quantity_or_cash"),
            models.CheckConstraint(
                condition=~models.Q(signed_by_detainee=True, refused_to_sign=True),
                name="custody_property_signed_or_refused"),
        ]

    def __str__(self):
        return f"{self.record} property {self.description[:30]}"

    @property
    def signature(self):
        if self.refused_to_sign:
            return Signature.REFUSED
        return Signature.SIGNED if self.signed_by_detainee else Signature.NOT_SIGNED

    def get_signature_display(self):
        return Signature(self.signature).label

    @property
    def cash(self):
        """The cash as it is written: "£12.40"; "" for an item that is not cash."""
        return "" if self.cash_pence is None else pounds(self.cash_pence)


def pounds(pence):
    """An amount in pence as it is written: £1,012.40."""
    whole, part = divmod(pence, 100)
    return f"£{whole:,}.{part:02d}"


class Needs(models.Model):
    """Needs of the detainee: diet, religion, medical."""

    record = models.ForeignKey(CustodyRecord, on_delete=models.PROTECT,
                               related_name="needs_records")
    at = models.DateTimeField()
    diet = models.TextField(blank=True)
    religion = models.TextField(blank=True)
    medical = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "needs"

    def __str__(self):
        return f"{self.record} needs {self.at:%Y-%m-%d %H:%M}"
