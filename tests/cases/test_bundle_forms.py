"""The bundle as the Manual of Guidance forms: what a lawyer reads in it, and that it is a
structurally valid, tagged PDF."""

import io
import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import IndirectObject
from weasyprint import HTML

from athena.pdf import content_hash
from athena.people.models import AddressType, PersonAddress
from cases import selectors
from cases.bundle import (
    RENDER_LAYOUT,
    assemble_bundle,
    render_section_if_stale,
    render_section_pdf,
)
from cases.constants import BailStatus, CaseBegins, Plea
from cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseSection,
    Participant,
    ParticipantRole,
)
from cases.parts import charge_wording, offence_answers
from cases.sections import PARTS, SECTIONS, SectionKind
from cases.services import case_submit
from tests.cases.factories import (
    COURT,
    OFFENCE_ANSWERS,
    WITNESS_STATEMENT,
    CaseSectionFactory,
    ChargedOffenceFactory,
    SectionItemFactory,
    SuspectFactory,
    complete_case_file,
)
from tests.cases.filling import fill_file
from tests.people.factories import LocationFactory, PersonFactory

pytestmark = pytest.mark.django_db

WORDING = ("On 19 November 2026 at Chelmsford in the county of Essex stole two bottles of "
           "gin to the value of £40.00 belonging to Tesco Stores Ltd.")
THEFT_FROM_A_SHOP = "contrary to sections 1 and 7 of the Theft Act 1968"
SECOND_STATEMENT = {
    "witness_name": "Sam Patel", "statement_date": "2026-11-19",
    "statement": "I am a police constable. I arrested the man outside the store.",
    "declaration": "yes", "witness_under_18": "no", "witness_type": "arresting_officer",
    "involvement": "Arresting officer", "visually_recorded_interview": "no",
}


def flat(text):
    return " ".join(text.split())


def page_texts(field_file):
    with field_file.open("rb") as stored:
        return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(stored.read())).pages]


def stored_bytes(field_file):
    with field_file.open("rb") as stored:
        return stored.read()


def cctv_pdf():
    return HTML(string='<p style="break-after: page">CCTV log page 1</p><p>CCTV log page 2</p>'
                ).write_pdf()


def shoplift_file(officer, shop_theft):
    """A complete file for a theft from a shop anticipated guilty, with the defendant's
    address on the people index, the offence's wording, date and place, the store as the
    victim, the property and its value, two witness statements and a CCTV exhibit."""
    case = complete_case_file(officer_in_case=officer, loss_value=Decimal("40.00"))
    suspect = case.suspects.get()
    person = suspect.person
    person.surname, person.forenames, person.date_of_birth = "Archer", "Dean", date(1990, 3, 14)
    person.save()
    PersonAddress.objects.create(
        person=person, address_type=AddressType.HOME,
        location=LocationFactory(address_line_1="14 Moulsham Street", town="Chelmsford",
                                 postcode="CM2 0HY"))
    suspect.answers = {"signed_charge_sheet": "yes", "signed_for_bail": "yes",
                       "given_charges": "yes"}
    suspect.save()
    charges = CaseSection.objects.get(case=case, kind=SectionKind.CHARGES)
    charges.data = {**charges.data, "first_hearing_time": "10:00"}
    charges.content_hash = content_hash(charges.data)
    charges.save()
    charged = suspect.offences.get()
    charged.offence = shop_theft
    charged.anticipated_plea = Plea.GUILTY
    charged.wording = WORDING
    charged.offence_date = date(2026, 11, 19)
    charged.answers = {"place": "Tesco Stores, High Street, Chelmsford"}
    charged.save()
    Participant.objects.create(case=case, role=ParticipantRole.VICTIM, name="Tesco Stores Ltd")
    details = CaseSection.objects.get(case=case, kind=SectionKind.CPS_DETAILS)
    details.data = {**details.data, "property": "2 bottles of gin, £40"}
    details.content_hash = content_hash(details.data)
    details.save()
    statements = CaseSection.objects.get(case=case, kind=SectionKind.WITNESS_STATEMENTS)
    SectionItemFactory(section=statements, data=dict(SECOND_STATEMENT))
    exhibits = CaseSectionFactory(case=case, kind=SectionKind.EXHIBITS)
    SectionItemFactory(section=exhibits, file=ContentFile(cctv_pdf(), name="cctv.pdf"),
                       file_type="pdf", data={"reference": "SC/1",
                                              "description": "CCTV log of the store",
                                              "produced_by": "Alex Turner"})
    return case


