"""A case file as a CPS Digital Case File (DCF 1.2.2) document.

Only what the file holds goes in: where the DCF asks for something we do not hold, the
field is left out and the validation says so, at the section and field where the officer
supplies it. A file imported from a DCF also carries the facts our model has no place
for (``CaseFile.dcf_carried``, see carry.py); they go back where they came from.

What the model gives, field by field (each DCF path is relative to its entity):

- case: ``pti_urn`` (the URN), ``type``, ``version`` (1 + files already sent to the CPS),
  ``brief_description_of_case`` (case summary), ``case_markers`` (the markers that have a
  DCF marker), ``likely_case_progression`` (likely venue and the offences' modes of
  trial), ``officer_in_the_case``, ``signatory_name`` and ``date`` (the supervisor who
  approved the file, and when).
- each defendant (a suspect): name and date of birth (people index), the arrest (the
  file's arrest time, first suspect), ``initiation_type``, ``person_remand_status``, bail
  conditions, first hearing date (charges), PNC check (previous convictions), the
  interview's kind and questions (case summary).
- each offence (a charged offence), in the group its code belongs to: code, title,
  dates, wording, anticipated plea, charge date and reply (charges).
- the answers only the DCF asks for (the "Defendant and court details for the CPS"
  section, ``cps_details``): the case's ``expert_evidence``, ``test_code`` and
  ``pca_cps``; the first defendant's occupation, nationality and passport answers,
  interpreter, Welsh, breach of a court order, conditional caution and court order
  answers, charge sheet and bail signatures; every defendant's ``first_hearing_location``
  (the court's CJS organisation unit). Derived, not asked: ``property`` (the property
  listed, numbered from 1), each theft from a shop's ``property_ids`` (all of them), and
  ``bail_conditions_provided`` (conditional bail with its conditions listed).
- the interview's date, solicitor and special warnings (case summary).
- each offence's ``points_to_prove_met_by`` and ``committed_on_bail`` (the offence).
- each witness (a victim or witness): its kind and name. A statement witness's type, how
  they are involved and whether they gave a visually recorded interview are answers of
  their witness statement (the MG11 naming them); what they can give evidence of is the
  statement itself, never words of ours.
- each recording (an exhibit imported as multimedia evidence): reference, description.
"""

import copy
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.utils import timezone

from cases.constants import BailStatus, CaseBegins, Marker, Plea, Venue
from cases.dcf import carry
from cases.dcf.carry import MISSING, Mapped, get_path
from cases.dcf.schema import (
    FIRST_HEARING,
    SCHEMA_VERSION,
    dcf_schema,
    group_by_list_key,
    group_for_code,
    property_rank,
    resolve,
)
from cases.models import CaseEventKind, ParticipantRole
from cases.sections import SectionKind, section

# Our markers and the DCF case markers that say the same; hate crime has five DCF
# markers (racist, religious...) and no one of them can be chosen for it.
MARKERS_TO_DCF = {
    Marker.DOMESTIC_ABUSE: "DomesticViolence",
    Marker.CHILD_ABUSE: "ChildAbuse",
    Marker.OLDER_VICTIM: "CrimeAgainstAnOlderPerson",
    Marker.YOUNG_WITNESS: "YoungWitnessInitiative",
}
REMAND_STATUS = {
    BailStatus.REMAND: "custody",
    BailStatus.UNCONDITIONAL_BAIL: "unconditional_bail",
    BailStatus.CONDITIONAL_BAIL: "conditional_bail",
    BailStatus.NOT_APPLICABLE: "not_applicable",
}
INITIATION = {CaseBegins.CHARGE: "charge", CaseBegins.POSTAL_REQUISITION: "requisition"}
PLEAS = {Plea.GUILTY: "guilty", Plea.NOT_GUILTY: "not_guilty"}
STANDARD_INTERVIEW = "StandardInterview"
NOT_INTERVIEWED = "NotInterviewed"
# The case summary's interview answer as the DCF interview's type and no-comment flag.
INTERVIEWS = {
    "full_account": (STANDARD_INTERVIEW, False),
    "no_comment": (STANDARD_INTERVIEW, True),
    "prepared_statement": (STANDARD_INTERVIEW, MISSING),
    "not_interviewed": (NOT_INTERVIEWED, MISSING),
}
WITNESS_TYPES = {ParticipantRole.WITNESS: "StatementWitness",
                 ParticipantRole.VICTIM: "PersonVictim"}
