"""Where an officer puts right a fault of the DCF: our section and field for a DCF path.

The table is read most specific first: a path matches an entry when the entry's keys
appear in it, in order and next to each other (list positions ignored), and the longest
matching entry wins. ``case.defendants[0].interview.questions_asked`` matches both
``interview`` and ``interview.questions_asked``; the second is the answer.
"""

from cases.sections import SectionKind

DETAILS = "details"
SUSPECTS = "suspects"
OFFENCES = "offences"
PARTICIPANTS = "participants"
# Each defendant's and each offence's own page (the parts of sections.py).
DEFENDANT = "defendant"
OFFENCE = "offence"

S = SectionKind
D = S.CPS_DETAILS

# keys → (section kind, field, page)
PLACES = {
    ("brief_description_of_case",): (S.CASE_SUMMARY, "summary", ""),
    ("case_markers",): ("", "markers", DETAILS),
    ("defendants",): ("", "", SUSPECTS),
    ("defendants", "name"): ("", "", SUSPECTS),
    ("defendants", "date_of_birth"): ("", "date_of_birth", DEFENDANT),
    ("defendants", "arrest"): ("", "arrest_date", DEFENDANT),
    ("arrest", "date_time"): ("", "arrest_time", DEFENDANT),
    ("defendants", "initiation_type"): ("", "case_begins", DETAILS),
    ("defendants", "person_remand_status"): ("", "bail_status", DETAILS),
    ("defendants", "bail_conditions"): (S.CHARGES, "bail_conditions", ""),
    ("defendants", "bail_conditions_provided"): (S.CHARGES, "bail_conditions", ""),
    ("defendants", "date_sent"): (S.REQUISITION, "requisition_sent_on", ""),
    ("defendants", "cc_not_suitable_reasons"): ("", "cc_not_suitable_reason", DEFENDANT),
    ("defendants", "breach_order_court_issued"): ("", "breach_order_court_unit", DEFENDANT),
    ("defendants", "court_order_applications"): ("", "court_order_application", DEFENDANT),
    ("court_order_applications", "court_order_title_other"): (
        "", "court_order_title_other", DEFENDANT),
    ("defendants", "interpreter_language_or_dialect"): ("", "interpreter_language", DEFENDANT),
    **{("defendants", name): ("", name, DEFENDANT) for name in (
        "signed_for_bail", "signed_charge_sheet", "given_charges", "occupation",
        "has_eec_passports", "eec_check_submitted", "foreign_national_offender",
        "breach_of_order", "breach_order_title", "breach_order_title_other",
        "breach_order_date_issued", "breach_order_lapse_date", "interpreter_required",
        "dealt_with_in_welsh")},
    ("defendants", "domestic_violence"): ("", "relationship_to_victim", DEFENDANT),
    ("domestic_violence", "length_of_relationship"): ("", "relationship_years", DEFENDANT),
    ("defendants", "first_hearing_datetime"): (S.CHARGES, "first_hearing_date", ""),
    ("defendants", "first_hearing_location"): (S.CHARGES, "court", ""),
    ("defendants", "pnc_check_performed"): (S.PREVIOUS_CONVICTIONS, "pnc_check_performed", ""),
    ("defendants", "pnc_convictions"): (S.PREVIOUS_CONVICTIONS, "pnc_convictions", ""),
    ("defendants", "breach_of_bail"): (S.PREVIOUS_CONVICTIONS, "bail_history", ""),
    ("defendants", "remand_application"): (S.REMAND_APPLICATION, "grounds", ""),
    ("remand_application", "substantial_grounds"): (S.REMAND_APPLICATION, "grounds", ""),
    ("substantial_grounds", "justification"): (S.REMAND_APPLICATION, "reasons", ""),
    ("remand_application", "bail_conditions"): (
        S.REMAND_APPLICATION, "conditions_considered", ""),
    ("defendants", "interview"): (S.CASE_SUMMARY, "interview_type", ""),
    ("interview", "reason"): (S.CASE_SUMMARY, "not_interviewed_reason", ""),
    ("interview", "type"): (S.CASE_SUMMARY, "interview_type", ""),
    ("interview", "no_comment_response"): (S.CASE_SUMMARY, "interview_type", ""),
    ("interview", "questions_asked"): (S.CASE_SUMMARY, "questions_asked", ""),
    ("interview", "date"): (S.CASE_SUMMARY, "interview_date", ""),
    ("interview", "defendant_legally_represented"): (S.CASE_SUMMARY, "legally_represented", ""),
    ("interview", "legally_represented_by"): (S.CASE_SUMMARY, "solicitor_name", ""),
    ("interview", "legal_representative_firm"): (S.CASE_SUMMARY, "solicitor_firm", ""),
    ("interview", "special_warnings_given"): (S.CASE_SUMMARY, "special_warnings_given", ""),
    ("safeguarding_assessment",): (S.EVIDENCE_FOR_PROSECUTOR, "safeguarding_assessment", ""),
    ("defendants", "bad_character_details"): (S.EVIDENCE_FOR_PROSECUTOR, "other_information", ""),
    ("defendants", "offences"): ("", "", OFFENCES),
    ("offence", "charge_date"): (S.CHARGES, "charge_date", ""),
    ("offence", "reply_to_charge"): (S.CHARGES, "reply_to_charge", ""),
    ("offence", "charge_wording"): ("", "wording", OFFENCE),
    ("offence", "anticipated_plea"): ("", "anticipated_plea", OFFENCE),
    ("offence", "from_date"): ("", "offence_date", OFFENCE),
    ("offence", "to_date"): ("", "offence_date", OFFENCE),
    ("offence", "points_to_prove_met_by"): ("", "points_to_prove", OFFENCE),
    ("offence", "committed_on_bail"): ("", "committed_on_bail", OFFENCE),
    ("offence", "demeanour_at_incident"): ("", "demeanour_at_incident", OFFENCE),
    ("offence", "children_present"): ("", "children_present", OFFENCE),
    ("offence", "ages_of_children"): ("", "ages_of_children", OFFENCE),
    ("victim_name",): ("", "", PARTICIPANTS),
    ("property_ids",): (D, "property", ""),
    ("retail_theft_offences", "property_ids"): (D, "property", ""),
    ("witnesses",): (S.WITNESS_STATEMENTS, "", PARTICIPANTS),
    ("witnesses", "name"): (S.WITNESS_STATEMENTS, "witness_name", PARTICIPANTS),
    ("witnesses", "witness_type"): (S.WITNESS_STATEMENTS, "witness_type", ""),
    ("witnesses", "witness"): (S.WITNESS_STATEMENTS, "involvement", ""),
    ("witnesses", "witness", "nature_of_involvement"): (S.WITNESS_STATEMENTS, "involvement", ""),
    ("witnesses", "witness", "evidence_they_can_give"): (S.WITNESS_STATEMENTS, "statement", ""),
    ("witnesses", "visually_recorded_interview"): (
        S.WITNESS_STATEMENTS, "visually_recorded_interview", ""),
    ("witnesses", "witness", "special_measures"): (S.CASE_SUMMARY, "special_measures", ""),
    ("witness", "special_measures"): (S.CASE_SUMMARY, "special_measures", ""),
    ("is_hearsay",): (S.CASE_SUMMARY, "hearsay_details", ""),
    ("hearsay_details",): (S.CASE_SUMMARY, "hearsay_details", ""),
    ("victim", "witness_type"): (S.WITNESS_STATEMENTS, "witness_type", ""),
    ("victim", "witness"): (S.WITNESS_STATEMENTS, "involvement", ""),
    ("victim", "witness", "nature_of_involvement"): (S.WITNESS_STATEMENTS, "involvement", ""),
    ("victim", "witness", "evidence_they_can_give"): (S.WITNESS_STATEMENTS, "statement", ""),
    ("victim", "is_retraction_statement"): (S.WITNESS_STATEMENTS, "retraction", ""),
    ("victim", "victim_code_requirements_met"): (
        S.VICTIM_PERSONAL_STATEMENT, "victims_code_met", ""),
    ("victim", "has_the_victim_made_a_vps_isb"): (S.VICTIM_PERSONAL_STATEMENT, "vps_made", ""),
    ("victim", "victim_wish_to_attend_court"): (
        S.VICTIM_PERSONAL_STATEMENT, "victim_wish_to_attend_court", ""),
    ("victim", "compensation_applications"): (S.COMPENSATION, "details", ""),
    ("compensation_applications", "amount_compensation_requested"): (
        S.COMPENSATION, "amount", ""),
    ("multimedia_evidence",): (S.EXHIBITS, "", ""),
    ("multimedia_evidence", "id"): (S.EXHIBITS, "reference", ""),
    ("multimedia_evidence", "description_of_what_is_contained_in_multimedia_evidence"): (
        S.EXHIBITS, "description", ""),
    ("property",): (D, "property", ""),
    ("property", "property_action"): (D, "property_outcome", ""),
    ("property", "value"): ("", "loss_value", DETAILS),
    ("property", "recovered_from"): (D, "property_recovered_from", ""),
    ("property", "damage_description"): (D, "property_damage", ""),
    ("property", "damage_cost"): (D, "property_damage_cost", ""),
    ("expert_evidence",): (D, "expert_evidence", ""),
    ("test_code",): (D, "test_code", ""),
    ("pca_cps",): (D, "pca_cps", ""),
    ("common_law_disclosure",): (S.STREAMLINED_DISCLOSURE, "certified", ""),
}


def _contains(path_keys, entry):
    width = len(entry)
    return any(path_keys[start:start + width] == entry
               for start in range(len(path_keys) - width + 1))


def our_place(segments):
    """(section kind, field, page) for a DCF path; empty strings where nothing of ours
    holds it (the officer of the case, the CPS's own flags)."""
    keys = tuple(s for s in segments if isinstance(s, str))
    matches = [entry for entry in PLACES if _contains(keys, entry)]
    if not matches:
        return "", "", ""
    best = max(matches, key=lambda entry: (len(entry), _last_position(keys, entry)))
    kind, field, page = PLACES[best]
    return str(kind), field, page


def _last_position(keys, entry):
    width = len(entry)
    return max(start for start in range(len(keys) - width + 1)
               if keys[start:start + width] == entry)
