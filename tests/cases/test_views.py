"""The officer's pages: start a file from a person, the task list, sections that save as
the officer types, statements and exhibits, and submission."""

import io

import pytest
from django.urls import reverse

from athena.audit.models import AuditEvent
from athena.jobs.models import Job
from cases.models import CaseFile, CaseSection, CaseStatus, FileSubmission, SectionItem


def section_url(case, kind):
    return reverse("cases:section", args=[case.pk, kind])


def test_starting_a_file_from_a_person_fills_in_the_suspect(
    officer_client, suspect_person, shop_theft
):
    url = reverse("cases:new") + f"?person={suspect_person.pk}"
    page = officer_client.get(url)
    assert page.status_code == 200
    assert suspect_person.surname.upper().encode() in page.content.upper()

    response = officer_client.post(url, {
        "person": suspect_person.pk, "offence_code": "TH68010",
        "anticipated_plea": "guilty", "case_begins": "charge",
        "bail_status": "unconditional_bail"})

    case = CaseFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.urn.startswith("42CJ00001")
    assert case.suspects.get().person == suspect_person
    assert AuditEvent.objects.filter(action="cases.case.created").count() == 1


@pytest.mark.parametrize("data", [
    {},
    {"offence_code": "NOPE999", "anticipated_plea": "guilty", "bail_status": "remand"},
    {"offence_code": "x" * 20000, "anticipated_plea": "maybe", "bail_status": "<script>"},
])
def test_bad_start_input_is_explained_and_kept(officer_client, suspect_person, shop_theft, data):
    url = reverse("cases:new") + f"?person={suspect_person.pk}"
    response = officer_client.post(url, {"person": suspect_person.pk, **data})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not CaseFile.objects.exists()


def test_starting_without_a_person_offers_the_volume_crimes_first(officer_client, db):
    response = officer_client.get(reverse("cases:new"))
    assert response.status_code == 200
    links = [url for _crime, url in response.context["crimes"]]
    assert links[0] == reverse("cases:quick", args=["TH68010"])
    assert b"Another offence" in response.content


def test_the_task_list_shows_only_what_a_shoplift_needs(officer_client, shoplift_case):
    response = officer_client.get(reverse("cases:detail", args=[shoplift_case.pk]))
    assert response.status_code == 200
    kinds = [task.kind for task in response.context["tasks"]]
    assert "case_summary" in kinds
    # A guilty plea needs no statements to prove the case, but the CPS Digital Case File
    # gives each victim's and witness's evidence from their statement.
    statements = next(t for t in response.context["tasks"] if t.kind == "witness_statements")
    assert "even when a guilty plea is expected" in " ".join(statements.reasons)
    assert "remand_application" not in kinds
    assert "streamlined_disclosure" not in kinds
    assert b"Required because" in response.content


