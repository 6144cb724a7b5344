"""The catalogue of case-file sections and their fields: one place that names them.

Forms, the task list, the rules (``rules.py``), validation and the PDF bundle all read
this catalogue, so a section or field has one code everywhere. Labels are the police's
own words. Which sections and fields a particular file needs is decided by the rules,
never here: a field listed here is asked only when a rule requires it or it is optional.
"""

from dataclasses import dataclass, field

from django.db import models


class SectionKind(models.TextChoices):
    CHARGING_REPORT = "charging_report", "Report to the prosecutor for a charging decision (MG3)"
    CASE_SUMMARY = "case_summary", "Case summary (MG5)"
    EVIDENCE_FOR_PROSECUTOR = "evidence_for_prosecutor", "Evidence and information for the prosecutor (MG6)"
    CHARGES = "charges", "Charges (MG4)"
    WITNESS_STATEMENTS = "witness_statements", "Witness statements (MG11)"
    EXHIBITS = "exhibits", "Exhibits (MG12)"
    PREVIOUS_CONVICTIONS = "previous_convictions", "Previous convictions"
    VICTIM_PERSONAL_STATEMENT = "victim_personal_statement", "Victim personal statement"
    COMPENSATION = "compensation", "Compensation (MG19)"
    OFFENCES_TAKEN_INTO_CONSIDERATION = "tics", "Offences taken into consideration (MG18)"
    STREAMLINED_DISCLOSURE = "streamlined_disclosure", "Streamlined disclosure certificate"
    UNUSED_NON_SENSITIVE = "unused_non_sensitive", "Non-sensitive unused material (MG6C)"
    UNUSED_SENSITIVE = "unused_sensitive", "Sensitive unused material and disclosure officer's report (MG6D and MG6E)"
    REMAND_APPLICATION = "remand_application", "Remand application (MG7)"
    CPS_DETAILS = "cps_details", "Defendant and court details for the CPS"


class FieldType(models.TextChoices):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"
    MONEY = "money"


@dataclass(frozen=True)
class SectionField:
    name: str
    label: str
    type: str = FieldType.TEXT
    hint: str = ""
    choices: tuple = ()
    max_length: int = 20000


@dataclass(frozen=True)
class Section:
    kind: str
    # Not disclosable to the defence (ND): kept out of the bundle's disclosable part.
    disclosable: bool = True
    # Repeatable sections hold several items (one per witness statement or exhibit).
    repeatable: bool = False
    fields: tuple = field(default_factory=tuple)
    # Questions whose answer is nearly always the same ({field: answer}): the page offers
    # one button that gives that answer to those not yet answered, which the officer
    # then reads and changes where it is wrong (one click instead of one per question).
    usual_answers: tuple = ()

    @property
    def title(self):
        return SectionKind(self.kind).label

    def field(self, name):
        return next(f for f in self.fields if f.name == name)


INTERVIEW_TYPES = (
    ("full_account", "Gave an account"),
    ("no_comment", "No comment"),
    ("prepared_statement", "Prepared statement"),
    ("not_interviewed", "Not interviewed"),
)

# Why the questions asked only for the CPS's Digital Case File (DCF) are asked.
FOR_THE_DCF = "The CPS Digital Case File needs it for a first hearing"

