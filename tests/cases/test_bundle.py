import io
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from athena.pdf import content_hash
from cases import rules, selectors
from cases.bundle import (
    UnreadableExhibits,
    assemble_bundle,
    render_section_if_stale,
    render_section_pdf,
)
from cases.models import CaseSection, FileSubmission
from cases.sections import SectionKind
from cases.services import case_submit
from tests.cases.factories import (
    CaseFileFactory,
    CaseSectionFactory,
    SectionItemFactory,
    complete_case_file,
)

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def page_texts(field_file):
    with field_file.open("rb") as stored:
        return [page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages]


def stored_files(media_root, folder):
    path = media_root / folder
    return sorted(p.name for p in path.iterdir()) if path.exists() else []


def exhibit_pdf(pages, marker):
    html = "".join(f'<p style="break-after: page">{marker} page {n}</p>'
                   for n in range(1, pages + 1))
    return HTML(string=html).write_pdf()


def exhibit_png():
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def add_exhibit(case, *, content, name, file_type, reference):
    section = (CaseSection.objects.filter(case=case, kind=SectionKind.EXHIBITS).first()
               or CaseSectionFactory(case=case, kind=SectionKind.EXHIBITS))
    return SectionItemFactory(
        section=section, file=ContentFile(content, name=name), file_type=file_type,
        data={"reference": reference, "description": f"Exhibit {reference} described",
              "produced_by": "PC Smith"})


def answer(case, kind, **answers):
    section = CaseSection.objects.get(case=case, kind=kind)
    section.data = {**section.data, **answers}
    section.content_hash = content_hash(section.data)
    section.save()


def loaded(case):
    return selectors.case_get(pk=case.pk)


def section_of(case, kind):
    return CaseSection.objects.select_related("case").prefetch_related("items").get(
        case=case, kind=kind)


# --- One section -----------------------------------------------------------------------

def test_a_rendered_section_is_a_pdf_of_its_answers_with_the_urn_and_title():
    section = CaseSectionFactory(kind=SectionKind.CASE_SUMMARY, data={
        "summary": "First line of the summary.\nSecond line of the summary.",
        "interview_type": "no_comment",
    })
    pdf, pages = render_section_pdf(section)
    assert pdf.startswith(b"%PDF-")
    assert pages == 1
    text = pdf_text(pdf)
    assert section.case.urn in text
    assert "Case summary (MG5)" in text
    assert "Summary of the key evidence" in text
    assert "First line of the summary.\nSecond line of the summary." in text
    assert "No comment" in text  # the choice's label, not its code


def test_a_repeatable_section_shows_each_statement_in_turn():
    statements = CaseSectionFactory(kind=SectionKind.WITNESS_STATEMENTS)
    SectionItemFactory(section=statements, data={"witness_name": "Ann Able",
                                                 "statement": "I saw the red car."})
    SectionItemFactory(section=statements, data={"witness_name": "Bob Baker",
                                                 "statement": "I heard a shout.",
                                                 "statement_date": "2026-11-02"})
    pdf, pages = render_section_pdf(section_of(statements.case, statements.kind))
    text = " ".join(pdf_text(pdf).split())
    assert pages == 2  # a statement starts on a new page
    # Each is an MG11 of its own, naming its witness as the form does ("Statement of").
    assert text.index("Statement of Ann Able") < text.index("I saw the red car.")
    assert text.index("I saw the red car.") < text.index("Statement of Bob Baker")
    assert "2 November 2026" in text


def test_a_section_that_is_not_disclosable_says_so_in_its_header():
    section = CaseSectionFactory(kind=SectionKind.EVIDENCE_FOR_PROSECUTOR,
                                 data={"other_information": "Informant involved."})
    assert "NOT DISCLOSABLE" in pdf_text(render_section_pdf(section)[0])


def test_a_disclosable_section_carries_no_restriction_marking():
    section = CaseSectionFactory(kind=SectionKind.CHARGES, data={"court": "Colchester"})
    assert "NOT DISCLOSABLE" not in pdf_text(render_section_pdf(section)[0])


