"""The case-file domain's codes, shared by models, rules and forms."""

from django.db import models


class Plea(models.TextChoices):
    GUILTY = "guilty", "Guilty"
    NOT_GUILTY = "not_guilty", "Not guilty"
    NOT_KNOWN = "not_known", "Not known yet"


class Marker(models.TextChoices):
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    HATE_CRIME = "hate_crime", "Hate crime"
    CHILD_ABUSE = "child_abuse", "Child abuse"
    OLDER_VICTIM = "older_victim", "Older victim (over 60)"
    YOUNG_WITNESS = "young_witness", "Young witness (10 or under)"
    YOUTH_SUSPECT = "youth_suspect", "Suspect under 18"
    VULNERABLE_VICTIM = "vulnerable_victim", "Vulnerable or intimidated victim"
    # Someone died (the DCF's Fatality marker): DG6 Annex 1 gives every such case to the CPS.
    FATALITY = "fatality", "Fatality (someone died)"


class CaseBegins(models.TextChoices):
    CHARGE = "charge", "Charge"
    POSTAL_REQUISITION = "postal_requisition", "Postal requisition"


class Stage(models.TextChoices):
    PRE_CHARGE = "pre_charge", "Pre-charge (charging decision)"
    FIRST_HEARING = "first_hearing", "First hearing"
    TRIAL = "trial", "Trial"


class Venue(models.TextChoices):
    MAGISTRATES = "magistrates", "Magistrates' court"
    CROWN = "crown", "Crown Court"


class BailStatus(models.TextChoices):
    UNCONDITIONAL_BAIL = "unconditional_bail", "Unconditional bail"
    CONDITIONAL_BAIL = "conditional_bail", "Conditional bail"
    REMAND = "remand", "Kept in custody for court (remand sought)"
    NOT_APPLICABLE = "not_applicable", (
        "Not applicable (postal requisition or released under investigation)")


class Decider(models.TextChoices):
    POLICE = "police", "Police"
    CPS = "cps", "Crown Prosecution Service"


class Requirement(models.TextChoices):
    REQUIRED = "required", "Required"
    OPTIONAL = "optional", "Optional"
    NOT_NEEDED = "not_needed", "Not needed"
