"""The contingency pack and the detainee's copy of the custody record as PDFs."""

import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from athena.audit.models import AuditEvent
from athena.jobs.models import Job, JobStatus
from athena.jobs.tasks import run_job
from athena.pdf import content_hash
from custody.healthcare.services import hcp_direction_record
from custody.medication.services import dose_record, medication_plan_add
from custody.models import DirectionKind, DoseOutcome, HcpRole
from custody.records.services import CONTINGENCY_REBUILD_JOB, contingency_rebuild_queue
from custody.suite import pdf, services
from custody.suite.selectors import record_for_pdf
from tests.custody.test_pages import make_detainee
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def record(custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=3, cell="C4")
    medication_plan_add(custody_sergeant, record, drug="Paracetamol", strength="500 mg",
                        dose="Two tablets", authorised_by="Dr Okafor",
                        min_interval_minutes=240,
                        starts_at=timezone.now() - timedelta(hours=2))
    hcp_direction_record(acting_user=custody_sergeant, record=record,
                         given_at=timezone.now() - timedelta(hours=1), hcp_name="Nurse Bello",
                         hcp_role=HcpRole.NURSE, kind=DirectionKind.OTHER,
                         text="Offer fluids every hour")
    return record_for_pdf(record.pk)


def text_of(content):
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def fresh(record):
    return record_for_pdf(record.pk)


def test_the_contingency_sheet_shows_schedule_directions_and_blank_rows(record):
    content = pdf.contingency_content(record)
    assert content["medication"][0]["drug"] == "Paracetamol 500 mg"
    assert len(content["medication"][0]["due"]) == 6  # every 4 hours for 24 hours
    assert content["directions"][0]["acknowledged"] is False
    assert content["observation"]["check_interval_minutes"] == 60
    assert content["clock"]["next_review_due"]
    text = text_of(pdf.contingency_pdf(record))
    assert "CONTINGENCY SHEET" in text
    assert record.person.full_name in text
    assert record.custody_number in text
    assert "Paracetamol 500 mg" in text
    assert "Offer fluids every hour" in text
    assert "NOT ACKNOWLEDGED" in text
    assert "Name and signature" in text


def test_the_suite_pack_lists_every_detainee_with_their_sheet(record, custody_sergeant,
                                                             officer, suite):
    other = make_detainee(custody_sergeant, officer, suite, hours_ago=1, cell="C5")
    text = text_of(pdf.suite_contingency_pdf(suite))
    assert record.person.full_name in text
    assert other.person.full_name in text
    assert "Offer fluids every hour" in text
    # A sheet for each, each with its three ruled tables: checks, doses, other entries.
    assert text.count("CONTINGENCY SHEET:") == 2
    assert text.count("Name and signature") == 2 * 3


def test_the_suite_pack_is_its_summary_then_each_sheet_as_printed_alone(record,
                                                                         custody_sergeant,
                                                                         officer, suite):
    other = make_detainee(custody_sergeant, officer, suite, hours_ago=1, cell="C5")
    reader = PdfReader(io.BytesIO(pdf.suite_contingency_pdf(suite)))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert "CONTINGENCY PACK:" in pages[0]
    assert f"Contingency pack {suite.name}, built" in pages[0]
    footers = [f"Contingency sheet {fresh(record).custody_number}, built",
               f"Contingency sheet {other.custody_number}, built"]
    assert [footer for footer in footers if any(footer in page for page in pages)] == footers


def test_a_change_renders_only_its_own_sheet_for_the_suite_pack(
        record, custody_sergeant, officer, suite, django_capture_on_commit_callbacks,
        monkeypatch):
    other = make_detainee(custody_sergeant, officer, suite, hours_ago=1, cell="C5")
    for waiting in Job.objects.filter(kind=CONTINGENCY_REBUILD_JOB, status=JobStatus.QUEUED):
        run_job.apply(args=[waiting.pk])
    assert default_storage.exists(services.suite_pdf_name(suite.code))
    rendered = []
    real_sheet_pdf = services.sheet_pdf
    monkeypatch.setattr(services, "sheet_pdf",
                        lambda content: rendered.append(content["record_id"])
                        or real_sheet_pdf(content))

    with django_capture_on_commit_callbacks(execute=False):
        dose_record(custody_sergeant, record.medication_plans.get(),
                    timezone.now() - timedelta(minutes=5), DoseOutcome.GIVEN)
    job = Job.objects.get(kind=CONTINGENCY_REBUILD_JOB, status=JobStatus.QUEUED)
    assert run_job.apply(args=[job.pk]).get() == "done"

    # The record's own sheet, once: the suite's pack took it as stored, and the other
    # detainee's as it was.
    assert rendered == [record.pk]
    name = services.suite_pdf_name(suite.code)
    assert services.stored_hash(name) == content_hash(pdf.suite_contingency_content(suite))
    with default_storage.open(name) as handle:
        text = text_of(handle.read())
    assert text.count("CONTINGENCY SHEET:") == 2
    assert other.person.full_name in text


def test_the_detainee_copy_is_the_whole_record(record):
    text = text_of(pdf.detainee_copy_pdf(record))
    assert record.person.full_name in text
    assert "Suspected theft" in text  # grounds for arrest
    assert "Station Road" in text
    assert "Booked in" in text
    assert "Medication plan: Paracetamol 500 mg" in text
    assert "Offer fluids every hour" in text
    assert "Rights" in text