def approve(case, supervisor):
    CaseEvent.objects.create(case=case, kind=CaseEventKind.APPROVED, actor=supervisor,
                             occurred_at=timezone.now() + timedelta(seconds=1))


@pytest.fixture
def bundle(officer, supervisor, shop_theft):
    """The shoplift file, submitted, approved and bundled: (case, submission, pages)."""
    case = shoplift_file(officer, shop_theft)
    submission = case_submit(acting_user=officer, case=case)
    approve(case, supervisor)
    assemble_bundle(selectors.case_get(pk=case.pk), submission)
    return case, submission, page_texts(submission.bundle)


def pages_of(pages, form_number):
    """The pages of the form with this number (its head reads "MG4 Page 1 of 1")."""
    return [text for text in pages if re.search(rf"\b{re.escape(form_number)} Page \d+ of \d+",
                                                text)]


# --- The forms -----------------------------------------------------------------------

@pytest.mark.parametrize(("number", "title"), [
    ("MG5", "CASE SUMMARY"), ("MG4", "CHARGE(S)"), ("MG11", "WITNESS STATEMENT"),
    ("MG12", "EXHIBIT LIST"), ("PNC", "PREVIOUS CONVICTIONS"),
])
def test_each_form_has_its_number_and_title_box(bundle, number, title):
    _, _, pages = bundle
    found = pages_of(pages, number)
    assert found, number
    assert title in found[0]


def test_every_page_carries_the_urn_and_the_marking_at_its_head_and_foot(bundle):
    case, _, pages = bundle
    for text in pages:
        assert f"URN {case.urn}" in text
        assert text.count("OFFICIAL-SENSITIVE") >= 2, text[:200]


def test_the_completed_forms_are_marked_official_sensitive(bundle):
    _, _, pages = bundle
    for number in ("MG4", "MG5", "MG11", "MG12"):
        page = pages_of(pages, number)[0]
        assert "OFFICIAL-SENSITIVE" in page
        assert "(when complete)" not in page  # the blank form's words, not a complete one's


def test_the_mg4_has_the_charge_its_statute_and_particulars(bundle):
    _, _, pages = bundle
    [mg4] = pages_of(pages, "MG4")
    assert flat(WORDING) in mg4
    assert f"Contrary to {THEFT_FROM_A_SHOP.removeprefix('contrary to ')}." in mg4
    assert "Offence date 19 November 2026" in mg4
    assert "Place Tesco Stores, High Street, Chelmsford" in mg4
    assert "Owner or victim Tesco Stores Ltd" in mg4
    assert "2 bottles of gin, £40" in mg4
    assert "Value £40.00" in mg4
    assert "Reply to charge No reply" in mg4
    assert "Unconditional bail" in mg4
    assert "Chelmsford Magistrates' Court" in mg4
    assert "First hearing date 4 December 2026 Time 10:00" in mg4
    assert "Defendant signed the charge sheet Yes Defendant signed for bail Yes" in mg4


def test_the_mg4_names_the_officer_in_the_case_with_rank_and_number(bundle):
    case, _, pages = bundle
    [mg4] = pages_of(pages, "MG4")
    officer = case.officer_in_case
    assert f"Officer in the case {officer.get_full_name()}" in mg4
    assert f"PC {officer.collar_number}" in mg4
    assert "Charging officer Not recorded" in mg4


