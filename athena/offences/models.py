"""The CJS offence catalogue: every offence a person can be charged with or summonsed for.

The rows come from the CJS Offence Index (``manage.py load_offences``); nobody edits them
by hand. The mode of trial is not in the index: it follows from the offence category, and
a database constraint keeps the two in step.
"""

from django.db import models


class OffenceCategory(models.TextChoices):
    """CJS offence categories, with the labels of ``athena/data/cjs/offence-category.json``."""

    BICHARD_7 = "B7", "Bichard 7-specific category"
    NON_OFFENCE_BREACH = "CB", "Non-Offence Breach"
    EITHER_WAY = "CE", "Either Way"
    INDICTABLE = "CI", "Indictable"
    SUMMARY_MOTORING = "CM", "Summary Motoring"
    CIVIL_RELATED_TO_CRIMINAL = "CR", "Civil - Related to Criminal"
    SUMMARY_NON_MOTORING = "CS", "Summary Non-motoring"
    FINES = "EF", "Fines"
    MAINTENANCE_ENFORCEMENT_HOME = "EM", "Maintenance Enforcement of Home Account"
    MAINTENANCE_ENFORCEMENT_FOREIGN = "EX", "Maintenance Enforcement of Foreign Account"
    FAMILY_CHILDREN_ACT_PRIVATE = "FC", "Family Children Act (Private Law)"
    FAMILY_FINANCIAL_VARIATION_HOME = "FH", "Family Financial Variation of Home Account"
    FAMILY_LAW_ACT = "FL", "Family Law Act"
    FAMILY_OTHER = "FO", "Family Other"
    FAMILY_CHILDREN_ACT_PUBLIC = "FP", "Family Children Act (Public Law)"
    FAMILY_VARIATION = "FV", "Family Variation"
    FAMILY_VARIATION_FOREIGN = "FX", "Family Variation of Foreign Account"
    BETTING = "LB", "Betting"
    CLUB_LICENSING = "LC", "Club Licensing"
    GAMING = "LG", "Gaming"
    LIQUOR = "LL", "Liquor"
    MAGISTRATES_LICENSING = "LM", "Magistrates Licensing"
    MISCELLANEOUS_APPLICATIONS_CIVIL = "VA", "Miscellaneous Applications (Civil)"
    CIVIL_PROCEEDINGS = "VP", "Civil Proceedings"


class ModeOfTrial(models.TextChoices):
    """Where an offence can be tried (Criminal Law Act 1977), or not a criminal offence."""

    SUMMARY_ONLY = "summary_only", "Summary only"
    EITHER_WAY = "either_way", "Either way"
    INDICTABLE_ONLY = "indictable_only", "Indictable only"
    NOT_CRIMINAL = "not_criminal", "Not a criminal offence"


# The criminal categories and the mode of trial each gives. Every other category is a
# breach, civil, family, licensing or enforcement matter: not a criminal offence.
MODE_OF_TRIAL_BY_CATEGORY = {
    OffenceCategory.SUMMARY_NON_MOTORING: ModeOfTrial.SUMMARY_ONLY,
    OffenceCategory.SUMMARY_MOTORING: ModeOfTrial.SUMMARY_ONLY,
    OffenceCategory.EITHER_WAY: ModeOfTrial.EITHER_WAY,
    OffenceCategory.INDICTABLE: ModeOfTrial.INDICTABLE_ONLY,
}
CRIMINAL_CATEGORIES = frozenset(MODE_OF_TRIAL_BY_CATEGORY)


def mode_of_trial_for(category):
    """The mode of trial that a CJS offence category gives."""
    return MODE_OF_TRIAL_BY_CATEGORY.get(category, ModeOfTrial.NOT_CRIMINAL)


class CodeSuffix(models.TextChoices):
    """The optional 8th character of a CJS code: the offence is attempted, aided,
    conspired to or incited rather than committed."""

    ATTEMPT = "A", "Attempt"
    AID_AND_ABET = "B", "Aid, abet, counsel or procure"
    CONSPIRACY = "C", "Conspiracy"
    INCITE = "I", "Incite"


def _mode_of_trial_follows_category():
    """The rule of MODE_OF_TRIAL_BY_CATEGORY, for a database check constraint."""
    return (
        models.Q(category__in=[OffenceCategory.SUMMARY_NON_MOTORING,
                               OffenceCategory.SUMMARY_MOTORING],
                 mode_of_trial=ModeOfTrial.SUMMARY_ONLY)
        | models.Q(category=OffenceCategory.EITHER_WAY, mode_of_trial=ModeOfTrial.EITHER_WAY)
        | models.Q(category=OffenceCategory.INDICTABLE,
                   mode_of_trial=ModeOfTrial.INDICTABLE_ONLY)
        | (models.Q(mode_of_trial=ModeOfTrial.NOT_CRIMINAL)
           & ~models.Q(category__in=sorted(CRIMINAL_CATEGORIES)))
    )


class OffenceQuerySet(models.QuerySet):
    def criminal(self):
        return self.exclude(mode_of_trial=ModeOfTrial.NOT_CRIMINAL)


class Offence(models.Model):
    """One offence of the CJS Offence Index, by its CJS code (e.g. TH68010)."""

    CODE_LENGTH = 7

    cjs_code = models.CharField("CJS code", max_length=8, unique=True)
    title = models.CharField(max_length=255)
    category = models.CharField(max_length=2, choices=OffenceCategory.choices)
    mode_of_trial = models.CharField(max_length=16, choices=ModeOfTrial.choices)
    recordable_on_pnc = models.BooleanField("Recordable on the PNC")

    objects = OffenceQuerySet.as_manager()

    class Meta:
        ordering = ["cjs_code"]
        indexes = [models.Index(fields=["title"], name="offences_offence_title_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__in=OffenceCategory.values),
                name="offences_offence_category_known",
            ),
            models.CheckConstraint(
                condition=_mode_of_trial_follows_category(),
                name="offences_offence_mode_of_trial_follows_category",
            ),
        ]

    def __str__(self):
        return f"{self.cjs_code} {self.title}"

    @property
    def is_criminal(self):
        """A criminal offence (summary, either way or indictable), not a civil, family,
        licensing, breach or enforcement matter."""
        return self.category in CRIMINAL_CATEGORIES

    @property
    def base_code(self):
        """The code of the offence itself, without an attempt/aid/conspiracy/incite suffix."""
        return self.cjs_code[: self.CODE_LENGTH]

    @property
    def code_suffix(self):
        """The ``CodeSuffix`` of an attempt, aid, conspiracy or incitement, or None."""
        suffix = self.cjs_code[self.CODE_LENGTH:]
        return CodeSuffix(suffix) if suffix in CodeSuffix.values else None