def test_autosave_keeps_an_incomplete_draft(officer_client, shoplift_case):
    response = officer_client.post(section_url(shoplift_case, "case_summary"),
                                   {"summary": "The suspect took two steaks", "version": "0"},
                                   HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"Saved" in response.content
    section = CaseSection.objects.get(case=shoplift_case, kind="case_summary")
    assert section.data["summary"] == "The suspect took two steaks"
    assert section.version == 1
    page = officer_client.get(section_url(shoplift_case, "case_summary"))
    assert b"The suspect took two steaks" in page.content


def test_an_impossible_date_is_saved_as_typed_and_explained(officer_client, shoplift_case):
    response = officer_client.post(section_url(shoplift_case, "charges"),
                                   {"charge_date": "30/02/2026", "version": "0"},
                                   HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"must be a real date" in response.content
    section = CaseSection.objects.get(case=shoplift_case, kind="charges")
    assert section.data["charge_date"] == "30/02/2026"
    page = officer_client.get(section_url(shoplift_case, "charges"))
    assert b'value="30/02/2026"' in page.content
    assert b"must be a real date" in page.content


def test_a_stale_save_is_refused_and_both_versions_kept(officer_client, shoplift_case):
    url = section_url(shoplift_case, "case_summary")
    officer_client.post(url, {"summary": "First version", "version": "0"})
    response = officer_client.post(url, {"summary": "My stale typing", "version": "0"},
                                   HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"Someone else saved this section" in response.content
    assert b"First version" in response.content
    assert CaseSection.objects.get(kind="case_summary").data["summary"] == "First version"


def test_save_and_continue_goes_to_the_next_section(officer_client, shoplift_case):
    response = officer_client.post(section_url(shoplift_case, "case_summary"),
                                   {"summary": "Facts", "version": "0", "continue": "1"})
    assert response.status_code == 302
    assert "/sections/" in response["Location"]


@pytest.mark.parametrize("value", ["", "x" * 20001, "<script>alert(1)</script>",
                                   "£50 of meat – Zoë Ó'Brien"])
def test_hostile_text_never_breaks_a_section(officer_client, shoplift_case, value):
    response = officer_client.post(section_url(shoplift_case, "case_summary"),
                                   {"summary": value, "version": "0"})
    assert response.status_code == 200
    assert b"<script>alert" not in response.content


@pytest.mark.parametrize("amount", ["-1", "1e30", "lots", "12.345"])
def test_bad_compensation_amounts_are_explained(officer_client, shoplift_case, amount):
    response = officer_client.post(section_url(shoplift_case, "compensation"),
                                   {"amount": amount, "version": "0"})
    assert response.status_code == 200
    assert b"govuk-error-message" in response.content
    assert CaseSection.objects.get(kind="compensation").data["amount"] == amount


def close_streamed(response):
    """Close a streamed file response as the test client does: without the
    request_finished handler that would close the test's database connection."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def png_upload(name="still.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_an_exhibit_file_is_checked_by_content_and_downloaded_through_a_checked_view(
    officer_client, shoplift_case, settings, tmp_path, client, outsider
):
    settings.MEDIA_ROOT = tmp_path
    add = reverse("cases:item_add", args=[shoplift_case.pk, "exhibits"])
    response = officer_client.post(add, {"reference": "SC/1", "description": "CCTV still",
                                         "file": png_upload()})
    assert response.status_code == 302
    item = SectionItem.objects.get()
    assert item.file_type == "png"
    download = reverse("cases:exhibit_file", args=[shoplift_case.pk, item.pk])
    response = officer_client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    close_streamed(response)
    client.force_login(outsider)
    assert client.get(download).status_code == 404


@pytest.mark.parametrize(("name", "content", "message"), [
    ("still.png", b"MZ\x90\x00 this is a program", b"must be a PDF, JPEG or PNG"),
    ("report.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, b"rename it"),
])
def test_an_exhibit_that_lies_about_its_type_is_refused(
    officer_client, shoplift_case, settings, tmp_path, name, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    add = reverse("cases:item_add", args=[shoplift_case.pk, "exhibits"])
    response = officer_client.post(add, {"reference": "SC/2", "description": "x",
                                         "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content
    assert b'value="SC/2"' in response.content
    assert not SectionItem.objects.exists()


def test_an_exhibit_over_the_size_limit_is_refused(officer_client, shoplift_case, settings,
                                                   tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ATHENA_EXHIBIT_MAX_BYTES = 1024
    upload = png_upload()
    upload.file = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048)
    upload.size = 2056
    response = officer_client.post(
        reverse("cases:item_add", args=[shoplift_case.pk, "exhibits"]),
        {"reference": "SC/3", "description": "big", "file": upload})
    assert b"must be smaller than" in response.content


def test_submit_returns_at_once_with_a_queued_job(
    officer_client, shoplift_case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = officer_client.post(reverse("cases:submit", args=[shoplift_case.pk]))
    submission = FileSubmission.objects.get()
    assert response["Location"] == reverse("cases:submission",
                                           args=[shoplift_case.pk, submission.pk])
    assert Job.objects.get(pk=submission.job_id).status == "queued"
    assert len(callbacks) == 1
    shoplift_case.refresh_from_db()
    assert shoplift_case.status == CaseStatus.SUBMITTED
    progress = officer_client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert b"<progress" in progress.content
    assert b'hx-trigger="every 1s"' in progress.content


def test_a_submitted_file_cannot_be_changed(officer_client, shoplift_case):
    officer_client.post(reverse("cases:submit", args=[shoplift_case.pk]))
    response = officer_client.post(section_url(shoplift_case, "case_summary"),
                                   {"summary": "late change", "version": "0"})
    assert b"cannot be changed now" in response.content
    assert not CaseSection.objects.filter(kind="case_summary").exists()


def test_other_forces_cannot_see_a_file(client, outsider, shoplift_case):
    client.force_login(outsider)
    assert client.get(reverse("cases:detail", args=[shoplift_case.pk])).status_code == 404


def test_a_supervisor_reads_but_cannot_change(client, supervisor, shoplift_case):
    client.force_login(supervisor)
    assert client.get(reverse("cases:detail", args=[shoplift_case.pk])).status_code == 200
    response = client.post(section_url(shoplift_case, "case_summary"),
                           {"summary": "x", "version": "0"})
    assert response.status_code == 403


def test_file_page_query_count_does_not_grow_with_sections_and_exhibits(
    officer_client, shoplift_case, officer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases import services

    url = reverse("cases:detail", args=[shoplift_case.pk])

    def count():
        officer_client.get(url)
        with CaptureQueriesContext(connection) as context:
            officer_client.get(url)
        return len(context.captured_queries)

    baseline = count()
    for kind in ("case_summary", "evidence_for_prosecutor", "charges", "compensation"):
        services.section_save(acting_user=officer, case=shoplift_case, kind=kind,
                              data={}, expected_version=0)
    for n in range(5):
        services.section_item_save(acting_user=officer, case=shoplift_case, kind="exhibits",
                                   data={"reference": f"SC/{n}"})
    assert count() <= baseline + 1  # the sections' rows arrive in one prefetch


def test_a_pages_own_autosave_overtaken_by_its_final_save_is_not_a_conflict(
    officer_client, shoplift_case
):
    url = section_url(shoplift_case, "case_summary")
    officer_client.post(url, {"summary": "Typed so far", "version": "0", "editor": "page-a"},
                        HTTP_HX_REQUEST="true")
    response = officer_client.post(url, {"summary": "Typed so far, and more",
                                         "version": "0", "editor": "page-a",
                                         "continue": "1"})
    assert response.status_code == 302
    assert CaseSection.objects.get(kind="case_summary").data["summary"] == (
        "Typed so far, and more")


def test_an_autosave_sent_before_the_pages_button_save_but_arriving_after_changes_nothing(
    officer_client, shoplift_case
):
    """The button's save (sent at 2000 on the page's clock) arrives first; the autosave
    the page sent at 1000, as the officer left the box, arrives after it."""
    url = section_url(shoplift_case, "case_summary")
    officer_client.post(url, {"summary": "Typed, then answered", "interview_type": "no_comment",
                              "version": "0", "editor": "page-a", "sent_at": "2000"})
    response = officer_client.post(url, {"summary": "Typed", "version": "0",
                                         "editor": "page-a", "sent_at": "1000"},
                                   HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    section = CaseSection.objects.get(kind="case_summary")
    assert section.data["summary"] == "Typed, then answered"
    assert section.data["interview_type"] == "no_comment"
    assert section.version == 1
    later = officer_client.post(url, {"summary": "Typed, answered, and more", "version": "1",
                                      "editor": "page-a", "sent_at": "3000"},
                                HTTP_HX_REQUEST="true")
    assert later.status_code == 200
    assert CaseSection.objects.get(kind="case_summary").data["summary"] == (
        "Typed, answered, and more")


def test_another_pages_save_is_a_conflict_even_for_the_same_officer(
    officer_client, shoplift_case
):
    url = section_url(shoplift_case, "case_summary")
    officer_client.post(url, {"summary": "From tab one", "version": "0", "editor": "tab-1"})
    response = officer_client.post(url, {"summary": "From tab two", "version": "0",
                                         "editor": "tab-2"})
    assert b"Someone else saved this section" in response.content
    assert CaseSection.objects.get(kind="case_summary").data["summary"] == "From tab one"


def test_opening_a_file_is_audited(officer_client, officer, shoplift_case):
    officer_client.get(reverse("cases:detail", args=[shoplift_case.pk]))
    event = AuditEvent.objects.filter(action="cases.case.viewed").get()
    assert event.actor == officer
    assert event.object_id == str(shoplift_case.pk)


def test_the_case_page_names_its_markers_in_words(officer_client, shoplift_case):
    shoplift_case.markers = ["domestic_abuse", "older_victim"]
    shoplift_case.save(update_fields=["markers"])

    page = officer_client.get(reverse("cases:detail", args=[shoplift_case.pk])).content.decode()

    assert "Unconditional bail; Domestic abuse, Older victim (over 60)" in page
    assert "domesticabuse" not in page


@pytest.mark.parametrize("sent_at", ["²", "１２", "-5", "1e3", "9" * 40, "\x00"])
def test_a_sent_at_that_is_not_a_plain_number_is_ignored_never_a_500(officer_client,
                                                                     shoplift_case, sent_at):
    url = section_url(shoplift_case, "case_summary")
    response = officer_client.post(url, {"summary": "Typed", "version": "0", "editor": "p",
                                         "sent_at": sent_at}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert CaseSection.objects.get(kind="case_summary").data["summary"] == "Typed"


@pytest.mark.parametrize("version", ["²", "１", "-1", ""])
def test_a_version_that_is_not_a_plain_number_reads_as_none_saved_never_a_500(
        officer_client, shoplift_case, version):
    url = section_url(shoplift_case, "case_summary")
    response = officer_client.post(url, {"summary": "Typed", "version": version},
                                   HTTP_HX_REQUEST="true")

    assert response.status_code == 200


def test_a_person_that_is_not_a_plain_number_starts_no_file_and_is_never_a_500(
        officer_client):
    response = officer_client.get(reverse("cases:new"), {"person": "²"})

    assert response.status_code in (200, 302)
