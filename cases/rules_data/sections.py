"""Which sections a file needs, at which stage and why (DOMAIN.md 1.4)."""

from cases.constants import CaseBegins
from cases.rules_data.common import (
    AFTER_CHARGE,
    ALWAYS,
    BEFORE_TRIAL,
    BEGINS_BY_CHARGE,
    CONTESTED,
    CPS_DECIDES,
    CROWN_COURT,
    FIRST_HEARING,
    GUILTY_PLEA,
    MAGISTRATES_COURT,
    NO_GUILTY_PLEA,
    NOT_NEEDED,
    OPTIONAL,
    POLICE_DECIDE,
    PRE_CHARGE,
    REMAND,
    REQUIRED,
    TRIAL,
    Rule,
)
from cases.sections import SectionKind as S

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
    # Written charge and requisition (Criminal Justice Act 2003, s.29)
    Rule("section.requisition.postal_requisition", S.REQUISITION, REQUIRED,
         ("all", AFTER_CHARGE, ("case_begins", CaseBegins.POSTAL_REQUISITION)),
         "Required because the case begins by a written charge and requisition posted to "
         "the defendant"),
    Rule("section.requisition.charged", S.REQUISITION, NOT_NEEDED, BEGINS_BY_CHARGE,
         "Not needed because the case begins by charge"),
    Rule("section.requisition.pre_charge", S.REQUISITION, NOT_NEEDED, PRE_CHARGE,
         "Not needed because no written charge has been issued yet"),
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
    # The National File Standard leaves statements out of a guilty-plea file (the MG5
    # summarises them), but the CPS Digital Case File gives every victim's and witness's
    # evidence from their statement at the first hearing, so a first-hearing file asks
    # for them whatever the plea; there is no "not needed on a guilty plea" rule.
    Rule("section.witness_statements.first_hearing", S.WITNESS_STATEMENTS, REQUIRED,
         FIRST_HEARING,
         "Required because the CPS Digital Case File gives each victim's and witness's "
         "evidence from their statement, even when a guilty plea is expected"),
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
    Rule("section.victim_personal_statement.victim", S.VICTIM_PERSONAL_STATEMENT, REQUIRED,
         ("all", FIRST_HEARING, ("has_victim",)),
         "Required because the file has a victim: the Victims' Code says every victim is "
         "offered a victim personal statement, and the CPS Digital Case File asks whether "
         "one was made"),
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


