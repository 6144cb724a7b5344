"""The pages of intelligence reports: writing, linking, submitting, reading with a
stated reason, and the analyst's evaluation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from athena.people.models import Organisation, TelephoneNumber, Vehicle
from intelligence import access
from intelligence.grading import HandlingCode
from intelligence.models import (
    EntityType,
    IntelligenceReport,
    ReportLink,
    ReportQuestion,
    ReportStatus,
)
from intelligence.retention import RetentionGroup
from tests.factories import UserFactory, kent
from tests.intelligence.factories import (
    ConditionalReportFactory,
    IntelligenceReportFactory,
    ReportLinkFactory,
)
from tests.people.factories import LocationFactory, PersonFactory, VehicleFactory

INDEX_URL = reverse("intelligence:index")
CREATE_URL = reverse("intelligence:report_create")
QUEUE_URL = reverse("intelligence:evaluation_queue")
REASON = "Operation Kestrel: cannabis supply in the Mill Lane area"


def _url(name, report, *args):
    return reverse(f"intelligence:{name}", args=[report.pk, *args])


def _valid_report(**overrides):
    data = {"title": "Cannabis supply from Mill Lane", "obtained_on": "03/11/2025",
            "original_text": "CHIS 123 saw Peregrine selling cannabis from 3 Mill Lane.",
            "sanitised_text": "", "source_evaluation": "2", "intelligence_assessment": "B",
            "handling_code": "P", "handling_conditions": "", "retention_group": "3"}
    data.update(overrides)
    return data


def _state_reason(client, reason=REASON):
    """An enquiry stated and confirmed for every report there is (the reason pages have
    their own tests: test_enquiry_reasons.py)."""
    session = client.session
    reports = IntelligenceReport.objects.values_list("pk", flat=True)
    session[access.SESSION_KEY] = {"reason": reason, "last_used": timezone.now().isoformat(),
                                   "covers": [f"intelligence.report:{pk}" for pk in reports]}
    session.save()


@pytest.fixture
def cps_lawyer(home_force):
    return UserFactory(username="cps_lawyer", force=home_force, rank="CPS",
                       roles=[Role.CPS_LAWYER])


@pytest.fixture
def kent_analyst(other_force):
    return UserFactory(username="kent_analyst", force=other_force, rank="STAFF",
                       roles=[Role.INTELLIGENCE_ANALYST])


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def draft(officer):
    return IntelligenceReportFactory(author=officer, status=ReportStatus.DRAFT,
                                     sanitised_text="", submitted_at=None)


@pytest.fixture
def submitted(officer):
    return IntelligenceReportFactory(author=officer, status=ReportStatus.SUBMITTED)


# --- Landing page ------------------------------------------------------------------------

def test_index_lists_the_officers_own_reports_with_their_status(officer_client, officer,
                                                                draft, analyst):
    someone_elses = IntelligenceReportFactory(author=analyst)
    response = officer_client.get(INDEX_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert draft.reference in content
    assert "govuk-tag--grey" in content and "Draft" in content
    assert someone_elses.reference not in content
    assert f'action="{reverse("intelligence:search")}"' in content
    assert 'name="q"' in content
    assert CREATE_URL in content
    assert QUEUE_URL not in content


def test_index_shows_the_analyst_their_queues(analyst_client, submitted):
    content = analyst_client.get(INDEX_URL).content.decode()
    assert QUEUE_URL in content
    assert "Reports to evaluate (1)" in content
    assert reverse("intelligence:retention_queue") in content


@pytest.mark.parametrize("url_name", ["index", "report_create", "evaluation_queue"])
def test_a_cps_lawyer_may_not_use_intelligence(client, cps_lawyer, url_name):
    client.force_login(cps_lawyer)
    assert client.get(reverse(f"intelligence:{url_name}")).status_code == 403


def test_a_cps_lawyer_may_not_open_a_disseminated_report(client, cps_lawyer):
    report = IntelligenceReportFactory()
    client.force_login(cps_lawyer)
    assert client.get(_url("report_detail", report)).status_code == 403


def test_index_query_count_does_not_grow_with_reports(officer_client, officer,
                                                      django_assert_max_num_queries):
    IntelligenceReportFactory.create_batch(30, author=officer)
    with django_assert_max_num_queries(12):
        response = officer_client.get(INDEX_URL)
    assert response.content.decode().count("govuk-tag--green") == 30


# --- Writing a report --------------------------------------------------------------------

def test_the_form_shows_each_grades_meaning_beside_its_choice(officer_client):
    content = officer_client.get(CREATE_URL).content.decode()
    assert "A competent source with a reliable track record" in content
    assert "The source saw or heard it themselves." in content
    assert "It may be shared only as the conditions you state allow" in content
    assert "Reviewed after a 10-year clear period" in content
    assert "Review due 6 years after dissemination" in content
    assert 'id="handling-code-c"' in content  # the conditions of code C, always shown
    assert "an analyst checks or writes it" in content


def test_writing_a_report_saves_a_draft_and_goes_on_to_the_links(officer_client, officer):
    response = officer_client.post(CREATE_URL, _valid_report())
    report = IntelligenceReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("report_links", report)
    assert report.author == officer
    assert report.status == ReportStatus.DRAFT
    assert report.grading == "2B P"
    assert report.obtained_on.isoformat() == "2025-11-03"
    assert AuditEvent.objects.filter(action="intelligence.report.created").exists()


def test_handling_code_c_without_conditions_says_what_is_missing(officer_client):
    response = officer_client.post(CREATE_URL, _valid_report(handling_code="C"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "State the conditions of sharing" in content
    assert "There is a problem" in content
    assert 'value="Cannabis supply from Mill Lane"' in content
    assert not IntelligenceReport.objects.exists()


def test_code_c_keeps_its_conditions_and_restrictions(officer_client, other_force):
    response = officer_client.post(CREATE_URL, _valid_report(
        handling_code="C", handling_conditions="No executive action without the originator",
        shared_with_forces=[str(other_force.pk)], shared_with_roles=[Role.OFFICER]))
    assert response.status_code == 302
    report = IntelligenceReport.objects.get()
    assert report.handling_conditions == "No executive action without the originator"
    assert list(report.shared_with_forces.all()) == [other_force]
    assert [group.name for group in report.shared_with_roles.all()] == [Role.OFFICER]


def test_originating_force_only_cannot_also_name_forces(officer_client, other_force):
    response = officer_client.post(CREATE_URL, _valid_report(
        handling_code="C", handling_conditions="Originator only", originator_only="yes",
        shared_with_forces=[str(other_force.pk)]))
    assert response.status_code == 200
    assert b"Name no other forces when sharing is for the originating force only" in (
        response.content)


def test_restrictions_left_ticked_under_code_p_are_ignored(officer_client, other_force):
    officer_client.post(CREATE_URL, _valid_report(
        handling_code="P", handling_conditions="left over", originator_only="yes",
        shared_with_forces=[str(other_force.pk)]))
    report = IntelligenceReport.objects.get()
    assert report.handling_code == HandlingCode.PERMITTED
    assert report.handling_conditions == ""
    assert not report.originator_only
    assert not report.shared_with_forces.exists()


def test_the_author_changes_a_draft(officer_client, draft):
    response = officer_client.post(_url("report_edit", draft), _valid_report(
        title="Changed title", version=str(draft.version)))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Changed title"


def test_a_stale_edit_is_refused_and_the_typing_kept(officer_client, officer, draft):
    from intelligence import services

    stale = draft.version
    services.report_update(acting_user=officer, report=draft, title="Someone else's change")
    response = officer_client.post(_url("report_edit", draft), _valid_report(
        title="My change", version=str(stale)))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone changed this report while you were working on it" in content
    assert 'value="My change"' in content
    draft.refresh_from_db()
    assert draft.title == "Someone else's change"
    # Saving again after checking goes through.
    response = officer_client.post(_url("report_edit", draft), _valid_report(
        title="My change", version=str(draft.version)))
    assert response.status_code == 302


def test_a_submitted_report_cannot_be_changed_by_its_author(officer_client, submitted):
    response = officer_client.get(_url("report_edit", submitted))
    assert response.status_code == 302
    assert response["Location"] == _url("report_detail", submitted)


def test_another_forces_officer_cannot_see_a_draft(client, outsider, draft):
    client.force_login(outsider)
    for name in ("report_detail", "report_edit", "report_links"):
        assert client.get(_url(name, draft)).status_code == 404
    assert client.post(_url("report_submit", draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_an_analyst_cannot_see_a_draft_before_it_is_submitted(analyst_client, draft):
    assert analyst_client.get(_url("report_detail", draft)).status_code == 404


# --- Linking entities --------------------------------------------------------------------

def test_finding_a_person_lists_them_and_audits_the_search(officer_client, officer, draft):
    person = PersonFactory(forenames="Peregrine", surname="Quillfeather")
    response = officer_client.get(_url("report_links", draft),
                                  {"type": "person", "q": "Peregrine Quillfeather"})
    assert response.status_code == 200
    content = response.content.decode()
    assert f'value="{person.pk}"' in content
    assert "Peregrine QUILLFEATHER" in content
    assert reverse("people:person_create") in content
    event = AuditEvent.objects.get(action="people.person.searched")
    assert event.details["person_ids"] == [person.pk]


def test_linking_a_person_records_the_reason(officer_client, officer, draft):
    person = PersonFactory()
    response = officer_client.post(_url("report_links", draft), {
        "type": "person", "q": person.surname, "action": "link",
        "link-entity_type": "person", "link-entity_id": str(person.pk),
        "link-reason": "Named by the source as the seller"})
    assert response.status_code == 302
    link = ReportLink.objects.get()
    assert link.person == person
    assert link.reason == "Named by the source as the seller"
    page = officer_client.get(_url("report_links", draft)).content.decode()
    assert "Named by the source as the seller" in page
    assert _url("report_link_remove", draft, link.pk) in page


def test_a_link_needs_a_reason(officer_client, draft):
    person = PersonFactory()
    response = officer_client.post(_url("report_links", draft), {
        "type": "person", "q": person.surname, "action": "link",
        "link-entity_type": "person", "link-entity_id": str(person.pk), "link-reason": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Say why it is linked to the report" in content
    assert f'value="{person.pk}" checked' in content or f'value="{person.pk}"' in content
    assert not ReportLink.objects.exists()


def test_vehicles_are_found_by_registration_ignoring_spaces_and_case(officer_client, draft):
    vehicle = VehicleFactory(registration_mark="AB12CDE")
    response = officer_client.get(_url("report_links", draft),
                                  {"type": "vehicle", "q": "ab12 cde"})
    assert f'value="{vehicle.pk}"' in response.content.decode()


def test_locations_are_found_by_postcode_or_address(officer_client, draft):
    mill_lane = LocationFactory(address_line_1="3 Mill Lane", postcode="CM2 9PQ")
    elsewhere = LocationFactory(address_line_1="1 High Street", postcode="SS1 2AB")
    by_postcode = officer_client.get(_url("report_links", draft),
                                     {"type": "location", "q": "cm29pq"}).content.decode()
    by_street = officer_client.get(_url("report_links", draft),
                                   {"type": "location", "q": "mill lane"}).content.decode()
    for content in (by_postcode, by_street):
        assert f'value="{mill_lane.pk}"' in content
        assert f'value="{elsewhere.pk}"' not in content


def test_telephone_numbers_are_found_by_their_digits(officer_client, officer, draft):
    from athena.people.services import telephone_number_create

    number = telephone_number_create(acting_user=officer, number="07700 900-123")
    for query in ("07700900123", "+44 7700 900123", "07700 900 123"):
        response = officer_client.get(_url("report_links", draft),
                                      {"type": "telephone", "q": query})
        assert f'value="{number.pk}"' in response.content.decode(), query


def test_organisations_are_found_by_name(officer_client, officer, draft):
    from athena.people.services import organisation_create

    organisation = organisation_create(acting_user=officer, name="Mill Lane Motors Ltd")
    response = officer_client.get(_url("report_links", draft),
                                  {"type": "organisation", "q": "lane motors"})
    assert f'value="{organisation.pk}"' in response.content.decode()


def test_a_vehicle_not_found_is_recorded_and_linked_in_one_go(officer_client, officer, draft):
    response = officer_client.post(_url("report_links", draft), {
        "type": "vehicle", "q": "XY99ZZZ", "action": "create",
        "new-registration_mark": "xy99 zzz", "new-make": "Ford", "new-model": "",
        "new-colour": "Red", "new-reason": "Used for deliveries"})
    assert response.status_code == 302
    vehicle = Vehicle.objects.get()
    assert vehicle.registration_mark == "XY99ZZZ"
    assert ReportLink.objects.get().vehicle == vehicle
    assert AuditEvent.objects.filter(action="people.vehicle.created").exists()


def test_a_telephone_number_not_found_is_recorded_and_linked(officer_client, draft):
    officer_client.post(_url("report_links", draft), {
        "type": "telephone", "q": "07700", "action": "create",
        "new-number": "07700 900 456", "new-telephone_type": "mobile",
        "new-reason": "The number the source was given"})
    number = TelephoneNumber.objects.get()
    assert number.number == "07700900456"
    assert ReportLink.objects.get().telephone_number == number


def test_an_organisation_not_found_is_recorded_and_linked(officer_client, draft):
    officer_client.post(_url("report_links", draft), {
        "type": "organisation", "q": "Motors", "action": "create",
        "new-name": "Mill Lane Motors", "new-reason": "Premises used to store the drugs"})
    assert ReportLink.objects.get().organisation == Organisation.objects.get()


def test_recording_a_new_entity_keeps_the_typing_when_it_is_wrong(officer_client, draft):
    response = officer_client.post(_url("report_links", draft), {
        "type": "vehicle", "q": "XY", "action": "create",
        "new-registration_mark": "XY99 ZZZ!!", "new-reason": "Used for deliveries"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Registration number must only include letters and numbers" in content
    assert "Used for deliveries" in content
    assert not Vehicle.objects.exists()


def test_the_author_removes_a_link(officer_client, draft):
    link = ReportLinkFactory(report=draft)
    response = officer_client.post(_url("report_link_remove", draft, link.pk))
    assert response.status_code == 302
    assert not ReportLink.objects.exists()


def test_the_evaluating_analyst_may_link_but_not_remove(analyst_client, submitted):
    kept = ReportLinkFactory(report=submitted)
    person = PersonFactory()
    response = analyst_client.post(_url("report_links", submitted), {
        "type": "person", "q": person.surname, "action": "link",
        "link-entity_type": "person", "link-entity_id": str(person.pk),
        "link-reason": "Known associate, from the force's records"})
    assert response.status_code == 302
    assert ReportLink.objects.filter(report=submitted, person=person).exists()
    page = analyst_client.get(_url("report_links", submitted)).content.decode()
    assert _url("report_link_remove", submitted, kept.pk) not in page
    assert analyst_client.post(_url("report_link_remove", submitted, kept.pk)).status_code == 403


def test_links_cannot_change_once_the_report_is_disseminated(officer_client, officer):
    report = IntelligenceReportFactory(author=officer)
    link = ReportLinkFactory(report=report)
    response = officer_client.post(_url("report_link_remove", report, link.pk))
    assert response["Location"] == _url("report_detail", report)
    assert ReportLink.objects.filter(pk=link.pk).exists()


def test_links_page_query_count_does_not_grow_with_links(officer_client, draft,
                                                         django_assert_max_num_queries):
    for _ in range(10):
        ReportLinkFactory(report=draft)
        ReportLinkFactory(report=draft, entity_type=EntityType.VEHICLE, person=None,
                          vehicle=VehicleFactory())
    # 16 for the page, 6 for the audit of the reading, whatever the links (3, and 3 more
    # when it is the trail's first event and starts the chain).
    with django_assert_max_num_queries(22):
        response = officer_client.get(_url("report_links", draft))
    assert response.content.decode().count("Named by the source as the seller") == 20


# --- Reading a report --------------------------------------------------------------------

def test_the_author_reads_the_original_without_stating_a_reason(officer_client, officer,
                                                                draft):
    response = officer_client.get(_url("report_detail", draft))
    assert response.status_code == 200
    content = response.content.decode()
    assert draft.original_text in content
    assert _url("report_submit", draft) in content
    assert _url("report_edit", draft) in content
    event = AuditEvent.objects.get(action="intelligence.report.viewed")
    assert event.actor == officer
    assert event.reason == "Author of the report"
    assert event.details["original"] is True


def test_a_reader_without_a_stated_reason_is_asked_for_one(client, outsider):
    report = IntelligenceReportFactory()
    client.force_login(outsider)
    response = client.get(_url("report_detail", report))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("intelligence:access_reason"))
    assert "next=" in response["Location"]
    assert not AuditEvent.objects.filter(action="intelligence.report.viewed").exists()


def test_another_force_reads_only_the_sanitised_text_and_the_reading_is_audited(
        client, outsider):
    report = IntelligenceReportFactory()
    person = PersonFactory()
    ReportLinkFactory(report=report, person=person, reason="Seen at the address")
    client.force_login(outsider)
    _state_reason(client)
    response = client.get(_url("report_detail", report))
    assert response.status_code == 200
    content = response.content.decode()
    assert report.sanitised_text in content
    assert report.original_text not in content
    assert "Seen at the address" in content
    assert reverse("intelligence:subject_profile", args=[person.pk]) in content
    assert "A source with no history" in content
    event = AuditEvent.objects.get(action="intelligence.report.viewed")
    assert event.actor == outsider
    assert event.reason == REASON
    assert event.details == {"person_ids": [person.pk], "original": False}


def test_the_originating_analyst_reads_the_original(analyst_client, analyst, submitted):
    _state_reason(analyst_client)
    response = analyst_client.get(_url("report_detail", submitted))
    content = response.content.decode()
    assert submitted.original_text in content
    assert _url("report_evaluate", submitted) in content
    assert AuditEvent.objects.get(action="intelligence.report.viewed").details["original"]


def test_another_forces_analyst_reads_only_the_sanitised_text(client, kent_analyst):
    report = IntelligenceReportFactory()
    client.force_login(kent_analyst)
    _state_reason(client)
    content = client.get(_url("report_detail", report)).content.decode()
    assert report.original_text not in content
    assert _url("report_evaluate", report) not in content


def test_handling_conditions_are_shown_prominently(client, outsider):
    report = ConditionalReportFactory()
    client.force_login(outsider)
    _state_reason(client)
    content = client.get(_url("report_detail", report)).content.decode()
    assert 'id="handling-conditions"' in content
    assert "No executive action without reference to the originator." in content


def test_a_report_restricted_to_its_force_is_not_found_by_another(client, outsider):
    report = ConditionalReportFactory(originator_only=True)
    client.force_login(outsider)
    _state_reason(client)
    assert client.get(_url("report_detail", report)).status_code == 404


# --- Evaluation ----------------------------------------------------------------------------

def test_the_queue_lists_the_forces_submitted_reports_oldest_first(analyst_client, officer,
                                                                   outsider):
    now = timezone.now()
    newer = IntelligenceReportFactory(author=officer, status=ReportStatus.SUBMITTED,
                                      submitted_at=now - timedelta(hours=1))
    older = IntelligenceReportFactory(author=officer, status=ReportStatus.SUBMITTED,
                                      submitted_at=now - timedelta(days=2))
    kents = IntelligenceReportFactory(author=outsider, originating_force=kent(),
                                      status=ReportStatus.SUBMITTED)
    IntelligenceReportFactory(author=officer, status=ReportStatus.QUESTION)
    response = analyst_client.get(QUEUE_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index(older.reference) < content.index(newer.reference)
    assert kents.reference not in content
    assert "<strong>2</strong> reports are awaiting evaluation" in content
    assert "<strong>1</strong> report is back with the author" in content


@pytest.mark.parametrize("persona", ["officer", "supervisor"])
def test_only_analysts_have_a_queue(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(QUEUE_URL).status_code == 403


def test_queue_query_count_does_not_grow_with_reports(analyst_client, officer,
                                                      django_assert_max_num_queries):
    for _ in range(30):
        ReportLinkFactory(report=IntelligenceReportFactory(author=officer,
                                                           status=ReportStatus.SUBMITTED))
    # 12 for the page, 1 for the force's policy, 6 for the audit of the listing (3, and
    # 3 more when it is the trail's first event and starts the chain).
    with django_assert_max_num_queries(19):
        response = analyst_client.get(QUEUE_URL)
    assert response.content.decode().count(">Report ") == 30


def test_the_evaluation_page_shows_the_original_beside_the_sanitised_text(
        analyst_client, analyst, submitted):
    response = analyst_client.get(_url("report_evaluate", submitted))
    assert response.status_code == 200
    content = response.content.decode()
    assert submitted.original_text in content
    assert submitted.sanitised_text in content
    assert 'value="2" checked' in content and 'value="C" checked' in content
    assert "I have checked the sanitised text reveals neither the source nor tactics" in (
        content)
    event = AuditEvent.objects.get(action="intelligence.report.viewed")
    assert event.actor == analyst and event.details["original"] is True


def test_only_the_originating_forces_analysts_evaluate(client, officer, kent_analyst,
                                                       submitted):
    client.force_login(kent_analyst)
    assert client.get(_url("report_evaluate", submitted)).status_code == 404
    client.force_login(officer)
    response = client.get(_url("report_evaluate", submitted))
    assert response.status_code in (403, 404)
    same_force_officer = UserFactory(username="pc_other", roles=[Role.OFFICER])
    client.force_login(same_force_officer)
    assert client.get(_url("report_evaluate", submitted)).status_code == 404
    disseminated = IntelligenceReportFactory()
    assert client.get(_url("report_evaluate", disseminated)).status_code == 403


def _disseminate_data(report, **overrides):
    data = {"action": "disseminate", "version": str(report.version),
            "sanitised_text": "The subject is believed to sell cannabis locally.",
            "sanitisation_checked": "yes", "source_evaluation": "2",
            "intelligence_assessment": "B", "handling_code": "P",
            "handling_conditions": "", "retention_group": "2"}
    data.update(overrides)
    return data


def test_dissemination_needs_the_sanitisation_checked(analyst_client, submitted):
    response = analyst_client.post(_url("report_evaluate", submitted),
                                   _disseminate_data(submitted, sanitisation_checked=""))
    assert response.status_code == 200
    assert b"Confirm the sanitised text reveals neither the source nor tactics" in (
        response.content)
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_the_analyst_changes_the_grading_and_disseminates(analyst_client, analyst, submitted):
    response = analyst_client.post(_url("report_evaluate", submitted),
                                   _disseminate_data(submitted))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.DISSEMINATED
    assert submitted.grading == "2B P"
    assert submitted.retention_group == RetentionGroup.SERIOUS
    assert submitted.review_due_on.year == timezone.localdate().year + 10
    assert submitted.sanitisation_checked_by == analyst


def test_disseminating_code_c_without_conditions_says_so(analyst_client, submitted):
    response = analyst_client.post(_url("report_evaluate", submitted),
                                   _disseminate_data(submitted, handling_code="C"))
    assert response.status_code == 200
    assert b"State the conditions of sharing" in response.content
    assert b"The subject is believed to sell cannabis locally." in response.content


def test_rejecting_needs_a_reason(analyst_client, submitted):
    response = analyst_client.post(_url("report_evaluate", submitted),
                                   {"action": "reject", "reject-reason": "  "})
    assert response.status_code == 200
    assert b"Give the reason for rejecting the report" in response.content
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_the_analyst_rejects_with_a_reason_the_author_sees(analyst_client, client, officer,
                                                           submitted):
    analyst_client.post(_url("report_evaluate", submitted),
                        {"action": "reject", "reject-reason": "Already held in 42-IR-1"})
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.REJECTED
    client.force_login(officer)
    assert b"Already held in 42-IR-1" in client.get(_url("report_detail", submitted)).content


def test_a_stale_dissemination_is_refused(analyst_client, officer, submitted):
    stale = submitted.version
    ReportLinkFactory(report=submitted)
    from intelligence import services

    services.report_link_add(acting_user=officer, report=submitted,
                             entity_type=EntityType.VEHICLE, entity=VehicleFactory(),
                             reason="Seen")
    response = analyst_client.post(_url("report_evaluate", submitted),
                                   _disseminate_data(submitted, version=str(stale)))
    assert response.status_code == 200
    assert b"Someone changed this report" in response.content
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_an_answer_needs_words(officer_client, officer, analyst, submitted):
    from intelligence import services

    services.report_question_ask(acting_user=analyst, report=submitted, question="When?")
    response = officer_client.post(_url("report_answer", submitted), {"answer": ""})
    assert response.status_code == 200
    assert b"Write your answer to the analyst&#x27;s question" in response.content


# --- The whole journey --------------------------------------------------------------------

def test_report_from_writing_to_dissemination(client, officer, analyst, outsider):
    person = PersonFactory(forenames="Peregrine", surname="Quillfeather")
    client.force_login(officer)
    client.post(CREATE_URL, _valid_report())
    report = IntelligenceReport.objects.get()
    client.post(_url("report_links", report), {
        "type": "person", "q": "Quillfeather", "action": "link",
        "link-entity_type": "person", "link-entity_id": str(person.pk),
        "link-reason": "Named by the source as the seller"})
    response = client.post(_url("report_submit", report))
    assert response["Location"] == _url("report_detail", report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    client.force_login(analyst)
    home = client.get(reverse("home")).content.decode()
    assert _url("report_evaluate", report) in home
    response = client.post(_url("report_evaluate", report), {
        "action": "question", "question-question": "Where did the source see the sale?"})
    assert response["Location"] == QUEUE_URL
    report.refresh_from_db()
    assert report.status == ReportStatus.QUESTION

    client.force_login(officer)
    page = client.get(_url("report_detail", report)).content.decode()
    assert "Where did the source see the sale?" in page
    client.post(_url("report_answer", report), {"answer": "From the rear garden"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert ReportQuestion.objects.get().answer == "From the rear garden"

    client.force_login(analyst)
    page = client.get(_url("report_evaluate", report)).content.decode()
    assert "From the rear garden" in page
    response = client.post(_url("report_evaluate", report), _disseminate_data(report))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DISSEMINATED

    client.force_login(outsider)
    _state_reason(client)
    page = client.get(_url("report_detail", report)).content.decode()
    assert "The subject is believed to sell cannabis locally." in page
    assert "CHIS 123" not in page
    assert "Named by the source as the seller" in page


# --- Worklists ----------------------------------------------------------------------------

def test_the_analysts_home_lists_reports_to_evaluate_and_reviews_due(analyst_client, officer,
                                                                     outsider):
    waiting = IntelligenceReportFactory(author=officer, status=ReportStatus.SUBMITTED)
    today = timezone.localdate()
    overdue = IntelligenceReportFactory(author=officer,
                                        review_due_on=today - timedelta(days=3))
    soon = IntelligenceReportFactory(author=officer, review_due_on=today + timedelta(days=20))
    later = IntelligenceReportFactory(author=officer, review_due_on=today + timedelta(days=90))
    kents = IntelligenceReportFactory(author=outsider, originating_force=kent(),
                                      review_due_on=today - timedelta(days=3))
    response = analyst_client.get(reverse("home"))
    content = response.content.decode()
    assert _url("report_evaluate", waiting) in content
    assert reverse("intelligence:retention_review", args=[overdue.pk]) in content
    assert reverse("intelligence:retention_review", args=[soon.pk]) in content
    assert reverse("intelligence:retention_review", args=[later.pk]) not in content
    assert kents.reference not in content
    reviews = next(worklist for section in response.context["sections"]
                   for worklist in section["worklists"]
                   if worklist["title"] == "Retention reviews due")["items"]
    assert [item.overdue for item in reviews] == [True, False]


def test_an_officer_has_no_intelligence_worklists(officer_client, submitted):
    assert _url("report_evaluate", submitted) not in officer_client.get(
        reverse("home")).content.decode()


def test_a_look_up_of_other_entities_is_audited_like_a_person_search(
        officer_client, officer, draft):
    from athena.people.services import organisation_create

    organisation = organisation_create(acting_user=officer, name="Mill Lane Motors Ltd")
    officer_client.get(_url("report_links", draft), {"type": "organisation", "q": "lane motors"})

    event = AuditEvent.objects.get(action="people.entity.searched")
    assert event.details == {"query": "lane motors", "result_count": 1,
                             "entity_ids": [organisation.pk]}
    assert event.object_type == "people.organisation"
