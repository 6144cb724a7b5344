"""A Digital Case File (DCF 1.2.2) imported as a new case file.

The document is checked first (schema and business rules) and then planned: every
offence looked up in the catalogue, every person matched on the people index, every
value checked against what our fields can hold. Only a plan without problems is written,
in one transaction: the people new to the index, the file, its suspects, offences,
victims and witnesses, sections and exhibits, what our model has no place for
(``dcf_carried``, see carry.py), the file's history line and the audit event. Any failure
leaves nothing behind.

A person's name and date of birth must pass the checks the people index's own form
applies (``athena.people.forms``: letters, spaces, hyphens and apostrophes; lengths; a
real date of birth in 1900 or later and not in the future), and a victim's or witness's
name the checks of the form that adds one (``cases.parties.forms``): the import stores
nothing an officer could not have typed. A date of birth that is not an ISO 8601 date
("1994/09/19", which the schema allows and the CPS's examples hold) is not read, as
before; it goes back to the CPS as it came.

A person is the same person on the index when surname, forenames (ignoring case and
spacing) and date of birth all match; without a date of birth a defendant is always put
on the index afresh, and a victim or witness is left unlinked.
"""

import copy
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import structlog
from django import forms
from django.db import transaction
from django.utils import timezone

from athena.audit.services import audit_record
from athena.offences.selectors import offence_get_by_code
from athena.people.forms import PersonForm
from athena.people.models import Person
from athena.people.services import person_create
from cases import selectors, services
from cases.constants import BailStatus, CaseBegins, Marker, Plea, Stage, Venue
from cases.dcf import carry
from cases.dcf.export import (
    REBUILT_LISTS,
    CaseFacts,
    case_fields,
    dcf_export,
    defendant_fields,
    offence_fields,
    recording_fields,
    witness_fields,
)
from cases.dcf.mapping import our_place
from cases.dcf.parse import dcf_parse
from cases.dcf.problems import DcfProblem
from cases.dcf.schema import group_by_list_key
from cases.dcf.validate import dcf_problems
from cases.dcf.words import field_words, format_path, place_words, shown
from cases.models import CaseEvent, CaseEventKind, CaseFile, Participant, ParticipantRole
from cases.parties import services as parties
from cases.parties.forms import ParticipantForm
from cases.sections import SectionKind, section

log = structlog.get_logger(__name__)

MARKERS_FROM_DCF = {
    "DomesticViolence": Marker.DOMESTIC_ABUSE,
    "ChildAbuse": Marker.CHILD_ABUSE,
    "CrimeAgainstAnOlderPerson": Marker.OLDER_VICTIM,
    "YoungWitnessInitiative": Marker.YOUNG_WITNESS,
    "DisabilityHateCrime": Marker.HATE_CRIME,
    "Homophobic": Marker.HATE_CRIME,
    "RacistCrime": Marker.HATE_CRIME,
    "ReligiousCrime": Marker.HATE_CRIME,
    "Transgender": Marker.HATE_CRIME,
}
# Most restrictive first: a file with one defendant in custody seeks a remand.
REMAND_FROM_DCF = {
    "custody": BailStatus.REMAND,
    "conditional_bail": BailStatus.CONDITIONAL_BAIL,
    "unconditional_bail": BailStatus.UNCONDITIONAL_BAIL,
    "not_applicable": BailStatus.NOT_APPLICABLE,
}
# A summons is not a postal requisition, but both mean the case did not begin by
# charge, which is what the file rules ask; the DCF value itself goes back on export.
CASE_BEGINS_FROM_DCF = {"charge": CaseBegins.CHARGE,
                        "requisition": CaseBegins.POSTAL_REQUISITION,
                        "summons": CaseBegins.POSTAL_REQUISITION}
