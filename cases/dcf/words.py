"""DCF paths and values in words: "case.defendants[0].offences[0].generic_offences[1]"
is "Defendant 1, offence 2"; "cjs_offence_code" is "CJS offence code"."""

import re

# Field names whose words are not simply the name with spaces.
LABELS = {
    "pti_urn": "URN",
    "associated_case_urns": "associated URNs",
    "cjs_offence_code": "CJS offence code",
    "cc_not_suitable_reasons": "reasons a conditional caution is not suitable",
    "class_a_drug_test_provided": "class A drug test result",
    "class_a_drug_test_details": "class A drug test details",
    "accepts_drugs_result": "answer to whether the drug test result is accepted",
    "has_eec_passports": "answer to whether the defendant has EEC passports",
    "foreign_national_offender": "foreign national offender",
    "dealt_with_in_welsh": "dealt with in Welsh",
    "property_ids": "property numbers",
    "property_id": "property number",
    "defendant_id": "defendant reference",
    "witness_id": "witness reference",
    "victim_name": "victim",
    "victim_names": "victims",
    "domestic_violence": "domestic violence details",
    "demeanour_at_incident": "defendant's demeanour at the incident",
    "children_present": "answer to whether children were present",
    "ages_of_children": "ages of the children",
    "is_retraction_statement": "answer to whether the statement is a retraction",
    "defendant_shown": "answer to whether the defendant was shown the recording",
    "reasons_if_not_shown": "reasons the defendant was not shown the recording",
    "defendant_comments_if_shown": "defendant's comments on the recording",
    "is_defendant_believed_to_be_in_the_mme":
        "answer to whether the defendant is believed to be in the recording",
    "defendant_admits_being_in_mme": "answer to whether the defendant admits being in the "
                                     "recording",
    "how_is_identification_established": "way the defendant is identified",
    "signed_for_bail": "answer to whether the defendant signed for bail",
    "signed_charge_sheet": "answer to whether the defendant signed the charge sheet",
    "date_sent": "date the requisition was sent",
    "defendant_legally_represented": "answer to whether the defendant had a solicitor",
    "legally_represented_by": "solicitor",
    "legal_representative_firm": "solicitor's firm",
    "eec_check_submitted": "EEC convictions check submitted",
    "eec_convictions_record_received": "EEC convictions record received",
    "pnc_check_performed": "PNC check",
    "pnc_convictions": "PNC convictions",
    "pca_cps": "CPS pre-charge advice",
    "test_code": "charging test (full code or threshold)",
    "date_time": "date and time",
    "date_of_birth": "date of birth",
    "reason_dob_not_provided": "reason the date of birth is not given",
    "first_hearing_datetime": "first hearing date and time",
    "first_hearing_location": "first hearing court",
    "person_remand_status": "remand status",
    "initiation_type": "way the case began (charge, requisition or summons)",
    "no_comment_response": "no comment answer",
    "questions_asked": "questions asked in a no comment interview",
    "has_the_victim_made_a_vps_isb": "answer to whether the victim made a personal statement",
    "victim_wish_to_attend_court": "victim's wish about reading the statement in court",
    "is_hearsay": "hearsay flag",
    "mme": "multimedia evidence",
    "multimedia_evidence": "multimedia evidence",
    "multimedia_evidence_response": "response to multimedia evidence",
    "description_of_what_is_contained_in_multimedia_evidence": "description of the recording",
    "ou_top_level_name": "court or unit (top level)",
    "ou_second_level_name": "court or unit (second level)",
    "ou_third_level_name": "court or unit (third level)",
    "ou_bottom_level_name": "court or unit (bottom level)",
    "type": "type",
    "schema_version": "DCF version",
}

# The words for one item of a list, by the list's key.
ITEMS = {
    "defendants": "Defendant",
    "witnesses": "Witness",
    "offences": "offence group",
    "multimedia_evidence": "multimedia evidence item",
    "property": "property item",
    "substantial_grounds": "ground",
    "bail_conditions": "bail condition",
    "list_of_conditions": "bail condition",
    "court_order_applications": "court order application",
    "multimedia_evidence_response": "response to multimedia evidence",
    "compensation_applications": "compensation application",
    "injuries": "injury",
    "domestic_violence": "domestic violence entry",
    "interpreters": "interpreter",
    "appropriate_adults": "appropriate adult",
    "given_name": "given name",
    "case_markers": "case marker",
    "cc_not_suitable_reasons": "reason a conditional caution is not suitable",
    "witness_type": "witness type",
    "associated_case_urns": "associated URN",
    "original_charge_wording": "original charge wording",
    "draft_conditions": "draft condition",
    "property_ids": "property number",
    "victim_names": "victim name",
    "defendant_names": "defendant name",
    "reasons_for_application": "reason for the application",
    "names_of_defendants_causing_injuries": "defendant causing the injuries",
    "image_urls": "image link",
    "ages_of_children": "age of a child",
    "grounds": "ground",
}

