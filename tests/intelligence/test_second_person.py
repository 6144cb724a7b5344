"""Separation of duties: an analyst may not evaluate or disseminate a report they wrote
while their force's intelligence policy needs a second person (the default, with no
policy row). Through the pages, the services and the admin site, with the audit of each
refusal and of the force's policy changes."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from intelligence import services
from intelligence.models import ForceIntelligencePolicy, ReportQuestion, ReportStatus
from tests.factories import UserFactory
from tests.intelligence.factories import IntelligenceReportFactory
from tests.people.factories import PersonFactory, VehicleFactory

QUEUE_URL = reverse("intelligence:evaluation_queue")
MESSAGE = ("A second analyst must evaluate and disseminate a report you wrote. Your force "
           "requires it.")


def _url(name, report):
    return reverse(f"intelligence:{name}", args=[report.pk])


def _disseminate_data(report, **overrides):
    return {"action": "disseminate", "version": str(report.version),
            "sanitised_text": "The subject is believed to sell cannabis locally.",
            "sanitisation_checked": "yes", "source_evaluation": "2",
            "intelligence_assessment": "B", "handling_code": "P",
            "handling_conditions": "", "retention_group": "2", **overrides}


def _allow_single_person(force, by):
    return services.force_intelligence_policy_set(
        acting_user=by, force=force, dissemination_needs_second_person=False)


@pytest.fixture
def second_analyst(home_force):
    return UserFactory(username="analyst_obi", force=home_force, rank="STAFF",
                       roles=[Role.INTELLIGENCE_ANALYST])


@pytest.fixture
def own_report(analyst):
    """A report the analyst wrote and submitted to their own unit."""
    return IntelligenceReportFactory(author=analyst, status=ReportStatus.SUBMITTED,
                                     sanitised_text="")


@pytest.fixture
def author_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def superuser(home_force):
    return UserFactory(username="operator", force=home_force, is_staff=True,
                       is_superuser=True)


# --- The author is refused, with the reason and an audit event -------------------------

def test_the_authors_dissemination_is_refused_and_nothing_changes(author_client, analyst,
                                                                  own_report):
    response = author_client.post(_url("report_evaluate", own_report),
                                  _disseminate_data(own_report))

    assert response.status_code == 403
    assert MESSAGE in response.content.decode()
    own_report.refresh_from_db()
    assert own_report.status == ReportStatus.SUBMITTED
    assert own_report.evaluated_by is None
    assert own_report.sanitised_text == ""
    assert not AuditEvent.objects.filter(action="intelligence.report.disseminated").exists()
    refusal = AuditEvent.objects.get(action="intelligence.report.dissemination_refused")
    assert refusal.actor == analyst
    assert refusal.object_id == str(own_report.pk)
    assert refusal.details == {"step": "disseminate", "force_id": own_report.force_id,
                               "rule": "second_person"}


@pytest.mark.parametrize(("data", "step"), [
    ({"action": "question", "question-question": "Who else was there?"}, "question"),
    ({"action": "reject", "reject-reason": "Already held"}, "reject"),
    ({"action": "anything"}, "unknown"),
])
def test_the_author_may_not_question_or_reject_their_own_report_either(
        author_client, own_report, data, step):
    response = author_client.post(_url("report_evaluate", own_report), data)

    assert response.status_code == 403
    own_report.refresh_from_db()
    assert own_report.status == ReportStatus.SUBMITTED
    assert not ReportQuestion.objects.exists()
    refusal = AuditEvent.objects.get(action="intelligence.report.dissemination_refused")
    assert refusal.details["step"] == step


def test_the_evaluation_page_explains_and_offers_the_author_nothing_to_press(
        author_client, own_report):
    response = author_client.get(_url("report_evaluate", own_report))

    assert response.status_code == 200
    content = response.content.decode()
    assert MESSAGE in content
    assert 'value="disseminate"' not in content
    assert 'value="question"' not in content
    assert 'value="reject"' not in content
    assert not AuditEvent.objects.filter(
        action="intelligence.report.dissemination_refused").exists()


def test_the_report_page_does_not_send_the_author_to_evaluate_it(author_client,
                                                                 own_report):
    content = author_client.get(_url("report_detail", own_report)).content.decode()

    assert _url("report_evaluate", own_report) not in content


def test_the_service_refuses_the_author_and_the_refusal_is_audited(analyst, own_report):
    with pytest.raises(services.SecondPersonRequired, match="second analyst"):
        services.report_disseminate(
            acting_user=analyst, report=own_report, source_evaluation="2",
            intelligence_assessment="B", handling_code="P",
            sanitised_text="Sanitised.", retention_group="3", sanitisation_checked=True)

    own_report.refresh_from_db()
    assert own_report.status == ReportStatus.SUBMITTED
    assert AuditEvent.objects.get(
        action="intelligence.report.dissemination_refused").details["step"] == "disseminate"


# --- A second analyst disseminates -----------------------------------------------------

def test_another_analyst_disseminates_the_report(client, second_analyst, own_report):
    client.force_login(second_analyst)
    response = client.post(_url("report_evaluate", own_report),
                           _disseminate_data(own_report))

    assert response.status_code == 302
    own_report.refresh_from_db()
    assert own_report.status == ReportStatus.DISSEMINATED
    assert own_report.evaluated_by == second_analyst
    event = AuditEvent.objects.get(action="intelligence.report.disseminated")
    assert event.actor == second_analyst
    assert event.details["single_person"] is False


# --- The force's policy ----------------------------------------------------------------

def test_where_the_force_allows_it_the_author_disseminates_and_the_audit_says_so(
        author_client, analyst, own_report, superuser):
    _allow_single_person(own_report.originating_force, superuser)

    response = author_client.post(_url("report_evaluate", own_report),
                                  _disseminate_data(own_report))

    assert response.status_code == 302
    own_report.refresh_from_db()
    assert own_report.status == ReportStatus.DISSEMINATED
    assert own_report.evaluated_by == analyst
    event = AuditEvent.objects.get(action="intelligence.report.disseminated")
    assert event.details["single_person"] is True
    assert AuditEvent.objects.filter(action="intelligence.report.disseminated",
                                     details__single_person=True).count() == 1


def test_another_forces_policy_does_not_free_this_forces_authors(
        author_client, own_report, other_force, superuser):
    _allow_single_person(other_force, superuser)

    response = author_client.post(_url("report_evaluate", own_report),
                                  _disseminate_data(own_report))

    assert response.status_code == 403
    own_report.refresh_from_db()
    assert own_report.status == ReportStatus.SUBMITTED


def test_a_policy_row_that_needs_a_second_person_keeps_the_author_out(
        author_client, own_report, superuser):
    force = own_report.originating_force
    _allow_single_person(force, superuser)
    services.force_intelligence_policy_set(acting_user=superuser, force=force,
                                           dissemination_needs_second_person=True)

    response = author_client.post(_url("report_evaluate", own_report),
                                  _disseminate_data(own_report))

    assert response.status_code == 403


def test_changing_the_policy_is_audited_and_setting_it_again_records_nothing(
        home_force, superuser):
    _allow_single_person(home_force, superuser)
    _allow_single_person(home_force, superuser)

    event = AuditEvent.objects.get(action="intelligence.policy.changed")
    assert event.actor == superuser
    assert event.details == {"force_id": home_force.pk,
                             "dissemination_needs_second_person": {"from": True,
                                                                   "to": False}}
    policy = ForceIntelligencePolicy.objects.get(force=home_force)
    assert policy.changed_by == superuser
    assert policy.dissemination_needs_second_person is False


def test_an_operator_changes_the_policy_in_the_admin_site_and_it_is_audited(
        client, home_force, superuser):
    client.force_login(superuser)
    response = client.post(reverse("admin:intelligence_forceintelligencepolicy_add"),
                           {"force": str(home_force.pk)})  # the box left unticked

    assert response.status_code == 302
    policy = ForceIntelligencePolicy.objects.get(force=home_force)
    assert policy.dissemination_needs_second_person is False
    assert policy.changed_by == superuser
    assert AuditEvent.objects.get(action="intelligence.policy.changed").details[
        "dissemination_needs_second_person"] == {"from": True, "to": False}

    change_url = reverse("admin:intelligence_forceintelligencepolicy_change",
                         args=[policy.pk])
    assert client.get(change_url).status_code == 200
    response = client.post(change_url, {"dissemination_needs_second_person": "on"})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.dissemination_needs_second_person is True
    assert AuditEvent.objects.filter(action="intelligence.policy.changed").count() == 2


def test_a_policy_cannot_be_deleted_in_the_admin_site(client, home_force, superuser):
    policy = _allow_single_person(home_force, superuser)
    client.force_login(superuser)

    url = reverse("admin:intelligence_forceintelligencepolicy_delete", args=[policy.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert ForceIntelligencePolicy.objects.filter(pk=policy.pk).exists()


def test_an_analyst_cannot_reach_the_policy_in_the_admin_site(author_client):
    response = author_client.get(reverse("admin:intelligence_forceintelligencepolicy_add"))

    assert response.status_code in (302, 403)
    assert not ForceIntelligencePolicy.objects.exists()


# --- The queue and the worklist --------------------------------------------------------

def test_the_queue_shows_the_authors_own_report_as_waiting_for_another_analyst(
        author_client, analyst, officer, own_report):
    theirs = IntelligenceReportFactory(author=officer, status=ReportStatus.SUBMITTED)

    content = author_client.get(QUEUE_URL).content.decode()

    assert _url("report_evaluate", theirs) in content
    assert _url("report_evaluate", own_report) not in content
    assert _url("report_detail", own_report) in content
    assert "Waiting for another analyst" in content
    assert "<strong>2</strong> reports are awaiting evaluation" in content


def test_the_queue_offers_the_author_their_report_where_the_force_allows_it(
        author_client, own_report, superuser):
    _allow_single_person(own_report.originating_force, superuser)

    content = author_client.get(QUEUE_URL).content.decode()

    assert _url("report_evaluate", own_report) in content
    assert "Waiting for another analyst" not in content


def test_another_analyst_sees_the_report_as_theirs_to_evaluate(client, second_analyst,
                                                               own_report):
    client.force_login(second_analyst)

    content = client.get(QUEUE_URL).content.decode()

    assert _url("report_evaluate", own_report) in content
    assert "Waiting for another analyst" not in content


def test_the_authors_home_worklist_leaves_out_their_own_report(author_client, officer,
                                                               own_report):
    theirs = IntelligenceReportFactory(author=officer, status=ReportStatus.SUBMITTED)

    content = author_client.get(reverse("home")).content.decode()

    assert _url("report_evaluate", theirs) in content
    assert _url("report_evaluate", own_report) not in content


# --- Reads of personal data are audited ------------------------------------------------

def test_opening_the_queue_is_audited_with_the_reports_it_listed(author_client, analyst,
                                                                 officer, own_report):
    theirs = IntelligenceReportFactory(author=officer, status=ReportStatus.SUBMITTED)

    author_client.get(QUEUE_URL)

    event = AuditEvent.objects.get(action="intelligence.evaluation_queue.viewed")
    assert event.actor == analyst
    assert sorted(event.details["report_ids"]) == sorted([own_report.pk, theirs.pk])


def test_opening_the_change_page_of_a_draft_is_audited(officer_client, officer):
    draft = IntelligenceReportFactory(author=officer, status=ReportStatus.DRAFT,
                                      submitted_at=None)

    assert officer_client.get(_url("report_edit", draft)).status_code == 200

    event = AuditEvent.objects.get(action="intelligence.report.viewed")
    assert event.actor == officer and event.object_id == str(draft.pk)
    assert event.details["original"] is True
    assert event.reason == "Author of the report"


def test_opening_the_links_page_is_audited_with_the_people_it_lists(officer_client,
                                                                    officer):
    draft = IntelligenceReportFactory(author=officer, status=ReportStatus.DRAFT,
                                      submitted_at=None)
    person = PersonFactory()
    services.report_link_add(acting_user=officer, report=draft, entity_type="person",
                             entity=person, reason="Named by the source")

    assert officer_client.get(_url("report_links", draft)).status_code == 200

    event = AuditEvent.objects.get(action="intelligence.report.viewed")
    assert event.details == {"person_ids": [person.pk], "original": False}


# --- The demo ----------------------------------------------------------------------------

def test_the_demo_disseminations_are_made_by_a_second_person(home_force):
    UserFactory(username="officer", force=home_force, roles=[Role.OFFICER])
    UserFactory(username="analyst", force=home_force, roles=[Role.INTELLIGENCE_ANALYST])
    PersonFactory(forenames="Mohammed", surname="Ali")
    VehicleFactory()

    call_command("seed_demo_intelligence")

    events = AuditEvent.objects.filter(action="intelligence.report.disseminated")
    assert events.count() == 3
    assert all(event.details["single_person"] is False for event in events)
