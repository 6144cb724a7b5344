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
    REQUISITION = "requisition", "Written charge and requisition"
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
    CPS_DETAILS = "cps_details", "Case details for the CPS"


class FieldType(models.TextChoices):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"
    MONEY = "money"
    TIME = "time"  # a time of day, 24-hour: 14:30
    FULL_NAME = "full_name"  # a person's first name and surname
    COURT = "court"  # a court, stored as its CJS organisation unit (athena.courts)
    NUMBER = "number"  # a number of at most one decimal place: 2.5


@dataclass(frozen=True)
class SectionField:
    name: str
    label: str
    type: str = FieldType.TEXT
    hint: str = ""
    choices: tuple = ()
    max_length: int = 20000
    # The error message when a rule requires the answer and it is blank, written for this
    # question in the GOV.UK style: "Enter the date charged", "Select yes if ...".
    missing: str = ""


@dataclass(frozen=True)
class Section:
    """A section of the file: one form (or, repeatable, one form per statement or
    exhibit) whose answers the rules ask for."""

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
# ``witness_type``), in the police's words. A victim's kinds are fewer (``Victim``).
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
VICTIM_WITNESS_TYPES = frozenset(
    ("eye", "identity", "arresting_officer", "child", "police", "prisoner", "other"))
WITNESS_ROLES = (
    ("victim", "The victim"),
    ("witness", "A witness"),
)
# Whether a victim who made a personal statement wishes to read it in court (DCF
# ``victim_wish_to_attend_court``).
VPS_READING = (
    ("yes_victim_to_read", "Yes, and the victim will read it"),
    ("yes_cps_to_read", "Yes, and the prosecutor will read it"),
    ("no_cps_to_read", "No, the prosecutor will read it"),
    ("no_cps_to_disclose_and_not_to_read", "No, it is to be given to the court but not read out"),
)
PROPERTY_OUTCOMES = (
    ("stolen_not_recovered", "Stolen, not recovered"),
    ("stolen_recovered", "Stolen and recovered"),
    ("stolen_recovered_damaged", "Stolen and recovered damaged"),
    ("damaged", "Damaged"),
)

# How a first hearing is fixed: the date, the time and the court. Asked on the charge
# (MG4) or on the written charge and requisition, whichever the case began by.
FIRST_HEARING_FIELDS = (
    SectionField("first_hearing_date", "First hearing date", FieldType.DATE,
                 missing="Enter the date of the first hearing"),
    SectionField("first_hearing_time", "First hearing time", FieldType.TIME,
                 "24-hour clock, for example 10:00",
                 missing="Enter the time of the first hearing"),
    SectionField("court", "Court", FieldType.COURT, missing="Choose the court"),
)


