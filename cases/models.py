"""Case files for the CPS: the file, its suspects and offences, its sections, and each
submission for review.

A section's answers live in ``CaseSection.data`` (JSON keyed by the field names of
``sections.py``), so a half-finished draft always saves; the rules decide what is
required. Repeatable sections (witness statements, exhibits) keep one ``SectionItem``
per statement or exhibit. Every editable row carries a version for optimistic locking.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.constants import BailStatus, CaseBegins, Marker, Plea, Stage, Venue
from cases.sections import SectionKind


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    IN_REVIEW = "in_review", "In review"
    RETURNED = "returned", "Returned to the officer"
    APPROVED = "approved", "Approved"
    SENT_TO_CPS = "sent_to_cps", "Sent to the CPS"
    DECIDED = "decided", "CPS decision made"


EDITABLE_STATUSES = (CaseStatus.DRAFT, CaseStatus.RETURNED)
# Sent to the CPS: from here on a CPS lawyer reads the file.
CPS_STATUSES = (CaseStatus.SENT_TO_CPS, CaseStatus.DECIDED)

# The file's life in one table: each status a file moves to, and the statuses it may come
# from. The methods of CaseFile below are the only way a status changes.
STATUS_CHANGES = {
    CaseStatus.SUBMITTED: EDITABLE_STATUSES,
    CaseStatus.DRAFT: (CaseStatus.SUBMITTED,),  # the automatic check found it incomplete
    CaseStatus.IN_REVIEW: (CaseStatus.SUBMITTED,),
    # From approved too: a file found not ready for the CPS when it is sent goes back
    # to its officer with what is missing (review.services.case_return_not_ready).
    CaseStatus.RETURNED: (CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW, CaseStatus.APPROVED),
    CaseStatus.APPROVED: (CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW),
    CaseStatus.SENT_TO_CPS: (CaseStatus.APPROVED,),
    CaseStatus.DECIDED: (CaseStatus.SENT_TO_CPS,),
}


class StatusChangeRefused(Exception):
    """A file was asked to move to a status it may not reach from the one it is in."""

    def __init__(self, case, target):
        super().__init__(f"A file that is {case.get_status_display().lower()} cannot become "
                         f"{CaseStatus(target).label.lower()}")
        self.status = case.status
        self.target = target


class CaseFile(models.Model):
    # Unique reference number in the Digital Case File form: force code, unit, number, year.
    urn = models.CharField("URN", max_length=11, unique=True)
    force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT, related_name="+")
    unit_code = models.CharField(max_length=2)
    sequence = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField()  # two digits, as in the URN
    officer_in_case = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        related_name="case_files")
    status = models.CharField(max_length=12, choices=CaseStatus.choices,
                              default=CaseStatus.DRAFT)
    stage = models.CharField(max_length=14, choices=Stage.choices, default=Stage.FIRST_HEARING)
    case_begins = models.CharField(max_length=20, choices=CaseBegins.choices,
                                   default=CaseBegins.CHARGE)
    bail_status = models.CharField(max_length=20, choices=BailStatus.choices,
                                   default=BailStatus.UNCONDITIONAL_BAIL)
    likely_venue = models.CharField(max_length=12, choices=Venue.choices, blank=True)
    markers = models.JSONField(default=list, blank=True)  # Marker values
    loss_value = models.DecimalField("Value of loss or damage (£)", max_digits=12,
                                     decimal_places=2, null=True, blank=True)
    custody_over_12_months_likely = models.BooleanField(default=False)
    arrested_at = models.DateTimeField(null=True, blank=True)
    # The custody record the file was started from: its detention clock sets the
    # charging deadline (cases reads custody; custody knows nothing of cases).
    custody_record = models.ForeignKey("custody.CustodyRecord", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+")
    # When the soonest deadline falls due (deadlines.py), kept up to date by the services
    # so a worklist of hundreds of files sorts by urgency in the database.
    next_deadline_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Facts of an imported Digital Case File that have no place in this model, kept as
    # they came so that the export carries them back to the CPS (cases/dcf/).
    dcf_carried = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["force", "unit_code", "year", "sequence"],
                                    name="case_file_number_unique_per_force_unit_year"),
        ]
        indexes = [models.Index(fields=["officer_in_case", "status", "next_deadline_at"])]

    def __str__(self):
        return self.urn

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def marker_labels(self):
        """The file's markers as a person reads them ("Domestic abuse"), in the stored
        order; a value no longer in Marker is shown as stored."""
        return [Marker(value).label if value in Marker.values else value
                for value in self.markers]

    # --- Status changes (STATUS_CHANGES). Each changes the file in memory; the service
    # that calls it saves ``status`` and ``updated_at``. Each returns True when the status
    # changed and False when the file is in that status already (so calling it twice
    # changes nothing), and raises StatusChangeRefused from any other status.

    def may_become(self, status):
        """Whether the file may move to ``status`` from the status it is in now."""
        return self.status in STATUS_CHANGES[status]

    def _become(self, status):
        if self.status == status:
            return False
        if not self.may_become(status):
            raise StatusChangeRefused(self, status)
        self.status = status
        self.updated_at = timezone.now()
        return True

    def submit(self):
        """Submitted for review: from a draft, or a file returned to the officer."""
        return self._become(CaseStatus.SUBMITTED)

    def fail_check(self):
        """Back to a draft when the worker's check of a submitted file finds something
        missing (or cannot finish): from submitted only. A check that passes changes no
        status: the file stays submitted, now waiting for a supervisor."""
        return self._become(CaseStatus.DRAFT)

    def start_review(self):
        """In review, at a supervisor's first decision on a section: from submitted."""
        return self._become(CaseStatus.IN_REVIEW)

    def return_to_officer(self):
        """Returned to the officer at the end of a review that returned a section (from
        submitted or in review), or when an approved file proves not ready to send."""
        return self._become(CaseStatus.RETURNED)

    def approve(self):
        """Approved at the end of a review that returned nothing: from submitted or in
        review."""
        return self._become(CaseStatus.APPROVED)

    def send_to_cps(self):
        """Sent to the CPS, for a charging decision or, on a file the police charged, an
        initial review: from approved."""
        return self._become(CaseStatus.SENT_TO_CPS)

    def record_decision(self):
        """Decided, once the CPS lawyer records the decision: the charging decision, or the
        initial review of a file the police charged. From sent to the CPS."""
        return self._become(CaseStatus.DECIDED)

    @property
    def remand_sought(self):
        return self.bail_status == BailStatus.REMAND


