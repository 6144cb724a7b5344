"""The supervisor's section-by-section review: who may decide, approving and returning
sections, completing the review, what the officer may change while the file is returned,
resubmission, and corrections made by the supervisor."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from athena.jobs.models import Job, JobStatus
from athena.notifications.models import Notification
from athena.offences.models import OffenceCategory
from cases import services
from cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseFile,
    CaseSection,
    CaseStatus,
    FileSubmission,
    ReviewState,
    SectionItem,
    SectionStatus,
)
from cases.parties import services as parties
from cases.review import services as services_review
from cases.services import REBUNDLE_JOB, SectionNotReturned
from tests.cases.factories import complete_case_file
from tests.cases.test_review_support import (
    REVIEWED,
    cps_lawyer_of,
    decide,
    file_awaiting_review_of,
    file_supervisor,
    officer_of,
    return_file,
    submit_and_pass,
)
from tests.factories import UserFactory
from tests.offences.factories import OffenceFactory


@pytest.fixture
def file_awaiting_review(officer):
    return file_awaiting_review_of(officer)


@pytest.fixture
def other_force_supervisor(other_force):
    return file_supervisor(other_force)


@pytest.fixture
def cps_lawyer(home_force):
    return cps_lawyer_of(home_force)


@pytest.fixture
def colleague(home_force):
    """Another officer of the same force."""
    return officer_of(home_force)


def section(case, kind):
    return CaseSection.objects.get(case=case, kind=kind)


def states(case):
    return {s.kind: s.review_state for s in CaseSection.objects.filter(case=case)}


# --- Who may review -----------------------------------------------------------------------------

@pytest.fixture
def supervising_oic(home_force):
    """A file supervisor who is also the officer in the case of a file."""
    user = UserFactory(username="ds_builder", force=home_force, rank="DS",
                       roles=[Role.OFFICER, Role.FILE_SUPERVISOR])
    case = complete_case_file(officer_in_case=user)
    submit_and_pass(case, user)
    return user, case


PERSONAS = {
    # persona: (may review, status of the review page)
    "officer_in_case": (False, 403),
    "supervisor": (True, 200),
    "other_force_supervisor": (False, 404),
    "colleague": (False, 404),
    "cps_lawyer": (False, 404),
}


@pytest.mark.parametrize(("persona", "expected"), PERSONAS.items())
def test_who_may_review_a_file(request, file_awaiting_review, client, persona, expected):
    may_review, status = expected
    user = request.getfixturevalue("officer" if persona == "officer_in_case" else persona)
    assert user.has_perm("cases.review_casefile", file_awaiting_review) is may_review
    client.force_login(user)
    assert client.get(reverse("cases:review", args=[file_awaiting_review.pk])).status_code == (
        status)
    response = client.post(reverse("cases:review_approve",
                                   args=[file_awaiting_review.pk, "case_summary"]))
    assert response.status_code == (302 if may_review else status)
    if not may_review:
        with pytest.raises(PermissionDenied):
            services_review.section_approve(acting_user=user, case=file_awaiting_review,
                                            kind="charges")
        with pytest.raises(PermissionDenied):
            services_review.section_return(acting_user=user, case=file_awaiting_review,
                                           kind="charges", comment="No")
        with pytest.raises(PermissionDenied):
            services_review.case_review_complete(acting_user=user, case=file_awaiting_review)


def test_a_supervisor_cannot_review_their_own_file(client, supervising_oic):
    user, case = supervising_oic
    assert not user.has_perm("cases.review_casefile", case)
    client.force_login(user)
    assert client.get(reverse("cases:review", args=[case.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services_review.section_approve(acting_user=user, case=case, kind="charges")


def test_only_file_supervisors_see_the_queue(client, officer, supervisor, cps_lawyer):
    for user, status in ((officer, 403), (cps_lawyer, 403), (supervisor, 200)):
        client.force_login(user)
        assert client.get(reverse("cases:review_queue")).status_code == status


# --- Deciding sections -----------------------------------------------------------------------

def test_the_first_decision_puts_the_file_in_review(supervisor, file_awaiting_review):
    services_review.section_approve(acting_user=supervisor, case=file_awaiting_review,
                                    kind="charges")
    assert CaseFile.objects.get().status == CaseStatus.IN_REVIEW
    charges = section(file_awaiting_review, "charges")
    assert charges.review_state == ReviewState.APPROVED
    assert charges.reviewed_by == supervisor
    assert charges.approved_hash == services.section_content_hash(charges)
    assert AuditEvent.objects.filter(action="cases.section.approved", actor=supervisor).exists()
    assert CaseEvent.objects.filter(kind=CaseEventKind.SECTION_APPROVED,
                                    section_kind="charges").exists()


def test_returning_one_section_leaves_the_approved_ones_approved(supervisor,
                                                                file_awaiting_review):
    decide(supervisor, file_awaiting_review, returned=["case_summary"],
           fields=["interview_summary"])
    found = states(file_awaiting_review)
    assert found.pop("case_summary") == ReviewState.RETURNED
    assert set(found.values()) == {ReviewState.APPROVED}
    returned = section(file_awaiting_review, "case_summary")
    assert returned.review_comment == "Please look again"
    assert returned.review_fields == ["interview_summary"]
    event = CaseEvent.objects.get(kind=CaseEventKind.SECTION_RETURNED)
    assert event.comment == "Please look again"
    assert event.details["pointed_at"] == ["Summary of the interview"]


def test_a_supervisor_may_change_their_mind_before_completing(supervisor,
                                                              file_awaiting_review):
    services_review.section_return(acting_user=supervisor, case=file_awaiting_review,
                                   kind="charges", comment="Court missing?")
    services_review.section_approve(acting_user=supervisor, case=file_awaiting_review,
                                    kind="charges")
    charges = section(file_awaiting_review, "charges")
    assert charges.review_state == ReviewState.APPROVED
    assert charges.review_comment == ""


def test_completing_with_a_returned_section_sends_the_file_back_and_tells_the_officer(
    supervisor, officer, file_awaiting_review, django_capture_on_commit_callbacks
):
    decide(supervisor, file_awaiting_review, returned=["case_summary"])
    with django_capture_on_commit_callbacks():
        status = services_review.case_review_complete(acting_user=supervisor,
                                                      case=file_awaiting_review)
    assert status == CaseStatus.RETURNED
    assert CaseFile.objects.get().status == CaseStatus.RETURNED
    assert section(file_awaiting_review, "case_summary").status == SectionStatus.RETURNED
    notification = Notification.objects.get(recipient=officer)
    assert "returned" in notification.title
    assert "Case summary (MG5)" in notification.body
    assert notification.url == reverse("cases:detail", args=[file_awaiting_review.pk])
    event = CaseEvent.objects.get(kind=CaseEventKind.RETURNED)
    assert event.actor == supervisor
    assert event.comment == "Case summary (MG5): Please look again"
    assert event.details["returned"] == ["case_summary"]
    assert AuditEvent.objects.filter(action="cases.review.returned", actor=supervisor).exists()


def test_completing_with_every_section_approved_approves_the_file(supervisor, officer,
                                                                  file_awaiting_review):
    decide(supervisor, file_awaiting_review)
    status = services_review.case_review_complete(acting_user=supervisor,
                                                  case=file_awaiting_review)
    assert status == CaseStatus.APPROVED
    assert CaseFile.objects.get().status == CaseStatus.APPROVED
    assert Notification.objects.get(recipient=officer).title.endswith("approved")
    assert CaseEvent.objects.get(kind=CaseEventKind.APPROVED).actor == supervisor
    assert AuditEvent.objects.filter(action="cases.review.approved").exists()


def test_the_review_cannot_complete_while_sections_are_undecided(client, supervisor,
                                                                 file_awaiting_review):
    services_review.section_approve(acting_user=supervisor, case=file_awaiting_review,
                                    kind="charges")
    with pytest.raises(services_review.ReviewIncomplete) as raised:
        services_review.case_review_complete(acting_user=supervisor, case=file_awaiting_review)
    assert "case_summary" in raised.value.kinds
    assert "charges" not in raised.value.kinds
    client.force_login(supervisor)
    response = client.post(reverse("cases:review_complete", args=[file_awaiting_review.pk]))
    assert response.status_code == 200
    assert b"Approve or return Case summary (MG5)" in response.content
    assert CaseFile.objects.get().status == CaseStatus.IN_REVIEW


def test_a_file_whose_check_has_not_passed_is_not_reviewed(supervisor, officer):
    case = complete_case_file(officer_in_case=officer)
    services.case_submit(acting_user=officer, case=case)  # the worker has not run yet
    with pytest.raises(services_review.NotAwaitingReview):
        services_review.section_approve(acting_user=supervisor, case=case, kind="charges")


def test_a_draft_or_approved_file_is_not_reviewed(supervisor, file_awaiting_review):
    decide(supervisor, file_awaiting_review)
    services_review.case_review_complete(acting_user=supervisor, case=file_awaiting_review)
    with pytest.raises(services_review.NotAwaitingReview):
        services_review.section_return(acting_user=supervisor, case=file_awaiting_review,
                                       kind="charges", comment="Too late")


def test_a_section_the_file_does_not_need_is_not_decided(supervisor, file_awaiting_review):
    with pytest.raises(services_review.SectionNotUnderReview):
        services_review.section_approve(acting_user=supervisor, case=file_awaiting_review,
                                        kind="remand_application")


# --- The review page ----------------------------------------------------------------------------

def test_the_review_page_shows_each_section_read_only_with_the_check_result(
    client, supervisor, file_awaiting_review
):
    FileSubmission.objects.update(problems={})
    client.force_login(supervisor)
    response = client.get(reverse("cases:review", args=[file_awaiting_review.pk]))
    assert [card["kind"] for card in response.context["cards"]] == REVIEWED
    assert b"He said he forgot to pay." in response.content
    assert b"Statement 1: Alex Turner" in response.content
    assert b"The automatic check found nothing missing" in response.content
    assert b"<textarea" in response.content  # the return forms only
    assert b'name="summary"' not in response.content
    assert AuditEvent.objects.filter(action="cases.case.viewed", actor=supervisor,
                                     details__page="review").exists()


def test_the_review_page_approves_and_returns_by_plain_post(client, supervisor,
                                                            file_awaiting_review):
    client.force_login(supervisor)
    pk = file_awaiting_review.pk
    response = client.post(reverse("cases:review_approve", args=[pk, "charges"]))
    assert response["Location"] == reverse("cases:review", args=[pk]) + "#section-charges"
    response = client.post(reverse("cases:review_return", args=[pk, "case_summary"]), {
        "case_summary-comment": "Add the interview", "case_summary-point_at": [
            "interview_summary", "interview_type"]})
    assert response.status_code == 302
    returned = section(file_awaiting_review, "case_summary")
    assert returned.review_state == ReviewState.RETURNED
    assert returned.review_fields == ["interview_type", "interview_summary"]  # form order


def test_a_return_without_a_comment_is_explained_and_the_ticks_kept(client, supervisor,
                                                                    file_awaiting_review):
    client.force_login(supervisor)
    response = client.post(
        reverse("cases:review_return", args=[file_awaiting_review.pk, "case_summary"]),
        {"case_summary-comment": "   ", "case_summary-point_at": ["interview_summary"]})
    assert response.status_code == 200
    assert b"Enter what the officer needs to change" in response.content
    assert b'value="interview_summary" checked' in response.content
    assert section(file_awaiting_review, "case_summary").review_state == ReviewState.PENDING


def test_completing_the_review_by_post_goes_to_the_file(client, supervisor,
                                                        file_awaiting_review):
    decide(supervisor, file_awaiting_review)
    client.force_login(supervisor)
    response = client.post(reverse("cases:review_complete", args=[file_awaiting_review.pk]),
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:detail",
                                                     args=[file_awaiting_review.pk])
    assert b"is approved" in response.content


def test_the_review_page_query_count_does_not_grow_with_statements(
    client, supervisor, file_awaiting_review, django_assert_max_num_queries
):
    from tests.cases.factories import SectionItemFactory

    client.force_login(supervisor)
    url = reverse("cases:review", args=[file_awaiting_review.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    statements = section(file_awaiting_review, "witness_statements")
    for number in range(10):
        SectionItemFactory(section=statements, data={"witness_name": f"Witness {number}"})
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


# --- The officer while the file is returned -------------------------------------------------

def test_the_officer_can_change_only_the_returned_section(officer, supervisor,
                                                          file_awaiting_review):
    return_file(supervisor, file_awaiting_review)
    summary = section(file_awaiting_review, "case_summary")
    services.section_save(acting_user=officer, case=file_awaiting_review, kind="case_summary",
                          data={**summary.data, "interview_summary": "He said he forgot."},
                          expected_version=summary.version)
    charges = section(file_awaiting_review, "charges")
    with pytest.raises(SectionNotReturned):
        services.section_save(acting_user=officer, case=file_awaiting_review, kind="charges",
                              data={"court": "Basildon"}, expected_version=charges.version)
    statement = SectionItem.objects.get()
    with pytest.raises(SectionNotReturned):
        services.section_item_save(acting_user=officer, case=file_awaiting_review,
                                   kind="witness_statements", item=statement,
                                   data={"witness_name": "X"},
                                   expected_version=statement.version)
    with pytest.raises(SectionNotReturned):
        services.section_item_delete(acting_user=officer, case=file_awaiting_review,
                                     kind="witness_statements", item=statement)
    assert section(file_awaiting_review, "charges").data == charges.data
    assert SectionItem.objects.filter(pk=statement.pk).exists()


def test_the_pages_show_approved_sections_read_only_and_refuse_their_saves(
    officer_client, supervisor, file_awaiting_review
):
    return_file(supervisor, file_awaiting_review)
    pk = file_awaiting_review.pk
    page = officer_client.get(reverse("cases:section", args=[pk, "charges"]))
    assert b"Your supervisor approved this section" in page.content
    assert b"hx-post" not in page.content
    assert b"readonly" in page.content
    response = officer_client.post(reverse("cases:section", args=[pk, "charges"]),
                                   {"court": "Basildon", "version": "1"})
    assert response.status_code == 200
    assert b"cannot be changed while the file is returned to you" in response.content
    assert section(file_awaiting_review, "charges").data["court"] != "Basildon"

    returned = officer_client.get(reverse("cases:section", args=[pk, "case_summary"]))
    assert b"hx-post" in returned.content

    statement = SectionItem.objects.get()
    response = officer_client.get(
        reverse("cases:item_edit", args=[pk, "witness_statements", statement.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:items",
                                                     args=[pk, "witness_statements"])
    assert b"Your supervisor approved this section" in response.content
    response = officer_client.post(
        reverse("cases:item_delete", args=[pk, "witness_statements", statement.pk]),
        follow=True)
    assert SectionItem.objects.filter(pk=statement.pk).exists()


def test_the_file_page_lists_the_returned_sections_with_comments(officer_client, supervisor,
                                                                 file_awaiting_review):
    return_file(supervisor, file_awaiting_review)
    page = officer_client.get(reverse("cases:detail", args=[file_awaiting_review.pk]))
    assert b"Returned to you" in page.content
    assert b"The interview summary reads like a transcript" in page.content
    url = reverse("cases:section", args=[file_awaiting_review.pk, "case_summary"])
    assert f'href="{url}#field-interview_summary"'.encode() in page.content
    tasks = {task.kind: task.status for task in page.context["tasks"]}
    assert tasks["case_summary"] == SectionStatus.RETURNED
    assert tasks["charges"] == SectionStatus.COMPLETED


# --- Resubmission -------------------------------------------------------------------------------

def test_resubmission_re_reviews_only_the_sections_that_changed(officer, supervisor,
                                                                file_awaiting_review):
    return_file(supervisor, file_awaiting_review, returned=("case_summary", "charges"),
                fields=())
    summary = section(file_awaiting_review, "case_summary")
    services.section_save(acting_user=officer, case=file_awaiting_review, kind="case_summary",
                          data={**summary.data, "interview_summary": "He said he forgot."},
                          expected_version=summary.version)

    submit_and_pass(file_awaiting_review, officer)

    found = states(file_awaiting_review)
    assert found.pop("case_summary") == ReviewState.PENDING  # changed
    assert found.pop("charges") == ReviewState.PENDING  # returned, even though unchanged
    assert set(found.values()) == {ReviewState.APPROVED}
    assert section(file_awaiting_review, "case_summary").status != SectionStatus.RETURNED
    event = CaseEvent.objects.filter(kind=CaseEventKind.SUBMITTED).first()
    assert sorted(event.details["sections_to_review_again"]) == ["case_summary", "charges"]
    # The supervisor now decides only the two, and can complete.
    for kind in ("case_summary", "charges"):
        services_review.section_approve(acting_user=supervisor, case=file_awaiting_review,
                                        kind=kind)
    assert services_review.case_review_complete(
        acting_user=supervisor, case=file_awaiting_review) == CaseStatus.APPROVED


def test_a_changed_statement_goes_back_for_review(officer, supervisor, file_awaiting_review):
    return_file(supervisor, file_awaiting_review, returned=("witness_statements",), fields=())
    statement = SectionItem.objects.get()
    services.section_item_save(acting_user=officer, case=file_awaiting_review,
                               kind="witness_statements", item=statement,
                               data={**statement.data, "statement": "Corrected statement"},
                               expected_version=statement.version)
    submit_and_pass(file_awaiting_review, officer)
    found = states(file_awaiting_review)
    assert found.pop("witness_statements") == ReviewState.PENDING
    assert set(found.values()) == {ReviewState.APPROVED}


def test_an_approved_section_changed_after_a_failed_check_goes_back_for_review(
    officer, supervisor, file_awaiting_review
):
    return_file(supervisor, file_awaiting_review)
    submission = services.case_submit(acting_user=officer, case=file_awaiting_review)
    # The check failed: the file is a draft again, and every section can change.
    Job.objects.filter(pk=submission.job_id).update(status=JobStatus.DONE)
    CaseFile.objects.filter(pk=file_awaiting_review.pk).update(status=CaseStatus.DRAFT)
    charges = section(file_awaiting_review, "charges")
    services.section_save(acting_user=officer, case=file_awaiting_review, kind="charges",
                          data={**charges.data, "court": "Basildon Magistrates' Court"},
                          expected_version=charges.version)
    submit_and_pass(file_awaiting_review, officer)
    found = states(file_awaiting_review)
    assert found["charges"] == ReviewState.PENDING
    assert found["evidence_for_prosecutor"] == ReviewState.APPROVED


def test_a_change_to_the_files_offences_reopens_every_approved_section(
    officer, supervisor, file_awaiting_review
):
    return_file(supervisor, file_awaiting_review)
    suspect = file_awaiting_review.suspects.get()
    parties.charged_offence_add(acting_user=officer, case=file_awaiting_review,
                                 suspect=suspect, plea="not_guilty",
                                 offence=OffenceFactory(category=OffenceCategory.EITHER_WAY))
    assert ReviewState.APPROVED not in states(file_awaiting_review).values()
    event = AuditEvent.objects.filter(action="cases.offence.added").get()
    assert event.details["sections_reopened_for_review"] == len(REVIEWED) - 1


def test_a_new_exhibit_file_changes_the_content_hash_even_with_the_same_name_and_size(
    officer
):
    from tests.cases.factories import CaseSectionFactory, SectionItemFactory

    case = complete_case_file(officer_in_case=officer)
    exhibits = CaseSectionFactory(case=case, kind="exhibits")
    item = SectionItemFactory(section=exhibits, data={"reference": "SC/1"},
                              file=ContentFile(b"%PDF-1.4 first", name="cctv.pdf"),
                              file_type="pdf")
    before = services.section_content_hash(exhibits)
    item.file.save("cctv.pdf", ContentFile(b"%PDF-1.4 other"), save=True)
    assert services.section_content_hash(exhibits) != before


# --- Corrections by the supervisor ------------------------------------------------------------

def test_a_correction_is_audited_as_the_supervisors_edit(supervisor, officer,
                                                        file_awaiting_review):
    FileSubmission.objects.update(bundle="cases/bundles/already-built.pdf")
    charges = section(file_awaiting_review, "charges")
    changed = services_review.section_correct(
        acting_user=supervisor, case=file_awaiting_review, kind="charges",
        changes={"court": "Chelmsford Magistrates Court", "reply_to_charge": "No reply"},
        expected_version=charges.version)
    assert changed == ["court"]
    charges.refresh_from_db()
    assert charges.data["court"] == "Chelmsford Magistrates Court"
    assert charges.data["reply_to_charge"] == "No reply"
    assert charges.updated_by == supervisor
    event = AuditEvent.objects.get(action="cases.section.corrected")
    assert event.actor == supervisor
    assert event.details == {"section": "charges", "fields": ["court"], "item": None,
                             "version": charges.version}
    assert not AuditEvent.objects.filter(action="cases.section.saved", actor=supervisor).exists()
    history = CaseEvent.objects.get(kind=CaseEventKind.SECTION_CORRECTED)
    assert (history.actor, history.details["fields"]) == (supervisor, ["court"])
    assert Job.objects.filter(kind=REBUNDLE_JOB, status=JobStatus.QUEUED).count() == 1


def test_a_corrected_approved_section_stays_approved(supervisor, file_awaiting_review):
    services_review.section_approve(acting_user=supervisor, case=file_awaiting_review,
                                    kind="charges")
    charges = section(file_awaiting_review, "charges")
    services_review.section_correct(acting_user=supervisor, case=file_awaiting_review,
                                    kind="charges", changes={"court": "Basildon"},
                                    expected_version=charges.version)
    charges.refresh_from_db()
    assert charges.review_state == ReviewState.APPROVED
    assert charges.approved_hash == services.section_content_hash(charges)


def test_a_statement_can_be_corrected(supervisor, file_awaiting_review):
    statement = SectionItem.objects.get()
    services_review.section_correct(acting_user=supervisor, case=file_awaiting_review,
                                    kind="witness_statements", item=statement,
                                    changes={"witness_name": "Alex Turner-Smith"},
                                    expected_version=statement.version)
    statement.refresh_from_db()
    assert statement.data["witness_name"] == "Alex Turner-Smith"
    assert AuditEvent.objects.get(action="cases.section.corrected").details["item"] == 1


def test_a_stale_correction_is_refused(supervisor, file_awaiting_review):
    with pytest.raises(services.StaleEdit):
        services_review.section_correct(acting_user=supervisor, case=file_awaiting_review,
                                        kind="charges", changes={"court": "Basildon"},
                                        expected_version=99)


def test_the_correction_page_saves_only_valid_answers(client, supervisor,
                                                     file_awaiting_review):
    client.force_login(supervisor)
    url = reverse("cases:review_correct", args=[file_awaiting_review.pk, "charges"])
    page = client.get(url)
    assert b"Chelmsford Magistrates&#x27; Court" in page.content  # the court, by its name
    charges = section(file_awaiting_review, "charges")
    answers = {**charges.data, "version": str(charges.version)}
    response = client.post(url, {**answers, "first_hearing_date": "31/02/2026"})
    assert response.status_code == 200
    assert b"must be a real date" in response.content
    assert b'value="31/02/2026"' in response.content
    response = client.post(url, {**answers, "first_hearing_date": "05/12/2026"})
    assert response["Location"].endswith("#section-charges")
    assert section(file_awaiting_review, "charges").data["first_hearing_date"] == "2026-12-05"


def test_the_correction_page_explains_a_stale_version(client, supervisor,
                                                      file_awaiting_review):
    client.force_login(supervisor)
    url = reverse("cases:review_correct", args=[file_awaiting_review.pk, "charges"])
    charges = section(file_awaiting_review, "charges")
    response = client.post(url, {**charges.data, "court": "Magistrates' Courts, Kent, Mine, A",
                                 "version": "0"})
    assert response.status_code == 200
    assert b"Someone changed this since you opened it" in response.content
    assert b'value="Magistrates&#x27; Courts, Kent, Mine, A"' in response.content
    assert f'name="version" value="{charges.version}"'.encode() in response.content


def test_a_correction_rebuilds_the_bundle_in_the_background(officer, supervisor):
    import io

    from pypdf import PdfReader

    from athena.jobs.tasks import run_job

    case = complete_case_file(officer_in_case=officer)
    submission = services.case_submit(acting_user=officer, case=case)
    assert run_job(submission.job_id) == "done"  # the real check and bundle
    charges = section(case, "charges")
    services_review.section_correct(acting_user=supervisor, case=case, kind="charges",
                                    changes={"court": "Southend Magistrates' Court"},
                                    expected_version=charges.version)
    job = Job.objects.get(kind=REBUNDLE_JOB)

    assert run_job(job.pk) == "done"
    assert run_job(job.pk) == "not-claimed"  # a second delivery does nothing

    submission.refresh_from_db()
    with submission.bundle.open("rb") as stored:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages)
    assert "Southend Magistrates" in text
