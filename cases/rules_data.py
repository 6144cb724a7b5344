"""The proportionate file rules, as data: who decides the charge, which sections and which
fields a case file needs, and why.

Each rule names a target (``CHARGING``, a section kind, or a ``(section kind, field name)``
pair), the level it sets (a ``Requirement`` value; for ``CHARGING``, a ``Decider`` value),
a condition, and the plain-English reason shown to the officer. ``cases.rules.evaluate``
applies them: for each target the strongest level among the rules that hold wins, and
the reasons of the rules that set it are kept.

A condition is a tuple: a predicate name from ``cases.rules.PREDICATES`` and its
parameters, or ``("not", c)``, ``("all", c, ...)``, ``("any", c, ...)``. Inside
``("any_offence", c)`` and ``("every_offence", c)`` the condition is about one offence
(``offence_mode_is``, ``offence_plea_is``, ``offence_in_group``, ``offence_code_is``).

Sources: DG6 Annex 1 for who charges, and the merged table of DOMAIN.md 1.4 for which
material at which stage. That table is marked [R] (put together from the 2011 Manual of
Guidance, the CPS guidance on the SDC and MG5, and fragments of DG6; Annex 5 itself was
not read): it is held here as data so that it can be corrected in one place.
"""

from dataclasses import dataclass

