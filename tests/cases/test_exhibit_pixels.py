"""Exhibit images and their pixels: an image too large to print is refused at upload by
its header alone, and one that is allowed but larger than a printed page is shrunk
before it goes into the bundle."""

import io
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from athena.jobs.tasks import run_job
from cases import bundle
from cases.models import CaseStatus, FileSubmission, SectionItem
from cases.sections import SectionKind
from cases.services import case_submit
from tests.cases.factories import CaseSectionFactory, SectionItemFactory, complete_case_file

pytestmark = pytest.mark.django_db

EXHIBIT = {"reference": "SC/1", "description": "CCTV still", "produced_by": "PC Smith"}


def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data)))


def png_of(width, height, *, rows=True):
    """A 1-bit PNG of ``width`` x ``height``, all black. Its rows are compressed as they
    are made, so a 13,000 x 13,000 image is a few kilobytes and never held in memory;
    without ``rows`` it is the header alone (a decompression bomb's shape)."""
    data = b""
    if rows:
        compressor = zlib.compressobj(9)
        row = bytes(1 + (width + 7) // 8)
        data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + _chunk(b"IDAT", data) + _chunk(b"IEND", b""))


def jpeg_of(width, height, **options):
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(
        buffer, "JPEG", quality=80, **options)
    return buffer.getvalue()


def jpeg_claiming(width, height):
    """A small JPEG whose header says it is ``width`` x ``height``."""
    content = bytearray(jpeg_of(16, 16))
    start = content.index(b"\xff\xc0")
    content[start + 5:start + 9] = struct.pack(">HH", height, width)
    return bytes(content)


def post_exhibit(client, case, content, name):
    return client.post(reverse("cases:item_add", args=[case.pk, SectionKind.EXHIBITS]),
                       {**EXHIBIT, "file": SimpleUploadedFile(name, content)})


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()]


@pytest.fixture
def case(officer):
    return complete_case_file(officer_in_case=officer)


# --- At upload ------------------------------------------------------------------------

def test_a_13000_by_13000_png_is_refused_with_its_size_and_nothing_is_stored(
        officer_client, case, media_root):
    content = png_of(13_000, 13_000)
    assert len(content) < 100_000  # well within the upload's size limit

    response = post_exhibit(officer_client, case, content, "plan.png")

    assert response.status_code == 200
    assert ("The image must be at most 40 megapixels; this one is 13,000 × 13,000"
            in response.content.decode())
    assert not SectionItem.objects.filter(section__case=case,
                                          section__kind=SectionKind.EXHIBITS).exists()
    assert stored_files(media_root) == []


def test_an_image_longer_than_the_longest_side_is_refused(officer_client, case):
    response = post_exhibit(officer_client, case, png_of(20_000, 100), "strip.png")

    assert ("The image must be at most 12,000 pixels wide and high; this one is 20,000 × 100"
            in response.content.decode())
    assert not SectionItem.objects.filter(section__kind=SectionKind.EXHIBITS).exists()


@pytest.mark.parametrize(("content", "name", "size"), [
    (png_of(100_000, 100_000, rows=False), "bomb.png", "100,000 × 100,000"),
    (jpeg_claiming(60_000, 60_000), "bomb.jpg", "60,000 × 60,000"),
])
def test_a_decompression_bomb_is_refused_not_a_server_error(officer_client, case, content,
                                                           name, size):
    response = post_exhibit(officer_client, case, content, name)

    assert response.status_code == 200
    assert f"this one is {size}" in response.content.decode()
    assert not SectionItem.objects.filter(section__kind=SectionKind.EXHIBITS).exists()


def test_the_limit_is_a_setting(officer_client, case, settings):
    settings.ATHENA_EXHIBIT_MAX_PIXELS = 1_000_000

    response = post_exhibit(officer_client, case, jpeg_of(1200, 1000), "still.jpg")

    assert ("The image must be at most 1 megapixels; this one is 1,200 × 1,000"
            in response.content.decode())