def test_the_mg4_words_the_charge_from_its_particulars_date_and_statute(
        officer, supervisor, shop_theft):
    """Particulars that do not begin "On ..." are dated and given their statute: the
    wording is the one ``cases.parts.charge_wording`` gives, printed once."""
    case = complete_case_file(officer_in_case=officer)
    charged = case.suspects.get().offences.get()
    charged.offence = shop_theft
    charged.save()
    submission = case_submit(acting_user=officer, case=case)
    assemble_bundle(selectors.case_get(pk=case.pk), submission)
    [mg4] = pages_of(page_texts(submission.bundle), "MG4")
    expected = ("On 19/11/2026 " + OFFENCE_ANSWERS["wording"]
                + ". Contrary to sections 1 and 7 of the Theft Act 1968.")
    assert charge_wording(offence_answers(charged), shop_theft.cjs_code) == expected
    assert flat(expected) in mg4
    assert mg4.count("Contrary to") == 1


def test_a_charge_whose_statute_is_not_known_says_so(officer, supervisor):
    case = complete_case_file(officer_in_case=officer)  # the factory's made-up code
    submission = case_submit(acting_user=officer, case=case)
    assemble_bundle(selectors.case_get(pk=case.pk), submission)
    [mg4] = pages_of(page_texts(submission.bundle), "MG4")
    assert "Contrary to not recorded (the statute for code" in mg4


def test_the_defendant_block_is_the_people_index_record(bundle):
    _, _, pages = bundle
    for number in ("MG4", "PNC"):
        text = pages_of(pages, number)[0]
        assert "Surname ARCHER Forenames Dean" in text
        assert "Date of birth 14 March 1990" in text
        assert "Address 14 Moulsham Street, Chelmsford, CM2 0HY" in text
        assert "PNC ID Not recorded" in text


def test_the_defendant_block_says_not_recorded_where_the_index_has_nothing(
        officer, supervisor, shop_theft):
    case = shoplift_file(officer, shop_theft)
    PersonAddress.objects.filter(person__in=[s.person for s in case.suspects.all()]).delete()
    type(case.suspects.get().person).objects.filter(
        pk=case.suspects.get().person_id).update(date_of_birth=None)
    submission = case_submit(acting_user=officer, case=case)
    assemble_bundle(selectors.case_get(pk=case.pk), submission)
    [mg4] = pages_of(page_texts(submission.bundle), "MG4")
    assert "Date of birth Not recorded" in mg4
    assert "Address Not recorded" in mg4


def test_there_is_one_mg11_per_statement_with_its_declaration(bundle):
    _, _, pages = bundle
    statements = [text for text in pages_of(pages, "MG11") if "Statement of" in text]
    assert [re.search(r"Statement of (\w+ \w+)", text).group(1) for text in statements] == [
        WITNESS_STATEMENT["witness_name"], SECOND_STATEMENT["witness_name"]]
    for text in statements:
        assert ("This statement (consisting of 1 page each signed by me) is true to the best "
                "of my knowledge and belief") in text
        assert "Signature Signed by the witness" in text
    assert "I arrested the man outside the store." in statements[1]


def test_each_mg11_has_the_witness_as_the_file_names_them(bundle):
    _, _, pages = bundle
    [turner] = [text for text in pages_of(pages, "MG11") if "Statement of Alex Turner" in text]
    assert "Statement of Alex Turner Victim or witness Witness" in turner
    assert "Age if under 18 Not recorded" in turner


def test_a_young_witness_on_the_people_index_has_their_age(officer, shop_theft):
    case = shoplift_file(officer, shop_theft)
    witness = Participant.objects.get(case=case, name=WITNESS_STATEMENT["witness_name"])
    section = CaseSection.objects.select_related("case").prefetch_related("items").get(
        case=case, kind=SectionKind.WITNESS_STATEMENTS)
    render_section_if_stale(section)  # as the save-time job did
    witness.person = PersonFactory(forenames="Alex", surname="Turner",
                                   date_of_birth=date(2010, 6, 1))
    witness.under_18 = True
    witness.save()
    submission = case_submit(acting_user=officer, case=case)
    assemble_bundle(selectors.case_get(pk=case.pk), submission)
    [turner] = [text for text in pages_of(page_texts(submission.bundle), "MG11")
                if "Statement of Alex Turner" in text]
    assert "Age if under 18 16 (under 18)" in turner


