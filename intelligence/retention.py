"""Retention groups and the review dates they imply (MoPI, DOMAIN.md 3.4).

The groups and periods are from the pre-2023 APP and marked [R] in DOMAIN.md: check them
against the current College of Policing Code before relying on them. They are data so
they can be corrected in one place. Every group is reviewed, never deleted unseen: a
group 3 report is due for a disposal review when its clear period ends.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models


class RetentionGroup(models.TextChoices):
    PUBLIC_PROTECTION = "1", "Group 1 – Public protection"
    SERIOUS = "2", "Group 2 – Other sexual, violent or serious offences"
    OTHER = "3", "Group 3 – All other offences"
    UNDETECTED = "4", "Group 4 – Undetected crime"


@dataclass(frozen=True)
class RetentionRule:
    covers: str
    review_after_years: int
    rule: str


RETENTION_RULES = {
    RetentionGroup.PUBLIC_PROTECTION: RetentionRule(
        covers="MAPPA, serious specified offences (CJA 2003 Sch 15), potentially "
               "dangerous people.",
        review_after_years=10,
        rule="Kept until the subject is 100; reviewed every 10 years for accuracy."),
    RetentionGroup.SERIOUS: RetentionRule(
        covers="Other sexual, violent or serious offences.",
        review_after_years=10,
        rule="Reviewed after a 10-year clear period; kept while the subject poses a risk."),
    RetentionGroup.OTHER: RetentionRule(
        covers="All other offences and intelligence.",
        review_after_years=6,
        rule="Disposed of after a 6-year clear period unless a review finds a reason to "
             "keep it."),
    RetentionGroup.UNDETECTED: RetentionRule(
        covers="Undetected crime.",
        review_after_years=6,
        rule="Reviewed after 6 years; kept longer when the seriousness of the crime "
             "warrants it."),
}


def review_due_on(group, *, from_date):
    """The date a report in ``group`` is next reviewed, counted from ``from_date`` (the
    day it was disseminated, or its last review). 29 February falls back to the 28th."""
    years = RETENTION_RULES[RetentionGroup(group)].review_after_years
    try:
        return from_date.replace(year=from_date.year + years)
    except ValueError:
        return date(from_date.year + years, 2, 28)
