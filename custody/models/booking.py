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


class PropertyItem(models.Model):
    record = models.ForeignKey(CustodyRecord, on_delete=models.PROTECT,
                               related_name="property_items")
    at = models.DateTimeField()
    description = models.CharField(max_length=500)
    quantity = models.PositiveIntegerField(default=1)
    bag_number = models.CharField(max_length=30, blank=True)
    signed_by_detainee = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.record} property {self.description[:30]}"


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
