"""A subject's profile (what intelligence knows of a person, as far as the user may see
it) and the administrators' record of who looked at a subject and why."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from athena.audit.services import audit_record
from athena.people.models import Organisation, PersonVehicle, TelephoneNumber
from custody.models import CustodyRecord, CustodySuite, RecordStatus
from intelligence import services, subjects
from intelligence.models import EntityType, ReportLink
from tests.cases.factories import CaseFileFactory, ChargedOffenceFactory, SuspectFactory
from tests.factories import UserFactory, kent
from tests.intelligence.factories import (
    ConditionalReportFactory,
    IntelligenceReportFactory,
    ReportLinkFactory,
)
from tests.intelligence.test_access_reason import REASON, state_reason
from tests.offences.factories import OffenceFactory
from tests.people.factories import (
    AliasFactory,
    LocationFactory,
    PersonFactory,
    VehicleFactory,
)
from tests.reasons import open_for_reason


@pytest.fixture
def subject(home_force):
    return PersonFactory(forenames="Peregrine", surname="Quillzzy", created_by_force=home_force,
                         date_of_birth="1990-03-03")


@pytest.fixture
def profile_url(subject):
    return reverse("intelligence:subject_profile", args=[subject.pk])


def _profile_things(subject):
    return ("intelligence.search", f"intelligence.subject:{subject.pk}")


@pytest.fixture
def looking_officer(officer_client, subject):
    """An officer whose enquiry covers the search and the subject's profile."""
    state_reason(officer_client, things=_profile_things(subject))
    return officer_client


def _custody_record(*, suite, person, number, officer, offence_title, closed=False):
    arrived = timezone.now() - timedelta(days=3)
    record = CustodyRecord.objects.create(
        suite=suite, custody_number=number, person=person,
        arrested_at=arrived - timedelta(minutes=30), arrived_at=arrived,
        arrest_place="Station Road", arresting_officer=officer, grounds="Suspected theft",
        status=RecordStatus.CLOSED if closed else RecordStatus.DETAINED,
        closed_at=arrived + timedelta(hours=5) if closed else None)
    record.offences.add(OffenceFactory(title=offence_title))
    return record


# --- The profile ------------------------------------------------------------------------