REBUILT_LISTS = ("defendants", "witnesses", "multimedia_evidence")
RETAIL_THEFT_OFFENCE = "RetailTheftOffence"


def dcf_export(case):
    """The file as a DCF document (a dict ready for JSON). Reads the file's suspects,
    offences, sections, participants and history; never raises for missing answers."""
    facts = CaseFacts(case)
    carried = case.dcf_carried if isinstance(case.dcf_carried, dict) else {}
    document = copy.deepcopy(carried.get("top", {"schema_version": SCHEMA_VERSION}))
    document["schema_version"] = SCHEMA_VERSION
    body = carry.rebuild(carried.get("case"), case_fields(facts))
    body.setdefault("type", FIRST_HEARING)
    present = carried.get("lists_present", {})
    lists = {
        "defendants": _defendants(facts, carried.get("defendants", [])),
        "witnesses": _witnesses(facts, carried.get("witnesses", [])),
        "multimedia_evidence": _recordings(facts, carried.get("multimedia_evidence", [])),
    }
    for key, entries in lists.items():
        if entries or present.get(key):
            body[key] = entries
    document["case"] = body
    return in_schema_order(document)


# --- What the file holds ----------------------------------------------------------------

@dataclass
class CaseFacts:
    """The rows of a file the export reads, each read once."""

    case: object

    @cached_property
    def sections(self):
        return {section.kind: section for section in self.case.sections.all()}

    def answer(self, kind, name):
        section = self.sections.get(kind)
        value = section.data.get(name, "") if section is not None else ""
        return value.strip() if isinstance(value, str) else value

    @cached_property
    def suspects(self):
        return sorted(self.case.suspects.all(), key=lambda s: (s.position, s.pk))

    @cached_property
    def first_suspect_id(self):
        return self.suspects[0].pk if self.suspects else None

    @cached_property
    def participants(self):
        return list(self.case.participants.all())

    @cached_property
    def exhibits(self):
        section = self.sections.get(SectionKind.EXHIBITS)
        return list(section.items.all()) if section is not None else []

    @cached_property
    def statements(self):
        """Each witness's statements (their answers), in order, by the name they give."""
        section = self.sections.get(SectionKind.WITNESS_STATEMENTS)
        items = section.items.order_by("position", "pk") if section is not None else []
        statements = {}
        for item in items:
            data = item.data if isinstance(item.data, dict) else {}
            statements.setdefault(witness_key(data.get("witness_name")), []).append(data)
        return statements

    def statements_of(self, participant):
        return self.statements.get(witness_key(participant.name), []) \
            if witness_key(participant.name) else []

    @cached_property
    def approval(self):
        return (self.case.events.filter(kind=CaseEventKind.APPROVED)
                .select_related("actor").first())

    @cached_property
    def files_sent(self):
        return self.case.handovers.count()

    @cached_property
    def modes_of_trial(self):
        return sorted({charged.offence.mode_of_trial for suspect in self.suspects
                       for charged in suspect.offences.all()})


def _text(value):
    return value if isinstance(value, str) and value else MISSING


def witness_key(name):
    """A witness's name as a statement and a participant are matched on."""
    return " ".join(name.split()).casefold() if isinstance(name, str) else ""


def officer_name(user):
    if user is None:
        return MISSING
    name = {"type": "OfficerName"}
    if user.last_name:
        name["surname"] = user.last_name
    if user.first_name.split():
        name["given_name"] = user.first_name.split()
    if user.rank:
        name["rank"] = user.rank
    if user.collar_number:
        name["collar_number"] = user.collar_number
    return name


def person_name(surname, forenames):
    name = {"type": "PersonName", "surname": surname}
    if forenames.split():
        name["given_name"] = forenames.split()
    return name


def name_from_text(text):
    """A person's name typed as one line: the last word the surname."""
    words = text.split()
    return person_name(words[-1] if words else "", " ".join(words[:-1]))


