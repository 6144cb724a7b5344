"""Which fields of each section a file needs, and why."""

from cases.constants import BailStatus, Marker, Plea
from cases.rules_data.common import (
    ALWAYS,
    BEGINS_BY_CHARGE,
    CONTESTED,
    CPS_DECIDES,
    GUILTY_PLEA,
    NOT_NEEDED,
    OPTIONAL,
    POLICE_DECIDE,
    REMAND,
    REQUIRED,
    Rule,
    interview_was,
)
from cases.sections import PartKind
from cases.sections import SectionKind as S


def always_required(kind, name, reason):
    """A field required whenever its section is on the file."""
    return Rule(f"field.{kind}.{name}.always", (kind, name), REQUIRED, ALWAYS, reason)


def always_optional(kind, name, reason):
    return Rule(f"field.{kind}.{name}.optional", (kind, name), OPTIONAL, ALWAYS, reason)


C = S.CASE_SUMMARY
E = S.EVIDENCE_FOR_PROSECUTOR
FIELD_RULES = (
    # MG3
    always_required(S.CHARGING_REPORT, "evidence_summary",
                    "Required because the prosecutor needs the evidence for each element of "
                    "each offence and of identity"),
    always_required(S.CHARGING_REPORT, "decision_sought",
                    "Required because the prosecutor needs to know which charges you propose "
                    "or what advice you need"),
    always_required(S.CHARGING_REPORT, "lines_of_enquiry",
                    "Required because DG6 asks for the reasonable lines of enquiry, including "
                    "any that point away from the suspect"),
    # MG5
    always_required(C, "summary",
                    "Required because the case summary gives a balanced account of what "
                    "proves each element"),
    always_required(C, "interview_type",
                    "Required because the prosecutor needs to know whether and how the suspect "
                    "was interviewed"),
    Rule("field.case_summary.interview_summary.account_given", (C, "interview_summary"), REQUIRED,
         ("any", interview_was("full_account"), interview_was("prepared_statement")),
         "Required because the suspect gave an account in interview or a prepared statement"),
    Rule("field.case_summary.interview_summary.no_comment", (C, "interview_summary"), OPTIONAL,
         interview_was("no_comment"),
         "Optional because the interview was no comment: the questions put to the suspect "
         "matter more than a summary"),
    Rule("field.case_summary.interview_summary.not_interviewed", (C, "interview_summary"),
         NOT_NEEDED, interview_was("not_interviewed"),
         "Not needed because the suspect was not interviewed"),
    Rule("field.case_summary.questions_asked.no_comment", (C, "questions_asked"), REQUIRED,
         interview_was("no_comment"),
         "Required because the interview was no comment: the court needs the questions put "
         "to the suspect"),
    # Hearsay and special measures are for a not guilty plea only (DCF NGAP-only fields).
    Rule("field.case_summary.hearsay_details.contested", (C, "hearsay_details"), OPTIONAL,
         CONTESTED,
         "Optional because a guilty plea is not anticipated: give any hearsay evidence the "
         "prosecution will rely on"),
    Rule("field.case_summary.hearsay_details.guilty_plea", (C, "hearsay_details"), NOT_NEEDED,
         GUILTY_PLEA,
         "Not needed because a guilty plea is anticipated: hearsay matters only at a trial"),
    Rule("field.case_summary.special_measures.contested", (C, "special_measures"), OPTIONAL,
         CONTESTED,
         "Optional because a guilty plea is not anticipated: say which witnesses need "
         "special measures to give evidence"),
    Rule("field.case_summary.special_measures.guilty_plea", (C, "special_measures"), NOT_NEEDED,
         GUILTY_PLEA,
         "Not needed because a guilty plea is anticipated: witnesses will not give evidence"),
    # MG6
    Rule("field.evidence_for_prosecutor.charge_rationale.police_charge", (E, "charge_rationale"),
         REQUIRED, POLICE_DECIDE,
         "Required because the police charge this case: the MG6 records why (DG6)"),
    Rule("field.evidence_for_prosecutor.charge_rationale.cps_decides", (E, "charge_rationale"),
         NOT_NEEDED, CPS_DECIDES,
         "Not needed because the CPS decides the charge and gives its reasons on the MG3"),
    always_optional(E, "outstanding_evidence",
                    "Optional because only evidence still to come is listed"),
    Rule("field.evidence_for_prosecutor.outstanding_evidence_target_date.evidence_to_come",
         (E, "outstanding_evidence_target_date"), REQUIRED,
         ("field_filled", E, "outstanding_evidence"),
         "Required because evidence is still to come: the prosecutor needs a date for it"),
    Rule("field.evidence_for_prosecutor.safeguarding_assessment.domestic_abuse",
         (E, "safeguarding_assessment"), REQUIRED, ("marker", Marker.DOMESTIC_ABUSE),
         "Required because the case is marked domestic abuse: the prosecutor needs the risk "
         "assessment and the safeguarding in place"),
    Rule("field.evidence_for_prosecutor.witness_intimidation.remand",
         (E, "witness_intimidation"), REQUIRED, REMAND,
         "Required because a remand in custody is sought: the prison service needs to know "
         "of any risk to witnesses"),
    always_optional(E, "other_information",
                    "Optional because anything else the prosecutor should know goes here"),
    # MG4
    Rule("field.charges.charge_date.charged", (S.CHARGES, "charge_date"), REQUIRED,
         BEGINS_BY_CHARGE, "Required because the case begins by charge"),
    Rule("field.charges.reply_to_charge.charged", (S.CHARGES, "reply_to_charge"), REQUIRED,
         BEGINS_BY_CHARGE,
         "Required because the case begins by charge: the suspect's reply is recorded word "
         "for word"),
    Rule("field.charges.first_hearing_date.charged", (S.CHARGES, "first_hearing_date"), REQUIRED,
         BEGINS_BY_CHARGE,
         "Required because the case begins by charge: the suspect is bailed or kept to a "
         "first hearing"),
    Rule("field.charges.court.charged", (S.CHARGES, "court"), REQUIRED, BEGINS_BY_CHARGE,
         "Required because the case begins by charge: the suspect is bailed or kept to a "
         "named court"),
    Rule("field.charges.bail_conditions.conditional_bail", (S.CHARGES, "bail_conditions"), REQUIRED,
         ("bail_status_is", BailStatus.CONDITIONAL_BAIL),
         "Required because the suspect is on conditional bail"),
    Rule("field.charges.bail_conditions.no_conditions", (S.CHARGES, "bail_conditions"), NOT_NEEDED,
         ("not", ("bail_status_is", BailStatus.CONDITIONAL_BAIL)),
         "Not needed because the suspect is not on conditional bail"),
    # The written charge and requisition
    always_required(S.REQUISITION, "requisition_date",
                    "Required because the written charge is dated: it is when the case began"),
    always_required(S.REQUISITION, "requisition_sent_on",
                    "Required because the court needs to know when the requisition was "
                    "served by post"),
    always_required(S.REQUISITION, "first_hearing_date",
                    "Required because the requisition requires the defendant to appear on a "
                    "date"),
    always_required(S.REQUISITION, "first_hearing_time",
                    "Required because the requisition requires the defendant to appear at a "
                    "time"),
    always_required(S.REQUISITION, "court",
                    "Required because the requisition requires the defendant to appear at a "
                    "named court"),
    # MG11
    always_required(S.WITNESS_STATEMENTS, "witness_name",
                    "Required because every statement names its witness"),
    always_required(S.WITNESS_STATEMENTS, "statement_date",
                    "Required because every statement is dated"),
    always_required(S.WITNESS_STATEMENTS, "statement",
                    "Required because the statement is the witness's evidence"),
    always_required(S.WITNESS_STATEMENTS, "declaration",
                    "Required because a statement is admissible in evidence only with the "
                    "witness's signed declaration (Criminal Justice Act 1967, s.9)"),
    always_optional(S.WITNESS_STATEMENTS, "witness_under_18",
                    "Optional because a witness under 18 may need special measures"),
    always_optional(S.WITNESS_STATEMENTS, "witness_role",
                    "Optional because the file's victims and witnesses say who is who"),
    # MG12
    always_required(S.EXHIBITS, "reference",
                    "Required because every exhibit has a reference"),
    always_required(S.EXHIBITS, "description",
                    "Required because every exhibit is described"),
    always_required(S.EXHIBITS, "produced_by",
                    "Required because every exhibit has the name of the person who produced it"),
    # PNC
    always_required(S.PREVIOUS_CONVICTIONS, "pnc_check_performed",
                    "Required because the PNC is checked for every suspect"),
    always_required(S.PREVIOUS_CONVICTIONS, "pnc_convictions",
                    "Required because the prosecutor and the court need the suspect's record, "
                    "or 'None'"),
    Rule("field.previous_convictions.bail_history.remand", (S.PREVIOUS_CONVICTIONS, "bail_history"),
         REQUIRED, REMAND,
         "Required because a remand in custody is sought: the court weighs the suspect's "
         "bail history"),
    always_optional(S.PREVIOUS_CONVICTIONS, "bail_history",
                    "Optional because the bail history helps the court decide bail"),
    # Victim personal statement
    always_optional(S.VICTIM_PERSONAL_STATEMENT, "victims_code_met",
                    "Optional because the Victims' Code entitlements are recorded for the CPS"),
    always_required(S.VICTIM_PERSONAL_STATEMENT, "vps_offered",
                    "Required because the Victims' Code says every victim is offered a victim "
                    "personal statement"),
    Rule("field.victim_personal_statement.vps_made.offered",
         (S.VICTIM_PERSONAL_STATEMENT, "vps_made"), REQUIRED,
         ("field_equals", S.VICTIM_PERSONAL_STATEMENT, "vps_offered", True),
         "Required because the victim was offered a victim personal statement"),
    Rule("field.victim_personal_statement.victim_wish_to_attend_court.vps_made",
         (S.VICTIM_PERSONAL_STATEMENT, "victim_wish_to_attend_court"), REQUIRED,
         ("field_equals", S.VICTIM_PERSONAL_STATEMENT, "vps_made", True),
         "Required because the victim made a victim personal statement"),
    # MG19, MG18
    always_required(S.COMPENSATION, "amount", "Required because a claim states the amount"),
    always_required(S.COMPENSATION, "details",
                    "Required because a claim says what the loss or damage was"),
    always_required(S.OFFENCES_TAKEN_INTO_CONSIDERATION, "offences",
                    "Required because each offence to be taken into consideration is listed"),
    # SDC, MG6C, MG6D/E
    always_required(S.STREAMLINED_DISCLOSURE, "material",
                    "Required because the certificate lists the unused material that might "
                    "assist the defence or undermine the prosecution, or says 'None'"),
    always_required(S.STREAMLINED_DISCLOSURE, "certified",
                    "Required because the disclosure officer certifies the duty was met"),
    always_required(S.UNUSED_NON_SENSITIVE, "schedule",
                    "Required because the schedule lists the non-sensitive unused material"),
    always_required(S.UNUSED_SENSITIVE, "schedule",
                    "Required because the schedule lists the sensitive unused material"),
    always_required(S.UNUSED_SENSITIVE, "disclosure_officer_report",
                    "Required because the disclosure officer reports on material that "
                    "undermines the prosecution or assists the defence (MG6E)"),
    # MG7
    always_required(S.REMAND_APPLICATION, "grounds",
                    "Required because the court needs the grounds for objecting to bail"),
    always_required(S.REMAND_APPLICATION, "reasons",
                    "Required because each ground needs its reasons and evidence"),
    always_required(S.REMAND_APPLICATION, "conditions_considered",
                    "Required because the court asks why bail conditions would not be enough"),
)


# Yes/no fields a rule requires to be answered yes: "No" counts as missing. A statement
# without the signed declaration is not evidence, an uncertified SDC is no certificate,
# and a file is not built without checking the PNC.
MUST_BE_YES = {
    (S.WITNESS_STATEMENTS, "declaration"): "the witness must have signed the declaration",
    (S.STREAMLINED_DISCLOSURE, "certified"): "the disclosure officer must certify it",
    (S.PREVIOUS_CONVICTIONS, "pnc_check_performed"): "the PNC must be checked",
}


# Answers that are no answer where a rule requires one: they count as missing.
NOT_ANSWERS = {
    (PartKind.OFFENCE, "anticipated_plea"): frozenset({Plea.NOT_KNOWN}),
}
