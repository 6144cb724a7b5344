"""The case file as PDF: each section as the Manual of Guidance form it is, and the
bundle merged from them when the file is submitted.

Each section is laid out as its form (``FORMS``: MG4 charges, MG5 case summary, one MG11
per witness statement, MG12 exhibit list, the PNC record, ...): the form's number and
title box, the URN, the protective marking at the head and foot of every page and the
form's own "Page x of y", the defendant as the people index holds them, and labels only,
never the hints written for officers on screen. WeasyPrint renders each as tagged PDF
(a structure tree that a screen reader follows); pypdf's merging drops that tree, so
``_Structure`` carries each part's tree into the merged file.

WeasyPrint takes about a quarter of a second a page, too slow to render a 100-page file
while the officer waits. So each section is rendered in the background when it is
saved, and cached by its content hash. A form that shows more than its own section (the
defendant, the charges, who submitted and approved the file: ``Form.reads_the_file``)
is rendered again for the bundle, since what it shows can change while its section does
not; those are the short forms (MG4, MG5, the PNC record), and the long ones
(statements, the exhibit list) come from the cache. On submission the bundle is a merge
of a freshly rendered front sheet, the forms and the exhibits, with the URN and the
bundle's "Page N of M" drawn into each page's content stream, marked as an artifact.
Material that is not disclosable to the defence (MG3, MG6, MG6D/E, the CPS's details)
goes into a separate restricted PDF and never into the bundle.

Nothing here opens a database transaction around a render: a render holds no locks.
"""

import base64
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import structlog
from django.core.files.base import ContentFile
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from PIL import ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from athena.accounts.models import Rank
from athena.courts import court_name
from athena.pdf import content_hash, pdf_document
from athena.people.models import AddressType, PersonAddress
from cases import rules, selectors
from cases.constants import BailStatus, CaseBegins, Decider, Marker, Plea
from cases.forms import image_size_problem, open_exhibit_image
from cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseSection,
    FileSubmission,
    Participant,
    ParticipantRole,
)
from cases.parts import charge_wording, defendant_answers, offence_answers, person_key
from cases.sections import PARTS, SECTIONS, FieldType, PartKind, SectionKind
from cases.statutes import statute_for
from cases.validation import EXHIBIT_UNREADABLE, Problem, section_has_answers

log = structlog.get_logger(__name__)

FRONT_SHEET_TEMPLATE = "cases/pdf/front_sheet.html"
EXHIBIT_IMAGES_TEMPLATE = "cases/pdf/exhibit_images.html"
GENERIC_TEMPLATE = "cases/pdf/generic.html"
CHARGES_TEMPLATE = "cases/pdf/mg4.html"
STATEMENT_TEMPLATE = "cases/pdf/mg11.html"

# Part of a stored render's name: a render of an older layout is stale, whatever its
# content hash says. Change it when the forms' layout changes.
RENDER_LAYOUT = "nfs3"

# The bundle's order is the catalogue's (MG3, MG5, MG6, MG4, MG11, MG12...), the same in
# every file, whichever sections the rules asked for.
BUNDLE_ORDER = list(SECTIONS)
# Evidence the file holds goes into the bundle even when the rules did not ask for it (a
# statement taken in a guilty plea case): it is served, and the CPS reads it anyway.
EVIDENCE = (SectionKind.WITNESS_STATEMENTS, SectionKind.EXHIBITS)

IMAGE_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}
# An image is printed on an A4 page, where 300 dpi needs no more pixels than these (the
# page's width and height); a larger one is shrunk to fit before it is embedded, so a
# bundle stays small and quick to build, whatever the camera gave.
PRINTED_IMAGE_SIZE = (2480, 3508)
# EXIF orientations that turn the image a quarter: its stored width is printed as height.
_QUARTER_TURNS = {5, 6, 7, 8}
_EXIF_ORIENTATION = 0x0112
NOT_DISCLOSABLE = "NOT DISCLOSABLE"
# The protective marking (Government Security Classifications). A blank MG form prints
# "OFFICIAL-SENSITIVE (when complete)"; the forms of a bundle are complete, so they carry
# the marking itself.
OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"
RESTRICTED_MARKING = f"{OFFICIAL_SENSITIVE} – {NOT_DISCLOSABLE}"
NOT_RECORDED = "Not recorded"
# The written charge and requisition: the MG4 of a case begun by post.
REQUISITION = SectionKind.REQUISITION


@dataclass(frozen=True)
class Form:
    """The form a section is printed as: its number and title as the form has them."""

    number: str
    title: str
    template: str = GENERIC_TEMPLATE
    # Shows more than its section (the defendant, the charges, the sign-offs), so it is
    # rendered again for each bundle rather than taken from the cache.
    reads_the_file: bool = False
    legal_basis: str = ""


FORMS = {
    SectionKind.CHARGING_REPORT: Form(
        "MG3", "REPORT TO CROWN PROSECUTOR FOR CHARGING DECISION", reads_the_file=True),
    SectionKind.CASE_SUMMARY: Form("MG5", "CASE SUMMARY", "cases/pdf/mg5.html",
                                   reads_the_file=True),
    SectionKind.EVIDENCE_FOR_PROSECUTOR: Form("MG6", "CASE FILE INFORMATION"),
    SectionKind.CHARGES: Form("MG4", "CHARGE(S)", CHARGES_TEMPLATE, reads_the_file=True),
    # MG4E for an adult, MG4D for a youth (``_form``).
    REQUISITION: Form("MG4E", "WRITTEN CHARGE AND REQUISITION", CHARGES_TEMPLATE,
                                  reads_the_file=True),
    SectionKind.WITNESS_STATEMENTS: Form(
        "MG11", "WITNESS STATEMENT", STATEMENT_TEMPLATE,
        legal_basis="Criminal Procedure Rules, r 16.2; Criminal Justice Act 1967, s. 9"),
    SectionKind.EXHIBITS: Form("MG12", "EXHIBIT LIST", "cases/pdf/mg12.html"),
    SectionKind.PREVIOUS_CONVICTIONS: Form("PNC", "PREVIOUS CONVICTIONS", reads_the_file=True),
    SectionKind.VICTIM_PERSONAL_STATEMENT: Form("VPS", "VICTIM PERSONAL STATEMENT"),
    SectionKind.COMPENSATION: Form("MG19", "COMPENSATION CLAIM"),
    SectionKind.OFFENCES_TAKEN_INTO_CONSIDERATION: Form(
        "MG18", "OFFENCES TAKEN INTO CONSIDERATION", reads_the_file=True),
    SectionKind.STREAMLINED_DISCLOSURE: Form("SDC", "STREAMLINED DISCLOSURE CERTIFICATE"),
    SectionKind.UNUSED_NON_SENSITIVE: Form("MG6C", "SCHEDULE OF NON-SENSITIVE UNUSED MATERIAL"),
    SectionKind.UNUSED_SENSITIVE: Form(
        "MG6D/E", "SENSITIVE MATERIAL AND DISCLOSURE OFFICER'S REPORT"),
    SectionKind.REMAND_APPLICATION: Form("MG7", "REMAND APPLICATION", reads_the_file=True),
    SectionKind.CPS_DETAILS: Form("DCF", "CASE DETAILS FOR THE CPS",
                                  reads_the_file=True),
}