def _utc_text(moment):
    moment = moment.astimezone(UTC)
    form = "%Y-%m-%dT%H:%M:%SZ" if moment.second else "%Y-%m-%dT%H:%MZ"
    return moment.strftime(form)


def likely_case_progression(venue, modes):
    """The DCF's likely case progression from the likely venue and the modes of trial of
    the offences; MISSING when they do not decide it."""
    indictable = "indictable_only" in modes
    if venue == Venue.CROWN:
        return "indictable_only" if indictable else \
            "either_way_and_likely_to_be_heard_in_the_crown_court"
    if modes and set(modes) <= {"summary_only"}:
        return "summary_only"
    if venue == Venue.MAGISTRATES and not indictable and modes:
        return "either_way_and_likely_to_remain_in_the_magistrates_court"
    if not venue and indictable:
        return "indictable_only"
    return MISSING


def _markers(case):
    order = dcf_schema()["definitions"][FIRST_HEARING]["properties"]["case_markers"]["items"]
    ours = {MARKERS_TO_DCF[m] for m in case.markers if m in MARKERS_TO_DCF}
    return [marker for marker in order["enum"] if marker in ours] or MISSING


def case_fields(facts):
    case = facts.case
    approval = facts.approval
    approved_on = timezone.localdate(approval.occurred_at) if approval else None
    return {
        ("pti_urn",): Mapped(case.urn),
        ("type",): Mapped(FIRST_HEARING),
        ("version",): Mapped(facts.files_sent + 1, source=facts.files_sent),
        ("brief_description_of_case",): Mapped(
            _text(facts.answer(SectionKind.CASE_SUMMARY, "summary"))),
        ("case_markers",): Mapped(_markers(case), source=sorted(case.markers)),
        ("likely_case_progression",): Mapped(
            likely_case_progression(case.likely_venue, facts.modes_of_trial),
            source=[case.likely_venue, facts.modes_of_trial]),
        ("officer_in_the_case",): Mapped(officer_name(case.officer_in_case)),
        ("signatory_name",): Mapped(officer_name(approval.actor) if approval else MISSING),
        ("date",): Mapped(approved_on.isoformat() if approved_on else MISSING),
        ("expert_evidence",): Mapped(_yes_no(facts.answer(DETAILS, "expert_evidence"))),
        ("test_code",): Mapped(_choice(facts, "test_code")),
        ("pca_cps",): Mapped(_yes_no(facts.answer(DETAILS, "pca_cps"))),
        ("property",): Mapped(_property(facts),
                              source=[facts.answer(DETAILS, name) for name in (
                                  "property", "property_outcome", "property_recovered_from",
                                  "property_damage", "property_damage_cost")]),
    }


# --- Answers only the DCF asks for (the cps_details section) ----------------------------

DETAILS = SectionKind.CPS_DETAILS


def _choice(facts, name):
    """A choice answer, if it is one of the field's choices (the DCF's own codes)."""
    value = facts.answer(DETAILS, name)
    allowed = {code for code, _ in section(DETAILS).field(name).choices}
    return value if value in allowed else MISSING


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()] \
        if isinstance(text, str) else []


def _property(facts):
    """The property listed, one item a line, numbered from 1, all with the one outcome
    given; MISSING when none is listed."""
    lines, outcome = _lines(facts.answer(DETAILS, "property")), _choice(facts, "property_outcome")
    if not lines:
        return MISSING
    extra = {}
    if outcome in ("stolen_recovered", "stolen_recovered_damaged"):
        extra["recovered_from"] = _text(facts.answer(DETAILS, "property_recovered_from"))
    if outcome in ("damaged", "stolen_recovered_damaged"):
        extra["damage_description"] = _text(facts.answer(DETAILS, "property_damage"))
        extra["damage_cost"] = _number(facts.answer(DETAILS, "property_damage_cost"))
    extra = {key: value for key, value in extra.items() if value is not MISSING}
    action = {"property_action": outcome} if outcome is not MISSING else {}
    return [{"property_id": number, **action, "description": line, **extra}
            for number, line in enumerate(lines, start=1)]


def _number(value):
    try:
        number = Decimal(str(value).replace(",", "").lstrip("£").strip())
    except (InvalidOperation, ValueError):
        return MISSING
    return int(number) if number == number.to_integral_value() else float(number)