from athena.offences.models import ModeOfTrial
from cases.constants import (
    BailStatus,
    CaseBegins,
    Decider,
    Marker,
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


# DG6 Annex 1: the offences the police may charge.
SUMMARY_ONLY = ("offence_mode_is", ModeOfTrial.SUMMARY_ONLY)
RETAIL_THEFT = ("offence_in_group", "retail_theft")
EITHER_WAY_GUILTY_PLEA = ("all", ("offence_mode_is", ModeOfTrial.EITHER_WAY),
                          ("offence_plea_is", Plea.GUILTY))
# DG5/DG6: not suitable for magistrates' sentence when the loss is over £5,000 (an
# unknown loss does not count against it) or more than 12 months' custody is likely.
SUITABLE_FOR_MAGISTRATES_SENTENCE = ("all", ("loss_at_most", "5000"),
                                     ("not", ("custody_over_12_months_likely",)))
EVERY_OFFENCE_SUMMARY_ONLY = ("every_offence", SUMMARY_ONLY)
EVERY_OFFENCE_RETAIL_THEFT = ("every_offence", RETAIL_THEFT)
EVERY_OFFENCE_EITHER_WAY_GUILTY_PLEA = ("every_offence", EITHER_WAY_GUILTY_PLEA)


def any_offence_in(group):
    return ("any_offence", ("offence_in_group", group))


CHARGING_RULES = (
    Rule("charging.police.summary_only", CHARGING, POLICE, EVERY_OFFENCE_SUMMARY_ONLY,
         "The police may charge because every offence is summary only (DG6 Annex 1)"),
    Rule("charging.police.retail_theft", CHARGING, POLICE,
         ("all", EVERY_OFFENCE_RETAIL_THEFT, SUITABLE_FOR_MAGISTRATES_SENTENCE),
         "The police may charge because every offence is retail theft suitable for sentence "
         "in the magistrates' court, whatever the plea (DG6 Annex 1)"),
    Rule("charging.police.either_way_guilty_plea", CHARGING, POLICE,
         ("all", EVERY_OFFENCE_EITHER_WAY_GUILTY_PLEA, SUITABLE_FOR_MAGISTRATES_SENTENCE),
         "The police may charge because every offence is either way with an anticipated "
         "guilty plea and suitable for sentence in the magistrates' court (DG6 Annex 1)"),
    Rule("charging.police.mixed", CHARGING, POLICE,
         ("all",
          ("every_offence", ("any", SUMMARY_ONLY, RETAIL_THEFT, EITHER_WAY_GUILTY_PLEA)),
          SUITABLE_FOR_MAGISTRATES_SENTENCE,
          ("not", EVERY_OFFENCE_SUMMARY_ONLY),
          ("not", EVERY_OFFENCE_RETAIL_THEFT),
          ("not", EVERY_OFFENCE_EITHER_WAY_GUILTY_PLEA)),
         "The police may charge because every offence is one they may charge: summary "
         "only, retail theft, or either way with an anticipated guilty plea, and the case "
         "is suitable for sentence in the magistrates' court (DG6 Annex 1)"),
    # The CPS must decide whenever any of these holds; it overrides the police rules.
    Rule("charging.cps.indictable_only", CHARGING, CPS,
         ("any_offence", ("offence_mode_is", ModeOfTrial.INDICTABLE_ONLY)),
         "The CPS must decide because an offence is indictable only (DG6 Annex 1)"),
    Rule("charging.cps.domestic_abuse", CHARGING, CPS, ("marker", Marker.DOMESTIC_ABUSE),
         "The CPS must decide because the case is marked domestic abuse (DG6 Annex 1)"),
    Rule("charging.cps.hate_crime", CHARGING, CPS, ("marker", Marker.HATE_CRIME),
         "The CPS must decide because the case is marked hate crime (DG6 Annex 1)"),
    Rule("charging.cps.hate_crime_offence", CHARGING, CPS, any_offence_in("hate_crime"),
         "The CPS must decide because an offence is racially or religiously aggravated or "
         "stirs up hatred, so the case is a hate crime (DG6 Annex 1)"),
    Rule("charging.cps.death", CHARGING, CPS, any_offence_in("death"),
         "The CPS must decide because the case involves a death (DG6 Annex 1)"),
    Rule("charging.cps.terrorism_official_secrets", CHARGING, CPS,
         any_offence_in("terrorism_official_secrets"),
         "The CPS must decide because an offence is a terrorism or official secrets "
         "offence (DG6 Annex 1)"),
    Rule("charging.cps.harassment_stalking", CHARGING, CPS,
         any_offence_in("harassment_stalking"),
         "The CPS must decide because an offence is harassment or stalking (DG6 Annex 1)"),
    Rule("charging.cps.violent_disorder_affray", CHARGING, CPS,
         any_offence_in("violent_disorder_affray"),
         "The CPS must decide because an offence is violent disorder or affray "
         "(DG6 Annex 1)"),
    Rule("charging.cps.gbh_wounding_abh", CHARGING, CPS, any_offence_in("gbh_wounding_abh"),
         "The CPS must decide because an offence is grievous bodily harm, wounding or "
         "actual bodily harm (DG6 Annex 1)"),
    Rule("charging.cps.sexual_offence_under_18", CHARGING, CPS,
         ("all", any_offence_in("sexual_offences_act"),
          ("any", ("marker", Marker.YOUTH_SUSPECT), ("marker", Marker.CHILD_ABUSE))),
         "The CPS must decide because a Sexual Offences Act offence involves a suspect or "
         "a victim under 18 (DG6 Annex 1)"),
    Rule("charging.cps.sexual_offence_against_child", CHARGING, CPS,
         any_offence_in("sexual_offence_against_child"),
         "The CPS must decide because a Sexual Offences Act offence is by or against "
         "someone under 18 (DG6 Annex 1)"),
    Rule("charging.cps.licensing_act_2003", CHARGING, CPS,
         any_offence_in("licensing_act_2003"),
         "The CPS must decide because an offence is under the Licensing Act 2003 "
         "(DG6 Annex 1)"),
)

# When no rule lets the police charge, the CPS decides.
CHARGING_DEFAULT_REASON = (
    "The CPS must decide because DG6 Annex 1 does not let the police charge this case: the "
    "police may charge only summary-only offences, retail theft, and either-way offences "
    "with an anticipated guilty plea, when suitable for sentence in the magistrates' court"
)

SECTION_RULES = (
    # Report to the prosecutor (MG3)
    Rule("section.charging_report.cps_decides", S.CHARGING_REPORT, REQUIRED,
         ("all", CPS_DECIDES, BEFORE_TRIAL),
         "Required because the CPS decides the charge: the MG3 asks the prosecutor for the "
         "decision and records it"),
    Rule("section.charging_report.police_charge", S.CHARGING_REPORT, NOT_NEEDED, POLICE_DECIDE,
         "Not needed because the police may charge this case themselves (DG6 Annex 1)"),
    Rule("section.charging_report.trial", S.CHARGING_REPORT, NOT_NEEDED, TRIAL,
         "Not needed because the charging decision was made before the trial file"),
    # Case summary (MG5)
    Rule("section.case_summary.after_charge", S.CASE_SUMMARY, REQUIRED, AFTER_CHARGE,
         "Required because the case summary (MG5) gives the court and the defence the "
         "initial details of the prosecution case"),
    Rule("section.case_summary.pre_charge", S.CASE_SUMMARY, OPTIONAL, PRE_CHARGE,
         "Optional because before charge the report to the prosecutor (MG3) summarises "
         "the evidence"),
    # Evidence and information for the prosecutor (MG6)
    Rule("section.evidence_for_prosecutor.always", S.EVIDENCE_FOR_PROSECUTOR, REQUIRED, ALWAYS,
         "Required because every file carries one MG6 with the information the prosecutor "
         "needs"),
    # Charges (MG4)
    Rule("section.charges.charged", S.CHARGES, REQUIRED, ("all", AFTER_CHARGE, BEGINS_BY_CHARGE),
         "Required because the case begins by charge: the MG4 records the charges and the "
         "reply"),
    Rule("section.charges.postal_requisition", S.CHARGES, NOT_NEEDED,
         ("case_begins", CaseBegins.POSTAL_REQUISITION),
         "Not needed because the case begins by postal requisition, not by charge"),
    Rule("section.charges.pre_charge", S.CHARGES, NOT_NEEDED, PRE_CHARGE,
         "Not needed because the suspect has not been charged yet"),
    # Witness statements (MG11)
    Rule("section.witness_statements.no_guilty_plea", S.WITNESS_STATEMENTS, REQUIRED,
         ("all", AFTER_CHARGE, NO_GUILTY_PLEA),
         "Required because a guilty plea is not anticipated: the key witness statements "
         "prove each element of the offence and the suspect's identity"),
    Rule("section.witness_statements.pre_charge", S.WITNESS_STATEMENTS, REQUIRED, PRE_CHARGE,
         "Required because the prosecutor needs the key witness statements to decide the "
         "charge"),
    Rule("section.witness_statements.crown_court", S.WITNESS_STATEMENTS, REQUIRED, CROWN_COURT,
         "Required because the case is likely to be heard in the Crown Court: the key "
         "witness statements are served when it is sent"),
    Rule("section.witness_statements.trial", S.WITNESS_STATEMENTS, REQUIRED, TRIAL,
         "Required because the case is listed for trial: every witness statement is needed"),
    Rule("section.witness_statements.remand", S.WITNESS_STATEMENTS, REQUIRED, REMAND,
         "Required because a remand in custody is sought: at least one key witness "
         "statement supports the remand application"),
    Rule("section.witness_statements.guilty_plea", S.WITNESS_STATEMENTS, NOT_NEEDED, GUILTY_PLEA,
         "Not needed because a guilty plea is anticipated: the case summary (MG5) "
         "summarises the evidence"),
    # Exhibits (MG12): conditional in every column, so never required as a section.
    Rule("section.exhibits.guilty_plea", S.EXHIBITS, OPTIONAL, ("all", GUILTY_PLEA, BEFORE_TRIAL),
         "Optional because a guilty plea is anticipated: include only the exhibits the "
         "case summary relies on, such as CCTV stills"),
    Rule("section.exhibits.key_evidence", S.EXHIBITS, OPTIONAL, CONTESTED,
         "Optional because key exhibits, such as CCTV or body-worn video, go with the file "
         "where the evidence relies on them"),
    # Previous convictions (PNC)
    Rule("section.previous_convictions.always", S.PREVIOUS_CONVICTIONS, REQUIRED, ALWAYS,
         "Required because the prosecutor and the court need the suspect's record from the "
         "PNC at every stage"),
    # Victim personal statement, compensation (MG19), TICs (MG18)
    Rule("section.victim_personal_statement.always", S.VICTIM_PERSONAL_STATEMENT, OPTIONAL,
         ALWAYS,
         "Optional because a victim personal statement goes with the file when there is a "
         "victim to offer one to"),
    Rule("section.compensation.always", S.COMPENSATION, OPTIONAL, ALWAYS,
         "Optional because a compensation claim (MG19) goes with the file when a victim "
         "has a loss to claim"),
    Rule("section.tics.always", S.OFFENCES_TAKEN_INTO_CONSIDERATION, OPTIONAL, ALWAYS,
         "Optional because offences taken into consideration (MG18) go with the file only "
         "when the suspect admits others"),
    # Streamlined disclosure certificate (SDC)
    Rule("section.streamlined_disclosure.no_guilty_plea", S.STREAMLINED_DISCLOSURE, REQUIRED,
         ("all", AFTER_CHARGE, NO_GUILTY_PLEA, MAGISTRATES_COURT),
         "Required because a guilty plea is not anticipated and the case is likely to stay "
         "in the magistrates' court: the streamlined disclosure certificate covers the "
         "unused material"),
    Rule("section.streamlined_disclosure.summary_trial", S.STREAMLINED_DISCLOSURE, REQUIRED,
         ("all", TRIAL, MAGISTRATES_COURT),
         "Required because the case is listed for trial in the magistrates' court: the "
         "streamlined disclosure certificate covers the unused material"),
    Rule("section.streamlined_disclosure.guilty_plea", S.STREAMLINED_DISCLOSURE, NOT_NEEDED,
         GUILTY_PLEA,
         "Not needed because a guilty plea is anticipated: the common-law disclosure "
         "declaration on the case summary is enough"),
    Rule("section.streamlined_disclosure.crown_court", S.STREAMLINED_DISCLOSURE, NOT_NEEDED,
         CROWN_COURT,
         "Not needed because the Crown Court uses the unused material schedules (MG6C, "
         "MG6D and MG6E) instead"),
    Rule("section.streamlined_disclosure.pre_charge", S.STREAMLINED_DISCLOSURE, NOT_NEEDED,
         PRE_CHARGE,
         "Not needed because streamlined disclosure begins after charge"),
)


def unused_material_rules(kind, name):
    """The same four rules for the non-sensitive (MG6C) and the sensitive (MG6D/E)
    unused material schedules."""
    return (
        Rule(f"section.{kind}.crown_court", kind, REQUIRED, ("all", AFTER_CHARGE, CROWN_COURT),
             f"Required because the case is likely to be heard in the Crown Court: the {name} "
             "schedule is needed"),
        Rule(f"section.{kind}.pre_charge", kind, OPTIONAL, PRE_CHARGE,
             "Optional because before charge the prosecutor needs only the unused material "
             "that bears on the charging decision"),
        Rule(f"section.{kind}.guilty_plea", kind, NOT_NEEDED, GUILTY_PLEA,
             "Not needed because a guilty plea is anticipated: the common-law disclosure "
             "declaration on the case summary is enough"),
        Rule(f"section.{kind}.streamlined", kind, NOT_NEEDED, ("all", CONTESTED, MAGISTRATES_COURT),
             "Not needed because the streamlined disclosure certificate replaces the MG6C, "
             "MG6D and MG6E while the case stays in the magistrates' court"),
    )


SECTION_RULES += (
    *unused_material_rules(S.UNUSED_NON_SENSITIVE, "non-sensitive unused material (MG6C)"),
    *unused_material_rules(S.UNUSED_SENSITIVE, "sensitive unused material (MG6D and MG6E)"),
    # Remand application (MG7)
    Rule("section.remand_application.remand", S.REMAND_APPLICATION, REQUIRED,
         ("all", REMAND, BEFORE_TRIAL),
         "Required because a remand in custody is sought: the MG7 sets out the grounds for "
         "objecting to bail"),
    Rule("section.remand_application.no_remand", S.REMAND_APPLICATION, NOT_NEEDED,
         ("not", REMAND),
         "Not needed because no remand in custody is sought"),
    # Details only the CPS's Digital Case File (DCF 1.2.2, a first-hearing file) asks for
    Rule("section.cps_details.first_hearing", S.CPS_DETAILS, REQUIRED, FIRST_HEARING,
         "Required because the file goes to the CPS for a first hearing: the CPS Digital "
         "Case File needs these details of the defendant, the charge and the court"),
    Rule("section.cps_details.other_stages", S.CPS_DETAILS, NOT_NEEDED, ("not", FIRST_HEARING),
         "Not needed because only a first-hearing file goes to the CPS as a Digital Case "
         "File"),
)


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

RULES = CHARGING_RULES + SECTION_RULES + FIELD_RULES + DCF_FIELD_RULES

# Yes/no fields a rule requires to be answered yes: "No" counts as missing. A statement
# without the signed declaration is not evidence, an uncertified SDC is no certificate,
# and a file is not built without checking the PNC.
MUST_BE_YES = {
    (S.WITNESS_STATEMENTS, "declaration"): "the witness must have signed the declaration",
    (S.STREAMLINED_DISCLOSURE, "certified"): "the disclosure officer must certify it",
    (S.PREVIOUS_CONVICTIONS, "pnc_check_performed"): "the PNC must be checked",
}