# Objects whose key reads badly as it stands.
OBJECTS = {
    "offence": "offence details",
    "witness": "",  # a witness's own details: "Witness 1", not "Witness 1, witness"
    "victim": "victim details",
    "existing_bail_breached": "existing bail",
}

MAX_SHOWN = 60
_PATH_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def parse_path(text):
    """"case.defendants[0].arrest" as ("case", "defendants", 0, "arrest")."""
    return tuple(int(index) if index else key for index, key in _PATH_STEP.findall(text))


def format_path(segments):
    text = ""
    for segment in segments:
        if isinstance(segment, int):
            text += f"[{segment}]"
        else:
            text += f".{segment}" if text else str(segment)
    return text


def field_words(name):
    name = str(name)
    if name in LABELS:
        return LABELS[name]
    return shown(name.replace("_", " "), quoted=False)


def _item_words(list_key, index):
    if list_key in ITEMS:
        return f"{ITEMS[list_key]} {index + 1}"
    if list_key.endswith("_offences"):
        return f"{list_key[:-1].replace('_', ' ')} {index + 1}"
    return f"{field_words(list_key)} item {index + 1}"


def place_words(segments):
    """Where a path points, as an officer would say it: "Defendant 1, assault offence 2"."""
    if not segments:
        return "The file"
    parts = []
    steps = list(segments[1:] if segments and segments[0] == "case" else segments)
    position = 0
    while position < len(steps):
        step = steps[position]
        following = steps[position + 1] if position + 1 < len(steps) else None
        if isinstance(following, int):
            if not (step == "offences" and following == 0):  # one group: no need to say
                parts.append(_item_words(str(step), following))
            position += 2
            continue
        if isinstance(step, str):
            words = OBJECTS.get(step, field_words(step))
            if words:
                parts.append(words)
        position += 1
    text = ", ".join(parts) or "The case"
    return text[0].upper() + text[1:]


def split_field(segments):
    """(the place, the field's words) of a path that ends at a field: the last key, or
    the last item of a list of plain values ("case marker 2")."""
    segments = tuple(segments)
    if len(segments) >= 2 and isinstance(segments[-1], int) and isinstance(segments[-2], str):
        return place_words(segments[:-2]), _item_words(segments[-2], segments[-1])
    if segments and isinstance(segments[-1], str) and len(segments) > 1:
        return place_words(segments[:-1]), field_words(segments[-1])
    return place_words(segments), ""


def shown(value, *, quoted=True):
    """A value from the file, safe and short enough to quote in a message: control
    characters escaped, long text cut."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text[:MAX_SHOWN + 1])
    if len(text) > MAX_SHOWN:
        text = text[:MAX_SHOWN] + "…"
    return f"'{text}'" if quoted else text


def name_words(name):
    """A name from the file as a person reads it, quoted: 'Vera Shuttleworth' for a
    PersonName (given names first), 'Bus Co Ltd' for an OrganisationName."""
    if not isinstance(name, dict):
        return "a name"
    if isinstance(name.get("organisation_name"), str):
        return shown(name["organisation_name"])
    given = name.get("given_name") if isinstance(name.get("given_name"), list) else []
    parts = [part for part in [*given, name.get("surname")] if isinstance(part, str)]
    return shown(" ".join(parts)) if parts else "a name"


JSON_TYPES = {
    "string": "text",
    "boolean": "true or false",
    "number": "a number",
    "integer": "a whole number",
    "array": "a list",
    "object": "an object (a group of fields)",
    "null": "null",
}


def json_type_of(value):
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def choice_list(values, *, most=8):
    shown_values = [shown(value) for value in values[:most]]
    more = len(values) - most
    text = ", ".join(shown_values)
    return f"{text} and {more} more" if more > 0 else text
