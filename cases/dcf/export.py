"""A case file as a CPS Digital Case File (DCF 1.2.2) document.

Only what the file holds goes in: where the DCF asks for something we do not hold, the
field is left out and the validation says so, at the section and field where the officer
supplies it. A file imported from a DCF also carries the facts our model has no place
for (``CaseFile.dcf_carried``, see carry.py); they go back where they came from.

What the model gives, field by field (each DCF path is relative to its entity). The file
rules (cases/rules_data) ask for each answer in the same terms, so a file they accept
exports as a valid document (tests/cases/test_ready_means_valid.py):

- case: ``pti_urn`` (the URN), ``type``, ``version`` (1 + files already sent to the CPS),
  ``brief_description_of_case`` (case summary), ``case_markers`` (the officer's markers
  that have a DCF marker, and those an offence has by definition), derived
  ``likely_case_progression`` (likely venue, plea and the offences' modes of trial),
  ``officer_in_the_case``, ``signatory_name`` (the officer in the case) and ``date`` (the
  file's last submission); from "Case details for the CPS" (``cps_details``) the case's
  ``expert_evidence``, ``test_code``, ``pca_cps`` and the property of a theft from a shop.
- each defendant (a suspect): name and date of birth (people index); their own answers
  from the defendant's page (``Suspect.answers``: occupation, nationality and passports,
  interpreter, Welsh, breach of a court order, conditional caution, court orders, the
  charge and bail signatures, the relationship in a domestic abuse case); the arrest (a
  charged defendant only: the first suspect's from the file's arrest time unless the
  officer gives another); ``initiation_type`` and, on a requisition, ``date_sent``;
  ``person_remand_status``; bail conditions (conditional bail only); the first hearing's
  date, time and court (``first_hearing_location``, the court's CJS organisation unit)
  from the charges or the written charge and requisition; PNC check (previous
  convictions); the interview (case summary: kind, date, solicitor, special warnings,
  the questions of a no-comment interview, the reason a suspect was not interviewed).
- each offence (a charged offence), in the group its code belongs to: code, title, date,
  the charge wording (``parts.charge_wording``: the particulars dated, with the statute),
  anticipated plea, charge date and reply (charges; the written charge's date on a
  requisition), ``points_to_prove_met_by`` and ``committed_on_bail``, and in a domestic
  abuse case the demeanour and children present (the offence's page); an assault's
  victim (the file's first victim).
- each witness (a victim or witness): kind and name; a statement witness's type, how they
  are involved and whether they gave a visually recorded interview are answers of their
  statement (the MG11 naming them); what they can give evidence of is the statement
  itself, never words of ours. A victim's Victims' Code and victim personal statement
  answers, and in a domestic abuse case whether their statement is a retraction.
- each recording (an exhibit imported as multimedia evidence): reference, description.

A field allowed only when another answer holds is given only then (``_given_only_if``),
and a value carried from an imported file gives way once that answer changes.
"""

import copy
import json
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.utils import timezone

from athena.courts import as_dcf_location
from cases.constants import BailStatus, CaseBegins, Decider, Marker, Plea, Venue
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
from cases.parts import (
    arrest_moment,
    charge_wording,
    defendant_answers,
    local_moment,
    offence_answers,
    person_key,
)
from cases.rules import decide_charge, markers_by_definition
from cases.sections import PARTS, VICTIM_WITNESS_TYPES, PartKind, SectionKind, section
from cases.selectors import case_facts

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
    # A prepared statement is the suspect's account: not a no-comment interview, even if
    # the questions after it went unanswered (the DCF requires the flag either way).
    "prepared_statement": (STANDARD_INTERVIEW, False),
    "not_interviewed": (NOT_INTERVIEWED, MISSING),
}
WITNESS_TYPES = {ParticipantRole.WITNESS: "StatementWitness",
                 ParticipantRole.VICTIM: "PersonVictim"}