# Where each answer of the MG4 and MG5 goes; an answer of theirs placed nowhere here is
# still printed, under "Other details".
CASE_SUMMARY_INTERVIEW = ("interview_type", "not_interviewed_reason", "interview_date",
                          "legally_represented", "solicitor_name", "solicitor_firm",
                          "special_warnings_given", "interview_summary", "questions_asked")
CASE_SUMMARY_PLACED = ("summary", *CASE_SUMMARY_INTERVIEW)
CHARGES_PLACED = ("charge_date", "reply_to_charge", "bail_conditions", "first_hearing_date",
                  "first_hearing_time", "court", "requisition_date", "requisition_sent_on")
STATEMENT_PLACED = ("witness_name", "witness_role", "statement_date", "statement", "declaration",
                    "witness_under_18", "visually_recorded_interview")


class UnreadableExhibits(Exception):
    """An exhibit file could not be read; ``problems`` is {kind: [Problem]} for the
    officer, who must upload it again. Nothing was stored."""

    def __init__(self, problems):
        super().__init__(f"{sum(len(found) for found in problems.values())} exhibit(s) "
                         "could not be read")
        self.problems = problems


# --- What the forms show beyond their own section ------------------------------------

def file_facts(case, submission=None):
    """What the forms read beyond their own section, read once for a whole bundle: the
    defendants (the people index's name, date of birth, home address and PNC ID, and
    their own answers) and their charges with the statute each is contrary to and the
    particulars the file holds, the charges section's answers, who submitted the file
    (``submission``) and the supervisor who approved it since. Queries: a fixed few,
    whatever the file holds."""
    suspects = list(case.suspects.all())
    prefetch_related_objects([suspect.person for suspect in suspects], Prefetch(
        "addresses", to_attr="home_addresses",
        queryset=PersonAddress.objects.filter(address_type=AddressType.HOME)
        .select_related("location")))
    sections = {section.kind: section for section in case.sections.all()}
    offences = [charged for suspect in suspects for charged in suspect.offences.all()]
    # The property and its value are the file's, not one charge's: with one charge they
    # are its particulars, with more they are printed once for all.
    particulars = _file_particulars(case, sections)
    shared = len(offences) > 1
    # A case begun by post has a written charge and requisition where a charged one has
    # its charge sheet: the date, court and hearing are that section's.
    requisition = case.case_begins == CaseBegins.POSTAL_REQUISITION
    charging = REQUISITION if requisition else SectionKind.CHARGES
    return {
        "defendants": [_defendant(case, suspect, [] if shared else particulars)
                       for suspect in suspects],
        "requisition": requisition,
        "charges": _formatted(SECTIONS[charging], _section_data(sections, charging)),
        "shared_particulars": particulars if shared else [],
        "plea": dict(Plea.choices)[rules.anticipated_plea_for_file(
            charged.anticipated_plea for charged in offences)],
        "bail_status": dict(BailStatus.choices).get(case.bail_status, case.bail_status),
        "youth": Marker.YOUTH_SUSPECT in (case.markers or []),
        "custody_number": getattr(case.custody_record, "custody_number", ""),
        "officer": _signoff(case.officer_in_case),
        "submitted": _submitted(submission),
        "approved": _approved(case, submission),
    }


def _section_data(sections, kind):
    section = sections.get(kind)
    return section.data if section is not None else {}


def _formatted(definition, data):
    """{field: the answer as printed} of a section or part, unanswered fields left
    out."""
    shown = {}
    for question in definition.fields:
        value = answer_text(question, data.get(question.name))
        if value is not None:
            shown[question.name] = value
    return shown


