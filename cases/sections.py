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
    ]
}


def section(kind):
    return SECTIONS[SectionKind(kind).value]
