"""Detention clock pages: reviews and postponements, a superintendent's extension,
warrants of further detention, charge and leaving custody."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from custody.detention import selectors, services
from custody.detention.clock import detention_clock
from custody.models import (
    CustodyEntry,
    CustodyRecord,
    DetentionExtension,
    DetentionReview,
    DetentionWarrant,
    EntryKind,
    RecordStatus,
)
from custody.records.services import CustodyRuleBroken
from tests.custody.test_pages import make_detainee


def when(moment):
    local = timezone.localtime(moment)
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M")


def time_data(name, moment):
    day, hour = when(moment)
    return {f"{name}_0": day, f"{name}_1": hour}


def url(name, record):
    return reverse(f"custody:{name}", args=[record.pk])


def facts(record):
    return selectors.detention_facts(CustodyRecord.objects.get(pk=record.pk))


def minute(moment):
    return moment.replace(second=0, microsecond=0)


# --- reviews -----------------------------------------------------------------------------

def test_an_inspector_records_a_review_and_the_next_one_moves(client, inspector,
                                                             custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=6)
    at = minute(record.authorised_at + timedelta(hours=5))
    client.force_login(inspector)
    assert client.get(url("review_add", record)).status_code == 200
    response = client.post(url("review_add", record), {**time_data("at", at),
                                                       "outcome": "continued",
                                                       "reason": "", "notes": "Enquiries"})
    assert response.status_code == 302
    review = DetentionReview.objects.get()
    assert review.by_role == Role.INSPECTOR and review.reviewed_by == inspector
    assert review.at == at
    entry = CustodyEntry.objects.get(kind=EntryKind.REVIEW)
    assert entry.occurred_at == at and entry.recorded_by == inspector
    assert "Enquiries" in entry.summary
    event = AuditEvent.objects.get(action="custody.detention.reviewed")
    assert event.details == {"review_id": review.pk, "by_role": "inspector",
                             "postponed": False}
    assert detention_clock(facts(record)).next_review_due == at + timedelta(hours=9)


def test_a_postponement_needs_a_reason_and_keeps_later_deadlines(inspector, custody_sergeant,
                                                                 officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=9)
    first_due = record.authorised_at + timedelta(hours=6)
    with pytest.raises(services.DetentionRefused, match="reason"):
        services.review_record(acting_user=inspector, record=record, at=first_due,
                               postponed=True, reason=" ")
    services.review_record(acting_user=inspector, record=record, at=first_due,
                           postponed=True, reason="Detainee asleep after interview")
    clock = detention_clock(facts(record))
    assert clock.next_review_due == first_due
    assert clock.postponed_review is not None
    services.review_record(acting_user=inspector, record=record,
                           at=first_due + timedelta(hours=1, minutes=30))
    # The late review does not push the schedule: 9 hours from when it was due.
    assert detention_clock(facts(record)).next_review_due == first_due + timedelta(hours=9)


def test_postponement_page_asks_for_the_reason(client, inspector, custody_sergeant, officer,
                                               suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=7)
    client.force_login(inspector)
    response = client.post(url("review_add", record), {
        **time_data("at", timezone.now()), "outcome": "postponed", "reason": "",
        "notes": "kept note"})
    assert response.status_code == 200
    assert b"Enter the reason for postponing the review" in response.content
    assert b'id="field-reason"' in response.content
    assert b"kept note" in response.content
    assert not DetentionReview.objects.exists()


def test_review_roles(client, custody_sergeant, officer, inspector, superintendent, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=7)
    client.force_login(custody_sergeant)
    assert client.get(url("review_add", record)).status_code == 403  # before charge
    client.force_login(officer)
    assert client.get(url("review_add", record)).status_code == 404  # no custody role
    services.review_record(acting_user=superintendent, record=record,
                           at=record.authorised_at + timedelta(hours=1))
    assert DetentionReview.objects.get().by_role == Role.SUPERINTENDENT
    services.charge_record(acting_user=custody_sergeant, record=record,
                           at=record.authorised_at + timedelta(hours=2))
    with pytest.raises(services.DetentionRefused, match="custody officer"):
        services.review_record(acting_user=inspector, record=record, at=timezone.now())
    client.force_login(custody_sergeant)
    response = client.post(url("review_add", record), {**time_data("at", timezone.now()),
                                                       "outcome": "continued"})
    assert response.status_code == 302
    assert DetentionReview.objects.latest("pk").by_role == Role.CUSTODY_OFFICER


def test_other_forces_get_404(client, other_sergeant, custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(other_sergeant)
    for name in ("review_add", "extension_add", "warrant_add", "charge", "close"):
        assert client.get(url(name, record)).status_code == 404


def test_a_review_before_the_arrest_is_refused_beside_the_time(client, inspector,
                                                               custody_sergeant, officer,
                                                               suite):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(inspector)
    response = client.post(url("review_add", record), {
        **time_data("at", record.arrested_at - timedelta(hours=2)), "outcome": "continued"})
    assert response.status_code == 200
    assert b"before the arrest" in response.content
    assert response.context["form"].errors["at"]


# --- extension ---------------------------------------------------------------------------

def _two_reviews(record, inspector):
    for hours in (5, 14):
        services.review_record(acting_user=inspector, record=record,
                               at=record.authorised_at + timedelta(hours=hours))


def test_a_superintendent_extends_after_two_reviews(client, superintendent, inspector,
                                                    custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=20)
    client.force_login(superintendent)
    data = {**time_data("at", timezone.now()), "new_limit_hours": "36",
            "grounds": "Evidence being secured"}
    response = client.post(url("extension_add", record), data)
    assert response.status_code == 200
    assert b"only after the 2nd review; 0 carried out" in response.content
    _two_reviews(record, inspector)
    response = client.post(url("extension_add", record), data)
    assert response.status_code == 302
    extension = DetentionExtension.objects.get()
    assert extension.by_role == Role.SUPERINTENDENT and extension.new_limit_hours == 36
    assert CustodyEntry.objects.filter(kind=EntryKind.EXTENSION).count() == 1
    assert AuditEvent.objects.get(action="custody.detention.extended").details == {
        "extension_id": extension.pk, "new_limit_hours": 36}
    clock = detention_clock(facts(record))
    assert clock.detention_limit == clock.relevant_time + timedelta(hours=36)


def test_an_extension_after_24_hours_is_refused(superintendent, inspector, custody_sergeant,
                                                officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=25)
    _two_reviews(record, inspector)
    with pytest.raises(services.DetentionRefused, match="too late to extend"):
        services.extension_grant(acting_user=superintendent, record=record,
                                 at=timezone.now(), new_limit_hours=36, grounds="g")


def test_only_superintendents_extend(client, inspector, custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    for user in (inspector, custody_sergeant):
        client.force_login(user)
        assert client.get(url("extension_add", record)).status_code == 403


@pytest.mark.parametrize(("hours", "message"), [
    ("99", b"at most 36 hours"), ("-1", b"more than 24 hours"), ("", b"Enter the new limit"),
    ("abc", b"whole number"),
])
def test_bad_extension_hours(client, superintendent, custody_sergeant, officer, suite, hours,
                             message):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(superintendent)
    response = client.post(url("extension_add", record), {
        **time_data("at", timezone.now()), "new_limit_hours": hours, "grounds": "Kept"})
    assert response.status_code == 200
    assert message in response.content
    assert b"There is a problem" in response.content
    assert not DetentionExtension.objects.exists()


# --- warrants ----------------------------------------------------------------------------

def test_the_custody_officer_records_a_warrant(client, custody_sergeant, officer, suite,
                                               inspector):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=23)
    client.force_login(inspector)
    assert client.get(url("warrant_add", record)).status_code == 403
    client.force_login(custody_sergeant)
    issued = minute(timezone.now())
    response = client.post(url("warrant_add", record), {
        **time_data("at", issued), **time_data("granted_until", issued + timedelta(hours=30)),
        "court": "Chelmsford Magistrates' Court"})
    assert response.status_code == 302
    warrant = DetentionWarrant.objects.get()
    assert warrant.granted_until == issued + timedelta(hours=30)
    assert AuditEvent.objects.filter(action="custody.detention.warrant_recorded").exists()
    assert CustodyEntry.objects.filter(kind=EntryKind.EXTENSION,
                                       summary__contains="Warrant").exists()
    assert detention_clock(facts(record)).detention_limit == warrant.granted_until


def test_warrants_never_go_beyond_96_hours(custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=70)
    relevant = detention_clock(facts(record)).relevant_time
    services.warrant_record(acting_user=custody_sergeant, record=record,
                            at=relevant + timedelta(hours=23),
                            granted_until=relevant + timedelta(hours=59), court="A")
    services.warrant_record(acting_user=custody_sergeant, record=record,
                            at=relevant + timedelta(hours=58),
                            granted_until=relevant + timedelta(hours=94), court="A")
    with pytest.raises(services.DetentionRefused, match="96 hours"):
        services.warrant_record(acting_user=custody_sergeant, record=record,
                                at=relevant + timedelta(hours=69),
                                granted_until=relevant + timedelta(hours=100), court="A")
    assert detention_clock(facts(record)).detention_limit == relevant + timedelta(hours=94)


def test_a_warrant_beyond_the_cap_is_explained_beside_the_field(client, custody_sergeant,
                                                                officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=23)
    client.force_login(custody_sergeant)
    issued = timezone.now()
    response = client.post(url("warrant_add", record), {
        **time_data("at", issued), **time_data("granted_until", issued + timedelta(hours=80)),
        "court": "Chelmsford"})
    assert response.status_code == 200
    assert b"96 hours" in response.content
    assert response.context["form"].errors["granted_until"]
    assert not DetentionWarrant.objects.exists()


# --- charge and close --------------------------------------------------------------------

def test_charge_then_close_stops_the_clock(client, custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=8)
    client.force_login(custody_sergeant)
    charged = minute(timezone.now() - timedelta(hours=1))
    response = client.post(url("charge", record), time_data("at", charged))
    assert response.status_code == 302
    assert CustodyRecord.objects.get().charged_at == charged
    assert AuditEvent.objects.filter(action="custody.detention.charged").exists()
    assert detention_clock(facts(record)).next_review_by == Role.CUSTODY_OFFICER
    response = client.post(url("close", record), {**time_data("at", timezone.now()),
                                                  "reason": "charged_kept"})
    assert response.status_code == 302
    closed = CustodyRecord.objects.get()
    assert closed.status == RecordStatus.CLOSED and closed.close_reason == "charged_kept"
    assert closed.closed_at is not None
    assert CustodyEntry.objects.filter(kind=EntryKind.CLOSED).count() == 1
    assert AuditEvent.objects.get(action="custody.record.closed").details == {
        "close_reason": "charged_kept"}
    assert detention_clock(facts(record)).next_review_due is None
    board = client.get(reverse("custody:index"))
    assert board.context["rows"] == []
    page = client.get(reverse("custody:record", args=[record.pk]))
    assert b"No further reviews" in page.content


def test_a_closed_record_accepts_nothing_more(client, custody_sergeant, officer, suite,
                                              inspector):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=8)
    services.close_record(acting_user=custody_sergeant, record=record, at=timezone.now(),
                          reason="released")
    with pytest.raises(CustodyRuleBroken, match="closed"):
        services.review_record(acting_user=inspector, record=record, at=timezone.now())
    with pytest.raises(CustodyRuleBroken, match="closed"):
        services.charge_record(acting_user=custody_sergeant, record=record,
                               at=timezone.now())
    with pytest.raises(CustodyRuleBroken, match="closed"):
        services.close_record(acting_user=custody_sergeant, record=record,
                              at=timezone.now(), reason="bailed")
    client.force_login(custody_sergeant)
    response = client.post(url("close", record), {**time_data("at", timezone.now()),
                                                  "reason": "bailed"})
    assert response.status_code == 200
    assert b"This custody record is closed" in response.content


def test_charged_close_reasons_need_a_charge(client, custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(custody_sergeant)
    response = client.post(url("close", record), {**time_data("at", timezone.now()),
                                                  "reason": "charged_bailed"})
    assert response.status_code == 200
    assert b"needs a charge time" in response.content
    assert CustodyRecord.objects.get().status == RecordStatus.DETAINED


def test_only_custody_officers_charge_and_close(client, inspector, superintendent,
                                                custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    for user in (inspector, superintendent):
        client.force_login(user)
        assert client.get(url("charge", record)).status_code == 403
        assert client.post(url("close", record), {"reason": "released"}).status_code == 403
    assert CustodyRecord.objects.get().status == RecordStatus.DETAINED


# --- hostile input -----------------------------------------------------------------------

@pytest.mark.parametrize("overrides", [
    {"at_0": "30/02/2026"}, {"at_1": "25:61"}, {"at_0": "", "at_1": ""},
    {"at_0": "<script>alert(1)</script>"}, {"at_0": "x" * 20000},
    {"notes": "x" * 20000}, {"reason": "x" * 20000, "outcome": "postponed"},
    {"outcome": "<script>alert(1)</script>"}, {"outcome": ""},
    {"at_0": "01/01/2099"},
])
def test_hostile_review_input_is_explained(client, inspector, custody_sergeant, officer,
                                           suite, overrides):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(inspector)
    data = {**time_data("at", timezone.now()), "outcome": "continued", "reason": "",
            "notes": "<script>alert(1)</script>", **overrides}
    response = client.post(url("review_add", record), data)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"<script>alert(1)</script>" not in response.content
    assert not DetentionReview.objects.exists()


@pytest.mark.parametrize(("name", "data"), [
    ("charge", {"at_0": "30/02/2026", "at_1": "10:00"}),
    ("charge", {"at_0": "", "at_1": "25:61"}),
    ("close", {"at_0": "01/01/2020", "at_1": "10:00", "reason": "released"}),
    ("close", {"at_0": "x" * 20000, "at_1": "-1", "reason": "<script>"}),
    ("warrant_add", {"at_0": "-1", "granted_until_0": "", "court": "x" * 20000}),
    ("warrant_add", {}),
])
def test_hostile_custody_officer_input_is_explained(client, custody_sergeant, officer, suite,
                                                    name, data):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(custody_sergeant)
    response = client.post(url(name, record), data)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert CustodyRecord.objects.get().status == RecordStatus.DETAINED


def test_forms_show_now_by_default(client, inspector, custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(inspector)
    response = client.get(url("review_add", record))
    assert when(timezone.now())[0].encode() in response.content
    assert b'id="field-at"' in response.content and b'id="field-outcome"' in response.content