def _date(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return dateformat.format(value, "j F Y")


def _defendant(case, suspect, particulars):
    person = suspect.person
    addresses = getattr(person, "home_addresses", [])
    return {
        "surname": person.surname.upper(),
        "forenames": person.forenames,
        "name": person.full_name,
        "date_of_birth": _date(person.date_of_birth),
        "pnc_id": person.pnc_id,
        "address_lines": addresses[0].location.lines if addresses else [],
        "answers": _formatted(PARTS[PartKind.DEFENDANT], defendant_answers(case, suspect)),
        "charges": [_charge(number, charged, particulars)
                    for number, charged in enumerate(suspect.offences.all(), start=1)],
    }


def _charge(number, charged, particulars):
    """One charge as the MG4 puts it: its wording as it is put to the defendant and the
    court (``cases.parts.charge_wording``: the particulars, dated, and "Contrary to" its
    statute), and the statute on its own line when the wording could not name it."""
    offence = charged.offence
    stored = offence_answers(charged)
    answers = _formatted(PARTS[PartKind.OFFENCE], stored)
    # Where it happened, when the file holds it (an offence's "place").
    place = str(stored.get("place") or "").strip()
    wording = charge_wording(stored, offence.cjs_code)
    return {
        "number": number,
        "title": offence.title,
        "cjs_code": offence.cjs_code,
        "wording": wording,
        "statute": statute_for(offence.cjs_code),
        "states_statute": "contrary to" in wording.lower(),
        "offence_date": answers.get("offence_date", ""),
        "committed_on_bail": answers.get("committed_on_bail", ""),
        "particulars": ([{"label": "Place", "value": place}] if place else []) + particulars,
    }


def _file_particulars(case, sections):
    """The particulars of the offences the file holds beyond each offence's own: the
    victims (the owner, in a theft) and the property with its value. The property is an
    answer of the details for the CPS; only what it was and its value are printed."""
    rows = []
    victims = [participant.name for participant in case.participants.all()
               if participant.role == ParticipantRole.VICTIM]
    if victims:
        rows.append({"label": "Owner or victim", "value": ", ".join(victims)})
    details = SECTIONS[SectionKind.CPS_DETAILS]
    data = _section_data(sections, SectionKind.CPS_DETAILS)
    shown = _formatted(details, data)
    for name in ("property", "property_damage"):
        if name in shown:
            rows.append({"label": details.field(name).label, "value": shown[name],
                         "long": True})
    value = case.loss_value if case.loss_value is not None else data.get(
        "property_damage_cost")
    if value is not None and str(value).strip():
        rows.append({"label": "Value", "value": _money(value)})
    return rows


def _money(value):
    try:
        return f"£{Decimal(str(value).strip()):,.2f}"
    except InvalidOperation:
        return str(value)


def _rank_and_number(user):
    return " ".join(part for part in (user.rank, user.collar_number) if part)


def _signoff(user, *, when=None, signed=""):
    if user is None:
        return None
    return {
        "name": user.get_full_name() or user.username,
        "rank_and_number": _rank_and_number(user),
        "rank": dict(Rank.choices).get(user.rank, ""),
        "date": _date(when),
        "signed": signed,
    }


def _submitted(submission):
    if submission is None:
        return None
    return _signoff(submission.submitted_by, when=submission.submitted_at,
                    signed="Signed electronically: submitted for review")


def _approved(case, submission):
    """The supervisor who approved the file since it was submitted (CaseEvent APPROVED),
    or None while it awaits review."""
    events = CaseEvent.objects.filter(case=case, kind=CaseEventKind.APPROVED)
    if submission is not None:
        events = events.filter(occurred_at__gte=submission.submitted_at)
    event = events.select_related("actor").order_by("-occurred_at", "-pk").first()
    if event is None or event.actor is None:
        return None
    return _signoff(event.actor, when=event.occurred_at,
                    signed="Signed electronically: file approved")


# --- Rendering sections -------------------------------------------------------------

def _form(kind, facts=None):
    """The form a section is printed as; a section the catalogue has gained since, as a
    form of its own title."""
    form = FORMS.get(kind) or Form("", SECTIONS[kind].title.upper(), reads_the_file=True)
    if kind == REQUISITION and (facts or {}).get("youth"):
        form = Form("MG4D", form.title, form.template, form.reads_the_file)
    return form


def render_section_pdf(section, *, facts=None):
    """Render one section as its form (each witness statement an MG11 of its own) to
    tagged PDF.

    Returns (pdf bytes, page count). Reads ``section.case`` and ``section.items``, which
    the caller should have loaded (select_related / prefetch_related); a form that reads
    the file reads ``facts`` (``file_facts``), or the file itself when not given.
    """
    if _form(section.kind).reads_the_file and facts is None:
        facts = file_facts(section.case)
    if section.kind == SectionKind.WITNESS_STATEMENTS:
        return _render_statements(section)
    form = _form(section.kind, facts)
    context = _form_context(section, form)
    context.update(_CONTEXTS.get(section.kind, _generic_context)(section, facts or {}))
    return _render(form.template, context)


def _form_context(section, form):
    definition = SECTIONS[section.kind]
    marking = OFFICIAL_SENSITIVE if definition.disclosable else RESTRICTED_MARKING
    return {
        "urn": section.case.urn,
        "urn_parts": urn_parts(section.case.urn),
        "form": form,
        "caption": definition.title,
        "marking": marking,
        "disclosable": definition.disclosable,
    }


def urn_parts(urn):
    """The URN in its boxes, as the forms print it: force, unit, number, year."""
    if len(urn) == 11:
        return [urn[:2], urn[2:4], urn[4:9], urn[9:]]
    return [urn]


def _render(template, context):
    # Only data: URIs (exhibit images we embed ourselves) may be fetched: nothing typed
    # into a form can make the renderer read a file or call a URL.
    document = pdf_document(render_to_string(template, context))
    return document.write_pdf(pdf_tags=True), len(document.pages)


def _rows(definition, data, names=None, *, leave_out=()):
    """The answered fields (``names``, or all but ``leave_out``), in catalogue order,
    as label and value: labels only, never a hint."""
    rows = []
    for question in definition.fields:
        if (names is not None and question.name not in names) or question.name in leave_out:
            continue
        value = answer_text(question, data.get(question.name))
        if value is not None:
            rows.append({"name": question.name, "label": question.label, "value": value,
                         "long": question.type == FieldType.LONG_TEXT})
    return rows


def _generic_context(section, facts):
    definition = SECTIONS[section.kind]
    form = _form(section.kind)
    return {"answers": _rows(definition, section.data),
            "defendants": facts.get("defendants", []) if form.reads_the_file else []}


def _case_summary_context(section, facts):
    definition = SECTIONS[section.kind]
    summary = definition.field("summary")
    return {
        "summary": {"label": summary.label,
                    "value": answer_text(summary, section.data.get("summary"))},
        "interview": _rows(definition, section.data, CASE_SUMMARY_INTERVIEW),
        "other_matters": _rows(definition, section.data, leave_out=CASE_SUMMARY_PLACED),
        **facts,
    }


def _charges_context(section, facts):
    """The MG4 (or the written charge and requisition): a sheet per defendant."""
    definition = SECTIONS[section.kind]
    defendants = facts.get("defendants") or [{"charges": [], "answers": {}}]
    return {
        **facts,
        "requisition": section.kind == REQUISITION,
        # The file holds one set of these answers: the first defendant's reply, bail and
        # hearing.
        "sheets": [{"defendant": defendant, "charges": defendant["charges"],
                    "holds_answers": number == 0}
                   for number, defendant in enumerate(defendants)],
        "charges": _formatted(definition, section.data),
        "other_answers": _rows(definition, section.data, leave_out=CHARGES_PLACED),
        "charging_officer": None,  # who charged is not held
    }


def _exhibits_context(section, facts):
    return {"exhibits": [
        {"number": number, "reference": str(item.data.get("reference") or "").strip(),
         "description": str(item.data.get("description") or "").strip(),
         "produced_by": str(item.data.get("produced_by") or "").strip(),
         "file_name": item.file_name if item.file else ""}
        for number, item in enumerate(section.items.all(), start=1)]}


_CONTEXTS = {
    SectionKind.CASE_SUMMARY: _case_summary_context,
    SectionKind.CHARGES: _charges_context,
    REQUISITION: _charges_context,
    SectionKind.EXHIBITS: _exhibits_context,
}


def _render_statements(section):
    """Each statement as an MG11 of its own (its own "Page x of y", the number of pages
    in its declaration), joined into one PDF with a bookmark per statement."""
    form = _form(section.kind)
    context = _form_context(section, form)
    items = list(section.items.all())
    if not items:
        return _render(GENERIC_TEMPLATE, {**context, "answers": [], "defendants": []})
    witnesses = _witnesses(section.case_id)
    parts = []
    for item in items:
        statement = _statement(section, item, witnesses)
        # The head of each page names the witness, as the form's continuation sheets do.
        caption = (f"Statement of {statement['witness_name']}" if statement["witness_name"]
                   else context["caption"])
        pdf, pages = _render_statement({**context, "caption": caption,
                                        "statement": statement})
        reader = PdfReader(io.BytesIO(pdf))
        parts.append(_Part(_item_heading(section.kind, item), reader, page_count=pages))
    writer = _join(parts)
    return _written(writer), len(writer.pages)


def _render_statement(context):
    """Render until the page count the declaration states is the statement's own (a
    second layout only when the first guess, one page, was wrong)."""
    count = 1
    for _attempt in range(3):
        document = pdf_document(render_to_string(STATEMENT_TEMPLATE,
                                                 {**context, "page_count": count}))
        if len(document.pages) == count:
            break
        count = len(document.pages)
    return document.write_pdf(pdf_tags=True), len(document.pages)


def _witnesses(case_id):
    """{name key: Participant} of the file's victims and witnesses, with the people
    index's record of those linked to it: whom each statement is of. One query."""
    participants = Participant.objects.filter(case_id=case_id).select_related("person")
    found = {}
    for participant in participants.order_by("pk"):
        found.setdefault(person_key(participant.name), participant)
        if participant.person is not None:
            found.setdefault(person_key(participant.person.full_name), participant)
    return found


def _witnesses_digest(case_id):
    """A short hash of what the MG11s read of the file's victims and witnesses: a stored
    render of the statements is stale when it changes, whatever the section's own
    content hash says."""
    return content_hash(sorted(
        [participant.pk, participant.role, participant.name, participant.under_18,
         participant.person.full_name if participant.person else "",
         str(participant.person.date_of_birth or "") if participant.person else ""]
        for participant in set(_witnesses(case_id).values())))[:10]


def _age(born, on):
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _statement(section, item, witnesses):
    """One MG11: the statement, and the witness's details as the file's victims and
    witnesses (its participants) hold them, matched by name."""
    definition = SECTIONS[section.kind]
    data = item.data

    def shown(name):
        return answer_text(definition.field(name), data.get(name)) or ""

    witness = witnesses.get(person_key(str(data.get("witness_name") or "")))
    person = witness.person if witness is not None else None
    born = person.date_of_birth if person is not None else None
    try:
        taken = date.fromisoformat(str(data.get("statement_date") or "").strip())
    except ValueError:
        taken = timezone.localdate()
    under_18 = shown("witness_under_18") == "Yes" or bool(witness and witness.under_18)
    if born is not None and _age(born, taken) < 18:
        age = f"{_age(born, taken)} (under 18)"
    elif under_18:
        age = "Under 18"
    elif shown("witness_under_18") == "No" or born is not None:
        age = "Over 18"
    else:
        age = NOT_RECORDED
    signed = shown("declaration") == "Yes"
    return {
        # As the witness gave it and signed: the index's record names them the same.
        "witness_name": shown("witness_name"),
        "role": witness.get_role_display() if witness is not None else shown("witness_role"),
        "age": age,
        "date": shown("statement_date"),
        "text": str(data.get("statement") or ""),
        "signed": "Signed by the witness" if signed else "Not signed",
        "visually_recorded": shown("visually_recorded_interview"),
        "details": _rows(definition, data, leave_out=STATEMENT_PLACED),
    }


def _render_is_current(section):
    """Whether the stored render is of the section's content, in this layout (and, for
    the statements, of the witnesses' details as the file now holds them)."""
    name = section.rendered_pdf.name or ""
    return (bool(name) and section.rendered_hash == section.content_hash
            and f"-{_render_tag(section)}" in name.rsplit("/", 1)[-1])


def _render_tag(section):
    """The part of a stored render's name that says what else it was rendered from."""
    if section.kind == SectionKind.WITNESS_STATEMENTS:
        return f"{RENDER_LAYOUT}-w{_witnesses_digest(section.case_id)}"
    return RENDER_LAYOUT


def render_section_if_stale(section, *, facts=None):
    """Render the section's PDF unless the stored one was rendered from its content.

    Returns True if it stored a new PDF. The write is conditional on the section still
    holding the content that was rendered (and no other render having stored a PDF
    meanwhile), so a slow render of old answers never replaces the PDF of newer ones;
    the loser's file is deleted. ``section`` is updated in memory to what is stored.
    """
    if _render_is_current(section):
        return False
    tag = _render_tag(section)  # before rendering: what the render may read
    pdf, pages = render_section_pdf(section, facts=facts)
    return _store_render(section, pdf, pages, tag=tag)


def _store_render(section, pdf, pages, *, tag=None):
    """Store ``pdf``, rendered from the content ``section`` holds in memory, as its
    render, if the section still holds that content (see render_section_if_stale).
    ``tag``: what else it was rendered from (``_render_tag``, taken before rendering)."""
    rendered_from = section.content_hash
    tag = tag or _render_tag(section)
    previous = section.rendered_pdf.name or ""
    storage = section.rendered_pdf.storage
    name = storage.save(
        f"cases/sections/{section.case.urn}-{section.kind}-{rendered_from[:12] or 'new'}"
        f"-{tag}.pdf", ContentFile(pdf))
    written = CaseSection.objects.filter(
        pk=section.pk, content_hash=rendered_from, rendered_pdf=previous
    ).update(rendered_pdf=name, rendered_pages=pages, rendered_hash=rendered_from)
    if not written:
        storage.delete(name)
        section.refresh_from_db(fields=["content_hash", "rendered_hash", "rendered_pdf",
                                        "rendered_pages"])
        log.info("cases.section.render_superseded", section_id=section.pk)
        return False
    if previous and previous != name:
        storage.delete(previous)
    section.rendered_pdf.name = name
    section.rendered_pages = pages
    section.rendered_hash = rendered_from
    return True


def _item_heading(kind, item):
    if kind == SectionKind.WITNESS_STATEMENTS:
        name = str(item.data.get("witness_name") or "").strip()
        return f"Witness statement {item.position}" + (f": {name}" if name else "")
    return _exhibit_heading(item)


def _exhibit_heading(item):
    reference = str(item.data.get("reference") or "").strip() or str(item.position)
    description = str(item.data.get("description") or "").strip()
    return f"Exhibit {reference}" + (f": {description}" if description else "")


_YES_NO = {"yes": "Yes", "true": "Yes", "no": "No", "false": "No"}


def answer_text(question, value):
    """The stored answer as text, as the bundle and the supervisor's review show it: what
    the officer typed when it is not a valid value (a draft keeps invalid input), and None
    when unanswered."""
    if value is None or not str(value).strip():
        return None
    text = str(value)
    if question.type == FieldType.YES_NO:
        return _YES_NO.get(text.strip().lower(), text)
    if question.type == FieldType.CHOICE:
        return dict(question.choices).get(text, text)
    if question.type == FieldType.DATE:
        try:
            return dateformat.format(date.fromisoformat(text.strip()), "j F Y")
        except ValueError:
            return text
    if question.type == FieldType.MONEY:
        return _money(text)
    if question.type == FieldType.COURT:
        return court_name(text.strip())
    return text


# --- Assembling the bundle ----------------------------------------------------------

@dataclass
class _Part:
    """One run of pages in a bundle, with the index entry that points at it."""

    title: str
    reader: PdfReader
    first_page: int = 0  # index of the first page within ``reader``
    page_count: int = 0
    indent: bool = False
    start: int = 0  # page number in the bundle, filled in by the layout
    # Rendered here: tagged, and marked at its head and foot by its own layout. An
    # exhibit's own PDF is neither.
    ours: bool = True
    bookmark: bool = True

    def pages(self):
        if self.reader is None:  # a heading in the index, with no pages of its own
            return []
        return self.reader.pages[self.first_page:self.first_page + self.page_count]


def assemble_bundle(case, submission, *, requirements=None, progress=None):
    """Merge the file's PDF bundle and store it on the submission.

    The bundle holds a front sheet with an index, each listed section with answers that
    is disclosable as its form (its cached render, rendered now if stale or if the form
    reads the file), the witness statements and exhibits the file holds, then the
    exhibit files. Sections that are not disclosable go into
    ``submission.restricted_bundle`` with a front sheet of their own, never into
    ``submission.bundle``. Every page carries the URN, the protective marking and "Page
    N of M". Re-running overwrites the submission's earlier bundle.

    ``case`` should come with its suspects, offences, sections and items prefetched
    (selectors). ``progress(fraction)`` is called with 0..1 as the work goes. Raises
    UnreadableExhibits, before storing anything, if an exhibit file cannot be read.
    """
    progress = progress or (lambda fraction: None)
    if requirements is None:
        requirements = rules.evaluate(selectors.case_facts(case))
    sections = _bundle_sections(case, requirements)
    disclosable = [s for s in sections if SECTIONS[s.kind].disclosable]
    restricted = [s for s in sections if not SECTIONS[s.kind].disclosable]
    exhibits = [item for s in disclosable if s.kind == SectionKind.EXHIBITS
                for item in s.items.all() if item.file]
    steps = len(sections) + len(exhibits) + 2
    done = 0

    def step():
        nonlocal done
        done += 1
        progress(min(done / steps, 1.0))

    exhibit_parts = _exhibit_parts(case, exhibits, step)
    if exhibit_parts:
        exhibit_parts.insert(0, _Part("Exhibit files", None))
    facts = file_facts(case, submission)
    section_parts = {}
    for section in sections:
        section_parts[section.pk] = _section_parts(section, facts)
        step()
    front = _front_sheet_context(case, requirements, facts)
    bundle_pdf, bundle_pages = _merge(
        case, front,
        [part for s in disclosable for part in section_parts[s.pk]] + exhibit_parts,
        restricted=False)
    step()
    restricted_pdf = None
    if restricted:
        restricted_pdf, _ = _merge(
            case, front, [part for s in restricted for part in section_parts[s.pk]],
            restricted=True)
    _store(submission, bundle_pdf, restricted_pdf, bundle_pages)
    step()
    return submission


def _bundle_sections(case, requirements):
    listed = set(requirements.listed_sections()) | set(EVIDENCE)
    by_kind = {s.kind: s for s in case.sections.all()}
    return [by_kind[kind] for kind in BUNDLE_ORDER
            if kind in listed and kind in by_kind and section_has_answers(by_kind[kind])]


def _section_parts(section, facts):
    """The section's runs of pages: the form, or a heading and one run per statement."""
    if _form(section.kind).reads_the_file:
        pdf, pages = render_section_pdf(section, facts=facts)
        if not _render_is_current(section):
            _store_render(section, pdf, pages)
    else:
        pdf = _cached_render(section)
    reader = PdfReader(io.BytesIO(pdf))
    title = SECTIONS[section.kind].title
    if section.kind == SectionKind.WITNESS_STATEMENTS:
        statements = _bookmarked_runs(reader)
        if statements:
            return [_Part(title, None)] + [
                _Part(heading, reader, first_page=first, page_count=count, indent=True)
                for heading, first, count in statements]
    return [_Part(title, reader, page_count=len(reader.pages))]


def _cached_render(section):
    render_section_if_stale(section)
    if _render_is_current(section):
        try:
            with section.rendered_pdf.open("rb") as stored:
                return stored.read()
        except FileNotFoundError:
            log.warning("cases.section.render_missing", section_id=section.pk)
    # The stored render is gone or was superseded: render what was validated.
    return render_section_pdf(section)[0]


def _bookmarked_runs(reader):
    """(title, first page, page count) of each top-level bookmark of ``reader``."""
    starts = [(item.title, reader.get_destination_page_number(item))
              for item in reader.outline if not isinstance(item, list)]
    ends = [first for _, first in starts[1:]] + [len(reader.pages)]
    return [(title, first, end - first) for (title, first), end in zip(starts, ends, strict=True)]


def _exhibit_parts(case, items, step):
    """Each exhibit file as a run of pages, in exhibit order: PDFs as they are, images
    one to a page (all rendered in one pass). Raises UnreadableExhibits."""
    problems = []
    loaded = []
    for item in items:
        try:
            content = _read_exhibit(item)
        except _Unreadable as error:
            problems.append(Problem(code=EXHIBIT_UNREADABLE, field="", message=str(error),
                                    kind=SectionKind.EXHIBITS, item=item.position))
            continue
        loaded.append((item, content))
        step()
    if problems:
        raise UnreadableExhibits({SectionKind.EXHIBITS.value: problems})
    images = [(item, content) for item, content in loaded if not isinstance(content, PdfReader)]
    image_parts = iter(_image_parts(case, images)) if images else iter(())
    return [
        _Part(_exhibit_heading(item), content, page_count=len(content.pages), indent=True,
              ours=False)
        if isinstance(content, PdfReader) else next(image_parts)
        for item, content in loaded
    ]


class _Unreadable(Exception):
    pass


def _read_exhibit(item):
    """A PdfReader for a PDF exhibit, or the checked bytes of an image exhibit."""
    described = f"{_exhibit_heading(item)} ({item.file_name or 'file'})"
    try:
        with item.file.open("rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        raise _Unreadable(f"{described}: the file is missing. Upload it again.") from None
    try:
        if item.file_type in IMAGE_TYPES:
            return _printable_image(content, item.file_type, described)
        reader = PdfReader(io.BytesIO(content))
        # Many PDFs are encrypted only to restrict printing or copying, with an empty
        # password to open them; those merge like any other.
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Unreadable(f"{described} is password protected. Upload a copy "
                              "without a password.")
        for page in reader.pages:
            page.get_contents()
        if not reader.pages:
            raise ValueError("no pages")
        return reader
    except _Unreadable:
        raise
    # A damaged file can make a parser fail in almost any way; whatever it raises, the
    # answer for the officer is the same.
    except Exception as error:  # noqa: BLE001
        log.info("cases.exhibit.unreadable", item_id=item.pk, error_type=type(error).__name__)
        raise _Unreadable(f"{described} could not be read: the file may be damaged. "
                          "Upload it again.") from None


def _printable_image(content, file_type, described):
    """The bytes of an image exhibit as the bundle embeds them: as stored when the image
    fits a printed page (PRINTED_IMAGE_SIZE), otherwise shrunk to fit and turned upright
    as its EXIF says (the copy keeps no EXIF).

    verify() checks the structure (a PNG's checksums); load() decodes the pixels, never
    more than the upload limit allows: a JPEG is decoded at 1/2, 1/4 or 1/8 scale when
    that still fills the page (``draft``), and an image stored before the limit that
    would still decode to more is refused. WeasyPrint lets Pillow accept a truncated
    image, so a cut-off JPEG is drawn with its missing part grey rather than refused.
    Raises _Unreadable, or what Pillow raises for a damaged file.
    """
    with open_exhibit_image(io.BytesIO(content), file_type) as image:
        image.verify()
    with open_exhibit_image(io.BytesIO(content), file_type) as image:
        width, height = image.size
        page_width, page_height = PRINTED_IMAGE_SIZE
        # Only when the header holds EXIF: a PNG's getexif() otherwise decodes the whole
        # image to look for it after the pixels.
        if "exif" in image.info and image.getexif().get(_EXIF_ORIENTATION) in _QUARTER_TURNS:
            page_width, page_height = page_height, page_width
        if width <= page_width and height <= page_height:
            image.load()
            return content
        scale = min(page_width / width, page_height / height)
        fitted = (max(1, round(width * scale)), max(1, round(height * scale)))
        image.draft(None, fitted)  # a JPEG's decoder scales; a PNG's cannot
        if image_size_problem(*image.size):
            problem = image_size_problem(width, height)
            raise _Unreadable(f"{described} is too large to print: {problem[0].lower()}"
                              f"{problem[1:]}. Upload a smaller copy.")
        image.load()
        icc_profile = image.info.get("icc_profile")
        printed = image
        if printed.mode == "1":
            printed = printed.convert("L")  # shrunk as grey, not by dropping pixels
        elif printed.mode == "P":
            printed = printed.convert("RGBA" if "transparency" in printed.info else "RGB")
        printed.thumbnail((page_width, page_height))
        printed = ImageOps.exif_transpose(printed)
        output = io.BytesIO()
        if file_type == "jpeg":
            printed.save(output, "JPEG", quality=85, icc_profile=icc_profile)
        else:
            printed.save(output, "PNG", icc_profile=icc_profile)
        return output.getvalue()


def _image_parts(case, images):
    exhibits = [
        {"heading": _exhibit_heading(item), "anchor": f"exhibit-{index}",
         "data_uri": f"data:{IMAGE_TYPES[item.file_type]};base64,"
                     f"{base64.b64encode(content).decode('ascii')}"}
        for index, (item, content) in enumerate(images)
    ]
    html = render_to_string(EXHIBIT_IMAGES_TEMPLATE, {
        "urn": case.urn, "exhibits": exhibits, "marking": OFFICIAL_SENSITIVE})
    document = pdf_document(html)
    starts = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, number)
    reader = PdfReader(io.BytesIO(document.write_pdf(pdf_tags=True)))
    firsts = [starts[exhibit["anchor"]] for exhibit in exhibits] + [len(document.pages)]
    return [
        _Part(exhibit["heading"], reader, first_page=first, page_count=after - first,
              indent=True)
        for exhibit, first, after in zip(exhibits, firsts, firsts[1:], strict=False)
    ]


def _front_sheet_context(case, requirements, facts):
    suspects = list(case.suspects.all())
    plea_labels = dict(Plea.choices)
    decider = requirements.charging.decider
    officer = case.officer_in_case
    return {
        "urn": case.urn,
        "urn_parts": urn_parts(case.urn),
        "suspects": [suspect.person.full_name for suspect in suspects],
        "offences": [
            {"title": charged.offence.title, "cjs_code": charged.offence.cjs_code,
             "plea": plea_labels.get(charged.anticipated_plea, charged.anticipated_plea)}
            for suspect in suspects for charged in suspect.offences.all()
        ],
        "decider": dict(Decider.choices).get(decider, decider) or "Not decided",
        "officer": getattr(officer, "display_name", "") or str(officer),
        "submitted": facts["submitted"],
        "approved": facts["approved"],
        "generated_at": timezone.localtime(),
    }


def _merge(case, front, parts, *, restricted):
    """The bundle's bytes and page count: front sheet, then ``parts``, stamped."""
    front_reader = _front_sheet(front, parts, restricted=restricted)
    parts = [_Part("Front sheet", front_reader, page_count=len(front_reader.pages),
                   bookmark=False), *parts]
    writer = _join(parts)
    _stamp_pages(writer, urn=case.urn, restricted=restricted,
                 ours=[part.ours for part in parts for _page in part.pages()])
    title = "material not disclosable" if restricted else "case file bundle"
    writer.add_metadata({"/Title": f"{case.urn} {title}"})
    return _written(writer), len(writer.pages)


def _front_sheet(front, parts, *, restricted):
    """Render the front sheet with the index's page numbers, which depend on how many
    pages the front sheet itself takes: guess one, and render again if it took more."""
    front_pages = 1
    marking = RESTRICTED_MARKING if restricted else OFFICIAL_SENSITIVE
    for _attempt in range(3):
        start = front_pages + 1
        for part in parts:
            part.start = start
            start += part.page_count
        index = [{"title": part.title, "page": part.start, "indent": part.indent}
                 for part in parts]
        pdf, pages = _render(FRONT_SHEET_TEMPLATE, {
            **front, "index": index, "restricted": restricted, "marking": marking})
        if pages == front_pages:
            break
        front_pages = pages
    return PdfReader(io.BytesIO(pdf))


def _join(parts):
    """A writer holding the pages of ``parts`` in order, with their structure trees
    merged into one and a bookmark for each part (a part indented under the one
    before)."""
    writer = PdfWriter()
    structure = _Structure(writer)
    firsts = []
    for part in parts:
        firsts.append(len(writer.pages))  # a heading's is its first entry's
        for page in part.pages():
            written = writer.add_page(page)
            if part.ours:
                structure.place(part.reader, page, written)
            _drop_structure_keys(written)
    structure.finish()
    parent = None
    last = max(len(writer.pages) - 1, 0)
    for part, first in zip(parts, firsts, strict=True):
        if not part.bookmark:
            continue
        if part.indent:
            writer.add_outline_item(title=part.title, page_number=min(first, last),
                                    parent=parent)
        else:
            parent = writer.add_outline_item(title=part.title, page_number=min(first, last))
    writer.root_object[NameObject("/Lang")] = TextStringObject("en-GB")
    writer.root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    return writer


def _drop_structure_keys(page):
    """An annotation's key into another file's structure tree means nothing here."""
    for annotation in page.get("/Annots", None) or ():
        annotation = annotation.get_object()
        if "/StructParent" in annotation:
            del annotation["/StructParent"]


def _written(writer):
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@dataclass
class _Structure:
    """The structure tree of a merged file: the tree of each part (its Document's
    children, and its pages' entries in the parent tree) under one Document.

    pypdf copies pages but not the structure tree, so without this a merged bundle is
    untagged however well its parts are. A part's tree is taken once all its pages are
    in (``finish``): its elements point at their pages, which must be copied first.
    """

    writer: PdfWriter
    pages: dict = field(default_factory=dict)  # id(reader): (reader, [(source, written)])

    def place(self, reader, source, written):
        self.pages.setdefault(id(reader), (reader, []))[1].append((source, written))

    def finish(self):
        trees = [(reader, placed) for reader, placed in self.pages.values()
                 if "/StructTreeRoot" in reader.root_object
                 and len(placed) == len(reader.pages)]
        if not trees:
            return
        writer = self.writer
        root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        root_reference = writer._add_object(root)  # pypdf has no public way to add one
        document = DictionaryObject({
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): root_reference,
            NameObject("/K"): ArrayObject(),
        })
        document_reference = writer._add_object(document)
        numbers = ArrayObject()
        identified = {}
        for number, (reader, placed) in enumerate(trees, start=1):
            taken = self._take(reader, placed, document, document_reference, numbers)
            _identify(taken, f"p{number}-", identified)
        root[NameObject("/K")] = ArrayObject([document_reference])
        root[NameObject("/ParentTree")] = DictionaryObject({NameObject("/Nums"): numbers})
        root[NameObject("/ParentTreeNextKey")] = NumberObject(len(numbers) // 2)
        if identified:
            root[NameObject("/IDTree")] = DictionaryObject({NameObject("/Names"): ArrayObject(
                item for key in sorted(identified)
                for item in (TextStringObject(key), identified[key]))})
        writer.root_object[NameObject("/StructTreeRoot")] = root_reference
        writer.root_object[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)})

    def _take(self, reader, placed, document, document_reference, numbers):
        tree = reader.root_object["/StructTreeRoot"].get_object()
        parent_tree = _number_tree(tree.get("/ParentTree"), {})
        documents = [kid for kid in _kids(tree.get("/K")) if isinstance(kid, IndirectObject)]
        entries = []
        for source, written in placed:
            key = source.get("/StructParents")
            if key is not None and int(key) in parent_tree:
                entries.append((written, parent_tree[int(key)]))
        # Whatever hangs from the part's Document hangs from ours once copied (its
        # children, and the elements of its page margins, which no Document lists).
        old_documents = {kid.idnum for kid in documents}
        for element in _elements(documents, entries):
            parent = element.get("/P")
            if isinstance(parent, IndirectObject) and parent.idnum in old_documents:
                element[NameObject("/P")] = document_reference
        taken = []
        for old in documents:
            for kid in _kids(old.get_object().get("/K")):
                if isinstance(kid, IndirectObject):
                    taken.append(kid.clone(self.writer))
        document["/K"].extend(taken)
        for written, entry in entries:
            written[NameObject("/StructParents")] = NumberObject(len(numbers) // 2)
            numbers.append(NumberObject(len(numbers) // 2))
            numbers.append(entry.clone(self.writer))
        return taken


def _identify(elements, prefix, found):
    """Prefix the identifiers of the copied ``elements`` and their descendants (a table
    header's, which its cells name in /Headers) with the part's ``prefix``: each part
    numbers its own from 1, and in one file they must differ. Collects {identifier:
    element} into ``found`` for the structure tree's IDTree."""
    stack = list(elements)
    while stack:
        reference = stack.pop()
        element = reference.get_object()
        if not isinstance(element, DictionaryObject):
            continue
        if "/ID" in element:
            identifier = TextStringObject(f"{prefix}{element['/ID']}")
            element[NameObject("/ID")] = identifier
            found[str(identifier)] = reference
        for attributes in _kids(element.get("/A")):
            attributes = attributes.get_object()
            if isinstance(attributes, DictionaryObject) and "/Headers" in attributes:
                attributes[NameObject("/Headers")] = ArrayObject(
                    TextStringObject(f"{prefix}{header}") for header in attributes["/Headers"])
        stack.extend(kid for kid in _kids(element.get("/K")) if isinstance(kid, IndirectObject))


def _kids(value):
    if value is None:
        return []
    resolved = value.get_object()
    return list(resolved) if isinstance(resolved, ArrayObject) else [value]


def _number_tree(node, found):
    """{key: value} of a number tree (its /Nums, and its /Kids' in turn)."""
    if node is None:
        return found
    node = node.get_object()
    numbers = node.get("/Nums")
    if numbers is not None:
        numbers = numbers.get_object()
        for index in range(0, len(numbers) - 1, 2):
            found[int(numbers[index])] = numbers[index + 1]
    for kid in node.get("/Kids", ()):
        _number_tree(kid, found)
    return found


def _elements(documents, entries):
    """The struct elements directly under the Documents, and those the pages' parent
    tree entries name."""
    for old in documents:
        for kid in _kids(old.get_object().get("/K")):
            if isinstance(kid, IndirectObject):
                yield kid.get_object()
    for _written_page, entry in entries:
        for item in _kids(entry):
            if isinstance(item, IndirectObject):
                resolved = item.get_object()
                if isinstance(resolved, DictionaryObject):
                    yield resolved


def _store(submission, bundle_pdf, restricted_pdf, pages):
    """Store the new files, point the submission at them, then delete its old ones."""
    storage = submission.bundle.storage
    stem = f"cases/bundles/{submission.case.urn}-submission-{submission.pk}"
    old = {submission.bundle.name, submission.restricted_bundle.name} - {"", None}
    bundle_name = storage.save(f"{stem}.pdf", ContentFile(bundle_pdf))
    restricted_name = (storage.save(f"{stem}-restricted.pdf", ContentFile(restricted_pdf))
                       if restricted_pdf is not None else "")
    FileSubmission.objects.filter(pk=submission.pk).update(
        bundle=bundle_name, restricted_bundle=restricted_name, bundle_pages=pages)
    submission.bundle.name = bundle_name
    submission.restricted_bundle.name = restricted_name
    submission.bundle_pages = pages
    for name in old - {bundle_name, restricted_name}:
        storage.delete(name)


def bundle_discard(submission):
    """Remove a submission's bundle (its file turned out not to be ready)."""
    old = {submission.bundle.name, submission.restricted_bundle.name} - {"", None}
    FileSubmission.objects.filter(pk=submission.pk).update(
        bundle="", restricted_bundle="", bundle_pages=0)
    submission.bundle.name = ""
    submission.restricted_bundle.name = ""
    submission.bundle_pages = 0
    for name in old:
        submission.bundle.storage.delete(name)


# --- The stamp: URN, marking and page number drawn into each page -------------------

# Helvetica is one of the PDF standard fonts every reader has, so the stamp embeds
# nothing. Widths (per 1000 units of the font size) from its AFM, to right-align text.
_STAMP_FONT_NAME = "/AthenaStamp"
_STAMP_SIZE = 9
_STAMP_MARGIN = 51  # points from the page's left, right and bottom edges (18 mm)
_RED = "0.69 0.05 0.12 rg"
_GREY = "0.2 0.2 0.2 rg"
_HELVETICA_WIDTHS = {
    **dict.fromkeys("0123456789", 556), " ": 278, "-": 333, "(": 333, ")": 333,
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               (667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
                667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611), strict=True)),
    **dict(zip("abcdefghijklmnopqrstuvwxyz",
               (556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
                556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500), strict=True)),
}


def _text_width(text):
    return sum(_HELVETICA_WIDTHS.get(character, 556) for character in text) * _STAMP_SIZE / 1000


def _pdf_text(text):
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def _stamp_pages(writer, *, urn, restricted, ours):
    """Stamp every page: the URN and the bundle's page number at the foot; on a page not
    rendered here (an exhibit's own PDF), the marking at its head and foot too; in the
    restricted bundle, NOT DISCLOSABLE on every page."""
    # One font object, shared: a font written into each page's resources directly would
    # be a font with no object number, which poppler then looks up by a number it made
    # up ("xref num 2 not found").
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    total = len(writer.pages)
    for number, (page, rendered_here) in enumerate(zip(writer.pages, ours, strict=True),
                                                   start=1):
        centre = NOT_DISCLOSABLE if restricted else ""
        head = ""
        if not rendered_here:
            centre = RESTRICTED_MARKING if restricted else OFFICIAL_SENSITIVE
            head = OFFICIAL_SENSITIVE
        _stamp(page, font, left=f"URN {urn}", right=f"Page {number} of {total}",
               centre=centre, head=head, centre_colour=_RED if restricted else _GREY)


def _stamp(page, font, *, left, right, centre="", head="", centre_colour=_GREY):
    """Draw the texts along the foot of the page (and ``head`` at its head), after its
    own content, marked as a pagination artifact so that a screen reader skips it.

    The page's content is wrapped in q/Q so whatever state it leaves (a flipped
    coordinate system, a colour) cannot move or hide the stamp. Parsing the content is
    not needed, which keeps this to about a millisecond a page.
    """
    if page.rotation:
        page.transfer_rotation_to_content()
    box = page.cropbox
    left_x, right_x = float(box.left), float(box.right)
    bottom_y, top_y = float(box.bottom), float(box.top)
    margin = min(_STAMP_MARGIN, (right_x - left_x) / 8)
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else None
    if fonts is None:
        fonts = DictionaryObject()
        resources[NameObject("/Font")] = fonts
    fonts[NameObject(_STAMP_FONT_NAME)] = font
    foot = bottom_y + _STAMP_MARGIN / 2
    texts = [(left_x + margin, foot, left, _GREY),
             (right_x - margin - _text_width(right), foot, right, _GREY)]
    if centre:
        texts.append(((left_x + right_x - _text_width(centre)) / 2, foot, centre,
                      centre_colour))
    if head:
        texts.append(((left_x + right_x - _text_width(head)) / 2,
                      top_y - _STAMP_MARGIN / 2 - _STAMP_SIZE, head, _GREY))
    stamp = b"".join(
        b"BT %s %d Tf %s %.2f %.2f Td (%s) Tj ET\n" % (
            _STAMP_FONT_NAME.encode(), _STAMP_SIZE, colour.encode(), x, y, _pdf_text(text))
        for x, y, text, colour in texts
    )
    contents = page.get_contents()
    original = contents.get_data() if contents is not None else b""
    combined = ContentStream(None, None)
    combined.set_data(b"q\n" + original + b"\nQ\n/Artifact <</Type /Pagination>> BDC\nq\n"
                      + stamp + b"Q\nEMC\n")
    page.replace_contents(combined.flate_encode())