def _property_ids(facts):
    items = _property(facts)
    return [item["property_id"] for item in items] if items is not MISSING else MISSING


def organisation_unit(text):
    """A CJS organisation unit typed as its four names separated by commas (as the
    import writes a court); MISSING unless there are exactly four."""
    parts = [part.strip() for part in text.split(",")] if isinstance(text, str) else []
    if len(parts) != 4 or not all(parts):
        return MISSING
    keys = ("ou_top_level_name", "ou_second_level_name", "ou_third_level_name",
            "ou_bottom_level_name")
    return dict(zip(keys, parts, strict=True))


def _court_order_applications(facts):
    order = _choice(facts, "court_order_application")
    if order is MISSING:
        return MISSING
    application = {"court_order_title": order}
    other = facts.answer(DETAILS, "court_order_title_other")
    if order == "other" and other:
        application["court_order_title_other"] = other
    return [application]


def _breach_of_order_fields(facts):
    breached = _yes_no(facts.answer(DETAILS, "breach_of_order"))
    if breached is not True:
        details = dict.fromkeys(("title", "title_other", "date_issued", "lapse_date",
                                 "court_issued"), MISSING)
    else:
        title = _choice(facts, "breach_order_title")
        details = {
            "title": title,
            "title_other": _text(facts.answer(DETAILS, "breach_order_title_other"))
            if title == "other" else MISSING,
            "date_issued": _text(facts.answer(DETAILS, "breach_order_date_issued")),
            "lapse_date": _text(facts.answer(DETAILS, "breach_order_lapse_date")),
            "court_issued": organisation_unit(facts.answer(DETAILS, "breach_order_court_unit")),
        }
    return {("breach_of_order",): Mapped(breached),
            **{(f"breach_order_{name}",): Mapped(value) for name, value in details.items()}}


def _first_defendant_fields(facts):
    """The defendant's own answers of the section: they are the first suspect's."""
    interpreter = _yes_no(facts.answer(DETAILS, "interpreter_required"))
    passports = _yes_no(facts.answer(DETAILS, "has_eec_passports"))
    reason = _choice(facts, "cc_not_suitable_reason")
    return {
        ("cc_not_suitable_reasons",): Mapped([reason] if reason is not MISSING else MISSING),
        ("occupation",): Mapped(_text(facts.answer(DETAILS, "occupation"))),
        ("has_eec_passports",): Mapped(passports),
        ("eec_check_submitted",): Mapped(
            _yes_no(facts.answer(DETAILS, "eec_check_submitted")) if passports else MISSING),
        ("foreign_national_offender",): Mapped(
            _yes_no(facts.answer(DETAILS, "foreign_national_offender"))),
        **_breach_of_order_fields(facts),
        ("court_order_applications",): Mapped(_court_order_applications(facts)),
        ("interpreter_required",): Mapped(interpreter),
        ("interpreter_language_or_dialect",): Mapped(
            _text(facts.answer(DETAILS, "interpreter_language")) if interpreter else MISSING),
        ("dealt_with_in_welsh",): Mapped(_yes_no(facts.answer(DETAILS, "dealt_with_in_welsh"))),
        ("given_charges",): Mapped(_yes_no(facts.answer(DETAILS, "given_charges"))),
        ("signed_charge_sheet",): Mapped(_yes_no(facts.answer(DETAILS, "signed_charge_sheet"))),
        ("date_sent",): Mapped(_text(facts.answer(DETAILS, "requisition_sent_on"))),
        ("signed_for_bail",): Mapped(_yes_no(facts.answer(DETAILS, "signed_for_bail"))),
    }


# --- Defendants and their offences -------------------------------------------------------

def _yes_no(value):
    return {"yes": True, "no": False}.get(value, MISSING)