def test_the_rebuild_is_skipped_when_nothing_changed(record, custody_sergeant):
    assert services.rebuild_contingency_if_changed(record) is True
    name = services.record_pdf_name(record.pk)
    assert default_storage.exists(name)
    first_hash = services.stored_hash(name)
    assert first_hash == content_hash(pdf.contingency_content(record))
    assert services.rebuild_contingency_if_changed(fresh(record)) is False

    plan = record.medication_plans.get()
    dose_record(custody_sergeant, plan, timezone.now() - timedelta(minutes=5),
                DoseOutcome.GIVEN)
    assert services.rebuild_contingency_if_changed(fresh(record)) is True
    assert services.stored_hash(name) != first_hash
    assert pdf.contingency_content(fresh(record))["medication"][0]["last_dose"].endswith(
        ": given")


def test_the_job_rebuilds_record_and_suite_once(record, suite, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        contingency_rebuild_queue(record)
        contingency_rebuild_queue(record)  # one waiting job is enough
    job = Job.objects.get(kind=CONTINGENCY_REBUILD_JOB)
    assert job.object_id == str(record.pk)
    assert run_job.apply(args=[job.pk]).get() == "done"
    assert default_storage.exists(services.record_pdf_name(record.pk))
    assert default_storage.exists(services.suite_pdf_name(suite.code))
    assert run_job.apply(args=[job.pk]).get() == "not-claimed"

    # A second job with nothing changed stores nothing new.
    with django_capture_on_commit_callbacks(execute=False):
        contingency_rebuild_queue(record)
    again = Job.objects.filter(status=JobStatus.QUEUED).get()
    built = services.stored_hash(services.record_pdf_name(record.pk))
    modified = default_storage.get_modified_time(services.record_pdf_name(record.pk))
    assert run_job.apply(args=[again.pk]).get() == "done"
    assert services.stored_hash(services.record_pdf_name(record.pk)) == built
    assert default_storage.get_modified_time(services.record_pdf_name(record.pk)) == modified


def test_printing_serves_the_stored_pack_when_current(custody_client, record):
    services.rebuild_contingency_if_changed(record)
    name = services.record_pdf_name(record.pk)
    with default_storage.open(name) as handle:
        stored = handle.read()
    response = custody_client.get(reverse("custody:contingency_pdf", args=[record.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == stored
    event = AuditEvent.objects.get(action="custody.contingency.printed")
    assert event.object_id == str(record.pk)


def test_the_suite_pack_is_stored_once_and_served_while_current(custody_client, record, suite,
                                                               custody_sergeant):
    assert services.rebuild_suite_contingency_if_changed(suite) is True
    assert services.rebuild_suite_contingency_if_changed(suite) is False
    name = services.suite_pdf_name(suite.code)
    with default_storage.open(name) as handle:
        stored = handle.read()
    response = custody_client.get(reverse("custody:suite_contingency_pdf", args=[suite.code]))
    assert response.content == stored
    assert response["Content-Disposition"] == f'inline; filename="contingency-{suite.code}.pdf"'
    assert response["Cache-Control"] == "no-store"

    plan = record.medication_plans.get()
    dose_record(custody_sergeant, plan, timezone.now() - timedelta(minutes=5),
                DoseOutcome.GIVEN)
    assert services.rebuild_suite_contingency_if_changed(suite) is True
    assert services.stored_hash(name) == content_hash(pdf.suite_contingency_content(suite))


def test_printing_builds_the_pack_when_none_is_stored(custody_client, record, suite):
    response = custody_client.get(reverse("custody:contingency_pdf", args=[record.pk]))
    assert response.status_code == 200
    assert "Paracetamol" in text_of(response.content)
    response = custody_client.get(reverse("custody:suite_contingency_pdf", args=[suite.code]))
    assert response.status_code == 200
    assert record.person.full_name in text_of(response.content)
    assert AuditEvent.objects.filter(action="custody.contingency.printed").count() == 2
    assert default_storage.exists(services.suite_pdf_name(suite.code))


def test_the_detainee_copy_download_is_audited(custody_client, record):
    response = custody_client.get(reverse("custody:detainee_copy", args=[record.pk]))
    assert response.status_code == 200
    assert record.person.full_name in text_of(response.content)
    assert AuditEvent.objects.filter(action="custody.record.copy_printed",
                                     object_id=str(record.pk)).count() == 1


def test_another_force_and_other_roles_get_404(client, record, suite, outsider, officer,
                                              other_force):
    from athena.accounts.roles import Role

    kent_sergeant = UserFactory(username="ps_kent", force=other_force, rank="PS",
                                roles=[Role.CUSTODY_OFFICER])
    urls = [reverse("custody:contingency_pdf", args=[record.pk]),
            reverse("custody:suite_contingency_pdf", args=[suite.code]),
            reverse("custody:detainee_copy", args=[record.pk]),
            reverse("custody:suite_contingency_pdf", args=["NOPE"])]
    for user in (outsider, officer, kent_sergeant):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    assert not AuditEvent.objects.filter(action__in=["custody.contingency.printed",
                                                     "custody.record.copy_printed"]).exists()
