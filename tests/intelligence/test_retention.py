"""MoPI retention reviews: the analyst's queue of reports due, and the review that retains
a report (next review date) or disposes of it (gone, but for the audit record)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from intelligence.models import (
    IntelligenceReport,
    ReportLink,
    ReportQuestion,
    ReportStatus,
    RetentionReview,
)
from intelligence.retention import RetentionGroup, review_due_on
from tests.factories import UserFactory, kent
from tests.intelligence.factories import (
    ConditionalReportFactory,
    IntelligenceReportFactory,
    ReportLinkFactory,
)

QUEUE_URL = reverse("intelligence:retention_queue")


def _review_url(report):
    return reverse("intelligence:retention_review", args=[report.pk])


def _due(days):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def kent_analyst(other_force):
    return UserFactory(username="kent_analyst", force=other_force,
                       roles=[Role.INTELLIGENCE_ANALYST])


@pytest.fixture
def due_report(home_force):
    report = IntelligenceReportFactory(review_due_on=_due(-3), title="Due for review",
                                       retention_group=RetentionGroup.OTHER)
    ReportLinkFactory(report=report)
    ReportQuestion.objects.create(report=report, question="Who else was there?",
                                  asked_by=report.author)
    RetentionReview.objects.create(report=report, decision="retain",
                                   rationale="Subject still active in 2020",
                                   reviewed_by=report.author, next_review_on=_due(-3))
    return report


# --- The queue ----------------------------------------------------------------------------

def test_the_queue_lists_overdue_and_soon_due_reports_soonest_first(analyst_client, home_force):
    later = IntelligenceReportFactory(review_due_on=_due(20), title="Due in twenty days")
    overdue = IntelligenceReportFactory(review_due_on=_due(-10), title="Ten days overdue")
    today = IntelligenceReportFactory(review_due_on=_due(0), title="Due today")
    IntelligenceReportFactory(review_due_on=_due(45), title="Not yet due")
    IntelligenceReportFactory(originating_force=kent(), review_due_on=_due(-1),
                              title="Kent's own")
    IntelligenceReportFactory(status=ReportStatus.SUBMITTED, review_due_on=_due(-1),
                              title="Not disseminated")
    response = analyst_client.get(QUEUE_URL)
    assert response.status_code == 200
    assert [row["report"] for row in response.context["rows"]] == [overdue, today, later]
    content = response.content.decode()
    assert "Overdue by 10 days" in content
    assert "Due today" in content
    assert "Due in 20 days" in content
    for title in ("Not yet due", "Kent's own", "Not disseminated"):
        assert title not in content
    assert response.context["overdue_count"] == 1
    assert response.context["due_soon_count"] == 2
    assert _review_url(overdue) in content


def test_the_queue_says_when_nothing_is_due(analyst_client):
    IntelligenceReportFactory(review_due_on=_due(100))
    assert b"No reports are due for review" in analyst_client.get(QUEUE_URL).content


def test_the_queue_query_count_does_not_grow(analyst_client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = analyst_client.get(QUEUE_URL)
        return len(captured), len(response.context["rows"])

    IntelligenceReportFactory(review_due_on=_due(-1))
    queries()  # the first audited read of a test also starts the audit chain
    few, _ = queries()
    for days in range(-20, 19):
        IntelligenceReportFactory(review_due_on=_due(days))
    assert queries() == (few, 40)


@pytest.mark.parametrize("persona", ["officer", "supervisor", "administrator", "outsider"])
def test_only_analysts_see_the_queue(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(QUEUE_URL).status_code == 403


def test_another_forces_analyst_sees_only_their_forces_reports(client, kent_analyst):
    IntelligenceReportFactory(review_due_on=_due(-1), title="Essex report")
    client.force_login(kent_analyst)
    response = client.get(QUEUE_URL)
    assert response.status_code == 200
    assert b"Essex report" not in response.content


# --- The review page ----------------------------------------------------------------------

def test_the_review_shows_the_report_its_grading_group_rule_and_past_reviews(
        analyst_client, analyst, due_report):
    response = analyst_client.get(_review_url(due_report))
    assert response.status_code == 200
    content = response.content.decode()
    assert due_report.reference in content
    assert due_report.sanitised_text in content
    assert due_report.original_text in content
    assert "2C P" in content
    assert "Untested" in content
    assert "Group 3 – All other offences" in content
    assert "6-year clear period" in content
    assert "Subject still active in 2020" in content
    assert "National Retention Assessment Criteria" in content
    assert "This deletes the report and its links permanently" in content
    event = AuditEvent.objects.get(action="intelligence.report.viewed")
    assert event.actor == analyst
    assert event.details["original"] is True


def test_retain_sets_the_next_review_date_and_goes_back_to_the_queue(
        analyst_client, analyst, due_report):
    response = analyst_client.post(_review_url(due_report), {
        "decision": "retain", "rationale": "Subject re-arrested for supply in 2026"},
        follow=True)
    expected = review_due_on(RetentionGroup.OTHER, from_date=timezone.localdate())
    due_report.refresh_from_db()
    assert due_report.review_due_on == expected
    assert response.redirect_chain[-1][0] == QUEUE_URL
    content = response.content.decode()
    assert f"Report {due_report.reference} is retained" in content
    assert f"{expected:%-d %B %Y}" in content
    review = due_report.retention_reviews.first()
    assert review.decision == "retain"
    assert review.reviewed_by == analyst
    assert review.next_review_on == expected
    assert AuditEvent.objects.filter(action="intelligence.report.retained",
                                     object_id=str(due_report.pk)).exists()


def test_dispose_deletes_the_report_links_questions_and_reviews_leaving_the_audit_record(
        analyst_client, analyst, due_report):
    reference, pk = due_report.reference, due_report.pk
    response = analyst_client.post(_review_url(due_report), {
        "decision": "dispose", "rationale": "No longer needed: subject deceased",
        "confirm_disposal": "on"}, follow=True)
    assert response.status_code == 200
    assert not IntelligenceReport.objects.filter(pk=pk).exists()
    assert not ReportLink.objects.filter(report_id=pk).exists()
    assert not ReportQuestion.objects.filter(report_id=pk).exists()
    assert not RetentionReview.objects.filter(report_id=pk).exists()
    event = AuditEvent.objects.get(action="intelligence.report.disposed")
    assert event.actor == analyst
    assert event.object_id == str(pk)
    assert event.details["reference"] == reference
    assert event.reason == "No longer needed: subject deceased"
    content = response.content.decode()
    assert f"Report {reference} was disposed of" in content
    assert "only the audit record of the decision remains" in content


def test_dispose_needs_the_confirmation(analyst_client, due_report):
    response = analyst_client.post(_review_url(due_report), {
        "decision": "dispose", "rationale": "No longer needed"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Confirm that disposing of the report deletes it and its links permanently" in (
        content)
    assert "No longer needed" in content
    form = content[content.index(f'action="{_review_url(due_report)}"'):]
    assert form[:form.index("</form>")].count('name="csrfmiddlewaretoken"') == 1
    dispose = content[content.index('value="dispose"'):]
    assert dispose[:dispose.index(">")].split() == ['value="dispose"', 'checked="checked"']
    assert IntelligenceReport.objects.filter(pk=due_report.pk).exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"decision": "retain", "rationale": ""}, "Give the rationale for the decision (NRAC)"),
    ({"decision": "retain", "rationale": "   "}, "Give the rationale for the decision (NRAC)"),
    ({"decision": "retain", "rationale": "..."}, "Give the rationale for the decision in words"),
    ({"rationale": "Still needed"}, "Select whether to retain or dispose of the report"),
    ({"decision": "delete", "rationale": "Still needed"},
     "Select whether to retain or dispose of the report"),
    ({"decision": "retain", "rationale": "x" * 2001}, "Rationale must be 2000 characters"),
    ({"decision": "retain", "rationale": "Still\x00 needed"}, "Null characters are not allowed"),
])
def test_a_wrong_answer_gets_a_message_and_changes_nothing(analyst_client, due_report, data,
                                                           message):
    before = due_report.review_due_on
    response = analyst_client.post(_review_url(due_report), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    due_report.refresh_from_db()
    assert due_report.review_due_on == before
    assert not AuditEvent.objects.filter(action__in=["intelligence.report.retained",
                                                     "intelligence.report.disposed"]).exists()


def test_another_forces_analyst_may_not_review(client, kent_analyst, due_report):
    client.force_login(kent_analyst)
    assert client.get(_review_url(due_report)).status_code == 403
    response = client.post(_review_url(due_report), {
        "decision": "dispose", "rationale": "Not ours", "confirm_disposal": "on"})
    assert response.status_code == 403
    assert IntelligenceReport.objects.filter(pk=due_report.pk).exists()


def test_a_report_another_force_may_not_see_is_not_found(client, kent_analyst):
    hidden = ConditionalReportFactory(originator_only=True, review_due_on=_due(-1))
    client.force_login(kent_analyst)
    assert client.get(_review_url(hidden)).status_code == 404


@pytest.mark.parametrize("persona", ["officer", "supervisor", "administrator"])
def test_officers_may_not_review(client, request, persona, due_report):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_review_url(due_report)).status_code == 403
    response = client.post(_review_url(due_report), {
        "decision": "dispose", "rationale": "Not mine", "confirm_disposal": "on"})
    assert response.status_code == 403
    assert IntelligenceReport.objects.filter(pk=due_report.pk).exists()


def test_a_report_not_yet_disseminated_is_not_reviewed(analyst_client):
    report = IntelligenceReportFactory(status=ReportStatus.SUBMITTED)
    assert analyst_client.get(_review_url(report)).status_code == 403