SECTIONS = {
    section.kind: section
    for section in [
        Section(SectionKind.CHARGING_REPORT, disclosable=False, fields=(
            SectionField("evidence_summary", "Summary of the evidence", FieldType.LONG_TEXT,
                         "Each element of each offence, and the evidence of identity",
                         missing="Enter a summary of the evidence"),
            SectionField("decision_sought", "Decision you are asking for", FieldType.LONG_TEXT,
                         "The charges you propose, or the advice you need",
                         missing="Enter the decision you are asking the prosecutor for"),
            SectionField("lines_of_enquiry", "Reasonable lines of enquiry", FieldType.LONG_TEXT,
                         "Including any that point away from the suspect",
                         missing="Enter the reasonable lines of enquiry"),
        )),
        Section(SectionKind.CASE_SUMMARY, fields=(
            SectionField("summary", "Summary of the key evidence", FieldType.LONG_TEXT,
                         "A balanced account: what happened, and what proves each element",
                         missing="Enter a summary of the key evidence"),
            SectionField("interview_type", "Interview", FieldType.CHOICE, choices=INTERVIEW_TYPES,
                         missing="Select how the suspect was interviewed, or that they were not"),
            SectionField("interview_summary", "Summary of the interview", FieldType.LONG_TEXT,
                         "The suspect's account in your words, not a transcript",
                         missing="Enter a summary of the interview"),
            SectionField("questions_asked", "Questions put to the suspect", FieldType.LONG_TEXT,
                         "The relevant questions asked in a no comment interview",
                         missing="Enter the questions put to the suspect"),
            SectionField("not_interviewed_reason", "Why the suspect was not interviewed",
                         FieldType.LONG_TEXT, "For example, admitted the offence on arrest and "
                         "was dealt with on the evidence of the CCTV", max_length=2000,
                         missing="Enter why the suspect was not interviewed"),
            SectionField("interview_date", "Date of the interview", FieldType.DATE,
                         missing="Enter the date of the interview"),
            SectionField("legally_represented", "Did the suspect have a solicitor in interview?",
                         FieldType.YES_NO,
                         missing="Select yes if the suspect had a solicitor in interview"),
            SectionField("solicitor_name", "Solicitor's name", FieldType.FULL_NAME,
                         "First name and surname", max_length=200,
                         missing="Enter the solicitor's name"),
            SectionField("solicitor_firm", "Solicitor's firm", max_length=200,
                         missing="Enter the solicitor's firm"),
            SectionField("special_warnings_given", "Were special warnings given?",
                         FieldType.YES_NO, "Sections 36 and 37 of the Criminal Justice and "
                         "Public Order Act 1994",
                         missing="Select yes if special warnings were given"),
            SectionField("hearsay_details", "Hearsay evidence", FieldType.LONG_TEXT,
                         missing="Enter the hearsay evidence the prosecution relies on"),
            SectionField("special_measures", "Special measures needed by witnesses",
                         FieldType.LONG_TEXT,
                         missing="Enter the special measures witnesses need"),
        )),
        Section(SectionKind.EVIDENCE_FOR_PROSECUTOR, disclosable=False, fields=(
            SectionField("charge_rationale", "Why the police charged (charge rationale)",
                         FieldType.LONG_TEXT, missing="Enter why the police charged"),
            SectionField("outstanding_evidence", "Evidence still to come", FieldType.LONG_TEXT,
                         "One item a line, for example CCTV from the bus company",
                         missing="Enter the evidence still to come"),
            SectionField("outstanding_evidence_target_date",
                         "Target date for the evidence still to come", FieldType.DATE,
                         missing="Enter the target date for the evidence still to come"),
            SectionField("safeguarding_assessment", "Safeguarding assessment (domestic abuse)",
                         FieldType.LONG_TEXT,
                         "The risk assessment outcome and the safeguarding in place",
                         missing="Enter the outcome of the risk assessment and the "
                                 "safeguarding in place"),
            SectionField("witness_intimidation", "Risk of witness intimidation",
                         FieldType.LONG_TEXT,
                         "For the prison service, when the suspect is kept in custody",
                         missing="Enter the risk of witness intimidation, or 'None known'"),
            SectionField("other_information", "Other information for the prosecutor",
                         FieldType.LONG_TEXT),
        )),
        Section(SectionKind.CHARGES, fields=(
            SectionField("charge_date", "Date charged", FieldType.DATE,
                         missing="Enter the date the suspect was charged"),
            SectionField("reply_to_charge", "Reply to charge", FieldType.LONG_TEXT,
                         "Exactly what the suspect said, or 'No reply'",
                         missing="Enter the reply to charge, or 'No reply'"),
            SectionField("bail_conditions", "Bail conditions", FieldType.LONG_TEXT,
                         "One condition a line, as on the bail notice",
                         missing="Enter the bail conditions"),
            *FIRST_HEARING_FIELDS,
        )),
        Section(SectionKind.REQUISITION, fields=(
            SectionField("requisition_date", "Date the written charge was issued",
                         FieldType.DATE, "The date on the written charge and requisition",
                         missing="Enter the date the written charge was issued"),
            SectionField("requisition_sent_on", "Date it was posted", FieldType.DATE,
                         "The date the written charge and requisition were sent to the "
                         "defendant",
                         missing="Enter the date the written charge and requisition were "
                                 "posted"),
            *FIRST_HEARING_FIELDS,
        )),
        Section(SectionKind.WITNESS_STATEMENTS, repeatable=True, fields=(
            SectionField("witness_name", "Witness's name", FieldType.FULL_NAME,
                         "First name and surname", max_length=200,
                         missing="Enter the witness's name"),
            SectionField("witness_role", "Whose statement is it?", FieldType.CHOICE,
                         choices=WITNESS_ROLES,
                         missing="Select whether this is the victim's statement or a "
                                 "witness's"),
            SectionField("statement_date", "Date of statement", FieldType.DATE,
                         missing="Enter the date of the statement"),
            SectionField("statement", "Statement", FieldType.LONG_TEXT,
                         missing="Enter the statement"),
            SectionField("declaration", "Did the witness sign the MG11 declaration?",
                         FieldType.YES_NO,
                         "This statement is true to the best of my knowledge and belief, and "
                         "I make it knowing that, if it is tendered in evidence, I shall be "
                         "liable to prosecution if I have wilfully stated anything which I "
                         "know to be false, or do not believe to be true.",
                         missing="Select yes if the witness signed the declaration"),
            SectionField("witness_under_18", "Is the witness under 18?", FieldType.YES_NO,
                         missing="Select yes if the witness is under 18"),
            # What the witness can give evidence of is the statement itself.
            SectionField("witness_type", "Type of witness", FieldType.CHOICE,
                         choices=WITNESS_TYPES, missing="Select the type of witness"),
            SectionField("involvement", "How the witness is involved",
                         hint="For example, the store detective who stopped the suspect",
                         max_length=500, missing="Enter how the witness is involved"),
            SectionField("visually_recorded_interview",
                         "Did the witness give a visually recorded interview (ABE)?",
                         FieldType.YES_NO,
                         missing="Select yes if the witness gave a visually recorded "
                                 "interview"),
            SectionField("retraction", "Is this a retraction statement?", FieldType.YES_NO,
                         "A statement in which the victim withdraws support for the "
                         "prosecution", missing="Select yes if this is a retraction statement"),
        )),
        Section(SectionKind.EXHIBITS, repeatable=True, fields=(
            SectionField("reference", "Exhibit reference", FieldType.TEXT, "For example, SC/1",
                         max_length=30, missing="Enter the exhibit reference"),
            SectionField("description", "Description", FieldType.TEXT,
                         "For example, CCTV still of the store entrance", max_length=500,
                         missing="Enter a description of the exhibit"),
            SectionField("produced_by", "Produced by", FieldType.TEXT, max_length=200,
                         missing="Enter the name of the person who produced the exhibit"),
        )),
        Section(SectionKind.PREVIOUS_CONVICTIONS, fields=(
            SectionField("pnc_check_performed", "Was the PNC checked?", FieldType.YES_NO,
                         missing="Select yes if the PNC was checked"),
            SectionField("pnc_convictions", "Previous convictions and cautions",
                         FieldType.LONG_TEXT, "As on the PNC print, or 'None'",
                         missing="Enter the previous convictions and cautions, or 'None'"),
            SectionField("bail_history", "Bail history", FieldType.LONG_TEXT,
                         missing="Enter the suspect's bail history"),
        )),
        Section(SectionKind.VICTIM_PERSONAL_STATEMENT, fields=(
            SectionField("victims_code_met", "Was the victim given what the Victims' Code "
                         "entitles them to?", FieldType.YES_NO,
                         "The written information about the Code, a needs assessment and "
                         "the offer of referral to support services",
                         missing="Select yes if the victim was given what the Victims' Code "
                                 "entitles them to"),
            SectionField("vps_offered", "Was the victim offered a victim personal statement?",
                         FieldType.YES_NO,
                         missing="Select yes if the victim was offered a victim personal "
                                 "statement"),
            SectionField("vps_made", "Did the victim make a victim personal statement?",
                         FieldType.YES_NO,
                         missing="Select yes if the victim made a victim personal statement"),
            SectionField("victim_wish_to_attend_court", "Does the victim wish to read it in "
                         "court?", FieldType.CHOICE, choices=VPS_READING,
                         missing="Select whether the victim wishes to read the statement in "
                                 "court"),
        )),
        Section(SectionKind.COMPENSATION, fields=(
            SectionField("amount", "Amount claimed (£)", FieldType.MONEY,
                         missing="Enter the amount claimed"),
            SectionField("details", "What the loss or damage was", FieldType.LONG_TEXT,
                         missing="Enter what the loss or damage was"),
        )),
        Section(SectionKind.OFFENCES_TAKEN_INTO_CONSIDERATION, fields=(
            SectionField("offences", "Offences the suspect asks to be taken into consideration",
                         FieldType.LONG_TEXT, "One offence a line, with date and place",
                         missing="Enter the offences to be taken into consideration"),
        )),
        Section(SectionKind.STREAMLINED_DISCLOSURE, fields=(
            SectionField("material", "Unused material that might reasonably assist the "
                         "defence or undermine the prosecution", FieldType.LONG_TEXT,
                         "Or 'None'", missing="Enter the unused material, or 'None'"),
            SectionField("certified", "Do you certify that you have complied with the "
                         "disclosure duty?", FieldType.YES_NO,
                         missing="Select yes if you certify that you have complied with the "
                                 "disclosure duty"),
        )),
        Section(SectionKind.UNUSED_NON_SENSITIVE, fields=(
            SectionField("schedule", "Non-sensitive unused material", FieldType.LONG_TEXT,
                         "One item a line, described so the prosecutor can judge it",
                         missing="Enter the non-sensitive unused material, or 'None'"),
        )),
        Section(SectionKind.UNUSED_SENSITIVE, disclosable=False, fields=(
            SectionField("schedule", "Sensitive unused material", FieldType.LONG_TEXT,
                         missing="Enter the sensitive unused material, or 'None'"),
            SectionField("disclosure_officer_report", "Material that undermines the "
                         "prosecution or assists the defence", FieldType.LONG_TEXT,
                         missing="Enter the material that undermines the prosecution or "
                                 "assists the defence, or 'None'"),
        )),
        Section(SectionKind.REMAND_APPLICATION, fields=(
            SectionField("grounds", "Grounds for objecting to bail", FieldType.LONG_TEXT,
                         "For example, fail to surrender, commit further offences, interfere "
                         "with witnesses", missing="Enter the grounds for objecting to bail"),
            SectionField("reasons", "Reasons, with the evidence for them", FieldType.LONG_TEXT,
                         missing="Enter the reasons for each ground, with the evidence"),
            SectionField("conditions_considered", "Why bail conditions would not be enough",
                         FieldType.LONG_TEXT,
                         missing="Enter why bail conditions would not be enough"),
        )),
        # The case's answers that only the CPS's Digital Case File asks for, at a first
        # hearing. Each defendant's own answers are asked on the defendant's page (PARTS).
        Section(SectionKind.CPS_DETAILS, disclosable=False, fields=(
            SectionField("property", "Property stolen or damaged", FieldType.LONG_TEXT,
                         "One item a line, for example 2 bottles of gin, £40",
                         missing="Enter the property stolen or damaged"),
            SectionField("property_outcome", "What happened to the property", FieldType.CHOICE,
                         choices=PROPERTY_OUTCOMES,
                         missing="Select what happened to the property"),
            SectionField("property_recovered_from", "Where or from whom it was recovered",
                         max_length=500,
                         missing="Enter where or from whom the property was recovered"),
            SectionField("property_damage", "The damage done", FieldType.LONG_TEXT,
                         missing="Enter the damage done to the property"),
            SectionField("property_damage_cost", "Cost of the damage (£)", FieldType.MONEY,
                         missing="Enter the cost of the damage"),
            SectionField("test_code", "Which charging test was applied?", FieldType.CHOICE,
                         choices=TESTS_APPLIED,
                         missing="Select the charging test that was applied"),
            SectionField("pca_cps", "Did the CPS give pre-charge advice?", FieldType.YES_NO,
                         missing="Select yes if the CPS gave pre-charge advice"),
            SectionField("expert_evidence", "Does the case rely on expert evidence?",
                         FieldType.YES_NO,
                         missing="Select yes if the case relies on expert evidence"),
        ), usual_answers=tuple((name, "no") for name in ("pca_cps", "expert_evidence"))),
    ]
}