def test_answers_are_escaped_not_rendered_as_markup():
    section = CaseSectionFactory(kind=SectionKind.CHARGES, data={
        "reply_to_charge": '<img src="file:///etc/passwd"> <b>not bold</b>'})
    text = pdf_text(render_section_pdf(section)[0])
    assert '<img src="file:///etc/passwd"> <b>not bold</b>' in text


# --- The render cache ------------------------------------------------------------------

def test_rendering_a_stale_section_stores_its_pdf_and_the_hash_it_came_from(media_root):
    section = CaseSectionFactory(kind=SectionKind.CHARGES, data={"court": "Colchester"})
    assert render_section_if_stale(section) is True
    section.refresh_from_db()
    assert section.rendered_hash == section.content_hash != ""
    assert section.rendered_pages == 1
    assert (media_root / section.rendered_pdf.name).is_file()
    assert "Colchester" in "".join(page_texts(section.rendered_pdf))


def test_rendering_unchanged_content_again_does_nothing(media_root):
    section = CaseSectionFactory(kind=SectionKind.CHARGES, data={"court": "Colchester"})
    render_section_if_stale(section)
    section.refresh_from_db()
    name = section.rendered_pdf.name
    assert render_section_if_stale(section) is False
    section.refresh_from_db()
    assert section.rendered_pdf.name == name
    assert stored_files(media_root, "cases/sections") == [name.rsplit("/", 1)[-1]]


def test_changed_content_renders_again_and_the_old_pdf_is_removed(media_root):
    section = CaseSectionFactory(kind=SectionKind.CHARGES, data={"court": "Colchester"})
    render_section_if_stale(section)
    section.data = {"court": "Southend"}
    section.content_hash = content_hash(section.data)
    section.save()
    assert render_section_if_stale(section) is True
    section.refresh_from_db()
    assert "Southend" in "".join(page_texts(section.rendered_pdf))
    assert stored_files(media_root, "cases/sections") == [
        section.rendered_pdf.name.rsplit("/", 1)[-1]]


def test_a_slow_render_of_old_content_never_replaces_newer_content(media_root):
    section = CaseSectionFactory(kind=SectionKind.CHARGES, data={"court": "Colchester"})
    slow = CaseSection.objects.select_related("case").get(pk=section.pk)  # loaded first
    newer = {"court": "Southend"}
    CaseSection.objects.filter(pk=section.pk).update(data=newer,
                                                     content_hash=content_hash(newer))
    assert render_section_if_stale(slow) is False
    section.refresh_from_db()
    assert (section.rendered_hash, section.rendered_pdf.name) == ("", "")
    assert stored_files(media_root, "cases/sections") == []


def test_a_section_with_a_lost_pdf_renders_again(media_root):
    section = CaseSectionFactory(kind=SectionKind.CHARGES, data={"court": "Colchester"})
    render_section_if_stale(section)
    CaseSection.objects.filter(pk=section.pk).update(rendered_pdf="")
    section.refresh_from_db()
    assert render_section_if_stale(section) is True


# --- The bundle ------------------------------------------------------------------------

@pytest.fixture
def submitted(officer):
    """A complete file with a 3-page PDF exhibit and a PNG exhibit, submitted."""
    case = complete_case_file(officer_in_case=officer)
    answer(case, SectionKind.EVIDENCE_FOR_PROSECUTOR,
           charge_rationale="Charged by the police.",
           other_information="The store detective is a registered informant.")
    add_exhibit(case, content=exhibit_pdf(3, "CCTV log"), name="cctv-log.pdf",
                file_type="pdf", reference="SC/1")
    add_exhibit(case, content=exhibit_png(), name="still.png", file_type="png",
                reference="SC/2")
    submission = case_submit(acting_user=officer, case=case)
    return loaded(case), submission


