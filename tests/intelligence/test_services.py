"""The report's workflow, grading rules, retention reviews and the audit of reads."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from intelligence import services
from intelligence.grading import HandlingCode
from intelligence.models import (
    IntelligenceReport,
    ReportLink,
    ReportQuestion,
    ReportStatus,
    RetentionReview,
)
from intelligence.retention import RetentionGroup, review_due_on
from tests.factories import UserFactory
from tests.intelligence.factories import IntelligenceReportFactory, ReportLinkFactory
from tests.people.factories import PersonFactory, VehicleFactory

GRADING = {"source_evaluation": "2", "intelligence_assessment": "B",
           "handling_code": HandlingCode.PERMITTED}


def _draft(author, **overrides):
    fields = {"title": "Cannabis supply, Mill Lane", "obtained_on": datetime.date(2026, 11, 20),
              "original_text": "CHIS 123 saw the subject selling from 3 Mill Lane.",
              **GRADING, **overrides}
    return services.report_create(acting_user=author, **fields)


def _disseminate(analyst, report, **overrides):
    arguments = {"source_evaluation": report.source_evaluation,
                 "intelligence_assessment": report.intelligence_assessment,
                 "handling_code": report.handling_code,
                 "handling_conditions": report.handling_conditions,
                 "sanitised_text": "The subject is believed to supply cannabis locally.",
                 "retention_group": RetentionGroup.OTHER, "sanitisation_checked": True,
                 **overrides}
    return services.report_disseminate(acting_user=analyst, report=report, **arguments)


# --- Grading rules -------------------------------------------------------------------

def test_handling_code_c_needs_its_conditions_stated(officer):
    with pytest.raises(services.GradingError) as raised:
        _draft(officer, handling_code=HandlingCode.CONDITIONS, handling_conditions="  ")

    assert "handling_conditions" in raised.value.errors
    assert not IntelligenceReport.objects.exists()


def test_code_p_cannot_carry_restrictions():
    errors = services.grading_errors(handling_code="P", handling_conditions="",
                                     originator_only=True)

    assert set(errors) == {"handling_code"}


def test_originating_force_only_names_no_other_forces(other_force):
    errors = services.grading_errors(handling_code="C", handling_conditions="Ask first",
                                     originator_only=True, shared_with_forces=[other_force])

    assert set(errors) == {"shared_with_forces"}


def test_a_kept_grading_has_no_errors(other_force):
    assert services.grading_errors(handling_code="C", handling_conditions="Kent only",
                                   shared_with_forces=[other_force]) == {}
    assert services.grading_errors(handling_code="P", handling_conditions="") == {}


def test_conditions_typed_under_code_p_are_not_kept(officer):
    report = _draft(officer, handling_conditions="left over from choosing C")

    assert report.handling_conditions == ""


# --- Creating and editing ------------------------------------------------------------

def test_a_new_report_is_a_draft_of_the_authors_force_with_a_reference(officer):
    report = _draft(officer)

    assert report.status == ReportStatus.DRAFT
    assert report.originating_force == officer.force
    assert report.reference == f"42-IR-{report.pk:07d}"
    assert AuditEvent.objects.filter(action="intelligence.report.created",
                                     object_id=str(report.pk)).exists()


def test_sharing_restrictions_are_saved_with_code_c(officer, other_force):
    report = _draft(officer, handling_code=HandlingCode.CONDITIONS,
                    handling_conditions="No executive action without the originator",
                    shared_with_forces=[other_force], shared_with_roles=[Role.OFFICER])

    assert list(report.shared_with_forces.all()) == [other_force]
    assert [group.name for group in report.shared_with_roles.all()] == ["officer"]


CODE_C = {"handling_code": HandlingCode.CONDITIONS,
          "handling_conditions": "No executive action without the originator"}


def _stored(report):
    """The report as the database holds it, not as the service left it in memory."""
    return IntelligenceReport.objects.get(pk=report.pk)


def test_originating_force_only_is_stored_when_the_report_is_written(officer):
    report = _draft(officer, **CODE_C, originator_only=True)

    assert _stored(report).originator_only


def test_originating_force_only_is_stored_by_the_authors_edit(officer):
    report = _draft(officer, **CODE_C)

    services.report_update(acting_user=officer, report=report, originator_only=True)

    assert _stored(report).originator_only


def test_originating_force_only_is_stored_when_disseminated(officer, analyst):
    report = services.report_submit(acting_user=officer, report=_draft(officer, **CODE_C))

    _disseminate(analyst, report, originator_only=True)

    assert _stored(report).originator_only
    event = AuditEvent.objects.get(action="intelligence.report.disseminated")
    assert event.details["sharing"] == {"originator_only": True, "force_ids": [],
                                        "roles": []}


def test_the_analyst_may_lift_originating_force_only(officer, analyst):
    report = _draft(officer, **CODE_C, originator_only=True)
    report = services.report_submit(acting_user=officer, report=report)

    _disseminate(analyst, report, originator_only=False)

    assert not _stored(report).originator_only


def test_only_the_author_edits_a_draft(officer, analyst):
    report = _draft(officer)

    with pytest.raises(services.WorkflowError):
        services.report_update(acting_user=analyst, report=report, title="Changed")


def test_a_stale_edit_is_refused(officer):
    report = _draft(officer)
    services.report_update(acting_user=officer, report=report,
                           expected_version=report.version, title="First")

    with pytest.raises(services.ReportEditConflict):
        services.report_update(acting_user=officer, report=report,
                               expected_version=1, title="Second")
    assert IntelligenceReport.objects.get().title == "First"


def test_changing_to_code_p_clears_the_restrictions(officer, other_force):
    report = _draft(officer, handling_code=HandlingCode.CONDITIONS,
                    handling_conditions="Kent only", shared_with_forces=[other_force])

    services.report_update(acting_user=officer, report=report, handling_code="P")

    report.refresh_from_db()
    assert report.handling_conditions == ""
    assert not report.shared_with_forces.exists()


# --- Links ---------------------------------------------------------------------------

def test_a_link_needs_its_reason(officer):
    report = _draft(officer)

    with pytest.raises(services.WorkflowError):
        services.report_link_add(acting_user=officer, report=report, entity_type="person",
                                 entity=PersonFactory(), reason="   ")


def test_linking_the_same_entity_twice_keeps_one_link(officer):
    report = _draft(officer)
    vehicle = VehicleFactory()

    for _ in range(2):
        services.report_link_add(acting_user=officer, report=report, entity_type="vehicle",
                                 entity=vehicle, reason="Seen used for deliveries")

    assert ReportLink.objects.filter(report=report, vehicle=vehicle).count() == 1


def test_links_are_closed_once_the_report_is_disseminated(officer, analyst):
    report = _draft(officer)
    services.report_submit(acting_user=officer, report=report)
    _disseminate(analyst, report)

    with pytest.raises(services.WorkflowError):
        services.report_link_add(acting_user=officer, report=report, entity_type="person",
                                 entity=PersonFactory(), reason="Named later")


# --- Workflow ------------------------------------------------------------------------

def test_a_question_goes_back_to_the_author_and_the_answer_returns_it(officer, analyst):
    report = _draft(officer)
    services.report_submit(acting_user=officer, report=report)

    question = services.report_question_ask(acting_user=analyst, report=report,
                                            question="When did the source see this?")
    report.refresh_from_db()
    assert report.status == ReportStatus.QUESTION
    with pytest.raises(services.WorkflowError):
        services.report_submit(acting_user=officer, report=report)

    services.report_question_answer(acting_user=officer, question=question,
                                    answer="On 20 November, about 9pm.")

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert ReportQuestion.objects.get().answered_by == officer


def test_dissemination_needs_the_sanitisation_checked(officer, analyst):
    report = _draft(officer)
    services.report_submit(acting_user=officer, report=report)

    with pytest.raises(services.GradingError) as raised:
        _disseminate(analyst, report, sanitisation_checked=False)

    assert set(raised.value.errors) == {"sanitisation_checked"}
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_analyst_may_change_the_grading_and_the_audit_keeps_both(officer, analyst):
    report = _draft(officer)
    services.report_submit(acting_user=officer, report=report)

    _disseminate(analyst, report, source_evaluation="1", intelligence_assessment="A")

    report.refresh_from_db()
    assert report.grading == "1A P"
    event = AuditEvent.objects.get(action="intelligence.report.disseminated")
    assert event.details["author_grading"] == "2B P"
    assert event.details["grading"] == "1A P"


def test_dissemination_sets_the_review_date_from_the_retention_group(officer, analyst):
    report = _draft(officer)
    services.report_submit(acting_user=officer, report=report)

    _disseminate(analyst, report, retention_group=RetentionGroup.PUBLIC_PROTECTION)

    report.refresh_from_db()
    today = timezone.localdate()
    assert report.review_due_on == today.replace(year=today.year + 10)
    assert report.status == ReportStatus.DISSEMINATED
    assert report.evaluated_by == analyst


def test_an_analyst_of_another_force_cannot_evaluate(officer, other_force):
    kent_analyst = UserFactory(username="kent_analyst", force=other_force,
                               roles=[Role.INTELLIGENCE_ANALYST])
    report = _draft(officer)
    services.report_submit(acting_user=officer, report=report)

    with pytest.raises(services.WorkflowError):
        _disseminate(kent_analyst, report)
    with pytest.raises(services.WorkflowError):
        services.report_reject(acting_user=kent_analyst, report=report, reason="No")


def test_rejection_needs_a_reason(officer, analyst):
    report = _draft(officer)
    services.report_submit(acting_user=officer, report=report)

    with pytest.raises(services.WorkflowError):
        services.report_reject(acting_user=analyst, report=report, reason="")
    services.report_reject(acting_user=analyst, report=report,
                           reason="Duplicates 42-IR-0000007")

    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED


def test_a_draft_cannot_be_evaluated(officer, analyst):
    report = _draft(officer)

    with pytest.raises(services.WorkflowError):
        _disseminate(analyst, report)


# --- Retention -----------------------------------------------------------------------

@pytest.mark.parametrize(("group", "years"), [("1", 10), ("2", 10), ("3", 6), ("4", 6)])
def test_each_retention_group_implies_its_review_date(group, years):
    assert review_due_on(group, from_date=datetime.date(2026, 5, 4)) == datetime.date(
        2026 + years, 5, 4)


def test_a_leap_day_review_falls_on_the_28th():
    assert review_due_on("3", from_date=datetime.date(2028, 2, 29)) == datetime.date(
        2034, 2, 28)


def test_retaining_records_the_review_and_sets_the_next_date(analyst):
    report = IntelligenceReportFactory(review_due_on=timezone.localdate())

    review = services.report_retention_review(acting_user=analyst, report=report,
                                              decision="retain",
                                              rationale="Subject still active (NRAC 2)")

    report.refresh_from_db()
    assert review.next_review_on == report.review_due_on
    assert report.review_due_on.year == timezone.localdate().year + 6


def test_disposal_deletes_the_report_and_everything_of_it_but_the_audit(analyst):
    report = IntelligenceReportFactory()
    link = ReportLinkFactory(report=report)
    ReportQuestion.objects.create(report=report, question="Which night?",
                                  asked_by=analyst)
    RetentionReview.objects.create(report=report, decision="retain", rationale="Earlier",
                                   reviewed_by=analyst)
    services.report_viewed(acting_user=analyst, report=report, reason="Review")

    result = services.report_retention_review(acting_user=analyst, report=report,
                                              decision="dispose",
                                              rationale="No longer needed (NRAC 5)")

    assert result is None
    assert not IntelligenceReport.objects.filter(pk=report.pk).exists()
    assert not ReportLink.objects.exists()
    assert not ReportQuestion.objects.exists()
    assert not RetentionReview.objects.exists()
    assert link.person.__class__.objects.filter(pk=link.person_id).exists()  # index stays
    event = AuditEvent.objects.get(action="intelligence.report.disposed")
    assert event.object_id == str(report.pk)
    assert event.reason == "No longer needed (NRAC 5)"
    assert event.details["reference"] == report.reference
    assert "sell" not in str(event.details)  # no text of the report survives
    call_command("verify_audit")


def test_disposal_needs_a_rationale_and_the_originating_unit(officer, analyst):
    report = IntelligenceReportFactory()

    with pytest.raises(services.WorkflowError):
        services.report_retention_review(acting_user=analyst, report=report,
                                          decision="dispose", rationale="")
    with pytest.raises(services.WorkflowError):
        services.report_retention_review(acting_user=officer, report=report,
                                          decision="dispose", rationale="Tidy up")
    assert IntelligenceReport.objects.filter(pk=report.pk).exists()


# --- Audit of reads ------------------------------------------------------------------

def test_a_report_view_records_the_reason_and_the_linked_people(officer):
    link = ReportLinkFactory()

    services.report_viewed(acting_user=officer, report=link.report,
                           reason="Op Lantern: arrest enquiry")

    event = AuditEvent.objects.get(action="intelligence.report.viewed")
    assert event.reason == "Op Lantern: arrest enquiry"
    assert event.details == {"person_ids": [link.person_id], "original": False}


def test_a_search_records_query_reason_and_what_it_showed(officer):
    services.intelligence_searched(acting_user=officer, query="Jon Smyth\x00",
                                   reason="Missing person enquiry", report_ids=[3, 4],
                                   entity_refs=[("person", 9)])

    event = AuditEvent.objects.get(action="intelligence.searched")
    assert event.details["query"] == "Jon Smyth"
    assert event.details["entities"] == ["person:9"]
    assert event.reason == "Missing person enquiry"


def test_a_new_entity_is_recorded_and_linked_both_or_neither(officer, analyst):
    from athena.people.models import Vehicle

    report = _draft(officer)
    vehicle = services.report_link_new_entity(
        acting_user=officer, report=report, entity_type="vehicle",
        entity_fields={"registration_mark": "AB12CDE", "make": "Ford"},
        reason="The car the seller used")
    assert report.links.get().vehicle == vehicle

    with pytest.raises(services.WorkflowError):
        services.report_link_new_entity(
            acting_user=analyst, report=report, entity_type="vehicle",
            entity_fields={"registration_mark": "XY99ZZZ", "make": "Kia"},
            reason="Seen nearby")

    assert list(Vehicle.objects.values_list("registration_mark", flat=True)) == ["AB12CDE"]
