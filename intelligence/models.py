"""Intelligence reports, their links to the POLE entities, questions to the author and
retention reviews.

A report has two texts: the original, as the author wrote it, which only the author and
the originating force's intelligence unit read; and the sanitised text, which is what is
disseminated. Who may see what is decided in selectors.py and nowhere else.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from intelligence.grading import HandlingCode, IntelligenceAssessment, SourceEvaluation
from intelligence.retention import RetentionGroup


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting evaluation"
    QUESTION = "question", "Question for the author"
    DISSEMINATED = "disseminated", "Disseminated"
    REJECTED = "rejected", "Rejected"


class EntityType(models.TextChoices):
    PERSON = "person", "Person"
    LOCATION = "location", "Location"
    VEHICLE = "vehicle", "Vehicle"
    TELEPHONE = "telephone", "Telephone number"
    ORGANISATION = "organisation", "Organisation"


# The ReportLink column that holds each type of entity.
ENTITY_FIELDS = {
    EntityType.PERSON: "person",
    EntityType.LOCATION: "location",
    EntityType.VEHICLE: "vehicle",
    EntityType.TELEPHONE: "telephone_number",
    EntityType.ORGANISATION: "organisation",
}


class IntelligenceReport(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    originating_force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT,
                                          related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="intelligence_reports")
    status = models.CharField(max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    title = models.CharField(max_length=150)
    # When the information was obtained, which may be days before it was written up.
    obtained_on = models.DateField()
    # The report as written; read only by the author and the originating intelligence unit.
    original_text = models.TextField()
    # What is disseminated: nothing that could identify the source or reveal tactics.
    sanitised_text = models.TextField(blank=True)
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices)
    intelligence_assessment = models.CharField(max_length=1,
                                               choices=IntelligenceAssessment.choices)
    handling_code = models.CharField(max_length=1, choices=HandlingCode.choices)
    # Handling code C: the conditions in words, and the restrictions the system enforces.
    handling_conditions = models.TextField(blank=True)
    originator_only = models.BooleanField(default=False)
    shared_with_forces = models.ManyToManyField("accounts.Force", blank=True,
                                                related_name="+")
    shared_with_roles = models.ManyToManyField("auth.Group", blank=True, related_name="+")
    retention_group = models.CharField(max_length=1, choices=RetentionGroup.choices,
                                       default=RetentionGroup.OTHER)
    review_due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    disseminated_at = models.DateTimeField(null=True, blank=True)
    sanitisation_checked_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                                on_delete=models.PROTECT, null=True,
                                                blank=True, related_name="+")
    rejection_reason = models.TextField(blank=True)
    # Raised on every change so a stale edit is refused rather than overwriting.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "handling_code"]),
            models.Index(fields=["originating_force", "status"]),
            models.Index(fields=["review_due_on"]),
            models.Index(fields=["-disseminated_at"]),
            # The word search reads the newest reports first, of every force or of one
            # (intelligence/search.py, _newest_word_matches).
            models.Index(fields=["obtained_on", "id"], name="intel_report_obtained_idx"),
            models.Index(fields=["originating_force", "obtained_on", "id"],
                         name="intel_report_force_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(handling_code=HandlingCode.CONDITIONS) | ~Q(handling_conditions=""),
                name="intelligence_report_conditions_stated_for_code_c"),
            # A restriction belongs to code C; on a code P row it would mean nothing.
            models.CheckConstraint(
                condition=Q(handling_code=HandlingCode.CONDITIONS) | Q(originator_only=False),
                name="intelligence_report_originator_only_needs_code_c"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def force_id(self):
        return self.originating_force_id

    @property
    def grading(self):
        return f"{self.source_evaluation}{self.intelligence_assessment} {self.handling_code}"

    @property
    def is_editable_by_author(self):
        return self.status in (ReportStatus.DRAFT, ReportStatus.QUESTION)


class ReportLink(models.Model):
    """One entity the report mentions, and why it is linked."""

    report = models.ForeignKey(IntelligenceReport, on_delete=models.CASCADE,
                               related_name="links")
    entity_type = models.CharField(max_length=12, choices=EntityType.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="intelligence_links")
    location = models.ForeignKey("people.Location", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="intelligence_links")
    vehicle = models.ForeignKey("people.Vehicle", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="intelligence_links")
    telephone_number = models.ForeignKey("people.TelephoneNumber", on_delete=models.PROTECT,
                                         null=True, blank=True,
                                         related_name="intelligence_links")
    organisation = models.ForeignKey("people.Organisation", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="intelligence_links")
    reason = models.CharField(max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entity_type", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(entity_type=EntityType.PERSON, person__isnull=False, location=None,
                      vehicle=None, telephone_number=None, organisation=None)
                    | Q(entity_type=EntityType.LOCATION, location__isnull=False,
                        person=None, vehicle=None, telephone_number=None, organisation=None)
                    | Q(entity_type=EntityType.VEHICLE, vehicle__isnull=False, person=None,
                        location=None, telephone_number=None, organisation=None)
                    | Q(entity_type=EntityType.TELEPHONE, telephone_number__isnull=False,
                        person=None, location=None, vehicle=None, organisation=None)
                    | Q(entity_type=EntityType.ORGANISATION, organisation__isnull=False,
                        person=None, location=None, vehicle=None, telephone_number=None)
                ),
                name="intelligence_link_one_entity_of_its_type"),
            *[models.UniqueConstraint(fields=["report", field],
                                      condition=Q(**{f"{field}__isnull": False}),
                                      name=f"intelligence_link_{field}_once_per_report")
              for field in ENTITY_FIELDS.values()],
        ]

    def __str__(self):
        return f"{self.get_entity_type_display()}: {self.entity}"

    @property
    def entity(self):
        return getattr(self, ENTITY_FIELDS[EntityType(self.entity_type)])

    @property
    def entity_id(self):
        return getattr(self, f"{ENTITY_FIELDS[EntityType(self.entity_type)]}_id")


class ReportQuestion(models.Model):
    """An analyst's question to the author during evaluation, and the author's answer."""

    report = models.ForeignKey(IntelligenceReport, on_delete=models.CASCADE,
                               related_name="questions")
    question = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return f"Question on {self.report_id} at {self.asked_at:%Y-%m-%d %H:%M}"


class RetentionDecision(models.TextChoices):
    RETAIN = "retain", "Retain"
    DISPOSE = "dispose", "Dispose"


class RetentionReview(models.Model):
    """A retained report's review. A disposal review goes with the report it disposes
    of; the audit trail keeps the fact of it."""

    report = models.ForeignKey(IntelligenceReport, on_delete=models.CASCADE,
                               related_name="retention_reviews")
    decision = models.CharField(max_length=7, choices=RetentionDecision.choices)
    rationale = models.TextField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)
    next_review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self):
        return f"{self.get_decision_display()} {self.report_id} {self.reviewed_at:%Y-%m-%d}"


class ForceIntelligencePolicy(models.Model):
    """How a force runs its intelligence unit. No row for a force means the safe
    default of every field: a second analyst evaluates and disseminates what an analyst
    wrote. Operators change it in the admin site, through
    ``services.force_intelligence_policy_set``, which audits the change."""

    force = models.OneToOneField("accounts.Force", on_delete=models.CASCADE,
                                 related_name="+")
    # Separation of duties: the author of a report may not evaluate or disseminate it.
    dissemination_needs_second_person = models.BooleanField(
        default=True,
        help_text="A second analyst must evaluate and disseminate a report an analyst "
                  "wrote. Untick only where the unit is too small to have two.")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "force intelligence policy"
        verbose_name_plural = "force intelligence policies"

    def __str__(self):
        return f"Intelligence policy of force {self.force_id}"