TESTS_APPLIED = (
    ("full_code_test", "Full Code Test"),
    ("threshold_test", "Threshold Test"),
)
# The DCF's codes (schema 1.2.2), in the police's words.
CONDITIONAL_CAUTION_NOT_SUITABLE = (
    ("offence_not_one_in_dpps_guidance_for_conditional_caution",
     "The offence is not one the DPP's guidance allows a conditional caution for"),
    ("offence_not_admitted", "The offence is not admitted"),
    ("partial_defence_raised", "A partial defence was raised"),
    ("offence_whilst_on_bail", "The offence was committed on bail"),
    ("liable_for_resentence_of_an_earlier_offence", "Liable to be resentenced for an earlier offence"),
    ("liable_for_prison_recall", "Liable to recall to prison"),
    ("defendants_response_on_arrest_cooperation", "The defendant's response on arrest"),
    ("reoffending_risk_offending_history", "Risk of reoffending: offending history"),
    ("reoffending_risk_response_to_sentence_bail", "Risk of reoffending: response to sentence or bail"),
    ("reoffending_risk_not_reduced_by_conditions", "Risk of reoffending not reduced by conditions"),
    ("conditional_caution_not_considered", "A conditional caution was not considered"),
)
COURT_ORDERS = (
    ("no_orders_required", "No orders applied for"),
    ("compensation_order", "Compensation order"),
    ("costs", "Costs"),
    ("criminal_behaviour_order", "Criminal behaviour order"),
    ("restraining_order", "Restraining order"),
    ("exclusion_order_licenced_premises", "Exclusion order (licensed premises)"),
    ("football_banning_order", "Football banning order"),
    ("forfeiture_and_destruction_of_property", "Forfeiture and destruction of property"),
    ("forfeiture_and_destruction_of_drugs_order", "Forfeiture and destruction of drugs"),
    ("forfeiture_and_destruction_of_weapon_order", "Forfeiture and destruction of a weapon"),
    ("restitution_order", "Restitution order"),
    ("obligatory_driving_disqualification", "Obligatory driving disqualification"),
    ("discretionary_driving_disqualification", "Discretionary driving disqualification"),
    ("notification_requirements_sex_offender_register", "Sex offender notification"),
    ("other", "Another order"),
)
BREACHED_ORDERS = (
    ("criminal_behaviour_order", "Criminal behaviour order"),
    ("restraining_order", "Restraining order"),
    ("breach_of_non_molestation_order", "Non-molestation order"),
    ("antisocial_behaviour_order", "Anti-social behaviour order"),
    ("football_banning_order", "Football banning order"),
    ("sexual_risk_order", "Sexual risk order"),
    ("domestic_violence_protection_order", "Domestic violence protection order"),
    ("exclusion_order_licenced_premesis", "Exclusion order (licensed premises)"),
    ("other", "Another order"),
)
# The kinds of statement witness of the DCF (schema 1.2.2, FirstHearingStatementWitness
# ``witness_type``), in the police's words.
WITNESS_TYPES = (
    ("eye", "Eyewitness"),
    ("identity", "Identification witness"),
    ("arresting_officer", "Arresting officer"),
    ("interviewing_officer", "Interviewing officer"),
    ("child", "Child witness"),
    ("corroborative", "Corroborating witness"),
    ("continuity", "Continuity witness (exhibits and samples)"),
    ("interpreter", "Interpreter"),
    ("police", "Police witness"),
    ("professional", "Professional witness"),
    ("special", "Special witness"),
    ("prisoner", "Prisoner"),
    ("other", "Another kind of witness"),
)
PROPERTY_OUTCOMES = (
    ("stolen_not_recovered", "Stolen, not recovered"),
    ("stolen_recovered", "Stolen and recovered"),
    ("stolen_recovered_damaged", "Stolen and recovered damaged"),
    ("damaged", "Damaged"),
)


def _dcf_hint(text=""):
    return f"{text}. {FOR_THE_DCF}" if text else FOR_THE_DCF


