"""The DCF pages: upload and import with a progress bar, and a file's export."""

import json
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import cases.dcf.tasks  # noqa: F401 - registers the import job's handler, as the app will
from athena.audit.models import AuditEvent
from athena.jobs.models import Job, JobStatus
from athena.jobs.tasks import run_job
from cases.dcf import uploads
from cases.dcf.importer import dcf_import
from cases.models import CaseEvent, CaseEventKind, CaseFile
from tests.cases.filling import fill_file
from tests.cases.test_dcf_helpers import (  # noqa: F401 - fixtures
    _catalogue_rows,
    dcf_catalogue,
    example,
    example_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dcf_catalogue")]

FIRST = "first-hearing-example-1-valid-single-defendant.json"
ILLEGAL_FIELD = "first-hearing-example-12-invalid-ilegal-field.json"
IMPORT_URL = "/cases/dcf/import/"


def upload(client, content, name="case.json"):
    with mock.patch("athena.jobs.services.job_send"):
        return client.post(reverse("cases:dcf_import"),
                           {"file": SimpleUploadedFile(name, content, "application/json")})


def token_of(response):
    assert response.status_code == 302, getattr(response, "content", b"")[:2000]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def the_job(token):
    return Job.objects.get(kind=uploads.DCF_IMPORT_JOB, object_id=token)


def test_the_urls():
    assert reverse("cases:dcf_import") == IMPORT_URL
    assert reverse("cases:dcf_import_progress", args=["a" * 32]) == f"{IMPORT_URL}{'a' * 32}/"
    assert reverse("cases:dcf_export", args=[7]) == "/cases/dcf/7/export/"


def test_the_upload_page(officer_client):
    response = officer_client.get(IMPORT_URL)

    assert response.status_code == 200
    assert b"Import a Digital Case File" in response.content
    assert b'enctype="multipart/form-data"' in response.content


def test_only_those_who_start_files_may_import(client, analyst):
    client.force_login(analyst)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {}).status_code == 403


def test_an_upload_queues_the_import_and_shows_its_progress(officer_client, officer):
    response = upload(officer_client, example_bytes(FIRST))

    token = token_of(response)
    job = the_job(token)
    assert job.status == JobStatus.QUEUED
    assert not CaseFile.objects.exists()  # the worker imports, not the request
    page = officer_client.get(response["Location"])
    assert page.status_code == 200
    assert b'<progress class="athena-progress"' in page.content
    assert b'hx-trigger="every 1s"' in page.content
    assert AuditEvent.objects.filter(action="cases.dcf.uploaded", object_id=token,
                                     actor=officer).exists()


def test_the_job_imports_the_file_and_the_page_links_to_it(officer_client, officer):
    token = token_of(upload(officer_client, example_bytes(FIRST)))

    assert run_job(the_job(token).pk) == "done"

    case = CaseFile.objects.get()
    assert case.officer_in_case == officer
    assert the_job(token).progress == 100
    page = officer_client.get(reverse("cases:dcf_import_progress", args=[token]))
    assert b"Case file imported" in page.content
    assert reverse("cases:detail", args=[case.pk]).encode() in page.content
    assert b"hx-trigger" not in page.content  # finished: no more polling
    assert uploads.upload_open(token) is None  # the uploaded bytes are not kept


def test_the_progress_partial_for_htmx(officer_client):
    token = token_of(upload(officer_client, example_bytes(FIRST)))

    partial = officer_client.get(reverse("cases:dcf_import_progress", args=[token]),
                                 HTTP_HX_REQUEST="true")

    assert partial.status_code == 200
    assert partial.content.lstrip().startswith(b'<div id="dcf-import-progress"')


def test_the_job_reports_progress_as_it_goes(officer_client):
    token = token_of(upload(officer_client, example_bytes(FIRST)))
    seen = []

    with mock.patch("cases.dcf.tasks.job_set_progress",
                    side_effect=lambda job, percent: seen.append(percent)):
        run_job(the_job(token).pk)

    assert seen == sorted(seen) and seen[0] < 30 and seen[-1] >= 95


def test_an_invalid_file_shows_its_problems_and_imports_nothing(officer_client):
    token = token_of(upload(officer_client, example_bytes(ILLEGAL_FIELD)))

    run_job(the_job(token).pk)

    page = officer_client.get(reverse("cases:dcf_import_progress", args=[token]))
    assert b"The file was not imported" in page.content
    assert (b"The case has a field the DCF does not allow: &#x27;i_should_not_be_here&#x27;"
            in page.content)
    assert b"case.i_should_not_be_here" in page.content
    assert not CaseFile.objects.exists()


@pytest.mark.parametrize(("content", "words"), [
    (b"\xff\xfe{\x00}\x00", b"UTF-16 text"),
    (b"[" * 10_000, b"nested more than 64 levels"),
    (b'{"schema_version": "1.2.2", "case": {', b"cut off"),
    (b"<html>not a case</html>", b"not valid JSON"),
])
def test_hostile_uploads_give_a_clear_message(officer_client, content, words):
    token = token_of(upload(officer_client, content))

    assert run_job(the_job(token).pk) == "done"

    page = officer_client.get(reverse("cases:dcf_import_progress", args=[token]))
    assert page.status_code == 200
    assert words in page.content
    assert not CaseFile.objects.exists()