class Suspect(models.Model):
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="suspects")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=1)
    # The defendant's own answers ({field: value}, the DEFENDANT part of sections.py):
    # the arrest, occupation, interpreter, orders... asked on the defendant's page.
    answers = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "person"],
                                               name="suspect_once_per_case")]

    def __str__(self):
        return f"{self.case} suspect {self.position}"


class ChargedOffence(models.Model):
    """An offence a suspect is to be charged with, and the plea the officer expects."""

    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="offences")
    offence = models.ForeignKey("offences.Offence", on_delete=models.PROTECT, related_name="+")
    anticipated_plea = models.CharField(max_length=10, choices=Plea.choices,
                                        default=Plea.NOT_KNOWN)
    offence_date = models.DateField(null=True, blank=True)
    wording = models.TextField(blank=True)
    # Asked for a first-hearing file: the CPS Digital Case File needs both per offence.
    points_to_prove = models.TextField(blank=True)
    committed_on_bail = models.BooleanField(null=True, blank=True)  # None: not answered
    # The offence's other answers ({field: value}, the OFFENCE part of sections.py): where
    # it happened, and what a domestic abuse file adds (demeanour, children present).
    answers = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.suspect} {self.offence_id}"


class ParticipantRole(models.TextChoices):
    VICTIM = "victim", "Victim"
    WITNESS = "witness", "Witness"