VENUE_FROM_DCF = {
    "summary_only": Venue.MAGISTRATES,
    "either_way_and_likely_to_remain_in_the_magistrates_court": Venue.MAGISTRATES,
    "indictable_only": Venue.CROWN,
    "either_way_and_likely_to_be_heard_in_the_crown_court": Venue.CROWN,
}
PLEA_FROM_DCF = {"guilty": Plea.GUILTY, "not_guilty": Plea.NOT_GUILTY}
VICTIM_TYPES = {"PersonVictim", "OrganisationVictim"}
WITNESS_KINDS = {"StatementWitness", "NgapOtherWitness", "ExpertWitness"} | VICTIM_TYPES
ADULT_AGE = 18
LOSS_LIMIT = Decimal("9999999999.99")
IMPORT_JOB_RULE = "athena.import"
# The fields an officer types a person's details into. An imported value is cleaned by
# the same field, so the rules live in one place (athena/people/forms.py).
PERSON_FIELDS = PersonForm.base_fields
PARTICIPANT_NAME = ParticipantForm.base_fields["name"]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DcfImportRefused(Exception):
    """The document cannot be imported; ``problems`` (DcfProblem) say why."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the Digital Case File")
        self.problems = list(problems)


# --- Reading values ---------------------------------------------------------------------

def _as_dict(value):
    return value if isinstance(value, dict) else {}


def _as_list(value):
    return value if isinstance(value, list) else []


def _as_text(value):
    return value if isinstance(value, str) else ""


def _date(value):
    """A date from "2014-01-01" or the date part of "2014-01-01T12:00Z"; None otherwise."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _moment(value):
    """An aware date and time from ISO 8601 text with a time; naive means London."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _clean_name(text):
    return " ".join(text.split())


def _name_parts(name):
    """(surname, forenames) of a PersonName or OfficerName, or None if it is neither."""
    name = _as_dict(name)
    surname, given = name.get("surname"), name.get("given_name", [])
    if not isinstance(surname, str) or not isinstance(given, list) \
            or not all(isinstance(part, str) for part in given):
        return None
    return _clean_name(surname), _clean_name(" ".join(given))


def _name_text(name):
    """A victim or witness's name as one line, or "" when it is not a name."""
    name = _as_dict(name)
    if name.get("type") == "OrganisationName":
        return _clean_name(_as_text(name.get("organisation_name")))
    parts = _name_parts(name)
    if parts is None:
        return ""
    surname, forenames = parts
    rank = _as_text(name.get("rank")) if name.get("type") == "OfficerName" else ""
    return _clean_name(f"{rank} {forenames} {surname}")


# --- The plan ---------------------------------------------------------------------------

@dataclass
class OffencePlan:
    offence: object
    plea: str
    offence_date: date | None
    wording: str
    original: dict
    charged_id: int | None = None  # the ChargedOffence, once written


@dataclass
class GroupPlan:
    list_key: str
    residue: dict
    offences: list = field(default_factory=list)


@dataclass
class DefendantPlan:
    original: dict
    surname: str
    forenames: str
    date_of_birth: date | None
    person: object = None
    groups: list = field(default_factory=list)
    groups_parsed: bool = False
    suspect_id: int | None = None


@dataclass
class WitnessPlan:
    original: object
    role: str = ""
    name: str = ""
    under_18: bool = False
    person: object = None
    participant_id: int | None = None


@dataclass
class RecordingPlan:
    original: object
    data: dict | None = None
    item_id: int | None = None


@dataclass
class ImportPlan:
    details: dict
    sections: dict
    defendants: list
    witnesses: list
    recordings: list


class _Problems(list):
    def add(self, segments, rule, message):
        kind, field_name, page = our_place(segments)
        self.append(DcfProblem(path=format_path(segments), rule=rule, message=message,
                               section_kind=kind, field=field_name, page=page))

    def too_long(self, segments, text, limit):
        if len(text) > limit:
            self.add(segments, f"{IMPORT_JOB_RULE}.length",
                     f"{place_words(segments[:-1])}: the {field_words(segments[-1])} is "
                     f"{len(text):,} characters long; Athena holds at most {limit:,}.")
            return True
        return False

    def cleaned(self, segments, form_field, value, *, rule):
        """``value`` as ``form_field`` (a field of the form an officer would type it
        into) cleans it; None, with a problem at ``segments``, when the field refuses
        it."""
        try:
            return form_field.clean(value)
        except forms.ValidationError as error:
            message = error.messages[0]
            said = f" (it is {shown(value)})" if value else ""
            self.add(segments, f"{IMPORT_JOB_RULE}.{rule}",
                     f"{place_words(segments[:-1])}: {message[0].lower()}{message[1:]}"
                     f"{said}.")
            return None

    def date_of_birth(self, segments, value):
        """A date of birth checked as the person form checks one; None when it is
        missing, refused (with a problem) or not an ISO 8601 date (not read)."""
        if not isinstance(value, str) or not ISO_DATE.match(value):
            return None
        return self.cleaned(segments, PERSON_FIELDS["date_of_birth"], value[:10],
                            rule="date_of_birth")


