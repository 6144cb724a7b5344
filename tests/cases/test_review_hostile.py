"""Hostile input to the supervisor's forms: a message beside the field, the typing kept,
another force's files and made-up sections out of reach, and never a server error."""

import pytest
from django.urls import reverse

from athena.accounts.roles import Role
from cases.models import CaseSection, ReviewState, SectionItem
from tests.cases.factories import complete_case_file
from tests.cases.test_review_support import (
    file_awaiting_review_of,
    submit_and_pass,
)
from tests.factories import UserFactory, kent

SCRIPT = "<script>alert(1)</script>"

@pytest.fixture
def file_awaiting_review(officer):
    return file_awaiting_review_of(officer)


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


def return_url(case, kind="case_summary"):
    return reverse("cases:review_return", args=[case.pk, kind])


def correct_url(case, kind="charges"):
    return reverse("cases:review_correct", args=[case.pk, kind])


@pytest.mark.parametrize(("comment", "message"), [
    ("x" * 20000, b"2,000 characters or fewer"),
    ("Before\x00after", b"Null characters are not allowed"),
    ("", b"Enter what the officer needs to change"),
])
def test_a_bad_return_comment_is_explained(supervisor_client, file_awaiting_review, comment,
                                           message):
    response = supervisor_client.post(return_url(file_awaiting_review),
                                      {"case_summary-comment": comment})
    assert response.status_code == 200
    assert message in response.content
    if comment.startswith("x"):
        assert comment.encode() in response.content  # the typing is kept
    section = CaseSection.objects.get(case=file_awaiting_review, kind="case_summary")
    assert section.review_state == ReviewState.PENDING


def test_a_script_in_a_comment_is_kept_as_text(supervisor_client,
                                               file_awaiting_review):
    response = supervisor_client.post(return_url(file_awaiting_review),
                                      {"case_summary-comment": SCRIPT})
    assert response.status_code == 302
    page = supervisor_client.get(reverse("cases:review", args=[file_awaiting_review.pk]))
    assert SCRIPT.encode() not in page.content
    assert b"&lt;script&gt;" in page.content


@pytest.mark.parametrize("pointers", [["not_a_field"], ["item:999999"], ["court"],
                                      [SCRIPT], ["\x00"]])
def test_pointing_at_something_the_section_does_not_have_is_refused(
    supervisor_client, file_awaiting_review, pointers
):
    response = supervisor_client.post(return_url(file_awaiting_review), {
        "case_summary-comment": "Look again", "case_summary-point_at": pointers})
    assert response.status_code == 200
    assert b"Choose from the fields of this section" in response.content
    assert b"Look again" in response.content


def test_unknown_field_names_are_ignored(supervisor_client, file_awaiting_review):
    response = supervisor_client.post(return_url(file_awaiting_review), {
        "case_summary-comment": "Look again", "review_state": "approved",
        "case_summary-reviewed_by": "1", "status": "approved"})
    assert response.status_code == 302
    section = CaseSection.objects.get(case=file_awaiting_review, kind="case_summary")
    assert section.review_state == ReviewState.RETURNED


@pytest.mark.parametrize("kind", ["not_a_section", "remand_application", "exhibits",
                                  SCRIPT.replace("/", ""), "x" * 300])
def test_a_section_that_does_not_exist_or_is_not_under_review_is_404(
    supervisor_client, file_awaiting_review, kind
):
    pk = file_awaiting_review.pk
    for url in (reverse("cases:review_approve", args=[pk, kind]),
                reverse("cases:review_return", args=[pk, kind])):
        assert supervisor_client.post(url, {f"{kind}-comment": "x"}).status_code == 404
    assert supervisor_client.get(reverse("cases:review_correct", args=[pk, kind])
                                 ).status_code == 404