def _interview_fields(facts):
    kind, no_comment = INTERVIEWS.get(facts.answer(SectionKind.CASE_SUMMARY, "interview_type"),
                                      (MISSING, MISSING))
    questions = _text(facts.answer(SectionKind.CASE_SUMMARY, "questions_asked"))
    standard = kind == STANDARD_INTERVIEW
    represented = _yes_no(facts.answer(SectionKind.CASE_SUMMARY, "legally_represented"))
    solicitor = facts.answer(SectionKind.CASE_SUMMARY, "solicitor_name")
    firm = facts.answer(SectionKind.CASE_SUMMARY, "solicitor_firm")
    with_solicitor = standard and represented is True
    return {
        ("interview", "date"): Mapped(
            _text(facts.answer(SectionKind.CASE_SUMMARY, "interview_date"))
            if standard else MISSING),
        ("interview", "defendant_legally_represented"): Mapped(
            represented if standard else MISSING),
        ("interview", "legally_represented_by"): Mapped(
            name_from_text(solicitor) if with_solicitor and solicitor else MISSING),
        ("interview", "legal_representative_firm"): Mapped(
            _text(firm) if with_solicitor else MISSING),
        ("interview", "special_warnings_given"): Mapped(_yes_no(
            facts.answer(SectionKind.CASE_SUMMARY, "special_warnings_given"))
            if standard else MISSING),
        ("interview", "type"): Mapped(kind),
        ("interview", "no_comment_response"): Mapped(no_comment),
        ("interview", "questions_asked"): Mapped(
            questions if kind == STANDARD_INTERVIEW else MISSING),
    }


NO_CONVICTIONS = {"none", "nil", "no", "no convictions", "no previous convictions", "nfr"}


def _has_convictions(facts):
    """Derived from the PNC record as typed: 'None' (or nil, no trace) is no convictions,
    anything else is some; MISSING when the PNC was not checked or nothing was typed."""
    record = facts.answer(SectionKind.PREVIOUS_CONVICTIONS, "pnc_convictions")
    checked = _yes_no(facts.answer(SectionKind.PREVIOUS_CONVICTIONS, "pnc_check_performed"))
    if checked is not True or not isinstance(record, str) or not record:
        return MISSING
    return record.lower().strip(" .") not in NO_CONVICTIONS


def _bail_conditions(facts):
    lines = _lines(facts.answer(SectionKind.CHARGES, "bail_conditions"))
    return [{"condition": line} for line in lines] or MISSING


def defendant_fields(facts, suspect):
    case, person = facts.case, suspect.person
    first = suspect.pk == facts.first_suspect_id
    arrested = case.arrested_at if first else None
    remand = facts.sections.get(SectionKind.REMAND_APPLICATION)
    return {
        ("name",): Mapped(person_name(person.surname, person.forenames)),
        ("date_of_birth",): Mapped(
            person.date_of_birth.isoformat() if person.date_of_birth else MISSING),
        ("arrest", "type"): Mapped("Arrest" if arrested else MISSING),
        ("arrest", "date_time"): Mapped(_utc_text(arrested) if arrested else MISSING),
        ("initiation_type",): Mapped(INITIATION.get(case.case_begins, MISSING)),
        ("person_remand_status",): Mapped(REMAND_STATUS.get(case.bail_status, MISSING)),
        ("bail_conditions",): Mapped(_bail_conditions(facts)),
        ("pnc_check_performed",): Mapped(_yes_no(
            facts.answer(SectionKind.PREVIOUS_CONVICTIONS, "pnc_check_performed"))),
        ("pnc_convictions",): Mapped(_has_convictions(facts),
                                     source=facts.answer(SectionKind.PREVIOUS_CONVICTIONS,
                                                         "pnc_convictions")),
        ("first_hearing_datetime",): Mapped(
            _text(facts.answer(SectionKind.CHARGES, "first_hearing_date"))),
        # The court's CJS organisation unit, as the officer gave it for the CPS; an
        # imported unit goes back while the court is as imported, and is dropped once the
        # court or its unit is changed.
        ("first_hearing_location",): Mapped(
            organisation_unit(facts.answer(DETAILS, "court_unit")),
            source=[facts.answer(SectionKind.CHARGES, "court"),
                    facts.answer(DETAILS, "court_unit")]),
        # Derived: conditional bail with its conditions listed has them provided.
        ("bail_conditions_provided",): Mapped(
            True if case.bail_status == BailStatus.CONDITIONAL_BAIL
            and _bail_conditions(facts) is not MISSING else MISSING),
        **(_first_defendant_fields(facts) if first else
           dict.fromkeys(_first_defendant_fields(facts), Mapped(MISSING))),
        # Likewise the remand application: the DCF's grounds are codes, ours are words.
        ("remand_application",): Mapped(
            MISSING, source=remand.data if (first and remand is not None) else None),
        **_interview_fields(facts),
    }


