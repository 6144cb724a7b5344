"""What the file rules are made of: the Rule, the levels, and the conditions several
rules share. The rules themselves are in the other modules of this package."""


from dataclasses import dataclass

from cases.constants import (
    BailStatus,
    CaseBegins,
    Decider,
    Plea,
    Requirement,
    Stage,
    Venue,
)
from cases.sections import SectionKind as S


@dataclass(frozen=True)
class Rule:
    id: str
    target: object  # CHARGING, a section kind, or (section kind, field name)
    level: str  # a Requirement value; a Decider value for CHARGING
    when: tuple
    reason: str


CHARGING = "charging"

REQUIRED = Requirement.REQUIRED
OPTIONAL = Requirement.OPTIONAL
NOT_NEEDED = Requirement.NOT_NEEDED
POLICE = Decider.POLICE
CPS = Decider.CPS

# Conditions used by several rules.
ALWAYS = ("always",)
PRE_CHARGE = ("stage_is", Stage.PRE_CHARGE)
AFTER_CHARGE = ("not", PRE_CHARGE)
TRIAL = ("stage_is", Stage.TRIAL)
BEFORE_TRIAL = ("not", TRIAL)
GUILTY_PLEA = ("plea_is", Plea.GUILTY)
NO_GUILTY_PLEA = ("not", GUILTY_PLEA)
CONTESTED = ("any", NO_GUILTY_PLEA, TRIAL)
CROWN_COURT = ("venue_is", Venue.CROWN)
MAGISTRATES_COURT = ("venue_is", Venue.MAGISTRATES)
REMAND = ("remand_sought",)
CPS_DECIDES = ("decider_is", Decider.CPS)
POLICE_DECIDE = ("decider_is", Decider.POLICE)
BEGINS_BY_CHARGE = ("case_begins", CaseBegins.CHARGE)
FIRST_HEARING = ("stage_is", Stage.FIRST_HEARING)
ON_BAIL = ("any", ("bail_status_is", BailStatus.CONDITIONAL_BAIL),
           ("bail_status_is", BailStatus.UNCONDITIONAL_BAIL))
# The DCF's retail theft offence (RetailTheftOffence) is theft from a shop itself, not
# its attempt: it must list the property stolen.
DCF_RETAIL_THEFT = ("any_offence", ("offence_code_is", "TH68010"))
INTERVIEWED = ("any", ("field_equals", S.CASE_SUMMARY, "interview_type", "full_account"),
               ("field_equals", S.CASE_SUMMARY, "interview_type", "no_comment"),
               ("field_equals", S.CASE_SUMMARY, "interview_type", "prepared_statement"))


def interview_was(interview_type):
    return ("field_equals", S.CASE_SUMMARY, "interview_type", interview_type)


