"""The answers the CPS Digital Case File (1.2.2) needs of a first-hearing file, asked
where an officer expects them: the interview in the case summary, each witness's in
their statement, each defendant's and each offence's on their own page, and the case's
in "Case details for the CPS"."""

import json
from functools import cache
from pathlib import Path

from cases.constants import Marker
from cases.rules_data.common import (
    ALWAYS,
    BEGINS_BY_CHARGE,
    DCF_RETAIL_THEFT,
    FIRST_HEARING,
    INTERVIEWED,
    ON_BAIL,
    POLICE_DECIDE,
    REQUIRED,
    Rule,
    interview_was,
)
from cases.rules_data.fields import C
from cases.sections import PartKind
from cases.sections import SectionKind as S

D = S.CPS_DETAILS
DEFENDANT = PartKind.DEFENDANT
OFFENCE = PartKind.OFFENCE
DOMESTIC_ABUSE = ("marker", Marker.DOMESTIC_ABUSE)
SCHEMA = (Path(__file__).resolve().parents[2] / "athena" / "data" / "dcf"
          / "dcf-schema-1.2.2.json")


@cache
def dcf_assault_codes():
    """The CJS codes the DCF files as assaults (``AssaultOffence``), whose victim it names;
    read from the schema itself so that the two cannot drift."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8-sig"))
    codes = schema["definitions"]["AssaultOffence"]["properties"]["cjs_offence_code"]["enum"]
    return frozenset(code.upper() for code in codes)


def dcf_required(kind, name, because, when=ALWAYS):
    """A field the CPS Digital Case File requires (schema 1.2.2 or its business rules)."""
    return Rule(f"field.{kind}.{name}.dcf", (kind, name), REQUIRED, when,
                f"Required because the CPS Digital Case File needs {because}")


def answered_yes(kind, name):
    return ("field_equals", kind, name, True)


def property_was(outcome):
    return ("field_equals", D, "property_outcome", outcome)


def at_first_hearing(*conditions):
    return ("all", FIRST_HEARING, *conditions) if conditions else FIRST_HEARING


VICTIM_STATEMENT = ("field_equals", S.WITNESS_STATEMENTS, "witness_role", "victim")

DCF_FIELD_RULES = (
    # The interview, in the case summary (MG5)
    dcf_required(C, "interview_date", "the date of the interview",
                 at_first_hearing(INTERVIEWED)),
    dcf_required(C, "legally_represented", "to know whether the suspect had a solicitor",
                 at_first_hearing(INTERVIEWED)),
    dcf_required(C, "solicitor_name", "the solicitor's name when the suspect had one",
                 at_first_hearing(INTERVIEWED, answered_yes(C, "legally_represented"))),
    dcf_required(C, "solicitor_firm", "the solicitor's firm when the suspect had one",
                 at_first_hearing(INTERVIEWED, answered_yes(C, "legally_represented"))),
    dcf_required(C, "special_warnings_given", "to know whether special warnings were given",
                 at_first_hearing(INTERVIEWED)),
    dcf_required(C, "not_interviewed_reason", "the reason a suspect was not interviewed",
                 at_first_hearing(interview_was("not_interviewed"))),
    # Each statement (MG11): the DCF's witness or victim
    dcf_required(S.WITNESS_STATEMENTS, "witness_type", "the type of each witness",
                 FIRST_HEARING),
    dcf_required(S.WITNESS_STATEMENTS, "involvement", "how each witness is involved",
                 FIRST_HEARING),
    dcf_required(S.WITNESS_STATEMENTS, "visually_recorded_interview", "to know whether each "
                 "witness gave a visually recorded interview", FIRST_HEARING),
    dcf_required(S.WITNESS_STATEMENTS, "retraction", "to know whether a victim's statement "
                 "in a domestic abuse case withdraws support for the prosecution",
                 at_first_hearing(DOMESTIC_ABUSE, VICTIM_STATEMENT)),
    # The victim (victim personal statement section)
    dcf_required(S.VICTIM_PERSONAL_STATEMENT, "victims_code_met", "to know whether the "
                 "victim was given what the Victims' Code entitles them to",
                 at_first_hearing(("has_victim",))),
    dcf_required(S.VICTIM_PERSONAL_STATEMENT, "vps_made", "to know whether the victim made "
                 "a victim personal statement", at_first_hearing(("has_victim",))),
    # The charge or the requisition
    dcf_required(S.CHARGES, "first_hearing_time", "the time of the first hearing",
                 BEGINS_BY_CHARGE),
    # The case
    dcf_required(D, "test_code", "the charging test the decision met (Full Code or "
                 "Threshold)"),
    # Where the CPS decides the charge, its decision is the pre-charge advice: the export
    # says yes, and the officer is not asked.
    dcf_required(D, "pca_cps", "to know whether the CPS gave pre-charge advice",
                 POLICE_DECIDE),
    dcf_required(D, "expert_evidence", "to know whether the case relies on expert evidence"),
    # The property of a theft from a shop
    dcf_required(D, "property", "the property stolen in a theft from a shop",
                 DCF_RETAIL_THEFT),
    dcf_required(D, "property_outcome", "what happened to the property stolen",
                 DCF_RETAIL_THEFT),
    dcf_required(D, "property_recovered_from", "where property recovered was recovered from",
                 ("all", DCF_RETAIL_THEFT, ("any", property_was("stolen_recovered"),
                                            property_was("stolen_recovered_damaged")))),
    *(dcf_required(D, name, f"the {words} of property damaged",
                   ("all", DCF_RETAIL_THEFT, ("any", property_was("damaged"),
                                              property_was("stolen_recovered_damaged"))))
      for name, words in (("property_damage", "damage"), ("property_damage_cost", "cost"))),
)

# Each defendant's answers, on the defendant's page.
DEFENDANT_RULES = (
    dcf_required(DEFENDANT, "arrest_date", "the date a defendant who was charged was "
                 "arrested", at_first_hearing(BEGINS_BY_CHARGE)),
    dcf_required(DEFENDANT, "arrest_time", "the time a defendant who was charged was "
                 "arrested", at_first_hearing(BEGINS_BY_CHARGE)),
    *(dcf_required(DEFENDANT, name, because, FIRST_HEARING) for name, because in (
        ("occupation", "each defendant's occupation"),
        ("foreign_national_offender", "to know whether each defendant is a foreign national"),
        ("has_eec_passports", "to know whether each defendant holds a European passport"),
        ("interpreter_required", "to know whether the court must book an interpreter"),
        ("dealt_with_in_welsh", "to know whether the case is to be heard in Welsh"),
        ("breach_of_order", "to know whether the offence breaches a court order"),
        ("cc_not_suitable_reason", "the reason a conditional caution is not suitable"),
        ("court_order_application", "the orders the prosecutor is to apply for, or that "
                                    "none are"),
        ("given_charges", "to know whether each defendant was given the charges"),
    )),
    dcf_required(DEFENDANT, "eec_check_submitted", "to know whether convictions abroad were "
                 "checked for a defendant with a European passport",
                 at_first_hearing(answered_yes(DEFENDANT, "has_eec_passports"))),
    dcf_required(DEFENDANT, "interpreter_language", "the language the interpreter must speak",
                 at_first_hearing(answered_yes(DEFENDANT, "interpreter_required"))),
    *(dcf_required(DEFENDANT, name, f"the {words} of the order breached",
                   at_first_hearing(answered_yes(DEFENDANT, "breach_of_order")))
      for name, words in (("breach_order_title", "kind"),
                          ("breach_order_date_issued", "date"),
                          ("breach_order_lapse_date", "end date"),
                          ("breach_order_court_unit", "court"))),
    dcf_required(DEFENDANT, "breach_order_title_other", "the name of an order not on its list",
                 at_first_hearing(answered_yes(DEFENDANT, "breach_of_order"),
                                  ("field_equals", DEFENDANT, "breach_order_title", "other"))),
    dcf_required(DEFENDANT, "court_order_title_other", "the name of an order not on its list",
                 at_first_hearing(("field_equals", DEFENDANT, "court_order_application",
                                   "other"))),
    dcf_required(DEFENDANT, "signed_charge_sheet", "to know whether a defendant who was "
                 "charged signed the charge sheet", at_first_hearing(BEGINS_BY_CHARGE)),
    dcf_required(DEFENDANT, "signed_for_bail", "to know whether a defendant on bail signed "
                 "for it", at_first_hearing(ON_BAIL)),
    dcf_required(DEFENDANT, "relationship_to_victim", "the defendant's relationship to the "
                 "victim in a domestic abuse case", at_first_hearing(DOMESTIC_ABUSE)),
    dcf_required(DEFENDANT, "relationship_years", "the length of the relationship in a "
                 "domestic abuse case", at_first_hearing(DOMESTIC_ABUSE)),
)

# Each offence's answers, on the offence's page. Its date is asked for every charged file.
OFFENCE_RULES = (
    Rule("field.offence.offence_date.charged", (OFFENCE, "offence_date"), REQUIRED,
         ("not", ("stage_is", "pre_charge")),
         "Required because the charge states the date of the offence"),
    Rule("field.offence.anticipated_plea.first_hearing", (OFFENCE, "anticipated_plea"),
         REQUIRED, FIRST_HEARING,
         "Required because the first hearing is listed on the plea expected: guilty or not "
         "guilty"),
    dcf_required(OFFENCE, "wording", "the wording of each charge: where and what the "
                 "defendant did", FIRST_HEARING),
    dcf_required(OFFENCE, "points_to_prove", "how each point to prove is met", FIRST_HEARING),
    dcf_required(OFFENCE, "committed_on_bail", "to know whether each offence was committed "
                 "on bail", FIRST_HEARING),
    dcf_required(OFFENCE, "demeanour_at_incident", "the defendant's demeanour in a domestic "
                 "abuse case", at_first_hearing(DOMESTIC_ABUSE)),
    dcf_required(OFFENCE, "children_present", "to know whether children were present in a "
                 "domestic abuse case", at_first_hearing(DOMESTIC_ABUSE)),
    # The business rules ask for the ages whenever the case is domestic abuse; the CPS's
    # own valid domestic abuse example gives none when no child was present, and what the
    # CPS accepts is followed.
    dcf_required(OFFENCE, "ages_of_children", "the ages of the children present",
                 at_first_hearing(DOMESTIC_ABUSE, answered_yes(OFFENCE, "children_present"))),
)

# What the file must have at all, beyond its sections' answers (``cases.validation``
# checks each target: ``PRESENCE``).
VICTIM_OR_WITNESS = "victim_or_witness"  # at least one victim or witness
VICTIM = "victim"  # at least one victim
STATEMENT_EACH = "statement_each"  # a statement for each victim and witness
OFFENCE_EACH = "offence_each"  # at least one offence for each suspect
DATE_OF_BIRTH_EACH = "date_of_birth_each"  # each suspect's date of birth
OFFICER_DETAILS = "officer_details"  # the officer in the case's rank and collar number
PRESENCE = (VICTIM_OR_WITNESS, VICTIM, STATEMENT_EACH, OFFENCE_EACH, DATE_OF_BIRTH_EACH,
            OFFICER_DETAILS)

PRESENCE_RULES = (
    Rule("presence.offence_each.always", OFFENCE_EACH, REQUIRED, ALWAYS,
         "Required because a file is about the offences each suspect is to answer"),
    Rule("presence.date_of_birth_each.charged", DATE_OF_BIRTH_EACH, REQUIRED,
         ("not", ("stage_is", "pre_charge")),
         "Required because the court and the CPS identify each defendant by their date of "
         "birth"),
    Rule("presence.victim_or_witness.first_hearing", VICTIM_OR_WITNESS, REQUIRED,
         FIRST_HEARING,
         "Required because the CPS Digital Case File lists at least one victim or witness"),
    Rule("presence.victim.assault", VICTIM, REQUIRED,
         at_first_hearing(("any_offence", ("offence_code_in", "dcf_assault"))),
         "Required because the CPS Digital Case File names the victim of an assault"),
    Rule("presence.victim.domestic_abuse", VICTIM, REQUIRED, at_first_hearing(DOMESTIC_ABUSE),
         "Required because a domestic abuse file names the victim"),
    Rule("presence.statement_each.first_hearing", STATEMENT_EACH, REQUIRED, FIRST_HEARING,
         "Required because the CPS Digital Case File gives each victim's and witness's "
         "evidence from their statement (MG11), even when a guilty plea is expected"),
    Rule("presence.officer_details.first_hearing", OFFICER_DETAILS, REQUIRED, FIRST_HEARING,
         "Required because the CPS Digital Case File names the officer in the case with "
         "their rank and collar number"),
)