def test_a_file_over_the_limit_is_refused_at_upload(officer_client, settings):
    settings.ATHENA_DCF_MAX_BYTES = 2048

    response = upload(officer_client, b" " * 5000)

    assert response.status_code == 200
    assert b"The file must be 0 MB or smaller" in response.content
    assert not Job.objects.exists()
    assert not default_storage.exists(uploads.UPLOAD_DIR)


def test_a_50_mb_upload_is_refused_by_its_length_without_reading_it(officer_client):
    response = officer_client.generic(
        "POST", IMPORT_URL, b"", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024))

    assert response.status_code == 413
    assert b"The file must be 10 MB or smaller" in response.content
    assert not Job.objects.exists()


def test_an_upload_without_a_file_says_choose_one(officer_client):
    response = officer_client.post(IMPORT_URL, {})

    assert response.status_code == 200
    assert b"Choose the Digital Case File to upload" in response.content


def test_the_upload_needs_the_csrf_token(client, officer):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(officer)

    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("a.json", b"{}")})

    assert response.status_code == 403
    assert not Job.objects.exists()


def test_someone_elses_upload_is_not_found(officer_client, client, outsider, home_force):
    token = token_of(upload(officer_client, example_bytes(FIRST)))
    client.force_login(outsider)

    assert client.get(reverse("cases:dcf_import_progress", args=[token])).status_code == 404
    assert client.get(f"{IMPORT_URL}..%2F..%2Fetc%2Fpasswd/").status_code == 404
    assert client.get(f"{IMPORT_URL}short/").status_code == 404


def test_the_job_run_twice_imports_once(officer_client):
    token = token_of(upload(officer_client, example_bytes(FIRST)))
    job = the_job(token)
    run_job(job.pk)

    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    assert run_job(job.pk) == "done"

    assert CaseFile.objects.count() == 1


def test_a_worker_that_died_after_the_import_finds_the_file_it_made(officer_client, officer):
    token = token_of(upload(officer_client, example_bytes(FIRST)))
    case = dcf_import(acting_user=officer, document=example(FIRST), source_key=token)

    run_job(the_job(token).pk)

    assert CaseFile.objects.get() == case
    assert uploads.upload_result(token) == {"case_id": case.pk, "urn": case.urn}


def test_a_failed_job_says_nothing_was_imported(officer_client):
    token = token_of(upload(officer_client, example_bytes(FIRST)))

    with mock.patch("cases.dcf.uploads.dcf_import_file", side_effect=RuntimeError("boom")):
        assert run_job(the_job(token).pk) == "failed"

    page = officer_client.get(reverse("cases:dcf_import_progress", args=[token]))
    assert b"The import could not finish" in page.content
    assert not CaseFile.objects.exists()
    assert not CaseEvent.objects.filter(kind=CaseEventKind.IMPORTED).exists()


# --- Export -------------------------------------------------------------------------------

def test_a_valid_file_downloads_as_dcf_json(officer_client, officer):
    # An imported file is completed by its officer as any other (the file rules ask more
    # than the DCF gives, the MG5's interview for one) before it goes out again.
    case = fill_file(dcf_import(acting_user=officer, document=example(FIRST)), officer)

    response = officer_client.get(reverse("cases:dcf_export", args=[case.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="{case.urn}-dcf.json"'
    assert json.loads(response.content)["case"]["pti_urn"] == "01AA9999915-01"
    assert AuditEvent.objects.filter(action="cases.case.dcf_exported",
                                     object_id=str(case.pk)).exists()


def test_a_file_not_yet_valid_shows_its_problems_linked_to_our_sections(officer_client,
                                                                        shoplift_case):
    response = officer_client.get(reverse("cases:dcf_export", args=[shoplift_case.pk]))

    assert response.status_code == 200
    assert b"The Digital Case File is not ready" in response.content
    summary_url = reverse("cases:section", args=[shoplift_case.pk, "case_summary"])
    assert f'href="{summary_url}#field-summary"'.encode() in response.content
    assert b"Case summary (MG5)" in response.content
    assert b"is not valid under" not in response.content


def test_another_forces_file_is_not_found(client, outsider, shoplift_case):
    client.force_login(outsider)

    assert client.get(reverse("cases:dcf_export", args=[shoplift_case.pk])).status_code == 404


def test_an_officer_who_lost_the_right_to_start_files_imports_nothing(officer_client, officer):
    token = token_of(upload(officer_client, example_bytes(FIRST)))
    officer.groups.clear()

    run_job(the_job(token).pk)

    assert not CaseFile.objects.exists()
    assert uploads.upload_result(token)["problems"][0]["rule"] == "athena.import.permission"
