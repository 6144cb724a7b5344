"""The case file as PDF: each section rendered when it is saved, and the bundle merged
from those renders when the file is submitted.

WeasyPrint takes about a quarter of a second a page, far too slow to render a 100-page
file while the officer waits. So each section is rendered in the background when it is
saved, and cached by its content hash; on submission the bundle is a merge (pypdf) of a
freshly rendered front sheet, the cached sections and the exhibits, with the URN and
"Page N of M" drawn straight into each page's content stream. Material that is not
disclosable to the defence (MG3, MG6, MG6D/E) goes into a separate restricted PDF and
never into the bundle.

Nothing here opens a database transaction around a render: a render holds no locks.
"""

import base64
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import structlog
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from athena.pdf import pdf_document
from cases import rules, selectors
from cases.constants import Decider, Plea
from cases.models import CaseSection, FileSubmission
from cases.sections import SECTIONS, FieldType, SectionKind
from cases.validation import EXHIBIT_UNREADABLE, Problem, section_has_answers

log = structlog.get_logger(__name__)

SECTION_TEMPLATE = "cases/pdf/section.html"
FRONT_SHEET_TEMPLATE = "cases/pdf/front_sheet.html"
EXHIBIT_IMAGES_TEMPLATE = "cases/pdf/exhibit_images.html"

# The bundle's order is the catalogue's (MG3, MG5, MG6, MG4, MG11, MG12...), the same in
# every file, whichever sections the rules asked for.
BUNDLE_ORDER = list(SECTIONS)

IMAGE_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}
NOT_DISCLOSABLE = "NOT DISCLOSABLE"


class UnreadableExhibits(Exception):
    """An exhibit file could not be read; ``problems`` is {kind: [Problem]} for the
    officer, who must upload it again. Nothing was stored."""

    def __init__(self, problems):
        super().__init__(f"{sum(len(found) for found in problems.values())} exhibit(s) "
                         "could not be read")
        self.problems = problems


# --- Rendering sections -------------------------------------------------------------

def render_section_pdf(section):
    """Render one section (its answers, or each statement or exhibit in turn) to PDF.

    Returns (pdf bytes, page count). Reads ``section.case`` and ``section.items``, which
    the caller should have loaded (select_related / prefetch_related).
    """
    definition = SECTIONS[section.kind]
    context = {
        "urn": section.case.urn,
        "title": definition.title,
        "kind": section.kind,
        "disclosable": definition.disclosable,
        "repeatable": definition.repeatable,
    }
    if definition.repeatable:
        context["items"] = [
            {"heading": _item_heading(section.kind, item),
             "answers": _answers(definition, item.data),
             "file_name": item.file_name if item.file else ""}
            for item in section.items.all()
        ]
    else:
        context["answers"] = _answers(definition, section.data)
    return _render_html(render_to_string(SECTION_TEMPLATE, context))


def render_section_if_stale(section):
    """Render the section's PDF unless the stored one was rendered from its content.

    Returns True if it stored a new PDF. The write is conditional on the section still
    holding the content that was rendered (and no other render having stored a PDF
    meanwhile), so a slow render of old answers never replaces the PDF of newer ones;
    the loser's file is deleted. ``section`` is updated in memory to what is stored.
    """
    rendered_from = section.content_hash
    if section.rendered_pdf and section.rendered_hash == rendered_from:
        return False
    previous = section.rendered_pdf.name or ""
    pdf, pages = render_section_pdf(section)
    storage = section.rendered_pdf.storage
    name = storage.save(
        f"cases/sections/{section.case.urn}-{section.kind}-{rendered_from[:12] or 'new'}.pdf",
        ContentFile(pdf))
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


def _render_html(html):
    # Only data: URIs (exhibit images we embed ourselves) may be fetched: nothing typed
    # into a form can make the renderer read a file or call a URL.
    document = pdf_document(html)
    return document.write_pdf(), len(document.pages)


def _item_heading(kind, item):
    if kind == SectionKind.WITNESS_STATEMENTS:
        name = str(item.data.get("witness_name") or "").strip()
        return f"Witness statement {item.position}" + (f": {name}" if name else "")
    return _exhibit_heading(item)


def _exhibit_heading(item):
    reference = str(item.data.get("reference") or "").strip() or str(item.position)
    description = str(item.data.get("description") or "").strip()
    return f"Exhibit {reference}" + (f": {description}" if description else "")