class Participant(models.Model):
    """A victim or witness. Linked to the people index when they are on it."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(max_length=8, choices=ParticipantRole.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    name = models.CharField(max_length=200)
    under_18 = models.BooleanField(default=False)

    class Meta:
        ordering = ["role", "pk"]

    def __str__(self):
        return f"{self.get_role_display()} {self.pk}"


class SectionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not yet started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    RETURNED = "returned", "Returned"


class ReviewState(models.TextChoices):
    PENDING = "pending", "Awaiting review"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"


class CaseSection(models.Model):
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=30, choices=SectionKind.choices)
    data = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=SectionStatus.choices,
                              default=SectionStatus.NOT_STARTED)
    version = models.PositiveIntegerField(default=1)
    # SHA-256 of the content the PDF was rendered from; a save that changes nothing
    # renders nothing.
    content_hash = models.CharField(max_length=64, blank=True)
    rendered_hash = models.CharField(max_length=64, blank=True)
    rendered_pdf = models.FileField(upload_to="cases/sections/", blank=True)
    rendered_pages = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    # A random token of the page that saved last. Autosaves and the final "Save and
    # continue" of one page can overtake each other; only another page's save is a
    # conflict.
    editor_token = models.CharField(max_length=32, blank=True)
    # When that page sent its last save (milliseconds on the page's own clock): a save
    # the same page sent earlier, arriving later, must not overwrite it.
    editor_sent_at = models.BigIntegerField(null=True, blank=True)
    # The supervisor's decision on this section. A returned section carries the comment
    # (and the fields it points at); an approved one the content hash it approved, so a
    # resubmission asks for review again only of sections that changed.
    review_state = models.CharField(max_length=8, choices=ReviewState.choices,
                                    default=ReviewState.PENDING)
    review_comment = models.TextField(blank=True)
    review_fields = models.JSONField(default=list, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"],
                                               name="one_section_of_each_kind_per_case")]

    def __str__(self):
        return f"{self.case} {self.kind}"


class SectionItem(models.Model):
    """One witness statement or exhibit of a repeatable section."""

    section = models.ForeignKey(CaseSection, on_delete=models.CASCADE, related_name="items")
    data = models.JSONField(default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=1)
    version = models.PositiveIntegerField(default=1)
    # Exhibits only: the uploaded file, checked by its content, stored through storage.
    file = models.FileField(upload_to="cases/exhibits/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=40, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.section} item {self.position}"


class FileSubmission(models.Model):
    """One submission of a file for review: the worker's validation and PDF bundle."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="submissions")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, related_name="+")
    # {section_kind: [{"field": ..., "message": ...}]}; empty when the file is complete.
    problems = models.JSONField(default=dict, blank=True)
    bundle = models.FileField(upload_to="cases/bundles/", blank=True)
    restricted_bundle = models.FileField(upload_to="cases/bundles/", blank=True)
    bundle_pages = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.case} submitted {self.submitted_at:%Y-%m-%d %H:%M}"


class CaseEventKind(models.TextChoices):
    CREATED = "created", "File created"
    IMPORTED = "imported", "Imported from a Digital Case File"
    SECTION_COMPLETED = "section_completed", "Section completed"
    SUBMITTED = "submitted", "Submitted for review"
    CHECK_FAILED = "check_failed", "Returned by the automatic check"
    SECTION_APPROVED = "section_approved", "Section approved"
    SECTION_RETURNED = "section_returned", "Section returned"
    SECTION_CORRECTED = "section_corrected", "Section corrected by the supervisor"
    RETURNED = "returned", "Returned to the officer"
    APPROVED = "approved", "File approved"
    SENT_TO_CPS = "sent_to_cps", "Sent to the CPS"
    DECIDED = "decided", "CPS charging decision"
    CPS_REVIEWED = "cps_reviewed", "CPS initial review"