SECTIONS = {
    section.kind: section
    for section in [
        Section(SectionKind.CHARGING_REPORT, disclosable=False, fields=(
            SectionField("evidence_summary", "Summary of the evidence", FieldType.LONG_TEXT,
                         "Each element of each offence, and the evidence of identity"),
            SectionField("decision_sought", "Decision you are asking for", FieldType.LONG_TEXT,
                         "The charges you propose, or the advice you need"),
            SectionField("lines_of_enquiry", "Reasonable lines of enquiry", FieldType.LONG_TEXT,
                         "Including any that point away from the suspect"),
        )),
        Section(SectionKind.CASE_SUMMARY, fields=(
            SectionField("summary", "Summary of the key evidence", FieldType.LONG_TEXT,
                         "A balanced account: what happened, and what proves each element"),
            SectionField("interview_type", "Interview", FieldType.CHOICE, choices=INTERVIEW_TYPES),
            SectionField("interview_summary", "Summary of the interview", FieldType.LONG_TEXT,
                         "The suspect's account in your words, not a transcript"),
            SectionField("questions_asked", "Questions put to the suspect", FieldType.LONG_TEXT,
                         "The relevant questions asked in a no comment interview"),
            SectionField("interview_date", "Date of the interview", FieldType.DATE, _dcf_hint()),
            SectionField("legally_represented", "The suspect had a solicitor in interview",
                         FieldType.YES_NO, _dcf_hint()),
            SectionField("solicitor_name", "Solicitor's name", hint=_dcf_hint(), max_length=200),
            SectionField("solicitor_firm", "Solicitor's firm", hint=_dcf_hint(), max_length=200),
            SectionField("special_warnings_given", "Special warnings were given (sections 36 and 37)",
                         FieldType.YES_NO, _dcf_hint("Criminal Justice and Public Order Act 1994")),
            SectionField("hearsay_details", "Hearsay evidence", FieldType.LONG_TEXT),
            SectionField("special_measures", "Special measures needed by witnesses", FieldType.LONG_TEXT),
        )),
        Section(SectionKind.EVIDENCE_FOR_PROSECUTOR, disclosable=False, fields=(
            SectionField("charge_rationale", "Why the police charged (charge rationale)", FieldType.LONG_TEXT),
            SectionField("outstanding_evidence", "Evidence still to come", FieldType.LONG_TEXT,
                         "One item a line, for example CCTV from the bus company"),
            SectionField("outstanding_evidence_target_date", "Target date for the evidence still to come", FieldType.DATE),
            SectionField("safeguarding_assessment", "Safeguarding assessment (domestic abuse)", FieldType.LONG_TEXT,
                         "The risk assessment outcome and the safeguarding in place"),
            SectionField("witness_intimidation", "Risk of witness intimidation", FieldType.LONG_TEXT,
                         "For the prison service, when the suspect is kept in custody"),
            SectionField("other_information", "Other information for the prosecutor", FieldType.LONG_TEXT),
        )),
        Section(SectionKind.CHARGES, fields=(
            SectionField("charge_date", "Date charged", FieldType.DATE),
            SectionField("reply_to_charge", "Reply to charge", FieldType.LONG_TEXT,
                         "Exactly what the suspect said, or 'No reply'"),
            SectionField("bail_conditions", "Bail conditions", FieldType.LONG_TEXT),
            SectionField("first_hearing_date", "First hearing date", FieldType.DATE),
            SectionField("court", "Court", FieldType.TEXT, "For example, Chelmsford Magistrates' Court",
                         max_length=200),
        )),
        Section(SectionKind.WITNESS_STATEMENTS, repeatable=True, fields=(
            SectionField("witness_name", "Witness's name", max_length=200),
            SectionField("statement_date", "Date of statement", FieldType.DATE),
            SectionField("statement", "Statement", FieldType.LONG_TEXT),
            SectionField("declaration", "The witness signed the MG11 declaration", FieldType.YES_NO,
                         "This statement is true to the best of my knowledge and belief, and "
                         "I make it knowing that, if it is tendered in evidence, I shall be "
                         "liable to prosecution if I have wilfully stated anything which I "
                         "know to be false, or do not believe to be true."),
            SectionField("witness_under_18", "Witness under 18", FieldType.YES_NO),
            # Asked only for the CPS's Digital Case File; what the witness can give
            # evidence of is the statement itself.
            SectionField("witness_type", "Type of witness", FieldType.CHOICE, _dcf_hint(),
                         choices=WITNESS_TYPES),
            SectionField("involvement", "How the witness is involved",
                         hint=_dcf_hint("For example, the store detective who stopped the "
                                        "suspect"), max_length=500),
            SectionField("visually_recorded_interview",
                         "The witness gave a visually recorded interview (ABE)",
                         FieldType.YES_NO, _dcf_hint()),
        )),
        Section(SectionKind.EXHIBITS, repeatable=True, fields=(
            SectionField("reference", "Exhibit reference", FieldType.TEXT, "For example, SC/1", max_length=30),
            SectionField("description", "Description", FieldType.TEXT, "For example, CCTV still of the store entrance",
                         max_length=500),
            SectionField("produced_by", "Produced by", FieldType.TEXT, max_length=200),
        )),
        Section(SectionKind.PREVIOUS_CONVICTIONS, fields=(
            SectionField("pnc_check_performed", "PNC checked", FieldType.YES_NO),
            SectionField("pnc_convictions", "Previous convictions and cautions", FieldType.LONG_TEXT,
                         "As on the PNC print, or 'None'"),
            SectionField("bail_history", "Bail history", FieldType.LONG_TEXT),
        )),
        Section(SectionKind.VICTIM_PERSONAL_STATEMENT, fields=(
            SectionField("vps_offered", "The victim was offered a victim personal statement", FieldType.YES_NO),
            SectionField("vps_made", "The victim made a victim personal statement", FieldType.YES_NO),
            SectionField("victim_wish_to_attend_court", "The victim wishes to read it in court", FieldType.YES_NO),
        )),
        Section(SectionKind.COMPENSATION, fields=(
            SectionField("amount", "Amount claimed (£)", FieldType.MONEY),
            SectionField("details", "What the loss or damage was", FieldType.LONG_TEXT),
        )),
        Section(SectionKind.OFFENCES_TAKEN_INTO_CONSIDERATION, fields=(
            SectionField("offences", "Offences the suspect asks to be taken into consideration",
                         FieldType.LONG_TEXT, "One offence a line, with date and place"),
        )),
        Section(SectionKind.STREAMLINED_DISCLOSURE, fields=(
            SectionField("material", "Unused material that might reasonably assist the defence or undermine the prosecution",
                         FieldType.LONG_TEXT, "Or 'None'"),
            SectionField("certified", "I certify that I have complied with the disclosure duty", FieldType.YES_NO),
        )),
        Section(SectionKind.UNUSED_NON_SENSITIVE, fields=(
            SectionField("schedule", "Non-sensitive unused material", FieldType.LONG_TEXT,
                         "One item a line, described so the prosecutor can judge it"),
        )),
        Section(SectionKind.UNUSED_SENSITIVE, disclosable=False, fields=(
            SectionField("schedule", "Sensitive unused material", FieldType.LONG_TEXT),
            SectionField("disclosure_officer_report", "Material that undermines the prosecution or assists the defence",
                         FieldType.LONG_TEXT),
        )),
        Section(SectionKind.REMAND_APPLICATION, fields=(
            SectionField("grounds", "Grounds for objecting to bail", FieldType.LONG_TEXT,
                         "For example, fail to surrender, commit further offences, interfere with witnesses"),
            SectionField("reasons", "Reasons, with the evidence for them", FieldType.LONG_TEXT),
            SectionField("conditions_considered", "Why bail conditions would not be enough", FieldType.LONG_TEXT),
        )),
        # Answers only the CPS's Digital Case File asks for, at a first hearing. The
        # defendant's answers are those of the first suspect.
        Section(SectionKind.CPS_DETAILS, disclosable=False, fields=(
            SectionField("occupation", "Defendant's occupation", hint=_dcf_hint(
                "As the defendant gave it, or 'Unemployed' or 'Not known'"), max_length=200),
            SectionField("foreign_national_offender", "The defendant is a foreign national",
                         FieldType.YES_NO, _dcf_hint()),
            SectionField("has_eec_passports", "The defendant holds a passport of a European country",
                         FieldType.YES_NO, _dcf_hint("An EEA or Swiss passport")),
            SectionField("eec_check_submitted", "A check of convictions abroad (ECRIS) was requested",
                         FieldType.YES_NO, _dcf_hint()),
            SectionField("interpreter_required", "The defendant needs an interpreter at court",
                         FieldType.YES_NO, _dcf_hint()),
            SectionField("interpreter_language", "Language or dialect", hint=_dcf_hint(),
                         max_length=100),
            SectionField("dealt_with_in_welsh", "The defendant asks for the case to be heard in Welsh",
                         FieldType.YES_NO, _dcf_hint()),
            SectionField("breach_of_order", "The offence breaches a court order",
                         FieldType.YES_NO, _dcf_hint()),
            SectionField("breach_order_title", "Order breached", FieldType.CHOICE, _dcf_hint(),
                         choices=BREACHED_ORDERS),
            SectionField("breach_order_title_other", "Which order", hint=_dcf_hint(),
                         max_length=200),
            SectionField("breach_order_date_issued", "Date the order was made", FieldType.DATE,
                         _dcf_hint()),
            SectionField("breach_order_lapse_date", "Date the order ends", FieldType.DATE,
                         _dcf_hint()),
            SectionField("breach_order_court_unit", "Court that made the order (CJS organisation unit)",
                         hint=_dcf_hint("Four parts separated by commas, as on the court list: "
                                        "for example Magistrates' Courts, Essex, Chelmsford, A"),
                         max_length=300),
            SectionField("cc_not_suitable_reason", "Why a conditional caution is not suitable",
                         FieldType.CHOICE, _dcf_hint(), choices=CONDITIONAL_CAUTION_NOT_SUITABLE),
            SectionField("court_order_application", "Order the prosecutor is asked to apply for",
                         FieldType.CHOICE, _dcf_hint("Choose 'No orders applied for' if none"),
                         choices=COURT_ORDERS),
            SectionField("court_order_title_other", "Which order", hint=_dcf_hint(), max_length=200),
            SectionField("given_charges", "The defendant was given a copy of the charges",
                         FieldType.YES_NO, _dcf_hint()),
            SectionField("signed_charge_sheet", "The defendant signed the charge sheet",
                         FieldType.YES_NO, _dcf_hint()),
            SectionField("requisition_sent_on", "Date the postal requisition was sent",
                         FieldType.DATE, _dcf_hint()),
            SectionField("signed_for_bail", "The defendant signed for bail", FieldType.YES_NO,
                         _dcf_hint()),
            SectionField("court_unit", "First hearing court (CJS organisation unit)",
                         hint=_dcf_hint("Four parts separated by commas, as on the court list: "
                                        "for example Magistrates' Courts, Essex, Chelmsford, A"),
                         max_length=300),
            SectionField("property", "Property stolen or damaged", FieldType.LONG_TEXT,
                         _dcf_hint("One item a line, for example 2 bottles of gin, £40")),
            SectionField("property_outcome", "What happened to the property", FieldType.CHOICE,
                         _dcf_hint(), choices=PROPERTY_OUTCOMES),
            SectionField("property_recovered_from", "Where or from whom it was recovered",
                         hint=_dcf_hint(), max_length=500),
            SectionField("property_damage", "The damage done", FieldType.LONG_TEXT, _dcf_hint()),
            SectionField("property_damage_cost", "Cost of the damage (£)", FieldType.MONEY,
                         _dcf_hint()),
            SectionField("test_code", "Charging test applied", FieldType.CHOICE, _dcf_hint(),
                         choices=TESTS_APPLIED),
            SectionField("pca_cps", "The CPS gave pre-charge advice", FieldType.YES_NO,
                         _dcf_hint()),
            SectionField("expert_evidence", "The case relies on expert evidence",
                         FieldType.YES_NO, _dcf_hint()),
        ), usual_answers=tuple((name, "no") for name in (
            "foreign_national_offender", "has_eec_passports", "interpreter_required",
            "dealt_with_in_welsh", "breach_of_order", "pca_cps", "expert_evidence"))),
    ]
}


def section(kind):
    return SECTIONS[SectionKind(kind).value]