def test_a_statement_in_a_guilty_plea_file_is_still_served(bundle):
    """The rules do not ask for statements when a guilty plea is anticipated, but a
    statement the file holds is evidence the CPS reads: it goes in."""
    _, _, pages = bundle
    assert pages_of(pages, "MG11")


def test_a_long_statement_counts_its_pages_in_its_declaration(officer):
    case = complete_case_file(officer_in_case=officer)
    item = CaseSection.objects.get(case=case, kind=SectionKind.WITNESS_STATEMENTS).items.get()
    item.data = {**item.data, "statement": "\n".join(f"Line {n} of what I saw."
                                                     for n in range(1, 90))}
    item.save()
    section = CaseSection.objects.select_related("case").prefetch_related("items").get(
        pk=item.section_id)
    pdf, pages = render_section_pdf(section)
    texts = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert pages == len(texts) >= 2
    assert f"consisting of {pages} pages each signed by me" in texts[0]
    assert f"MG11 Page {pages} of {pages}" in texts[-1]


def test_the_mg12_lists_the_exhibits(bundle):
    _, _, pages = bundle
    [mg12] = pages_of(pages, "MG12")
    assert "SC/1 CCTV log of the store Alex Turner cctv.pdf" in mg12


def test_the_mg5_has_its_parts_and_both_sign_offs(bundle):
    case, submission, pages = bundle
    [mg5] = pages_of(pages, "MG5")
    for part in ("Summary of the key evidence", "Interview", "Officer in the case",
                 "Supervisor's certification"):
        assert part in mg5
    officer, supervisor = case.officer_in_case, CaseEvent.objects.get(
        case=case, kind=CaseEventKind.APPROVED).actor
    assert "Anticipated plea Guilty" in mg5
    assert f"Name {officer.get_full_name()}" in mg5
    assert "Signed electronically: submitted for review" in mg5
    assert f"Name {supervisor.get_full_name()} Rank and number DS {supervisor.collar_number}" in mg5
    assert "Signed electronically: file approved" in mg5
    assert timezone.localdate().strftime("%-d %B %Y") in mg5


def test_a_file_not_yet_approved_has_no_supervisor_sign_off(officer, shop_theft):
    case = shoplift_file(officer, shop_theft)
    submission = case_submit(acting_user=officer, case=case)
    assemble_bundle(selectors.case_get(pk=case.pk), submission)
    pages = page_texts(submission.bundle)
    [mg5] = pages_of(pages, "MG5")
    assert "Not yet certified: the file awaits the supervisor's review" in mg5
    assert "Not yet approved" in pages[0]


def test_an_approval_before_this_submission_is_not_its_sign_off(officer, supervisor,
                                                                shop_theft):
    case = shoplift_file(officer, shop_theft)
    CaseEvent.objects.create(case=case, kind=CaseEventKind.APPROVED, actor=supervisor,
                             occurred_at=timezone.now() - timedelta(days=2))
    submission = case_submit(acting_user=officer, case=case)
    assemble_bundle(selectors.case_get(pk=case.pk), submission)
    [mg5] = pages_of(page_texts(submission.bundle), "MG5")
    assert "Not yet certified" in mg5


def test_the_front_sheet_shows_the_sign_offs(bundle):
    case, _, pages = bundle
    front = pages[0]
    assert f"Submitted for review PC {case.officer_in_case.collar_number}" in front
    assert "Approved by the supervisor DS" in front