def _answers(definition, data):
    """The answered fields, in catalogue order, as the reader should see them."""
    answers = []
    for question in definition.fields:
        value = answer_text(question, data.get(question.name))
        if value is None:
            continue
        answers.append({
            "label": question.label,
            # A yes/no hint is what the officer or witness affirmed (the MG11
            # declaration), so it is part of the answer.
            "hint": question.hint if question.type == FieldType.YES_NO else "",
            "value": value,
            "long": question.type == FieldType.LONG_TEXT,
        })
    return answers


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
        try:
            return f"£{Decimal(text.strip()):,.2f}"
        except InvalidOperation:
            return text
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

    def pages(self):
        if self.reader is None:  # a heading in the index, with no pages of its own
            return []
        return self.reader.pages[self.first_page:self.first_page + self.page_count]


def assemble_bundle(case, submission, *, requirements=None, progress=None):
    """Merge the file's PDF bundle and store it on the submission.

    The bundle holds a front sheet with an index, each listed section with answers that
    is disclosable (its cached render, rendered now if stale), then the exhibit files.
    Sections that are not disclosable go into ``submission.restricted_bundle`` with a
    front sheet of their own, never into ``submission.bundle``. Every page carries the
    URN and "Page N of M". Re-running overwrites the submission's earlier bundle.

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
    section_parts = {}
    for section in sections:
        section_parts[section.pk] = _section_part(section)
        step()
    front = _front_sheet_context(case, requirements)
    bundle_pdf, bundle_pages = _merge(
        case, front, [section_parts[s.pk] for s in disclosable] + exhibit_parts,
        restricted=False)
    step()
    restricted_pdf = None
    if restricted:
        restricted_pdf, _ = _merge(case, front, [section_parts[s.pk] for s in restricted],
                                   restricted=True)
    _store(submission, bundle_pdf, restricted_pdf, bundle_pages)
    step()
    return submission


def _bundle_sections(case, requirements):
    listed = set(requirements.listed_sections())
    by_kind = {s.kind: s for s in case.sections.all()}
    return [by_kind[kind] for kind in BUNDLE_ORDER
            if kind in listed and kind in by_kind and section_has_answers(by_kind[kind])]


def _section_part(section):
    render_section_if_stale(section)
    pdf = None
    if section.rendered_pdf and section.rendered_hash == section.content_hash:
        try:
            with section.rendered_pdf.open("rb") as stored:
                pdf = stored.read()
        except FileNotFoundError:
            log.warning("cases.section.render_missing", section_id=section.pk)
    if pdf is None:
        # The stored render is gone or was superseded: render what was validated.
        pdf, _ = render_section_pdf(section)
    reader = PdfReader(io.BytesIO(pdf))
    return _Part(SECTIONS[section.kind].title, reader, page_count=len(reader.pages))


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
        _Part(_exhibit_heading(item), content, page_count=len(content.pages), indent=True)
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
            # verify() checks the structure (a PNG's checksums); load() decodes the
            # pixels. WeasyPrint lets Pillow accept a truncated image, so a cut-off
            # JPEG is drawn with its missing part grey rather than refused.
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()
            return content
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


def _image_parts(case, images):
    exhibits = [
        {"heading": _exhibit_heading(item), "anchor": f"exhibit-{index}",
         "data_uri": f"data:{IMAGE_TYPES[item.file_type]};base64,"
                     f"{base64.b64encode(content).decode('ascii')}"}
        for index, (item, content) in enumerate(images)
    ]
    html = render_to_string(EXHIBIT_IMAGES_TEMPLATE, {"urn": case.urn, "exhibits": exhibits})
    document = pdf_document(html)
    starts = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, number)
    reader = PdfReader(io.BytesIO(document.write_pdf()))
    firsts = [starts[exhibit["anchor"]] for exhibit in exhibits] + [len(document.pages)]
    return [
        _Part(exhibit["heading"], reader, first_page=first, page_count=after - first,
              indent=True)
        for exhibit, first, after in zip(exhibits, firsts, firsts[1:], strict=False)
    ]


def _front_sheet_context(case, requirements):
    suspects = list(case.suspects.all())
    plea_labels = dict(Plea.choices)
    decider = requirements.charging.decider
    officer = case.officer_in_case
    return {
        "urn": case.urn,
        "suspects": [suspect.person.full_name for suspect in suspects],
        "offences": [
            {"title": charged.offence.title, "cjs_code": charged.offence.cjs_code,
             "plea": plea_labels.get(charged.anticipated_plea, charged.anticipated_plea)}
            for suspect in suspects for charged in suspect.offences.all()
        ],
        "decider": dict(Decider.choices).get(decider, decider) or "Not decided",
        "officer": getattr(officer, "display_name", "") or str(officer),
        "generated_at": timezone.localtime(),
    }


def _merge(case, front, parts, *, restricted):
    """The bundle's bytes and page count: front sheet, then ``parts``, stamped."""
    front_reader = _front_sheet(front, parts, restricted=restricted)
    writer = PdfWriter()
    for page in front_reader.pages:
        writer.add_page(page)
    for part in parts:
        for page in part.pages():
            writer.add_page(page)
    parent = None
    for part in parts:  # bookmarks, once the pages they point at are in
        if part.indent:
            writer.add_outline_item(title=part.title, page_number=part.start - 1,
                                    parent=parent)
        else:
            parent = writer.add_outline_item(title=part.title, page_number=part.start - 1)
    _stamp_pages(writer, urn=case.urn, restricted=restricted)
    title = "material not disclosable" if restricted else "case file bundle"
    writer.add_metadata({"/Title": f"{case.urn} {title}"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), len(writer.pages)


def _front_sheet(front, parts, *, restricted):
    """Render the front sheet with the index's page numbers, which depend on how many
    pages the front sheet itself takes: guess one, and render again if it took more."""
    front_pages = 1
    for _attempt in range(3):
        start = front_pages + 1
        for part in parts:
            part.start = start
            start += part.page_count
        index = [{"title": part.title, "page": part.start, "indent": part.indent}
                 for part in parts]
        html = render_to_string(FRONT_SHEET_TEMPLATE,
                                {**front, "index": index, "restricted": restricted})
        pdf, pages = _render_html(html)
        if pages == front_pages:
            break
        front_pages = pages
    return PdfReader(io.BytesIO(pdf))


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


# --- The stamp: URN and page number drawn into each page ----------------------------

# Helvetica is one of the PDF standard fonts every reader has, so the stamp embeds
# nothing. Widths (per 1000 units of the font size) from its AFM, to right-align text.
_STAMP_FONT = DictionaryObject({
    NameObject("/Type"): NameObject("/Font"),
    NameObject("/Subtype"): NameObject("/Type1"),
    NameObject("/BaseFont"): NameObject("/Helvetica"),
    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
})
_STAMP_FONT_NAME = "/AthenaStamp"
_STAMP_SIZE = 9
_STAMP_MARGIN = 51  # points from the page's left, right and bottom edges (18 mm)
_HELVETICA_WIDTHS = {
    **dict.fromkeys("0123456789", 556), " ": 278,
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


def _stamp_pages(writer, *, urn, restricted):
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        _stamp(page, left=f"URN {urn}", right=f"Page {number} of {total}",
               centre=NOT_DISCLOSABLE if restricted else "")


def _stamp(page, *, left, right, centre=""):
    """Draw the texts along the bottom of the page, after its own content.

    The page's content is wrapped in q/Q so whatever state it leaves (a flipped
    coordinate system, a colour) cannot move or hide the stamp. Parsing the content is
    not needed, which keeps this to about a millisecond a page.
    """
    if page.rotation:
        page.transfer_rotation_to_content()
    box = page.cropbox
    left_x, right_x, y = float(box.left), float(box.right), float(box.bottom)
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
    fonts[NameObject(_STAMP_FONT_NAME)] = _STAMP_FONT
    texts = [(left_x + margin, left, "0.2 0.2 0.2 rg"),
             (right_x - margin - _text_width(right), right, "0.2 0.2 0.2 rg")]
    if centre:
        texts.append(((left_x + right_x - _text_width(centre)) / 2, centre, "0.83 0.21 0.11 rg"))
    stamp = b"".join(
        b"BT %s %d Tf %s %.2f %.2f Td (%s) Tj ET\n" % (
            _STAMP_FONT_NAME.encode(), _STAMP_SIZE, colour.encode(), x,
            y + _STAMP_MARGIN / 2, _pdf_text(text))
        for x, text, colour in texts
    )
    contents = page.get_contents()
    original = contents.get_data() if contents is not None else b""
    combined = ContentStream(None, None)
    combined.set_data(b"q\n" + original + b"\nQ\nq\n" + stamp + b"Q\n")
    page.replace_contents(combined.flate_encode())