REBUILT_LISTS = ("defendants", "witnesses", "multimedia_evidence")
RETAIL_THEFT_OFFENCE = "RetailTheftOffence"
ASSAULT_OFFENCE = "AssaultOffence"
ON_BAIL = (BailStatus.CONDITIONAL_BAIL, BailStatus.UNCONDITIONAL_BAIL)


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
    def cps_charged(self):
        """Whether the CPS decides the charge on this file (DG6, by the file rules)."""
        return decide_charge(case_facts(self.case)).decider == Decider.CPS

    @cached_property
    def begins_by_requisition(self):
        return self.case.case_begins == CaseBegins.POSTAL_REQUISITION

    @property
    def hearing_section(self):
        """Where the first hearing is fixed: the charge, or the written charge and
        requisition."""
        return SectionKind.REQUISITION if self.begins_by_requisition else SectionKind.CHARGES

    def hearing_answer(self, name):
        return self.answer(self.hearing_section, name)

    @cached_property
    def charge_date(self):
        return (self.answer(SectionKind.REQUISITION, "requisition_date")
                if self.begins_by_requisition
                else self.answer(SectionKind.CHARGES, "charge_date"))

    @cached_property
    def markers(self):
        """The file's markers: those the officer set and those its offences carry by
        their definition (controlling or coercive behaviour is domestic abuse)."""
        codes = [charged.offence.cjs_code for suspect in self.suspects
                 for charged in suspect.offences.all()]
        return frozenset(self.case.markers) | markers_by_definition(codes)

    @cached_property
    def victims(self):
        return [p for p in self.participants if p.role == ParticipantRole.VICTIM]

    @cached_property
    def latest_submission(self):
        return self.case.submissions.first()

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
            statements.setdefault(person_key(data.get("witness_name")), []).append(data)
        return statements

    def statements_of(self, participant):
        return self.statements.get(person_key(participant.name), []) \
            if person_key(participant.name) else []

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


def _markers(markers):
    order = dcf_schema()["definitions"][FIRST_HEARING]["properties"]["case_markers"]["items"]
    ours = {MARKERS_TO_DCF[m] for m in markers if m in MARKERS_TO_DCF}
    return [marker for marker in order["enum"] if marker in ours] or MISSING


def likely_venue(case, modes):
    """The venue the file is listed for: the Crown Court for an indictable-only offence,
    otherwise the one recorded, or the magistrates' court when none was (as the file
    rules read it)."""
    if "indictable_only" in modes:
        return Venue.CROWN
    return case.likely_venue or Venue.MAGISTRATES


def signed_on(facts):
    """The date the officer signs the file: when it was last submitted, or today."""
    submission = facts.latest_submission
    return timezone.localdate(submission.submitted_at if submission else timezone.now())