def offence_fields(facts, charged, group):
    offence = charged.offence
    day = charged.offence_date.isoformat() if charged.offence_date else MISSING
    return {
        ("type",): Mapped(group.item_type),
        ("cjs_offence_code",): Mapped(offence.cjs_code.lower()),
        ("offence", "type"): Mapped("Offence"),
        ("offence", "offence_title"): Mapped(offence.title),
        ("offence", "from_date"): Mapped(day),
        ("offence", "to_date"): Mapped(day),
        ("offence", "charge_wording"): Mapped(_text(charged.wording)),
        ("offence", "anticipated_plea"): Mapped(PLEAS.get(charged.anticipated_plea, MISSING)),
        ("offence", "charge_date"): Mapped(
            _text(facts.answer(SectionKind.CHARGES, "charge_date"))),
        ("offence", "reply_to_charge"): Mapped(
            _text(facts.answer(SectionKind.CHARGES, "reply_to_charge"))),
        ("offence", "points_to_prove_met_by"): Mapped(_text(charged.points_to_prove)),
        ("offence", "committed_on_bail"): Mapped(
            charged.committed_on_bail if charged.committed_on_bail is not None else MISSING),
        # Derived: a theft from a shop is of all the property listed for the CPS.
        ("property_ids",): Mapped(
            _property_ids(facts) if group.item_type == RETAIL_THEFT_OFFENCE else MISSING,
            source=[facts.answer(DETAILS, "property")]
            if group.item_type == RETAIL_THEFT_OFFENCE else None),
    }


def _fit_interview(defendant):
    """Keep only the interview fields its type allows (an officer may have changed a
    recorded interview to 'not interviewed')."""
    interview = defendant.get("interview")
    if not isinstance(interview, dict) or interview.get("type") not in (
            STANDARD_INTERVIEW, NOT_INTERVIEWED):
        return
    allowed = resolve({"$ref": f"#/definitions/{interview['type']}"}).get("properties", {})
    for key in [key for key in interview if key not in allowed]:
        del interview[key]


def _defendants(facts, carried):
    by_suspect = {entry.get("suspect"): entry for entry in carried if isinstance(entry, dict)}
    defendants = []
    for suspect in facts.suspects:
        entry = by_suspect.get(suspect.pk, {})
        defendant = carry.rebuild(entry, defendant_fields(facts, suspect))
        if not isinstance(defendant, dict):
            defendants.append(defendant)
            continue
        interview_type = get_path(defendant, ("interview", "type"))
        if interview_type is not MISSING and interview_type != entry.get("interview_type"):
            _fit_interview(defendant)
        groups = _offence_groups(facts, suspect, entry.get("offence_groups", []))
        if groups:
            defendant["offences"] = groups
        defendants.append(defendant)
    return defendants


def _offence_groups(facts, suspect, carried_groups):
    """The suspect's offences in their groups: the groups they came in, in order, then a
    group of the right kind for each offence added since."""
    placed = {}
    for group_index, group in enumerate(carried_groups):
        for item_index, entry in enumerate(group.get("offences", [])):
            placed[entry.get("charged")] = (group_index, item_index, entry)
    groups = [{"carried": group, "items": []} for group in carried_groups]
    for charged in suspect.offences.all():
        if charged.pk in placed:
            group_index, item_index, entry = placed[charged.pk]
            kind = group_by_list_key(carried_groups[group_index]["list_key"])
        else:
            kind = group_for_code(charged.offence.cjs_code)
            group_index = next((i for i, g in enumerate(groups)
                                if g["carried"]["list_key"] == kind.list_key), None)
            if group_index is None:
                groups.append({"carried": {"list_key": kind.list_key,
                                           "group": {"type": kind.type}}, "items": []})
                group_index = len(groups) - 1
            item_index, entry = 10**6 + charged.pk, {}
        item = carry.rebuild(entry, offence_fields(facts, charged, kind))
        groups[group_index]["items"].append((item_index, item))
    built = []
    for group in groups:
        if not group["items"]:
            continue
        body = copy.deepcopy(group["carried"].get("group", {}))
        body[group["carried"]["list_key"]] = [item for _, item in sorted(
            group["items"], key=lambda pair: pair[0])]
        built.append(body)
    return built


