"""The officer's "Returned sections" worklist and the supervisor's comment on the
section pages."""

import pytest
from django.urls import reverse

from cases import services
from cases.models import SectionItem
from tests.cases.factories import complete_case_file
from tests.cases.test_review_support import (
    file_awaiting_review_of,
    officer_of,
    return_file,
    submit_and_pass,
)


@pytest.fixture
def file_awaiting_review(officer):
    return file_awaiting_review_of(officer)


@pytest.fixture
def colleague(home_force):
    return officer_of(home_force)


def returned_worklist(client):
    response = client.get(reverse("home"))
    return next(w for section in response.context["sections"] for w in section["worklists"]
                if w["title"] == "Returned sections")["items"]


def test_a_returned_section_links_to_the_first_pointed_field_with_the_comment(
    officer_client, supervisor, file_awaiting_review
):
    return_file(supervisor, file_awaiting_review, fields=("interview_summary", "summary"))
    [item] = returned_worklist(officer_client)
    url = reverse("cases:section", args=[file_awaiting_review.pk, "case_summary"])
    # The pointers are kept in the section's field order: the summary comes first.
    assert item.url == f"{url}#field-summary"
    assert item.title == f"{file_awaiting_review.urn} – Case summary (MG5)"
    assert item.detail == "The interview summary reads like a transcript"
    page = officer_client.get(reverse("home"))
    assert b"The interview summary reads like a transcript" in page.content


def test_a_returned_statement_links_to_the_statement_pointed_at(officer_client, supervisor,
                                                                file_awaiting_review):
    statement = SectionItem.objects.get()
    return_file(supervisor, file_awaiting_review, returned=("witness_statements",),
                fields=(f"item:{statement.pk}", "declaration"), comment="Not signed")
    [item] = returned_worklist(officer_client)
    assert item.url == reverse("cases:item_edit", args=[
        file_awaiting_review.pk, "witness_statements", statement.pk]) + "#field-declaration"
    page = officer_client.get(item.url)
    assert b"Returned by your supervisor" in page.content
    assert b'id="id_declaration-review"' in page.content


def test_a_return_pointing_at_nothing_links_to_the_comment(officer_client, supervisor,
                                                           file_awaiting_review):
    return_file(supervisor, file_awaiting_review, fields=())
    [item] = returned_worklist(officer_client)
    assert item.url.endswith("/sections/case_summary/#review-comment")


def test_the_section_page_shows_the_comment_at_the_top_and_beside_the_fields(
    officer_client, supervisor, file_awaiting_review
):
    return_file(supervisor, file_awaiting_review, fields=("interview_summary",))
    page = officer_client.get(reverse("cases:section",
                                      args=[file_awaiting_review.pk, "case_summary"]))
    content = page.content.decode()
    assert 'id="review-comment"' in content
    assert 'href="#field-interview_summary"' in content
    assert 'id="id_interview_summary-review"' in content
    assert 'id="id_summary-review"' not in content
    assert content.count("The interview summary reads like a transcript") == 2


def test_only_the_officer_in_the_case_sees_their_returned_sections(client, colleague,
                                                                   supervisor,
                                                                   file_awaiting_review):
    return_file(supervisor, file_awaiting_review)
    client.force_login(colleague)
    assert returned_worklist(client) == []


def test_resubmitting_clears_the_worklist(officer_client, officer, supervisor,
                                         file_awaiting_review):
    return_file(supervisor, file_awaiting_review)
    services.case_submit(acting_user=officer, case=file_awaiting_review)
    assert returned_worklist(officer_client) == []


def test_the_worklist_query_count_does_not_grow_with_returned_sections(
    officer_client, officer, supervisor, file_awaiting_review, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    return_file(supervisor, file_awaiting_review)
    with CaptureQueriesContext(connection) as one:
        officer_client.get(reverse("home"))
    for _ in range(3):
        case = complete_case_file(officer_in_case=officer)
        submit_and_pass(case, officer)
        return_file(supervisor, case, returned=("case_summary", "charges", "witness_statements"),
                    fields=())
    with django_assert_max_num_queries(len(one.captured_queries)):
        officer_client.get(reverse("home"))
    assert len(returned_worklist(officer_client)) == 10


def _save_and_continue(client, case, kind, **changes):
    section = case.sections.get(kind=kind)
    return client.post(reverse("cases:section", args=[case.pk, kind]), {
        **section.data, **changes, "version": str(section.version), "editor": "page-1",
        "continue": "1"})


def test_save_and_continue_goes_from_returned_section_to_returned_section_then_to_submit(
    officer_client, supervisor, file_awaiting_review
):
    """Issue 14: the approved sections between them are locked, so they are skipped; a
    changed section says so on the task list."""
    case = return_file(supervisor, file_awaiting_review,
                       returned=("case_summary", "previous_convictions"), fields=())
    detail = reverse("cases:detail", args=[case.pk])

    first = _save_and_continue(officer_client, case, "case_summary",
                               summary="He took two bottles of gin and ran.")
    assert first.url == reverse("cases:section", args=[case.pk, "previous_convictions"])
    second = _save_and_continue(officer_client, case, "previous_convictions",
                                pnc_convictions="None recorded on the PNC")
    assert second.url == f"{detail}#submit"

    page = officer_client.get(detail).content.decode()
    assert page.count("Changed – waiting for review") == 2
    assert 'govuk-tag--red">Returned<' not in page


def test_a_returned_section_not_yet_changed_is_still_returned_and_visited(
    officer_client, supervisor, file_awaiting_review
):
    case = return_file(supervisor, file_awaiting_review,
                       returned=("case_summary", "previous_convictions"), fields=())

    last = _save_and_continue(officer_client, case, "previous_convictions",
                              pnc_convictions="None recorded on the PNC")

    # The earlier returned section is not yet changed: it is next, not the submit button.
    assert last.url == reverse("cases:section", args=[case.pk, "case_summary"])
    page = officer_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert page.count("Changed – waiting for review") == 1
    assert 'govuk-tag--red">Returned<' in page