def section(kind):
    return SECTIONS[SectionKind(kind).value]


# --- Parts: what is asked of each defendant and each offence ---------------------------

class PartKind(models.TextChoices):
    """The parts of a file with one set of answers each, asked on their own page rather
    than in a section: each defendant, and each offence charged."""

    DEFENDANT = "defendant", "Defendant"
    OFFENCE = "offence", "Offence"


@dataclass(frozen=True)
class Part:
    kind: str
    fields: tuple = field(default_factory=tuple)
    usual_answers: tuple = ()

    def field(self, name):
        return next(f for f in self.fields if f.name == name)


PARTS = {
    PartKind.DEFENDANT.value: Part(PartKind.DEFENDANT, fields=(
        SectionField("arrest_date", "Date of arrest", FieldType.DATE,
                     missing="Enter the date of arrest"),
        SectionField("arrest_time", "Time of arrest", FieldType.TIME,
                     "24-hour clock, for example 14:30", missing="Enter the time of arrest"),
        SectionField("occupation", "Occupation", hint="As the defendant gave it, or "
                     "'Unemployed' or 'Not known'", max_length=200,
                     missing="Enter the defendant's occupation, or 'Not known'"),
        SectionField("foreign_national_offender", "Is the defendant a foreign national?",
                     FieldType.YES_NO,
                     missing="Select yes if the defendant is a foreign national"),
        SectionField("has_eec_passports", "Does the defendant hold a passport of a European "
                     "country?", FieldType.YES_NO, "An EEA or Swiss passport",
                     missing="Select yes if the defendant holds a passport of a European "
                             "country"),
        SectionField("eec_check_submitted", "Was a check of convictions abroad (ECRIS) "
                     "requested?", FieldType.YES_NO,
                     missing="Select yes if a check of convictions abroad was requested"),
        SectionField("interpreter_required", "Does the defendant need an interpreter at "
                     "court?", FieldType.YES_NO,
                     missing="Select yes if the defendant needs an interpreter at court"),
        SectionField("interpreter_language", "Language or dialect", max_length=100,
                     missing="Enter the language or dialect the interpreter must speak"),
        SectionField("dealt_with_in_welsh", "Has the defendant asked for the case to be "
                     "heard in Welsh?", FieldType.YES_NO,
                     missing="Select yes if the defendant asked for the case to be heard in "
                             "Welsh"),
        SectionField("breach_of_order", "Does the offence breach a court order?",
                     FieldType.YES_NO,
                     missing="Select yes if the offence breaches a court order"),
        SectionField("breach_order_title", "Order breached", FieldType.CHOICE,
                     choices=BREACHED_ORDERS, missing="Select the order breached"),
        SectionField("breach_order_title_other", "Which order", max_length=200,
                     missing="Enter the order breached"),
        SectionField("breach_order_date_issued", "Date the order was made", FieldType.DATE,
                     missing="Enter the date the order was made"),
        SectionField("breach_order_lapse_date", "Date the order ends", FieldType.DATE,
                     missing="Enter the date the order ends"),
        SectionField("breach_order_court_unit", "Court that made the order", FieldType.COURT,
                     missing="Choose the court that made the order"),
        SectionField("cc_not_suitable_reason", "Why is a conditional caution not suitable?",
                     FieldType.CHOICE, choices=CONDITIONAL_CAUTION_NOT_SUITABLE,
                     missing="Select why a conditional caution is not suitable"),
        SectionField("court_order_application", "Which order should the prosecutor apply "
                     "for?", FieldType.CHOICE, "Choose 'No orders applied for' if none",
                     choices=COURT_ORDERS,
                     missing="Select the order the prosecutor should apply for, or 'No "
                             "orders applied for'"),
        SectionField("court_order_title_other", "Which order", max_length=200,
                     missing="Enter the order the prosecutor should apply for"),
        SectionField("given_charges", "Was the defendant given a copy of the charges?",
                     FieldType.YES_NO,
                     missing="Select yes if the defendant was given a copy of the charges"),
        SectionField("signed_charge_sheet", "Did the defendant sign the charge sheet?",
                     FieldType.YES_NO,
                     missing="Select yes if the defendant signed the charge sheet"),
        SectionField("signed_for_bail", "Did the defendant sign for bail?", FieldType.YES_NO,
                     missing="Select yes if the defendant signed for bail"),
        SectionField("relationship_to_victim", "Relationship to the victim",
                     hint="For example, former partner", max_length=200,
                     missing="Enter the defendant's relationship to the victim"),
        SectionField("relationship_years", "Length of the relationship in years",
                     FieldType.NUMBER, "Whole or part years, for example 2.5",
                     missing="Enter the length of the relationship in years"),
    ), usual_answers=tuple((name, "no") for name in (
        "foreign_national_offender", "has_eec_passports", "interpreter_required",
        "dealt_with_in_welsh", "breach_of_order"))),
    PartKind.OFFENCE.value: Part(PartKind.OFFENCE, fields=(
        SectionField("anticipated_plea", "Anticipated plea", FieldType.CHOICE,
                     missing="Select the anticipated plea"),
        SectionField("offence_date", "Date of the offence", FieldType.DATE,
                     missing="Enter the date of the offence"),
        SectionField("wording", "Particulars", FieldType.LONG_TEXT, max_length=2000,
                     missing="Enter the particulars of the offence"),
        SectionField("points_to_prove", "How each point to prove is met", FieldType.LONG_TEXT,
                     "Each element of the offence and the evidence that proves it, for "
                     "example: appropriated – CCTV SC/1 shows him take the gin",
                     max_length=4000, missing="Enter how each point to prove is met"),
        SectionField("committed_on_bail", "Was this offence committed while the suspect was "
                     "on bail?", FieldType.YES_NO,
                     missing="Select yes if the offence was committed while the suspect was "
                             "on bail"),
        SectionField("demeanour_at_incident", "The defendant's demeanour at the incident",
                     FieldType.LONG_TEXT, "For example, shouting and aggressive",
                     max_length=2000,
                     missing="Enter the defendant's demeanour at the incident"),
        SectionField("children_present", "Were children present?", FieldType.YES_NO,
                     missing="Select yes if children were present"),
        SectionField("ages_of_children", "Ages of the children", hint="Separated by commas, "
                     "for example 4, 7", max_length=200,
                     missing="Enter the ages of the children present"),
    )),
}