# --- Witnesses and recordings -----------------------------------------------------------

STATEMENT_WITNESS_TYPES = {code for code, _ in
                           section(SectionKind.WITNESS_STATEMENTS).field("witness_type").choices}


def _statement_answer(statements, name):
    """The first answer to a question among a witness's statements ("" for none)."""
    for data in statements:
        value = data.get(name)
        value = value.strip() if isinstance(value, str) else value
        if value not in ("", None):
            return value
    return ""


def _answer_yes_no(value):
    if isinstance(value, bool):
        return value
    return _yes_no(value.lower() if isinstance(value, str) else value)


def _statement_witness_fields(statements):
    """What a statement witness's statements give the DCF: their type, involvement and
    recorded interview as answered, and their evidence as the statements say it."""
    kind = _statement_answer(statements, "witness_type")
    evidence = "\n\n".join(text.strip() for data in statements
                            if isinstance(text := data.get("statement"), str) and text.strip())
    involvement = _statement_answer(statements, "involvement")
    recorded = _statement_answer(statements, "visually_recorded_interview")
    return {
        ("witness_type",): Mapped([kind] if kind in STATEMENT_WITNESS_TYPES else MISSING,
                                  source=kind or None),
        ("witness", "nature_of_involvement"): Mapped(_text(involvement)),
        ("witness", "evidence_they_can_give"): Mapped(_text(evidence)),
        ("visually_recorded_interview",): Mapped(_answer_yes_no(recorded),
                                                 source=recorded or None),
    }


def witness_fields(participant, statements=()):
    """A victim's or witness's fields; a statement witness's details come from their
    witness statements (``statements``: the answers of each, in order)."""
    fields = {
        ("type",): Mapped(WITNESS_TYPES.get(participant.role, MISSING),
                          source=participant.role),
        ("name",): Mapped(name_from_text(participant.name), source=participant.name),
    }
    if participant.role == ParticipantRole.WITNESS:
        fields.update(_statement_witness_fields(statements))
    return fields


def _witnesses(facts, carried):
    participants = {participant.pk: participant for participant in facts.participants}
    witnesses, linked = [], set()
    for entry in carried:
        if "participant" not in entry:
            witnesses.append(copy.deepcopy(entry.get("as_is")))
            continue
        participant = participants.get(entry["participant"])
        if participant is None:
            continue  # removed from the file since
        linked.add(participant.pk)
        witnesses.append(carry.rebuild(
            entry, witness_fields(participant, facts.statements_of(participant))))
    witnesses.extend(carry.rebuild({}, witness_fields(participant,
                                                      facts.statements_of(participant)))
                     for participant in facts.participants if participant.pk not in linked)
    return witnesses


def recording_fields(item):
    data = item.data if isinstance(item.data, dict) else {}
    return {
        ("id",): Mapped(_text(data.get("reference", ""))),
        ("description_of_what_is_contained_in_multimedia_evidence",): Mapped(
            _text(data.get("description", ""))),
    }


def _recordings(facts, carried):
    """Only exhibits that came as multimedia evidence: an exhibit added here may be a
    document or a physical item, and the DCF's list is of recordings."""
    items = {item.pk: item for item in facts.exhibits}
    recordings = []
    for entry in carried:
        if "item" not in entry:
            recordings.append(copy.deepcopy(entry.get("as_is")))
            continue
        item = items.get(entry["item"])
        if item is not None:
            recordings.append(carry.rebuild(entry, recording_fields(item)))
    return recordings


# --- Layout -----------------------------------------------------------------------------

def in_schema_order(node):
    """The document with each object's keys in the schema's order (a stored JSONB
    document loses the order it came in)."""
    if isinstance(node, dict):
        rank = property_rank()
        ordered = sorted(node.items(), key=lambda item: rank.get(item[0], len(rank)))
        return {key: in_schema_order(value) for key, value in ordered}
    if isinstance(node, list):
        return [in_schema_order(item) for item in node]
    return node
