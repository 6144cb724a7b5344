"""The answers the CPS Digital Case File (1.2.2) needs of a first-hearing file, asked
where an officer expects them."""

from cases.constants import CaseBegins
from cases.rules_data.common import (
    ALWAYS,
    BEGINS_BY_CHARGE,
    DCF_RETAIL_THEFT,
    FIRST_HEARING,
    INTERVIEWED,
    ON_BAIL,
    REQUIRED,
    Rule,
)
from cases.rules_data.fields import C
from cases.sections import SectionKind as S

D = S.CPS_DETAILS


def dcf_required(kind, name, because, when=ALWAYS):
    """A field the CPS Digital Case File requires (schema 1.2.2 or its business rules)."""
    return Rule(f"field.{kind}.{name}.dcf", (kind, name), REQUIRED, when,
                f"Required because the CPS Digital Case File needs {because}")


def answered_yes(kind, name):
    return ("field_equals", kind, name, True)


def property_was(outcome):
    return ("field_equals", D, "property_outcome", outcome)


DCF_FIELD_RULES = (
    # The interview, in the case summary (MG5), for a first-hearing file
    dcf_required(C, "interview_date", "the date of the interview",
                 ("all", FIRST_HEARING, INTERVIEWED)),
    dcf_required(C, "legally_represented", "to know whether the suspect had a solicitor",
                 ("all", FIRST_HEARING, INTERVIEWED)),
    dcf_required(C, "solicitor_name", "the solicitor's name when the suspect had one",
                 ("all", FIRST_HEARING, INTERVIEWED, answered_yes(C, "legally_represented"))),
    dcf_required(C, "solicitor_firm", "the solicitor's firm when the suspect had one",
                 ("all", FIRST_HEARING, INTERVIEWED, answered_yes(C, "legally_represented"))),
    dcf_required(C, "special_warnings_given", "to know whether special warnings were given",
                 ("all", FIRST_HEARING, INTERVIEWED)),
    # Each witness statement (MG11), for a first-hearing file: the DCF's statement witness
    dcf_required(S.WITNESS_STATEMENTS, "witness_type", "the type of each witness",
                 FIRST_HEARING),
    dcf_required(S.WITNESS_STATEMENTS, "involvement", "how each witness is involved",
                 FIRST_HEARING),
    dcf_required(S.WITNESS_STATEMENTS, "visually_recorded_interview", "to know whether each "
                 "witness gave a visually recorded interview", FIRST_HEARING),
    # The defendant
    dcf_required(D, "occupation", "the defendant's occupation"),
    dcf_required(D, "foreign_national_offender", "to know whether the defendant is a "
                 "foreign national"),
    dcf_required(D, "has_eec_passports", "to know whether the defendant holds a European "
                 "passport"),
    dcf_required(D, "eec_check_submitted", "to know whether convictions abroad were checked "
                 "for a defendant with a European passport", answered_yes(D, "has_eec_passports")),
    dcf_required(D, "interpreter_required", "to know whether the court must book an "
                 "interpreter"),
    dcf_required(D, "interpreter_language", "the language the interpreter must speak",
                 answered_yes(D, "interpreter_required")),
    dcf_required(D, "dealt_with_in_welsh", "to know whether the case is to be heard in Welsh"),
    dcf_required(D, "breach_of_order", "to know whether the offence breaches a court order"),
    *(dcf_required(D, name, f"the {words} of the order breached",
                   answered_yes(D, "breach_of_order"))
      for name, words in (("breach_order_title", "kind"),
                          ("breach_order_date_issued", "date"),
                          ("breach_order_lapse_date", "end date"),
                          ("breach_order_court_unit", "court"))),
    dcf_required(D, "breach_order_title_other", "the name of an order not on its list",
                 ("all", answered_yes(D, "breach_of_order"),
                  ("field_equals", D, "breach_order_title", "other"))),
    dcf_required(D, "cc_not_suitable_reason", "the reason a conditional caution is not "
                 "suitable"),
    dcf_required(D, "court_order_application", "the orders the prosecutor is to apply for, "
                 "or that none are"),
    dcf_required(D, "court_order_title_other", "the name of an order not on its list",
                 ("field_equals", D, "court_order_application", "other")),
    # The charge and bail
    dcf_required(D, "given_charges", "to know whether the defendant was given the charges"),
    dcf_required(D, "signed_charge_sheet", "to know whether the defendant signed the charge "
                 "sheet when the case begins by charge", BEGINS_BY_CHARGE),
    dcf_required(D, "requisition_sent_on", "the date a postal requisition was sent",
                 ("case_begins", CaseBegins.POSTAL_REQUISITION)),
    dcf_required(D, "signed_for_bail", "to know whether a defendant on bail signed for it",
                 ON_BAIL),
    dcf_required(D, "court_unit", "the first hearing court as a CJS organisation unit"),
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
    # The case
    dcf_required(D, "test_code", "the charging test the decision met (Full Code or "
                 "Threshold)"),
    dcf_required(D, "pca_cps", "to know whether the CPS gave pre-charge advice"),
    dcf_required(D, "expert_evidence", "to know whether the case relies on expert evidence"),
)