def plan_import(document):
    """(ImportPlan, []) for a valid DCF document, or (None, problems) when something in
    it cannot be held: an offence not in the catalogue, a name too long, a defendant who
    is not a person. Reads the catalogue and the people index; writes nothing."""
    problems = _Problems()
    body = _as_dict(document.get("case"))
    defendants = [_plan_defendant(index, defendant, problems)
                  for index, defendant in enumerate(_as_list(body.get("defendants")))]
    if not defendants:
        problems.add(("case", "defendants"), f"{IMPORT_JOB_RULE}.defendants",
                     "The case has no defendants: there is no suspect to open a file for.")
    _check_same_person(defendants, problems)
    witnesses = [_plan_witness(index, witness, problems)
                 for index, witness in enumerate(_as_list(body.get("witnesses")))]
    recordings = [_plan_recording(recording)
                  for recording in _as_list(body.get("multimedia_evidence"))]
    sections = _plan_sections(body, problems)
    if problems:
        return None, list(problems)
    return ImportPlan(details=_plan_details(body), sections=sections, defendants=defendants,
                      witnesses=witnesses, recordings=recordings), []


def _plan_defendant(index, defendant, problems):
    where = ("case", "defendants", index)
    if not isinstance(defendant, dict):
        problems.add(where, f"{IMPORT_JOB_RULE}.defendant",
                     f"{place_words(where)} is not a person's details.")
        return None
    parts = _name_parts(defendant.get("name"))
    if parts is None or not parts[0]:
        problems.add((*where, "name"), f"{IMPORT_JOB_RULE}.name",
                     f"{place_words(where)}: the name must be a person's name, with a "
                     "surname and given names.")
        return None
    surname, forenames = parts
    long_name = problems.too_long((*where, "name", "surname"), surname,
                                  Person._meta.get_field("surname").max_length)
    long_name |= problems.too_long((*where, "name", "given_name"), forenames,
                                   Person._meta.get_field("forenames").max_length)
    name_refused = long_name or None in (
        problems.cleaned((*where, "name", "surname"), PERSON_FIELDS["surname"], surname,
                         rule="name"),
        problems.cleaned((*where, "name", "given_name"), PERSON_FIELDS["forenames"],
                         forenames, rule="name"))
    plan = DefendantPlan(original=defendant, surname=surname, forenames=forenames,
                         date_of_birth=problems.date_of_birth(
                             (*where, "date_of_birth"), defendant.get("date_of_birth")))
    if "offences" in defendant and defendant["offences"] != []:
        plan.groups_parsed = True
        plan.groups = _plan_offences(where, defendant["offences"], problems)
    if not name_refused:
        plan.person = _person_on_index(surname, forenames, plan.date_of_birth)
    return plan


def _person_on_index(surname, forenames, date_of_birth):
    if date_of_birth is None:
        return None
    return Person.objects.filter(surname__iexact=surname, forenames__iexact=forenames,
                                 date_of_birth=date_of_birth).order_by("pk").first()


def _check_same_person(defendants, problems):
    seen = {}
    for index, plan in enumerate(defendants):
        if plan is None or plan.date_of_birth is None:
            continue
        key = (plan.surname.lower(), plan.forenames.lower(), plan.date_of_birth)
        if key in seen:
            problems.add(("case", "defendants", index), f"{IMPORT_JOB_RULE}.same_person",
                         f"Defendants {seen[key] + 1} and {index + 1} have the same name and "
                         "date of birth: one person cannot be two suspects in a file.")
        seen.setdefault(key, index)