def test_no_hint_written_for_officers_is_printed(bundle):
    _, submission, pages = bundle
    everything = " ".join(pages + page_texts(submission.restricted_bundle))
    hints = {flat(question.hint)
             for definition in [*SECTIONS.values(), *PARTS.values()]
             for question in definition.fields if question.hint}
    assert "The CPS Digital Case File needs it" not in everything
    printed = [hint for hint in hints if hint in everything]
    assert printed == []


def test_the_restricted_part_stays_a_separate_pdf(bundle):
    _, submission, pages = bundle
    restricted = page_texts(submission.restricted_bundle)
    assert any("CASE FILE INFORMATION" in text for text in restricted)  # the MG6
    assert not any("CASE FILE INFORMATION" in text for text in pages)
    assert all("NOT DISCLOSABLE" in text and "OFFICIAL-SENSITIVE" in text
               for text in restricted)


def test_a_form_that_shows_the_defendant_is_rendered_again_when_the_person_changes(
        officer, shop_theft):
    case = shoplift_file(officer, shop_theft)
    for section in CaseSection.objects.select_related("case").prefetch_related("items").filter(
            case=case):
        render_section_if_stale(section)  # as the save-time jobs did
    PersonAddress.objects.update(location=LocationFactory(
        address_line_1="2 New Road", town="Witham", postcode="CM8 2AA"))
    submission = case_submit(acting_user=officer, case=case)
    assemble_bundle(selectors.case_get(pk=case.pk), submission)
    [mg4] = pages_of(page_texts(submission.bundle), "MG4")
    assert "2 New Road, Witham, CM8 2AA" in mg4


def test_a_render_in_an_older_layout_is_rendered_again(officer):
    section = CaseSectionFactory(kind=SectionKind.EXHIBITS)
    SectionItemFactory(section=section, data={"reference": "SC/1"})
    section = CaseSection.objects.select_related("case").prefetch_related("items").get(
        pk=section.pk)
    section.rendered_pdf.save("old-layout.pdf", ContentFile(b"%PDF-1.4 old"), save=False)
    CaseSection.objects.filter(pk=section.pk).update(rendered_pdf=section.rendered_pdf.name,
                                                     rendered_hash=section.content_hash)
    section.refresh_from_db()
    assert render_section_if_stale(section) is True
    assert f"-{RENDER_LAYOUT}" in section.rendered_pdf.name


# --- A valid, tagged PDF -------------------------------------------------------------