def test_another_forces_file_is_404(supervisor_client, home_force):
    kent_officer = UserFactory(username="pc_kent", force=kent(), roles=[Role.OFFICER])
    theirs = complete_case_file(officer_in_case=kent_officer, force=kent())
    submit_and_pass(theirs, kent_officer)
    pk = theirs.pk
    assert supervisor_client.get(reverse("cases:review", args=[pk])).status_code == 404
    for url in (reverse("cases:review_approve", args=[pk, "charges"]),
                reverse("cases:review_return", args=[pk, "charges"]),
                reverse("cases:review_complete", args=[pk]),
                reverse("cases:review_correct", args=[pk, "charges"])):
        assert supervisor_client.post(url, {"charges-comment": "x"}).status_code == 404
    assert supervisor_client.get(reverse("cases:history", args=[pk])).status_code == 404
    assert CaseSection.objects.filter(case=theirs, review_state=ReviewState.PENDING).count() == 7


@pytest.mark.parametrize("path", ["/cases/999999/review/", "/cases/999999/history/",
                                  "/cases/999999/review/charges/approve/"])
def test_made_up_files_are_404(supervisor_client, db, path):
    response = (supervisor_client.get(path) if path.endswith("review/")
                or path.endswith("history/") else supervisor_client.post(path))
    assert response.status_code == 404


def test_another_files_statement_cannot_be_corrected(supervisor_client, officer,
                                                     file_awaiting_review):
    other = complete_case_file(officer_in_case=officer)
    theirs = SectionItem.objects.get(section__case=other)
    url = reverse("cases:review_item_correct",
                  args=[file_awaiting_review.pk, "witness_statements", theirs.pk])
    assert supervisor_client.get(url).status_code == 404
    assert supervisor_client.post(url, {"witness_name": "X", "version": "1"}
                                  ).status_code == 404
    # Statements one at a time; a section of answers is not corrected as an item.
    url = reverse("cases:review_item_correct",
                  args=[file_awaiting_review.pk, "charges", theirs.pk])
    assert supervisor_client.get(url).status_code == 404


@pytest.mark.parametrize(("answers", "message"), [
    ({"court": "x" * 20000}, b"300 characters or fewer"),
    ({"court": "Chelmsford Crown"}, b"four parts separated by commas"),
    ({"reply_to_charge": "x" * 20001}, b"20,000 characters or fewer"),
    ({"reply_to_charge": "No\x00reply"}, b"Null characters are not allowed"),
    ({"charge_date": "31/02/2026"}, b"must be a real date"),
    ({"version": "-1"}, b"Reload the page and try again"),
    ({"version": "abc"}, b"Reload the page and try again"),
    ({"version": "9" * 30}, b"Reload the page and try again"),
])
def test_a_bad_correction_is_explained_and_kept(supervisor_client, file_awaiting_review,
                                                answers, message):
    section = CaseSection.objects.get(case=file_awaiting_review, kind="charges")
    response = supervisor_client.post(correct_url(file_awaiting_review), {
        **section.data, "version": str(section.version), **answers})
    assert response.status_code == 200
    assert message in response.content
    assert CaseSection.objects.get(pk=section.pk).data == section.data


def test_a_correction_with_a_script_and_unknown_fields_saves_only_the_known_field(
    supervisor_client, file_awaiting_review
):
    section = CaseSection.objects.get(case=file_awaiting_review, kind="charges")
    response = supervisor_client.post(correct_url(file_awaiting_review), {
        **section.data, "version": str(section.version), "reply_to_charge": SCRIPT,
        "bail_conditions": "Not asked in this file", "secret": "x", "review_state": "x"})
    assert response.status_code == 302
    saved = CaseSection.objects.get(pk=section.pk)
    assert saved.data["reply_to_charge"] == SCRIPT
    assert "secret" not in saved.data
    assert "bail_conditions" not in saved.data  # not a field this file asks for
    page = supervisor_client.get(reverse("cases:review", args=[file_awaiting_review.pk]))
    assert SCRIPT.encode() not in page.content