def _plan_offences(where, groups, problems):
    if not isinstance(groups, list):
        problems.add((*where, "offences"), f"{IMPORT_JOB_RULE}.offences",
                     f"{place_words(where)}: the offences must be a list of offence groups.")
        return []
    planned = []
    for group_index, group in enumerate(groups):
        at = (*where, "offences", group_index)
        lists = [key for key in _as_dict(group) if group_by_list_key(key) is not None]
        if len(lists) != 1 or not isinstance(group[lists[0]], list):
            problems.add(at, f"{IMPORT_JOB_RULE}.offence_group",
                         f"{place_words(at)} is not an offence group the DCF knows (generic, "
                         "assault or retail theft offences).")
            continue
        residue = {key: value for key, value in group.items() if key != lists[0]}
        plan = GroupPlan(list_key=lists[0], residue=copy.deepcopy(residue))
        for item_index, item in enumerate(group[lists[0]]):
            offence = _plan_offence((*at, lists[0], item_index), item, problems)
            if offence is not None:
                plan.offences.append(offence)
        planned.append(plan)
    return planned


def _plan_offence(at, item, problems):
    code = _as_dict(item).get("cjs_offence_code")
    if not isinstance(code, str) or not code.strip():
        problems.add((*at, "cjs_offence_code"), f"{IMPORT_JOB_RULE}.offence_code",
                     f"{place_words(at)}: the CJS offence code is missing.")
        return None
    offence = offence_get_by_code(code)
    if offence is None:
        problems.add((*at, "cjs_offence_code"), f"{IMPORT_JOB_RULE}.offence_code",
                     f"{place_words(at)}: the CJS offence code {shown(code)} is not in the "
                     "offence catalogue, so the offence cannot be charged here.")
        return None
    particulars = _as_dict(item.get("offence"))
    return OffencePlan(offence=offence,
                       plea=PLEA_FROM_DCF.get(particulars.get("anticipated_plea"), Plea.NOT_KNOWN),
                       offence_date=_date(particulars.get("from_date")),
                       wording=_as_text(particulars.get("charge_wording")),
                       original=item)