def tool(name, package):
    """The path of a command-line checker; skipped where it is not installed, except in
    CI, which installs it (.ci/run) and must run the check."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: CI must install Debian's {package}")
        pytest.skip(f"{name} is not installed here (Debian package {package})")
    return path


@pytest.mark.parametrize("part", ["bundle", "restricted_bundle"])
def test_qpdf_finds_the_bundle_structurally_valid(bundle, tmp_path, part):
    qpdf = tool("qpdf", "qpdf")
    _, submission, _ = bundle
    path = tmp_path / "bundle.pdf"
    path.write_bytes(stored_bytes(getattr(submission, part)))
    result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True,  # noqa: S603
                            timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_pdffonts_reads_every_font_without_an_error(bundle, tmp_path):
    pdffonts = tool("pdffonts", "poppler-utils")
    _, submission, _ = bundle
    path = tmp_path / "bundle.pdf"
    path.write_bytes(stored_bytes(submission.bundle))
    result = subprocess.run([pdffonts, str(path)], capture_output=True, text=True,  # noqa: S603
                            timeout=60, check=False)
    assert result.returncode == 0
    assert result.stderr == ""  # poppler reports broken references here ("xref num 2 ...")
    assert "Helvetica" in result.stdout  # the stamp's font, once


def structure_pages(reader):
    """{page index: the element names its parent-tree entry points at}."""
    root = reader.root_object["/StructTreeRoot"].get_object()
    numbers = root["/ParentTree"].get_object()["/Nums"]
    entries = {int(numbers[i]): numbers[i + 1].get_object() for i in range(0, len(numbers), 2)}
    page_numbers = {page.indirect_reference.idnum: index
                    for index, page in enumerate(reader.pages)}
    found = {}
    for index, page in enumerate(reader.pages):
        key = page.get("/StructParents")
        if key is None:
            continue
        elements = [item.get_object() for item in entries[int(key)]
                    if isinstance(item, IndirectObject)]
        assert all(page_numbers[element.raw_get("/Pg").idnum] == index for element in elements
                   if "/Pg" in element)
        found[index] = {str(element["/S"]) for element in elements}
    return found


def test_the_bundle_is_tagged_with_one_structure_tree_over_its_forms(bundle):
    _, submission, pages = bundle
    reader = PdfReader(io.BytesIO(stored_bytes(submission.bundle)))
    assert reader.root_object["/MarkInfo"]["/Marked"]
    assert reader.root_object["/Lang"] == "en-GB"
    tagged = structure_pages(reader)
    exhibit_pages = [index for index, text in enumerate(pages) if "CCTV log page" in text]
    assert sorted(tagged) == [index for index in range(len(pages))
                              if index not in exhibit_pages]
    document = reader.root_object["/StructTreeRoot"]["/K"][0].get_object()
    assert str(document["/S"]) == "/Document"
    # Each form's title box is a heading of its own, in the reading order of the pages.
    assert element_names(document).count("/H1") == len(pages) - len(exhibit_pages)


def test_table_headers_keep_identifiers_of_their_own_across_the_forms(bundle):
    _, submission, _ = bundle
    reader = PdfReader(io.BytesIO(stored_bytes(submission.bundle)))
    root = reader.root_object["/StructTreeRoot"].get_object()
    identifiers = element_identifiers(root["/K"][0].get_object())
    assert len(identifiers) > 20  # every form's label cells
    assert len(set(identifiers)) == len(identifiers)
    names = root["/IDTree"]["/Names"]
    assert sorted(str(names[i]) for i in range(0, len(names), 2)) == sorted(identifiers)


def element_identifiers(element):
    found = []
    for kid in element.get("/K", []):
        if isinstance(kid, IndirectObject):
            kid = kid.get_object()
            if "/ID" in kid:
                found.append(str(kid["/ID"]))
            if "/S" in kid:
                found += element_identifiers(kid)
    return found


def element_names(element):
    """The names of the structure elements under ``element``, depth first."""
    names = []
    for kid in element.get("/K", []):
        if isinstance(kid, IndirectObject):
            kid = kid.get_object()
            if "/S" in kid:
                names += [str(kid["/S"]), *element_names(kid)]
    return names


def test_the_stamp_is_an_artifact_outside_the_structure(bundle):
    _, submission, _ = bundle
    reader = PdfReader(io.BytesIO(stored_bytes(submission.bundle)))
    for page in reader.pages:
        content = page.get_contents().get_data()
        assert b"/Artifact <</Type /Pagination>> BDC" in content


# --- More than one defendant; a case begun by post; the cost -------------------------

def test_each_defendant_has_an_mg4_of_their_own(officer, supervisor, shop_theft):
    case = shoplift_file(officer, shop_theft)
    second = SuspectFactory(case=case, position=2,
                            person=PersonFactory(surname="Bishop", forenames="Carla"))
    ChargedOffenceFactory(suspect=second, offence=shop_theft, anticipated_plea=Plea.GUILTY,
                          wording="Stole a bottle of whisky.")
    submission = case_submit(acting_user=officer, case=case)
    assemble_bundle(selectors.case_get(pk=case.pk), submission)
    sheets = pages_of(page_texts(submission.bundle), "MG4")
    assert len(sheets) == 2
    assert "Surname ARCHER" in sheets[0]
    assert "Surname BISHOP Forenames Carla" in sheets[1]
    assert "Stole a bottle of whisky." in sheets[1]
    assert "Reply to charge No reply" in sheets[0]
    assert "the file holds the reply to charge of the first defendant only" in sheets[1]
    # With two charges the property and its value are the file's: printed once a sheet.
    assert "Particulars of the charges" in sheets[0]


def requisition_file(officer, shop_theft):
    """A complete file begun by a written charge and requisition posted to the defendant
    (no charge, no bail), for a theft from a shop, filled as an officer would."""
    case = complete_case_file(officer_in_case=officer,
                              case_begins=CaseBegins.POSTAL_REQUISITION,
                              bail_status=BailStatus.NOT_APPLICABLE)
    CaseSection.objects.filter(case=case, kind=SectionKind.CHARGES).delete()
    data = {"requisition_date": "2026-11-20", "requisition_sent_on": "2026-11-21",
            "first_hearing_date": "2026-12-18", "first_hearing_time": "10:00",
            "court": COURT}
    CaseSectionFactory(case=case, kind=SectionKind.REQUISITION, data=data)
    charged = case.suspects.get().offences.get()
    charged.offence = shop_theft
    charged.save()
    return fill_file(case, officer)


def test_a_case_begun_by_post_prints_the_written_charge_and_requisition(
        officer, supervisor, shop_theft):
    case = requisition_file(officer, shop_theft)
    submission = case_submit(acting_user=officer, case=case)
    approve(case, supervisor)
    assemble_bundle(selectors.case_get(pk=case.pk), submission)
    pages = page_texts(submission.bundle)
    assert all(text.count("OFFICIAL-SENSITIVE") >= 2 for text in pages)
    assert not pages_of(pages, "MG4")
    [sheet] = pages_of(pages, "MG4E")
    assert "WRITTEN CHARGE AND REQUISITION" in sheet
    assert "Date of the written charge 20 November 2026 Date posted 21 November 2026" in sheet
    assert ("You are required to appear before Chelmsford Magistrates' Court on 18 December "
            "2026 at 10:00 to answer to the written charge") in sheet
    charged = case.suspects.get().offences.get()
    wording = charge_wording(offence_answers(charged), charged.offence.cjs_code)
    assert flat(wording) in sheet
    assert "Contrary to sections 1 and 7 of the Theft Act 1968." in sheet
    # None of the charge sheet's questions: no charge, no reply, no bail.
    for asked in ("Reply to charge", "charge sheet", "Date charged", "signed for bail",
                  "You do not have to say anything", "Bail conditions"):
        assert asked not in sheet
    [mg5] = pages_of(pages, "MG5")
    assert "Date of the written charge 20 November 2026" in mg5
    assert "Case begun by Written charge and requisition (post)" in mg5


def test_a_requisition_section_alone_is_the_mg4e(officer):
    case = complete_case_file(officer_in_case=officer)
    section = CaseSectionFactory(case=case, kind=SectionKind.REQUISITION,
                                 data={"requisition_date": "2026-11-20",
                                       "first_hearing_date": "2026-12-04"})
    section = CaseSection.objects.select_related("case").get(pk=section.pk)
    pdf, _ = render_section_pdf(section)
    text = " ".join(flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "WRITTEN CHARGE AND REQUISITION" in text
    assert "MG4E Page 1 of 1" in text
    assert "Date of the written charge 20 November 2026" in text
    assert "Reply to charge" not in text


def bundle_queries(officer, shop_theft, statements):
    case = shoplift_file(officer, shop_theft)
    section = CaseSection.objects.get(case=case, kind=SectionKind.WITNESS_STATEMENTS)
    for number in range(statements - 2):
        SectionItemFactory(section=section, data={**SECOND_STATEMENT,
                                                  "witness_name": f"Witness {number}"})
    submission = case_submit(acting_user=officer, case=case)
    case = selectors.case_get(pk=case.pk)
    for each in case.sections.all():
        render_section_if_stale(each)  # as the save-time jobs did
    with CaptureQueriesContext(connection) as queries:
        assemble_bundle(case, submission)
    return len(queries)


def test_the_bundle_reads_the_file_in_queries_that_do_not_grow_with_its_statements(
        officer, shop_theft):
    assert bundle_queries(officer, shop_theft, 2) == bundle_queries(officer, shop_theft, 5)