class CaseEvent(models.Model):
    """One line of the file's history, as the MoJ timeline shows it."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    section_kind = models.CharField(max_length=30, choices=SectionKind.choices, blank=True)
    comment = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["case", "-occurred_at"])]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.occurred_at:%Y-%m-%d %H:%M}"


class CpsHandover(models.Model):
    """What went to the CPS: the Digital Case File as sent, with the PDF bundle of the
    submission it was approved from."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="handovers")
    submission = models.ForeignKey(FileSubmission, on_delete=models.PROTECT,
                                   related_name="+")
    dcf_document = models.JSONField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.case} sent {self.sent_at:%Y-%m-%d %H:%M}"


class CpsTask(models.TextChoices):
    """What the CPS lawyer does with a file sent to them. The file rules say who decides
    the charge (DG6 Annex 1, ``cases.rules.decide_charge``): on a file the CPS charges,
    the lawyer makes the charging decision; on a file the police charged, the lawyer
    reviews it for its first hearing, and never decides a charge already laid."""

    CHARGING_DECISION = "charging_decision", "Charging decision"
    INITIAL_REVIEW = "initial_review", "Initial review"


class DecisionOutcome(models.TextChoices):
    # The charging decision.
    CHARGE = "charge", "Charge"
    NO_FURTHER_ACTION = "nfa", "No further action"
    FURTHER_EVIDENCE = "further_evidence", "Further evidence needed"
    # The initial review of a file the police charged.
    PROCEED = "proceed", "Proceed on the charges"
    PROCEED_AMENDED = "proceed_amended", "Proceed on amended charges"
    MORE_INFORMATION = "more_information", "More information needed"
    DISCONTINUE = "discontinue", "Discontinue"


OUTCOMES_OF_TASK = {
    CpsTask.CHARGING_DECISION: (DecisionOutcome.CHARGE, DecisionOutcome.NO_FURTHER_ACTION,
                                DecisionOutcome.FURTHER_EVIDENCE),
    CpsTask.INITIAL_REVIEW: (DecisionOutcome.PROCEED, DecisionOutcome.PROCEED_AMENDED,
                             DecisionOutcome.MORE_INFORMATION, DecisionOutcome.DISCONTINUE),
}
# The outcomes that give the officer an action plan: tasks with due dates.
ACTION_PLAN_OUTCOMES = (DecisionOutcome.FURTHER_EVIDENCE, DecisionOutcome.MORE_INFORMATION)


class CpsDecision(models.Model):
    """The CPS lawyer's decision on a file sent to them: the charging decision on a file
    the CPS charges, or the initial review of a file the police charged (CpsTask; the
    outcome says which)."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=16, choices=DecisionOutcome.choices)
    # [{"cjs_code": ..., "title": ..., "wording": ..., "suspect_id": ...}] for each charge:
    # the charges laid (charge), or those the case proceeds on (proceed, proceed on amended
    # charges), each then with "change": "unchanged", "amended" (its wording) or "added".
    charges = models.JSONField(default=list, blank=True)
    # Proceed on amended charges: the police's charges the lawyer dropped, as above.
    dropped_charges = models.JSONField(default=list, blank=True)
    # No further action, discontinue: why; otherwise the lawyer's note for the officer.
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"{self.case} {self.outcome}"

    @property
    def task(self):
        """The CpsTask this decision settles, from its outcome."""
        return next(task for task, outcomes in OUTCOMES_OF_TASK.items()
                    if self.outcome in outcomes)

    @property
    def is_initial_review(self):
        return self.task == CpsTask.INITIAL_REVIEW

    @property
    def has_action_plan(self):
        return self.outcome in ACTION_PLAN_OUTCOMES


class CpsAction(models.Model):
    """One action of a CPS action plan (further evidence for a charging decision, or more
    information for an initial review): a task for the officer."""

    decision = models.ForeignKey(CpsDecision, on_delete=models.CASCADE,
                                 related_name="actions")
    description = models.TextField()
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return f"Action {self.pk} due {self.due_on}"