def test_a_photo_within_the_limit_is_accepted(officer_client, case):
    response = post_exhibit(officer_client, case, jpeg_of(6000, 4000), "still.jpg")

    assert response.status_code == 302
    assert SectionItem.objects.get(section__kind=SectionKind.EXHIBITS).file_type == "jpeg"


# --- In the bundle --------------------------------------------------------------------

def submitted_bundle(officer, case):
    submission = case_submit(acting_user=officer, case=case)
    assert run_job(submission.job_id) == "done"
    return FileSubmission.objects.get(pk=submission.pk)


def embedded_image_sizes(submission):
    with submission.bundle.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return [image.image.size for page in reader.pages for image in page.images]


def test_an_allowed_large_image_is_bundled_shrunk_to_the_page(officer_client, officer, case):
    post_exhibit(officer_client, case, jpeg_of(6000, 4000), "still.jpg")

    submission = submitted_bundle(officer, case)

    assert submission.problems == {}
    [(width, height)] = embedded_image_sizes(submission)
    assert width == 2480 and height < 3508  # A4 at 300 dpi, the photo's proportions kept
    assert submission.bundle.size < 2_000_000


def test_a_turned_photo_is_shrunk_to_fit_the_page_upright(officer_client, officer, case):
    turned = Image.Exif()
    turned[0x0112] = 6  # stored landscape, seen portrait
    post_exhibit(officer_client, case, jpeg_of(6000, 4000, exif=turned.tobytes()),
                 "turned.jpg")

    submission = submitted_bundle(officer, case)

    [(width, height)] = embedded_image_sizes(submission)
    assert width < 2480 and height == 3508


def test_an_image_that_fits_the_page_is_embedded_as_it_is(officer_client, officer, case):
    post_exhibit(officer_client, case, jpeg_of(1600, 1200), "still.jpg")

    assert embedded_image_sizes(submitted_bundle(officer, case)) == [(1600, 1200)]


def store_exhibit(case, content, name, file_type):
    """An exhibit stored before the limit existed: straight to storage, no form."""
    section = CaseSectionFactory(case=case, kind=SectionKind.EXHIBITS)
    return SectionItemFactory(section=section, file=ContentFile(content, name=name),
                              file_type=file_type, data=dict(EXHIBIT))


@pytest.mark.parametrize(("content", "size"), [
    (png_of(13_000, 13_000), "13,000 × 13,000"),
    (png_of(100_000, 100_000, rows=False), "100,000 × 100,000"),
])
def test_a_png_stored_before_the_limit_is_a_problem_for_the_officer_not_a_crash(
        officer, case, content, size):
    store_exhibit(case, content, "plan.png", "png")

    submission = submitted_bundle(officer, case)

    [problem] = submission.problems["exhibits"]
    assert problem["message"] == (
        f"Exhibit SC/1: CCTV still (plan.png) is too large to print: the image must be at "
        f"most 40 megapixels; this one is {size}. Upload a smaller copy.")
    assert not submission.bundle
    assert submission.case.status == CaseStatus.DRAFT


def test_a_jpeg_stored_before_the_limit_is_decoded_at_a_fraction_of_its_size(
        officer, case, settings, monkeypatch):
    # Scaled down: a 3,000 x 3,000 JPEG over a 1 megapixel limit, printed at 400 x 400,
    # is decoded at a quarter of its size (750 x 750), never whole.
    settings.ATHENA_EXHIBIT_MAX_PIXELS = 1_000_000
    monkeypatch.setattr(bundle, "PRINTED_IMAGE_SIZE", (400, 400))
    store_exhibit(case, jpeg_of(3000, 3000), "still.jpg", "jpeg")

    submission = submitted_bundle(officer, case)

    assert submission.problems == {}
    assert embedded_image_sizes(submission) == [(400, 400)]