def _is_child(witness, date_of_birth):
    kinds = _as_list(witness.get("witness_type")) + _as_list(
        _as_dict(witness.get("victim")).get("witness_type"))
    if "child" in kinds:
        return True
    if date_of_birth is None:
        return False
    today = timezone.localdate()
    age = today.year - date_of_birth.year - (
        (today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    return age < ADULT_AGE


def _plan_witness(index, witness, problems):
    if not isinstance(witness, dict) or witness.get("type") not in WITNESS_KINDS:
        return WitnessPlan(original=witness)
    name = _name_text(witness.get("name"))
    if not name:
        return WitnessPlan(original=witness)
    where = ("case", "witnesses", index, "name")
    if not problems.too_long(where, name, Participant._meta.get_field("name").max_length):
        if _as_dict(witness.get("name")).get("type") == "OrganisationName":
            # The form for a victim is made for a person's name; an organisation's may
            # hold commas and digits ("TESCO, Anytown"), but no control character.
            if not name.isprintable():
                problems.add(where, f"{IMPORT_JOB_RULE}.name",
                             f"{place_words(where[:-1])}: the organisation's name must "
                             f"only include printable characters (it is {shown(name)}).")
        else:
            problems.cleaned(where, PARTICIPANT_NAME, name, rule="name")
    date_of_birth = problems.date_of_birth(("case", "witnesses", index, "date_of_birth"),
                                           witness.get("date_of_birth"))
    person = None
    parts = _name_parts(witness.get("name"))
    if _as_dict(witness.get("name")).get("type") == "PersonName" and parts:
        person = _person_on_index(*parts, date_of_birth)
    role = ParticipantRole.VICTIM if witness["type"] in VICTIM_TYPES else ParticipantRole.WITNESS
    return WitnessPlan(original=witness, role=role, name=name,
                       under_18=_is_child(witness, date_of_birth), person=person)


def _plan_recording(recording):
    """An exhibit for a recording whose reference and description fit our fields; any
    other goes back to the CPS as it came, without an exhibit here."""
    reference = _as_text(_as_dict(recording).get("id")).strip()
    description = _as_text(_as_dict(recording).get(
        "description_of_what_is_contained_in_multimedia_evidence"))
    exhibit = section(SectionKind.EXHIBITS)
    if not reference or len(reference) > exhibit.field("reference").max_length \
            or len(description) > exhibit.field("description").max_length:
        return RecordingPlan(original=recording)
    return RecordingPlan(original=recording,
                         data={"reference": reference, "description": description})


def _first_defendant(body):
    return _as_dict(next(iter(_as_list(body.get("defendants"))), None))


def _plan_details(body):
    first = _first_defendant(body)
    statuses = [REMAND_FROM_DCF[d.get("person_remand_status")]
                for d in map(_as_dict, _as_list(body.get("defendants")))
                if d.get("person_remand_status") in REMAND_FROM_DCF]
    order = list(REMAND_FROM_DCF.values())
    markers = [MARKERS_FROM_DCF[m] for m in _as_list(body.get("case_markers"))
               if isinstance(m, str) and m in MARKERS_FROM_DCF]
    details = {
        "stage": Stage.FIRST_HEARING,
        "markers": list(dict.fromkeys(markers)),
        "bail_status": min(statuses, key=order.index) if statuses
        else BailStatus.UNCONDITIONAL_BAIL,
        "case_begins": CASE_BEGINS_FROM_DCF.get(first.get("initiation_type"),
                                                CaseBegins.CHARGE),
        "likely_venue": VENUE_FROM_DCF.get(body.get("likely_case_progression"), ""),
        "arrested_at": _moment(_as_dict(first.get("arrest")).get("date_time")),
    }
    loss = _loss_value(body)
    if loss is not None:
        details["loss_value"] = loss
    return details


def _loss_value(body):
    """The value of the property stolen or damaged, from the DCF's property list."""
    amounts = []
    for item in map(_as_dict, _as_list(body.get("property"))):
        for key in ("value", "damage_cost"):
            amount = item.get(key)
            if isinstance(amount, int | float) and not isinstance(amount, bool):
                amounts.append(amount)
    if not amounts:
        return None
    try:
        total = sum(Decimal(str(amount)) for amount in amounts).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    return total if Decimal(0) <= total <= LOSS_LIMIT else None


def _interview_answers(interview):
    interview = _as_dict(interview)
    if interview.get("type") == "NotInterviewed":
        return {"interview_type": "not_interviewed"}
    if interview.get("type") != "StandardInterview":
        return {}
    answers = {}
    if isinstance(interview.get("no_comment_response"), bool):
        answers["interview_type"] = "no_comment" if interview["no_comment_response"] \
            else "full_account"
    if isinstance(interview.get("questions_asked"), str):
        answers["questions_asked"] = interview["questions_asked"]
    return answers


def _first_offence_value(body, key):
    for defendant in map(_as_dict, _as_list(body.get("defendants"))):
        for group in map(_as_dict, _as_list(defendant.get("offences"))):
            for items in group.values():
                for item in map(_as_dict, _as_list(items)):
                    value = _as_dict(item.get("offence")).get(key)
                    if isinstance(value, str) and value:
                        return value
    return ""


def _court_text(location):
    location = _as_dict(location)
    levels = [location.get(key) for key in ("ou_top_level_name", "ou_second_level_name",
                                            "ou_third_level_name", "ou_bottom_level_name")]
    return ", ".join(level.strip() for level in levels if isinstance(level, str) and
                     level.strip())


def _ground_words(code):
    return _as_text(code).replace("_", " ").capitalize()


def _remand_answers(remand):
    grounds = [_as_dict(ground) for ground in _as_list(_as_dict(remand).get(
        "substantial_grounds"))]
    if not grounds:
        return {}
    return {
        "grounds": "\n".join(_ground_words(g.get("opposition_ground")) for g in grounds),
        "reasons": "\n".join(f"{_ground_words(g.get('opposition_ground'))}: "
                             f"{_as_text(g.get('justification'))}" for g in grounds),
    }


def _plan_sections(body, problems):
    first = _first_defendant(body)
    conditions = [_as_text(_as_dict(c).get("condition"))
                  for c in _as_list(first.get("bail_conditions"))]
    pnc = first.get("pnc_check_performed")
    charge_date = _date(_first_offence_value(body, "charge_date"))
    hearing = _date(first.get("first_hearing_datetime"))
    sections = {
        SectionKind.CASE_SUMMARY: {"summary": _as_text(body.get("brief_description_of_case")),
                                   **_interview_answers(first.get("interview"))},
        SectionKind.CHARGES: {
            "charge_date": charge_date.isoformat() if charge_date else "",
            "reply_to_charge": _first_offence_value(body, "reply_to_charge"),
            "bail_conditions": "\n".join(c for c in conditions if c),
            "first_hearing_date": hearing.isoformat() if hearing else "",
            "court": _court_text(first.get("first_hearing_location")),
        },
        SectionKind.PREVIOUS_CONVICTIONS: {
            "pnc_check_performed": {True: "yes", False: "no"}.get(pnc, "")
            if isinstance(pnc, bool) else ""},
        SectionKind.REMAND_APPLICATION: _remand_answers(first.get("remand_application")),
    }
    planned = {}
    for kind, answers in sections.items():
        answers = {name: value for name, value in answers.items() if value}
        for name, value in answers.items():
            limit = section(kind).field(name).max_length
            if len(value) > limit:
                problems.add((), f"{IMPORT_JOB_RULE}.length",
                             f"The {section(kind).field(name).label.lower()} would be "
                             f"{len(value):,} characters long; Athena holds at most "
                             f"{limit:,}.")
        if answers:
            planned[kind] = answers
    return planned


# --- Writing ----------------------------------------------------------------------------

def dcf_import(*, acting_user, document, source_key=""):
    """A new case file from a DCF document, for the acting officer's force.

    Raises DcfImportRefused (with every problem) when the document breaks the DCF schema
    or business rules, or holds what the file cannot (an offence not in the catalogue).
    ``source_key`` names the upload it came from, so a job run twice finds its file.
    """
    problems = dcf_problems(document)
    if problems:
        raise DcfImportRefused(problems)
    return _import_checked(acting_user, document, source_key)


def _import_checked(acting_user, document, source_key):
    """dcf_import of a document already checked against the schema and rules."""
    if acting_user.force_id is None:
        raise DcfImportRefused([DcfProblem(
            path="", rule=f"{IMPORT_JOB_RULE}.force",
            message="Your account belongs to no force, so it cannot own a case file.")])
    plan, problems = plan_import(document)
    if problems:
        raise DcfImportRefused(problems)
    with transaction.atomic():
        case = _write(acting_user, plan)
        fresh = selectors.case_get(pk=case.pk)
        fresh.dcf_carried = _carried(fresh, plan, document)
        CaseFile.objects.filter(pk=case.pk).update(dcf_carried=fresh.dcf_carried)
        exact = carry.same(dcf_export(fresh), document)
        if not exact:
            log.warning("cases.dcf.import_not_exact", case_id=case.pk)
        _record(acting_user, fresh, plan, source_key=source_key, exact=exact)
    return fresh


def _write(acting_user, plan):
    people = [defendant.person or person_create(
        acting_user=acting_user, surname=defendant.surname, forenames=defendant.forenames,
        date_of_birth=defendant.date_of_birth) for defendant in plan.defendants]
    case = services.case_create(acting_user=acting_user, person=people[0], offences=[],
                                **plan.details)
    suspects = [case.suspects.get()]
    suspects += [parties.suspect_add(acting_user=acting_user, case=case, person=person)
                 for person in people[1:]]
    for defendant, suspect in zip(plan.defendants, suspects, strict=True):
        defendant.suspect_id = suspect.pk
        for group in defendant.groups:
            for offence in group.offences:
                offence.charged_id = parties.charged_offence_add_with_particulars(
                    acting_user=acting_user, case=case, suspect=suspect,
                    offence=offence.offence, plea=offence.plea,
                    offence_date=offence.offence_date, wording=offence.wording).pk
    for witness in plan.witnesses:
        if witness.role:
            witness.participant_id = parties.participant_add(
                acting_user=acting_user, case=case, role=witness.role, name=witness.name,
                person=witness.person, under_18=witness.under_18).pk
    for kind, answers in plan.sections.items():
        services.section_save(acting_user=acting_user, case=case, kind=kind, data=answers,
                              expected_version=0)
    for recording in plan.recordings:
        if recording.data is not None:
            recording.item_id = services.section_item_save(
                acting_user=acting_user, case=case, kind=SectionKind.EXHIBITS,
                data=recording.data).pk
    return case


def _carried(case, plan, document):
    facts = CaseFacts(case)
    body = document["case"]
    suspects = {suspect.pk: suspect for suspect in facts.suspects}
    participants = {participant.pk: participant for participant in facts.participants}
    exhibits = {item.pk: item for item in facts.exhibits}
    return {
        "format": carry.FORMAT,
        "top": {key: value for key, value in document.items() if key != "case"},
        "case": carry.carry({key: value for key, value in body.items()
                             if not (key in REBUILT_LISTS and isinstance(value, list))},
                            case_fields(facts)),
        "lists_present": {key: isinstance(body.get(key), list) for key in REBUILT_LISTS},
        "defendants": [_carried_defendant(facts, plan_entry, suspects[plan_entry.suspect_id])
                       for plan_entry in plan.defendants],
        "witnesses": [
            {"participant": witness.participant_id,
             **carry.carry(witness.original,
                           witness_fields(facts, participants[witness.participant_id]))}
            if witness.role else {"as_is": witness.original}
            for witness in plan.witnesses],
        "multimedia_evidence": [
            {"item": recording.item_id,
             **carry.carry(recording.original, recording_fields(exhibits[recording.item_id]))}
            if recording.data is not None else {"as_is": recording.original}
            for recording in plan.recordings],
    }


def _carried_defendant(facts, plan, suspect):
    original = {key: value for key, value in plan.original.items()
                if key != "offences" or not plan.groups_parsed}
    charged = {offence.pk: offence for offence in suspect.offences.all()}
    groups = []
    for group in plan.groups:
        kind = group_by_list_key(group.list_key)
        groups.append({"list_key": group.list_key, "group": group.residue, "offences": [
            {"charged": offence.charged_id,
             **carry.carry(offence.original,
                           offence_fields(facts, charged[offence.charged_id], kind))}
            for offence in group.offences]})
    return {
        "suspect": suspect.pk,
        "interview_type": _as_dict(plan.original.get("interview")).get("type"),
        "offence_groups": groups,
        **carry.carry(original, defendant_fields(facts, suspect)),
    }


def _record(acting_user, case, plan, *, source_key, exact):
    counts = {
        "defendants": len(plan.defendants),
        "offences": sum(len(g.offences) for d in plan.defendants for g in d.groups),
        "witnesses": sum(1 for w in plan.witnesses if w.role),
        "recordings": sum(1 for r in plan.recordings if r.data is not None),
    }
    details = {**counts, "upload": source_key, "exact_round_trip": exact}
    CaseEvent.objects.create(case=case, kind=CaseEventKind.IMPORTED, actor=acting_user,
                             comment="Imported from a Digital Case File (DCF 1.2.2).",
                             details=details)
    audit_record(actor=acting_user, action="cases.case.imported", obj=case, details=details)


# --- From a file ------------------------------------------------------------------------

def dcf_import_file(*, acting_user, source, source_key="", progress=None):
    """(case file, []) from a DCF file's bytes or binary file object, or (None, problems)
    when it cannot be read or imported. ``progress(percent)`` is told how far it got."""
    report = progress or (lambda percent: None)
    document, problems = dcf_parse(source)
    report(30)
    if document is None:
        return None, problems
    problems = dcf_problems(document)
    report(60)
    if problems:
        return None, problems
    try:
        case = _import_checked(acting_user, document, source_key)
    except DcfImportRefused as refused:
        return None, refused.problems
    report(95)
    return case, []