def test_the_bundle_starts_with_a_front_sheet_indexing_its_sections_by_page(submitted):
    case, submission = submitted
    assemble_bundle(case, submission)
    pages = page_texts(submission.bundle)
    front = pages[0]
    assert case.urn in front
    assert case.suspects.all()[0].person.full_name in front
    assert "Police" in front  # who charges
    index = {title: int(page) for title, page in
             re.findall(r"^(.+?) (\d+)$", front.split("Index", 1)[1], re.MULTILINE)}
    for title, marker in [("Case summary (MG5)", "Summary of the key evidence"),
                          ("Charges (MG4)", "Reply to charge"),
                          ("Witness statements (MG11)", "Alex Turner"),
                          ("Exhibits (MG12)", "Exhibit SC/1"),
                          ("Exhibit SC/1: Exhibit SC/1 described", "CCTV log page 1"),
                          ("Exhibit SC/2: Exhibit SC/2 described", "Exhibit SC/2")]:
        assert marker in pages[index[title] - 1], title
    assert submission.bundle_pages == len(pages)


def test_every_page_of_the_bundle_carries_the_urn_and_page_n_of_m(submitted):
    case, submission = submitted
    assemble_bundle(case, submission)
    pages = page_texts(submission.bundle)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert f"URN {case.urn}" in text


def test_exhibits_are_merged_after_the_sections(submitted):
    case, submission = submitted
    assemble_bundle(case, submission)
    pages = page_texts(submission.bundle)
    assert ["CCTV log page 1" in text for text in pages[-4:-1]] == [True, False, False]
    assert "CCTV log page 3" in pages[-2]
    assert "Exhibit SC/2" in pages[-1]  # the image, on a page of its own
    with submission.bundle.open("rb") as stored:
        last_page = PdfReader(stored).pages[-1]
        assert last_page.images  # the picture itself is on it


def test_material_not_disclosable_goes_only_into_the_restricted_bundle(submitted):
    case, submission = submitted
    assemble_bundle(case, submission)
    disclosable = "\n".join(page_texts(submission.bundle))
    restricted = "\n".join(page_texts(submission.restricted_bundle))
    assert "registered informant" in restricted
    assert "Evidence and information for the prosecutor (MG6)" in restricted
    assert "registered informant" not in disclosable
    assert "(MG6)" not in disclosable
    assert "NOT DISCLOSABLE" not in disclosable
    assert all("NOT DISCLOSABLE" in text for text in page_texts(submission.restricted_bundle))


def test_a_section_not_rendered_yet_is_rendered_for_the_bundle_and_cached(submitted):
    case, submission = submitted
    assert not CaseSection.objects.exclude(rendered_hash="").exists()
    assemble_bundle(case, submission)
    for section in CaseSection.objects.filter(case=case):
        assert section.rendered_hash == section.content_hash


def test_sections_not_on_the_file_are_left_out(submitted):
    case, submission = submitted
    # MG3 is not needed when the police charge: even with answers, it stays out.
    CaseSectionFactory(case=case, kind=SectionKind.CHARGING_REPORT,
                       data={"decision_sought": "Advice on the charge"})
    assemble_bundle(loaded(case), submission)
    everything = "\n".join(page_texts(submission.bundle) + page_texts(
        submission.restricted_bundle))
    assert "Advice on the charge" not in everything


def test_progress_is_reported_up_to_the_end(submitted):
    case, submission = submitted
    reported = []
    assemble_bundle(case, submission, progress=reported.append)
    assert reported == sorted(reported)
    assert reported[-1] == 1.0
    assert len(reported) > 5


def test_assembling_again_replaces_the_earlier_bundle(submitted, media_root):
    case, submission = submitted
    assemble_bundle(case, submission)
    first = submission.bundle.name
    assemble_bundle(case, submission)
    stored = FileSubmission.objects.get(pk=submission.pk)
    assert stored.bundle.name == submission.bundle.name
    assert stored.bundle_pages == submission.bundle_pages
    assert stored_files(media_root, "cases/bundles") == sorted(
        name.rsplit("/", 1)[-1] for name in [stored.bundle.name, stored.restricted_bundle.name])
    assert stored.bundle.name != first