def case_fields(facts):
    case = facts.case
    return {
        ("pti_urn",): Mapped(case.urn),
        ("type",): Mapped(FIRST_HEARING),
        ("version",): Mapped(facts.files_sent + 1, source=facts.files_sent),
        ("brief_description_of_case",): Mapped(
            _text(facts.answer(SectionKind.CASE_SUMMARY, "summary"))),
        ("case_markers",): Mapped(_markers(facts.markers), source=sorted(facts.markers)),
        ("likely_case_progression",): Mapped(
            likely_case_progression(likely_venue(case, facts.modes_of_trial),
                                    facts.modes_of_trial),
            source=[case.likely_venue, facts.modes_of_trial]),
        ("officer_in_the_case",): Mapped(officer_name(case.officer_in_case)),
        # The officer in the case signs the file they submit.
        ("signatory_name",): Mapped(officer_name(case.officer_in_case)),
        ("date",): Mapped(signed_on(facts).isoformat()),
        ("expert_evidence",): Mapped(_yes_no(facts.answer(DETAILS, "expert_evidence"))),
        ("test_code",): Mapped(_choice(facts, "test_code")),
        # A charge the CPS decided is its pre-charge advice (the file rules do not ask).
        ("pca_cps",): Mapped(True if facts.cps_charged else _yes_no(
            facts.answer(DETAILS, "pca_cps"))),
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
    """A court as stored (its CJS organisation unit's four names, athena.courts) as the
    DCF's OrganisationLocation; MISSING unless it is one."""
    return as_dcf_location(text) or MISSING


def _choice_of(answers, name, part=PartKind.DEFENDANT):
    """A choice answer, if it is one of the question's choices (the DCF's own codes)."""
    value = answers.get(name, "")
    allowed = {code for code, _ in PARTS[part].field(name).choices}
    return value if value in allowed else MISSING


def _court_order_applications(answers):
    order = _choice_of(answers, "court_order_application")
    if order is MISSING:
        return MISSING
    application = {"court_order_title": order}
    other = _stripped(answers.get("court_order_title_other"))
    if order == "other" and other:
        application["court_order_title_other"] = other
    return [application]


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def _breach_of_order_fields(answers):
    breached = _yes_no(answers.get("breach_of_order"))
    if breached is not True:
        details = dict.fromkeys(("title", "title_other", "date_issued", "lapse_date",
                                 "court_issued"), MISSING)
    else:
        title = _choice_of(answers, "breach_order_title")
        details = {
            "title": title,
            "title_other": _text(_stripped(answers.get("breach_order_title_other")))
            if title == "other" else MISSING,
            "date_issued": _text(answers.get("breach_order_date_issued")),
            "lapse_date": _text(answers.get("breach_order_lapse_date")),
            "court_issued": organisation_unit(answers.get("breach_order_court_unit")),
        }
    return {("breach_of_order",): Mapped(breached),
            **{(f"breach_order_{name}",): Mapped(value) for name, value in details.items()}}


def _domestic_violence(facts, answers):
    """The defendant's relationship to each victim of a domestic abuse file, as far as it
    is answered."""
    if Marker.DOMESTIC_ABUSE not in facts.markers or not facts.victims:
        return MISSING
    relationship = {
        "relationship_description": _text(_stripped(answers.get("relationship_to_victim"))),
        "length_of_relationship": _number(answers.get("relationship_years")),
    }
    relationship = {key: value for key, value in relationship.items() if value is not MISSING}
    return [{"type": "DomesticViolence", "victim_name": name_from_text(victim.name),
             **relationship} for victim in facts.victims]


def defendant_own_fields(facts, suspect):
    """The defendant's own answers, from their page (``parts.defendant_answers``)."""
    answers = defendant_answers(facts.case, suspect)
    interpreter = _yes_no(answers.get("interpreter_required"))
    passports = _yes_no(answers.get("has_eec_passports"))
    reason = _choice_of(answers, "cc_not_suitable_reason")
    requisition = facts.begins_by_requisition
    # The DCF takes an arrest only of a defendant who was charged; its date and time, or
    # the date alone until the time is given (the file rules ask for both).
    arrested = None if requisition else arrest_moment(answers)
    arrest_text = _utc_text(arrested) if arrested else (
        _text(answers.get("arrest_date")) if not requisition else MISSING)
    return {
        ("arrest", "type"): Mapped("Arrest" if arrest_text is not MISSING else MISSING),
        ("arrest", "date_time"): Mapped(arrest_text),
        ("cc_not_suitable_reasons",): Mapped([reason] if reason is not MISSING else MISSING),
        ("occupation",): Mapped(_text(_stripped(answers.get("occupation")))),
        ("has_eec_passports",): Mapped(passports),
        ("eec_check_submitted",): _given_only_if(
            passports is True, _yes_no(answers.get("eec_check_submitted")),
            answers.get("has_eec_passports")),
        ("foreign_national_offender",): Mapped(_yes_no(answers.get("foreign_national_offender"))),
        **_breach_of_order_fields(answers),
        ("court_order_applications",): Mapped(_court_order_applications(answers)),
        ("interpreter_required",): Mapped(interpreter),
        ("interpreter_language_or_dialect",): _given_only_if(
            interpreter is True, _text(_stripped(answers.get("interpreter_language"))),
            answers.get("interpreter_required")),
        ("dealt_with_in_welsh",): Mapped(_yes_no(answers.get("dealt_with_in_welsh"))),
        ("given_charges",): Mapped(_yes_no(answers.get("given_charges"))),
        ("signed_charge_sheet",): Mapped(
            MISSING if requisition else _yes_no(answers.get("signed_charge_sheet"))),
        ("date_sent",): Mapped(
            _text(facts.answer(SectionKind.REQUISITION, "requisition_sent_on"))
            if requisition else MISSING),
        ("signed_for_bail",): Mapped(
            _yes_no(answers.get("signed_for_bail"))
            if facts.case.bail_status in ON_BAIL else MISSING),
        ("domestic_violence",): Mapped(_domestic_violence(facts, answers)),
    }


# --- Defendants and their offences -------------------------------------------------------

def _yes_no(value):
    return {"yes": True, "no": False}.get(value, MISSING)


def _given_only_if(condition, value, condition_answer):
    """A field the DCF allows only when another answer holds (``condition``). Its source
    names that answer too, so a value carried from an imported file gives way once the
    officer answers the question it depends on (see carry.py)."""
    given = value if condition else MISSING
    source = [condition_answer, given]
    return Mapped(given, source=json.loads(json.dumps(
        source, default=lambda missing: None)))


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
        ("interview", "legally_represented_by"): _given_only_if(
            with_solicitor and bool(solicitor), name_from_text(solicitor) if solicitor else MISSING,
            [kind, represented]),
        ("interview", "legal_representative_firm"): _given_only_if(
            with_solicitor, _text(firm), [kind, represented]),
        ("interview", "special_warnings_given"): Mapped(_yes_no(
            facts.answer(SectionKind.CASE_SUMMARY, "special_warnings_given"))
            if standard else MISSING),
        ("interview", "type"): Mapped(kind),
        ("interview", "no_comment_response"): Mapped(no_comment),
        ("interview", "questions_asked"): Mapped(
            questions if kind == STANDARD_INTERVIEW and no_comment is True else MISSING),
        ("interview", "reason"): Mapped(
            _text(facts.answer(SectionKind.CASE_SUMMARY, "not_interviewed_reason"))
            if kind == NOT_INTERVIEWED else MISSING),
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
    """The conditions of conditional bail, one a line; none on any other bail."""
    if facts.case.bail_status != BailStatus.CONDITIONAL_BAIL:
        return MISSING
    lines = _lines(facts.answer(SectionKind.CHARGES, "bail_conditions"))
    return [{"condition": line} for line in lines] or MISSING


def _first_hearing_datetime(facts):
    """The first hearing's date and time, as the charge or the requisition fixes it; the
    date alone until the time is given (the file rules ask for both)."""
    moment = local_moment(facts.hearing_answer("first_hearing_date"),
                          facts.hearing_answer("first_hearing_time"))
    if moment and facts.hearing_answer("first_hearing_time"):
        return _utc_text(moment)
    return _text(facts.hearing_answer("first_hearing_date"))


def defendant_fields(facts, suspect):
    case, person = facts.case, suspect.person
    first = suspect.pk == facts.first_suspect_id
    remand = facts.sections.get(SectionKind.REMAND_APPLICATION)
    court = facts.hearing_answer("court")
    return {
        ("name",): Mapped(person_name(person.surname, person.forenames)),
        ("date_of_birth",): Mapped(
            person.date_of_birth.isoformat() if person.date_of_birth else MISSING),
        ("initiation_type",): Mapped(INITIATION.get(case.case_begins, MISSING)),
        ("person_remand_status",): Mapped(REMAND_STATUS.get(case.bail_status, MISSING)),
        ("bail_conditions",): Mapped(_bail_conditions(facts)),
        ("pnc_check_performed",): Mapped(_yes_no(
            facts.answer(SectionKind.PREVIOUS_CONVICTIONS, "pnc_check_performed"))),
        ("pnc_convictions",): Mapped(_has_convictions(facts),
                                     source=facts.answer(SectionKind.PREVIOUS_CONVICTIONS,
                                                         "pnc_convictions")),
        ("first_hearing_datetime",): Mapped(_first_hearing_datetime(facts)),
        # The court's CJS organisation unit (athena.courts); an imported unit goes back
        # while the court is as imported, and is replaced once the court is changed.
        ("first_hearing_location",): Mapped(organisation_unit(court), source=court),
        # Derived: conditional bail with its conditions listed has them provided.
        ("bail_conditions_provided",): Mapped(
            True if case.bail_status == BailStatus.CONDITIONAL_BAIL
            and _bail_conditions(facts) is not MISSING else MISSING),
        **defendant_own_fields(facts, suspect),
        # The remand application is not rebuilt: the DCF's grounds are codes, ours are
        # words. An imported one goes back while the application is as imported.
        ("remand_application",): Mapped(
            MISSING, source=remand.data if (first and remand is not None) else None),
        **_interview_fields(facts),
    }


def _ages(text):
    return [age.strip() for age in str(text or "").split(",") if age.strip()] or MISSING


def _domestic_abuse_offence_fields(facts, answers):
    if Marker.DOMESTIC_ABUSE not in facts.markers:
        return dict.fromkeys((("offence", "demeanour_at_incident"),
                              ("offence", "children_present"),
                              ("offence", "ages_of_children")), Mapped(MISSING))
    present = _yes_no(answers.get("children_present"))
    return {
        ("offence", "demeanour_at_incident"): Mapped(
            _text(_stripped(answers.get("demeanour_at_incident")))),
        ("offence", "children_present"): Mapped(present),
        ("offence", "ages_of_children"): Mapped(
            _ages(answers.get("ages_of_children")) if present is True else MISSING),
    }


def offence_fields(facts, charged, group):
    offence = charged.offence
    answers = offence_answers(charged)
    day = charged.offence_date.isoformat() if charged.offence_date else MISSING
    victim = facts.victims[0] if facts.victims else None
    return {
        ("type",): Mapped(group.item_type),
        ("cjs_offence_code",): Mapped(offence.cjs_code.lower()),
        ("offence", "type"): Mapped("Offence"),
        ("offence", "offence_title"): Mapped(offence.title),
        ("offence", "from_date"): Mapped(day),
        ("offence", "to_date"): Mapped(day),
        ("offence", "charge_wording"): Mapped(
            _text(charge_wording(answers, offence.cjs_code)), source=charged.wording),
        ("offence", "anticipated_plea"): Mapped(PLEAS.get(charged.anticipated_plea, MISSING)),
        ("offence", "charge_date"): Mapped(_text(facts.charge_date)),
        ("offence", "reply_to_charge"): Mapped(
            MISSING if facts.begins_by_requisition else
            _text(facts.answer(SectionKind.CHARGES, "reply_to_charge"))),
        ("offence", "points_to_prove_met_by"): Mapped(_text(charged.points_to_prove)),
        ("offence", "committed_on_bail"): Mapped(
            charged.committed_on_bail if charged.committed_on_bail is not None else MISSING),
        **_domestic_abuse_offence_fields(facts, answers),
        # An assault names its victim: the file's (first) victim.
        ("victim_name",): Mapped(
            name_from_text(victim.name) if victim and group.item_type == ASSAULT_OFFENCE
            else MISSING),
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
    recorded = _statement_answer(statements, "visually_recorded_interview")
    return {
        ("witness_type",): Mapped([kind] if kind in STATEMENT_WITNESS_TYPES else MISSING,
                                  source=kind or None),
        **_evidence_fields(statements, ("witness",)),
        ("visually_recorded_interview",): Mapped(_answer_yes_no(recorded),
                                                 source=recorded or None),
    }


def _evidence_fields(statements, at):
    """How a witness is involved and what they can give evidence of: their statements."""
    evidence = "\n\n".join(text.strip() for data in statements
                            if isinstance(text := data.get("statement"), str) and text.strip())
    return {
        (*at, "nature_of_involvement"): Mapped(
            _text(_statement_answer(statements, "involvement"))),
        (*at, "evidence_they_can_give"): Mapped(_text(evidence)),
    }


VPS = SectionKind.VICTIM_PERSONAL_STATEMENT
VPS_READINGS = {code for code, _ in section(VPS).field("victim_wish_to_attend_court").choices}


def _victim_fields(facts, statements):
    """What a victim's statements and the victim personal statement section give the
    DCF (its ``Victim``): the victim's type, involvement and evidence, the Victims' Code
    and personal statement answers, and, in a domestic abuse file, whether the statement
    is a retraction."""
    kind = _statement_answer(statements, "witness_type")
    recorded = _statement_answer(statements, "visually_recorded_interview")
    made = _yes_no(facts.answer(VPS, "vps_made"))
    reading = facts.answer(VPS, "victim_wish_to_attend_court")
    retraction = _statement_answer(statements, "retraction")
    return {
        ("victim", "witness_type"): Mapped(
            [kind] if kind in VICTIM_WITNESS_TYPES else MISSING, source=kind or None),
        **_evidence_fields(statements, ("victim", "witness")),
        ("victim", "victim_code_requirements_met"): Mapped(
            _yes_no(facts.answer(VPS, "victims_code_met"))),
        ("victim", "has_the_victim_made_a_vps_isb"): Mapped(made),
        ("victim", "victim_wish_to_attend_court"): Mapped(
            reading if made is True and reading in VPS_READINGS else MISSING),
        ("victim", "is_retraction_statement"): Mapped(
            _answer_yes_no(retraction) if Marker.DOMESTIC_ABUSE in facts.markers
            else MISSING, source=retraction or None),
        ("visually_recorded_interview",): Mapped(_answer_yes_no(recorded),
                                                 source=recorded or None),
    }


def witness_fields(facts, participant):
    """A victim's or witness's fields; their details come from their statements (the
    statements naming them) and, for a victim, the victim personal statement section."""
    statements = facts.statements_of(participant)
    fields = {
        ("type",): Mapped(WITNESS_TYPES.get(participant.role, MISSING),
                          source=participant.role),
        ("name",): Mapped(name_from_text(participant.name), source=participant.name),
    }
    if participant.role == ParticipantRole.WITNESS:
        fields.update(_statement_witness_fields(statements))
    elif participant.role == ParticipantRole.VICTIM:
        fields.update(_victim_fields(facts, statements))
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
        witnesses.append(carry.rebuild(entry, witness_fields(facts, participant)))
    witnesses.extend(carry.rebuild({}, witness_fields(facts, participant))
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
