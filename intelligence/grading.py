"""The 3x5x2 grading (College of Policing APP, about 2016) as data.

The labels are from the APP; the wording of each meaning is ours [DOMAIN.md 3.1, R], so
it lives here, in one table, where it can be corrected without touching the code. The
forms show each meaning beside its choice.
"""

from django.db import models


class SourceEvaluation(models.TextChoices):
    RELIABLE = "1", "1 – Reliable"
    UNTESTED = "2", "2 – Untested"
    NOT_RELIABLE = "3", "3 – Not reliable"


class IntelligenceAssessment(models.TextChoices):
    KNOWN_DIRECTLY = "A", "A – Known directly to the source"
    CORROBORATED = "B", "B – Known indirectly but corroborated"
    KNOWN_INDIRECTLY = "C", "C – Known indirectly"
    NOT_KNOWN = "D", "D – Not known"
    SUSPECTED_FALSE = "E", "E – Suspected to be false or malicious"


class HandlingCode(models.TextChoices):
    PERMITTED = "P", "P – Lawful sharing permitted"
    CONDITIONS = "C", "C – Sharing permitted with conditions"


SOURCE_EVALUATION_MEANINGS = {
    SourceEvaluation.RELIABLE: "A competent source with a reliable track record, "
                               "including technical sources such as CCTV or ANPR.",
    SourceEvaluation.UNTESTED: "A source with no history, or whose earlier reporting was "
                               "never substantiated.",
    SourceEvaluation.NOT_RELIABLE: "There are reasonable grounds to doubt the source.",
}

INTELLIGENCE_ASSESSMENT_MEANINGS = {
    IntelligenceAssessment.KNOWN_DIRECTLY: "The source saw or heard it themselves.",
    IntelligenceAssessment.CORROBORATED: "The source heard it from someone else, and "
                                         "other information confirms it.",
    IntelligenceAssessment.KNOWN_INDIRECTLY: "The source heard it from someone else; "
                                             "nothing confirms it yet.",
    IntelligenceAssessment.NOT_KNOWN: "It cannot be said how the source knows it.",
    IntelligenceAssessment.SUSPECTED_FALSE: "There are grounds to think it is false or "
                                            "given out of malice.",
}

HANDLING_CODE_MEANINGS = {
    HandlingCode.PERMITTED: "It may be shared with any police force for a policing "
                            "purpose.",
    HandlingCode.CONDITIONS: "It may be shared only as the conditions you state allow: "
                             "named forces, named roles, or the originating force only.",
}


def grading_code(source_evaluation, intelligence_assessment, handling_code):
    """The grading as officers write it, e.g. ``1B P``."""
    return f"{source_evaluation}{intelligence_assessment} {handling_code}"