def test_a_corrupt_exhibit_is_reported_and_nothing_is_stored(submitted, media_root):
    case, submission = submitted
    broken = add_exhibit(case, content=b"%PDF-1.7\nthis is not a pdf at all",
                         name="broken.pdf", file_type="pdf", reference="SC/3")
    with pytest.raises(UnreadableExhibits) as raised:
        assemble_bundle(loaded(case), submission)
    [problem] = raised.value.problems[SectionKind.EXHIBITS]
    assert problem.item == broken.position
    assert "Exhibit SC/3" in problem.message
    assert "broken.pdf" in problem.message
    assert "could not be read" in problem.message
    assert stored_files(media_root, "cases/bundles") == []


def test_a_damaged_image_exhibit_is_reported(submitted):
    case, submission = submitted
    add_exhibit(case, content=exhibit_png()[:60], name="cut.png", file_type="png",
                reference="SC/3")
    with pytest.raises(UnreadableExhibits):
        assemble_bundle(loaded(case), submission)


def test_a_rotated_landscape_exhibit_is_stamped_upright(submitted):
    case, submission = submitted
    writer = PdfWriter()
    writer.add_blank_page(842, 595)
    writer.add_blank_page(595, 842).rotation = 90
    output = io.BytesIO()
    writer.write(output)
    add_exhibit(case, content=output.getvalue(), name="plan.pdf", file_type="pdf",
                reference="SC/3")
    assemble_bundle(loaded(case), submission)
    pages = page_texts(submission.bundle)
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert f"Page {len(pages) - 1} of {len(pages)}" in pages[-2]


def test_the_front_sheet_lists_the_offences_and_who_decides(officer):
    case = complete_case_file(officer_in_case=officer)
    submission = case_submit(acting_user=officer, case=case)
    case = loaded(case)
    requirements = rules.evaluate(selectors.case_facts(case))
    assemble_bundle(case, submission, requirements=requirements)
    front = page_texts(submission.bundle)[0]
    charged = case.suspects.all()[0].offences.all()[0]
    assert charged.offence.title in front
    assert charged.offence.cjs_code in front
    assert "Not guilty" in front


def test_a_file_with_only_disclosable_material_has_no_restricted_bundle(officer):
    case = CaseFileFactory(officer_in_case=officer)
    CaseSectionFactory(case=case, kind=SectionKind.CASE_SUMMARY, data={"summary": "x"})
    submission = case_submit(acting_user=officer, case=case)
    assemble_bundle(loaded(case), submission)
    assert submission.bundle
    assert not submission.restricted_bundle


def encrypted_pdf(*, user_password):
    writer = PdfWriter(clone_from=io.BytesIO(exhibit_pdf(1, "Sealed plan")))
    writer.encrypt(user_password=user_password, owner_password="owner",  # noqa: S106
                   algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_a_pdf_exhibit_locked_with_a_password_is_reported(submitted):
    case, submission = submitted
    add_exhibit(case, content=encrypted_pdf(user_password="secret"),  # noqa: S106
                name="locked.pdf", file_type="pdf", reference="SC/3")
    with pytest.raises(UnreadableExhibits) as raised:
        assemble_bundle(loaded(case), submission)
    [problem] = raised.value.problems[SectionKind.EXHIBITS]
    assert "password protected" in problem.message


def test_a_pdf_exhibit_encrypted_only_against_copying_is_merged(submitted):
    case, submission = submitted
    add_exhibit(case, content=encrypted_pdf(user_password=""), name="restricted.pdf",
                file_type="pdf", reference="SC/3")
    assemble_bundle(loaded(case), submission)
    assert "Sealed plan page 1" in page_texts(submission.bundle)[-1]