def test_the_profile_shows_the_person_from_the_people_index(looking_officer, subject,
                                                              profile_url):
    AliasFactory(person=subject, forenames="Perry", surname="Quill")
    response = looking_officer.get(profile_url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Peregrine QUILLZZY" in content
    assert "3 March 1990" in content
    assert "Perry QUILL" in content
    assert reverse("people:person_detail", args=[subject.pk]) in content


def test_the_profile_lists_only_the_reports_the_user_may_see(looking_officer, subject,
                                                            profile_url, home_force):
    own = IntelligenceReportFactory(title="Essex report on the subject")
    shared = IntelligenceReportFactory(originating_force=kent(), title="Kent shares this")
    kent_only = ConditionalReportFactory(originating_force=kent(), originator_only=True,
                                         title="Kent eyes only")
    kent_draft = IntelligenceReportFactory(originating_force=kent(), status="draft",
                                           title="Kent draft")
    unrelated = IntelligenceReportFactory(title="About someone else")
    for report in (own, shared, kent_only, kent_draft):
        ReportLinkFactory(report=report, person=subject)
    content = looking_officer.get(profile_url).content.decode()
    assert own.reference in content
    assert shared.reference in content
    assert reverse("intelligence:report_detail", args=[shared.pk]) in content
    for hidden in (kent_only, kent_draft, unrelated):
        assert hidden.reference not in content
        assert hidden.title not in content


def test_custody_history_is_of_the_users_own_force_only(client, custody_sergeant, officer,
                                                       subject, profile_url, home_force,
                                                       other_force, looking_officer):
    chelmsford = CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")
    maidstone = CustodySuite.objects.create(force=other_force, code="MAI", name="Maidstone")
    _custody_record(suite=chelmsford, person=subject, number="CHE-26-00001", officer=officer,
                    offence_title="Theft from a shop", closed=True)
    _custody_record(suite=maidstone, person=subject, number="MAI-26-00007",
                    officer=UserFactory(force=other_force), offence_title="Criminal damage")
    # An officer cannot open custody records: the profile lists none (least privilege).
    assert "CHE-26-00001" not in looking_officer.get(profile_url).content.decode()
    # Shown only to a reader who may open the record: a custody sergeant of the force.
    client.force_login(custody_sergeant)
    state_reason(client, things=_profile_things(subject))
    content = client.get(profile_url).content.decode()
    assert "CHE-26-00001" in content
    assert "Chelmsford" in content
    assert "Theft from a shop" in content
    assert "MAI-26-00007" not in content
    assert "Maidstone" not in content
    assert "Criminal damage" not in content


def test_case_files_are_only_those_the_reader_may_open(looking_officer, officer, subject,
                                                       profile_url, other_force, client,
                                                       supervisor):
    own_file = CaseFileFactory(officer_in_case=officer)
    ChargedOffenceFactory(suspect=SuspectFactory(case=own_file, person=subject),
                          offence=OffenceFactory(title="Possession of cannabis"))
    colleagues_file = CaseFileFactory()
    ChargedOffenceFactory(suspect=SuspectFactory(case=colleagues_file, person=subject),
                          offence=OffenceFactory(title="Assault by beating"))
    kent_file = CaseFileFactory(force=other_force)
    ChargedOffenceFactory(suspect=SuspectFactory(case=kent_file, person=subject),
                          offence=OffenceFactory(title="Burglary of a dwelling"))
    someone_elses = CaseFileFactory()
    SuspectFactory(case=someone_elses)
    content = looking_officer.get(profile_url).content.decode()
    assert own_file.urn in content
    assert "Possession of cannabis" in content
    # A colleague's file the officer cannot open is not listed, nor its officer.
    assert colleagues_file.urn not in content
    assert "Assault by beating" not in content
    assert kent_file.urn not in content
    assert "Burglary of a dwelling" not in content
    assert someone_elses.urn not in content
    # A file supervisor reads the force's files, so sees both (and never Kent's).
    client.force_login(supervisor)
    state_reason(client, things=_profile_things(subject))
    content = client.get(profile_url).content.decode()
    assert own_file.urn in content and colleagues_file.urn in content
    assert escape(colleagues_file.officer_in_case.display_name) in content
    assert kent_file.urn not in content


def test_the_network_is_drawn_and_listed(looking_officer, subject, profile_url, home_force):
    associate = PersonFactory(forenames="Ottoline", surname="Quillzzx")
    report = IntelligenceReportFactory()
    ReportLinkFactory(report=report, person=subject)
    ReportLinkFactory(report=report, person=associate)
    car = VehicleFactory(registration_mark="AB12CDE")
    PersonVehicle.objects.create(person=subject, vehicle=car)
    TelephoneNumber.objects.create(number="07700 900123", person=subject,
                                   created_by_force=home_force)
    gang = Organisation.objects.create(name="Mill Lane Crew", created_by_force=home_force)
    gang.people.add(subject)
    response = looking_officer.get(profile_url)
    content = response.content.decode()
    svg = content[content.index("<svg"):content.index("</svg>")]
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "<desc" in svg
    for label in ("Ottoline QUILLZZX", "AB12CDE", "07700 900123", "Mill Lane Crew"):
        assert label in svg
    table = content[content.index('id="network-links"'):]
    assert "Ottoline QUILLZZX" in table
    assert "In 1 report with the subject" in table
    assert "Registered keeper (people index)" in table
    assert reverse("intelligence:subject_profile", args=[associate.pk]) in table
    assert "style=" not in content


def test_the_network_leaves_out_what_the_user_may_not_see(looking_officer, subject,
                                                         profile_url):
    hidden = ConditionalReportFactory(originating_force=kent(), originator_only=True)
    ReportLinkFactory(report=hidden, person=subject)
    ReportLinkFactory(report=hidden, person=PersonFactory(forenames="Secret",
                                                          surname="Associate"))
    content = looking_officer.get(profile_url).content.decode()
    assert "ASSOCIATE" not in content


def test_the_network_is_bounded(looking_officer, subject, profile_url):
    report = IntelligenceReportFactory()
    ReportLinkFactory(report=report, person=subject)
    for _ in range(25):
        ReportLinkFactory(report=report,
                          entity_type=EntityType.LOCATION, person=None,
                          location=LocationFactory())
    response = looking_officer.get(profile_url)
    profile = response.context["profile"]
    assert len(profile.links) == 20
    assert len(profile.diagram.nodes) == 20
    assert profile.links_left_out == 5
    assert "5 more are not" in response.content.decode()


def test_opening_a_profile_is_audited_with_the_reason(looking_officer, officer, subject,
                                                     profile_url):
    looking_officer.get(profile_url)
    event = AuditEvent.objects.get(action="intelligence.subject.viewed")
    assert event.actor == officer
    assert event.object_type == "people.person"
    assert event.object_id == str(subject.pk)
    assert event.reason == REASON


def test_the_query_count_does_not_grow_with_the_reports(looking_officer, subject, profile_url,
                                                       home_force,
                                                       django_assert_max_num_queries):
    chelmsford = CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")
    for _ in range(30):
        report = IntelligenceReportFactory()
        ReportLinkFactory(report=report, person=subject)
        ReportLinkFactory(report=report)
        ReportLinkFactory(report=report, entity_type=EntityType.VEHICLE, person=None,
                          vehicle=VehicleFactory())
    for number in range(5):
        _custody_record(suite=chelmsford, person=subject, number=f"CHE-26-{number:05d}",
                        officer=UserFactory(), offence_title=f"Offence {number}", closed=True)
        ChargedOffenceFactory(suspect=SuspectFactory(person=subject))
    with django_assert_max_num_queries(35):
        response = looking_officer.get(profile_url)
    assert len(response.context["profile"].reports) == 30


def test_a_missing_person_is_not_found(looking_officer):
    url = reverse("intelligence:subject_profile", args=[999999])
    assert open_for_reason(looking_officer, url).status_code == 404


@pytest.mark.parametrize("role", [Role.CPS_LAWYER, Role.ADMINISTRATOR])
def test_users_without_a_police_role_are_refused(client, home_force, role, profile_url):
    client.force_login(UserFactory(force=home_force, roles=[role]))
    assert client.get(profile_url).status_code == 403


def test_administrators_get_a_link_to_the_access_log(client, home_force, subject,
                                                     profile_url, looking_officer):
    log_url = reverse("intelligence:subject_access_log", args=[subject.pk])
    assert log_url not in looking_officer.get(profile_url).content.decode()
    client.force_login(UserFactory(force=home_force, roles=[Role.OFFICER, Role.ADMINISTRATOR]))
    state_reason(client, things=_profile_things(subject))
    assert log_url in client.get(profile_url).content.decode()


# --- Who looked, and why ----------------------------------------------------------------

@pytest.fixture
def log_url(subject):
    return reverse("intelligence:subject_access_log", args=[subject.pk])


@pytest.fixture
def administrator_client(client, administrator, subject):
    """An administrator whose enquiry covers the subject's access log."""
    client.force_login(administrator)
    state_reason(client, "Complaint 26/0099: who looked at the subject",
                 things=(f"intelligence.access_log:{subject.pk}",))
    return client


def test_the_administrator_sees_who_looked_and_why(administrator_client, log_url, subject,
                                                   officer, analyst, outsider):
    services.subject_viewed(acting_user=officer, person=subject,
                            reason="Op Kestrel: checking a named supplier")
    report = IntelligenceReportFactory()
    ReportLinkFactory(report=report, person=subject)
    services.report_viewed(acting_user=analyst, report=report, reason="Evaluating links",
                           original=True)
    services.intelligence_searched(acting_user=outsider, query="Quillzzy",
                                   reason="Kent 46/999/26 robbery",
                                   entity_refs=[("person", subject.pk)])
    response = administrator_client.get(log_url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Who has looked at Peregrine QUILLZZY" in content
    assert "Op Kestrel: checking a named supplier" in content
    assert "Opened the subject profile" in content
    assert f"Opened intelligence report {report.reference} and read its original text" in (
        content)
    assert "Evaluating links" in content
    assert "Searched for “Quillzzy”" in content
    assert "Kent 46/999/26 robbery" in content
    assert escape(officer.display_name) in content
    assert "pc_outsider, Kent" in content
    entries = response.context["page"].object_list
    assert [entry.who for entry in entries] == [outsider.display_name, analyst.display_name,
                                                officer.display_name]  # newest first


def test_times_are_shown_in_london_time(administrator_client, log_url, subject, officer,
                                       monkeypatch):
    summer = datetime(2026, 7, 1, 11, 30, 5, tzinfo=UTC)  # 12:30:05 in London (BST)
    winter = datetime(2026, 12, 1, 11, 30, 5, tzinfo=UTC)  # 11:30:05 in London (GMT)
    for moment in (summer, winter):
        with monkeypatch.context() as patch:
            patch.setattr(timezone, "now", lambda moment=moment: moment)
            services.subject_viewed(acting_user=officer, person=subject, reason="Op Heron")
    content = administrator_client.get(log_url).content.decode()
    assert "1 Jul 2026 12:30:05" in content
    assert "1 Dec 2026 11:30:05" in content


def test_a_report_read_while_it_linked_the_subject_stays_in_the_log(
        administrator_client, log_url, subject, analyst):
    report = IntelligenceReportFactory()
    link = ReportLinkFactory(report=report, person=subject)
    report.refresh_from_db()
    services.report_viewed(acting_user=analyst, report=report, reason="Before the unlinking")
    ReportLink.objects.filter(pk=link.pk).delete()
    content = administrator_client.get(log_url).content.decode()
    assert "Before the unlinking" in content


def test_a_report_linked_after_it_was_read_is_in_the_log(administrator_client, log_url,
                                                         subject, analyst):
    report = IntelligenceReportFactory()
    services.report_viewed(acting_user=analyst, report=report, reason="Read before the link")
    ReportLinkFactory(report=report, person=subject)
    assert "Read before the link" in administrator_client.get(log_url).content.decode()


def test_other_peoples_access_is_not_listed(administrator_client, log_url, subject, officer):
    # Enough people that some ids contain the subject's digits ("1" in "11").
    others = [PersonFactory() for _ in range(12)]
    report = IntelligenceReportFactory()
    for other in others:
        ReportLinkFactory(report=report, person=other)
        services.subject_viewed(acting_user=officer, person=other, reason="Someone else")
    report.refresh_from_db()
    services.report_viewed(acting_user=officer, report=report, reason="Someone else's report")
    services.intelligence_searched(acting_user=officer, query="Other", reason="Other search",
                                   entity_refs=[("person", other.pk) for other in others])
    content = administrator_client.get(log_url).content.decode()
    assert "Someone else" not in content
    assert "Other search" not in content
    assert "No one has looked" in content


def test_the_database_narrows_to_the_subject_so_others_cannot_crowd_them_out(
        administrator_client, log_url, subject, officer, monkeypatch):
    monkeypatch.setattr(subjects, "ACCESS_LOG_CANDIDATES", 2)
    services.subject_viewed(acting_user=officer, person=subject, reason="The subject's own")
    near_ids = [subject.pk * 10 + 1, subject.pk + 10, int(f"1{subject.pk}")]
    report = IntelligenceReportFactory()
    for _ in range(3):
        audit_record(actor=officer, action="intelligence.report.viewed", obj=report,
                     reason="Someone else", details={"person_ids": near_ids})
        services.intelligence_searched(acting_user=officer, query="x", reason="Someone else",
                                       entity_refs=[("person", pk) for pk in near_ids])
    entries = administrator_client.get(log_url).context["page"].object_list
    assert [entry.reason for entry in entries] == ["The subject's own"]


def test_a_disposed_report_is_named_by_its_reference(administrator_client, log_url, subject,
                                                     analyst):
    report = IntelligenceReportFactory(originating_force=analyst.force)
    ReportLinkFactory(report=report, person=subject)
    report.refresh_from_db()
    services.report_viewed(acting_user=analyst, report=report, reason="Reviewing it")
    reference = report.reference
    services.report_retention_review(acting_user=analyst, report=report, decision="dispose",
                                     rationale="No longer needed for a policing purpose")
    content = administrator_client.get(log_url).content.decode()
    assert f"{reference} (since disposed of)" in content


def test_the_log_is_paginated(administrator_client, log_url, subject, officer):
    for number in range(55):
        services.subject_viewed(acting_user=officer, person=subject, reason=f"Check {number}")
    first = administrator_client.get(log_url)
    assert "55 records" in first.content.decode()
    assert "Check 54" in first.content.decode()
    second = administrator_client.get(log_url, {"page": "2"})
    assert [entry.reason for entry in second.context["page"].object_list] == [
        "Check 4", "Check 3", "Check 2", "Check 1", "Check 0"]
    assert administrator_client.get(log_url, {"page": "'; DROP"}).status_code == 200


@pytest.mark.parametrize("persona", ["officer", "analyst", "supervisor", "outsider"])
def test_only_administrators_see_the_log(client, request, persona, log_url):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(log_url).status_code == 403


def test_the_log_of_a_missing_person_is_not_found(administrator_client):
    url = reverse("intelligence:subject_access_log", args=[999999])
    assert administrator_client.get(url).status_code == 404
