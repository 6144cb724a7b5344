"""The server's side of the outbox: entries made on a device in an outage arrive at one
address, are recorded exactly once at their true time, never answered with a redirect,
and when the rules refuse one it stays in front of the custody officers until resolved.
"""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athena.audit.models import AuditEvent
from custody.healthcare.services import hcp_direction_record
from custody.medication.services import dose_record, medication_plan_add
from custody.models import (
    CustodyEntry,
    DoseRecordRow,
    EntryKind,
    HcpDirection,
    ObservationCheck,
    OfflineEntry,
    OfflineEntryStatus,
    OfflineResolution,
)
from tests.custody.test_pages import make_detainee
from tests.factories import UserFactory

SESSION = reverse("custody:offline_session")
ENTRIES = reverse("custody:offline_entries")


def london_parts(moment):
    local = timezone.localtime(moment)
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M")


def client_id(n):
    return f"{n:032x}"


def send(client, entry, *, token=None):
    headers = {"HTTP_ACCEPT": "application/json"}
    if token:
        headers["HTTP_X_CSRFTOKEN"] = token
    return client.post(ENTRIES, json.dumps(entry), content_type="application/json",
                       **headers)


def dose_entry(record, plan, n, *, at, made_by=None, live=False, **fields):
    day, time = london_parts(at)
    return {"client_id": client_id(n),
            "url": reverse("custody:dose_add", args=[record.pk, plan.pk]),
            "fields": {"at_0": day, "at_1": time, "outcome": "given", **fields},
            "saved_at": at.isoformat(), "made_by_id": made_by, "live": live}


def check_entry(record, n, *, at, notes="Asleep, breathing normally"):
    day, time = london_parts(at)
    return {"client_id": client_id(n), "url": reverse("custody:check_new", args=[record.pk]),
            "fields": {"at_0": day, "at_1": time, "notes": notes},
            "saved_at": at.isoformat()}


@pytest.fixture
def record(custody_sergeant, officer, suite):
    return make_detainee(custody_sergeant, officer, suite, hours_ago=6)


@pytest.fixture
def plan(custody_sergeant, record):
    return medication_plan_add(acting_user=custody_sergeant, record=record,
                               drug="Paracetamol", strength="500 mg", dose="2 tablets",
                               route="oral", controlled_schedule="not_controlled",
                               min_interval_minutes=240, authorised_by="Dr Amir",
                               starts_at=timezone.now() - timedelta(hours=5))


# --- Who is signed in --------------------------------------------------------------------

def test_the_session_gives_the_user_and_a_fresh_token(custody_client, custody_sergeant):
    response = custody_client.get(SESSION, HTTP_ACCEPT="application/json")
    body = response.json()
    assert response.status_code == 200
    assert body["user_id"] == custody_sergeant.pk
    assert body["user_name"] == custody_sergeant.display_name
    assert len(body["csrf_token"]) >= 32
    assert response["Cache-Control"] == "no-store"


def test_signed_out_the_session_says_sign_in_never_redirects(client, db):
    response = client.get(SESSION, HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["sign_in"].startswith(reverse("accounts:login"))


def test_an_expired_session_gets_401_and_records_nothing(client, custody_sergeant, record,
                                                          plan):
    client.force_login(custody_sergeant)
    client.logout()
    response = send(client, dose_entry(record, plan, 1, at=timezone.now()))
    assert response.status_code == 401
    assert "sign_in" in response.json()
    assert not DoseRecordRow.objects.exists()
    assert not OfflineEntry.objects.exists()


def test_a_user_who_owes_a_second_factor_gets_401(client, custody_sergeant, record, plan):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=custody_sergeant, name="phone", confirmed=True)
    client.force_login(custody_sergeant)
    assert client.get(SESSION, HTTP_ACCEPT="application/json").status_code == 401
    assert send(client, dose_entry(record, plan, 1, at=timezone.now())).status_code == 401
    assert not DoseRecordRow.objects.exists()


def test_without_the_token_the_entry_is_refused_and_with_a_fresh_one_recorded(
        custody_sergeant, record, plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(custody_sergeant)
    entry = dose_entry(record, plan, 1, at=timezone.now() - timedelta(minutes=3))

    assert send(client, entry, token="stale-token-from-before-a-new-sign-in").status_code == 403
    assert not DoseRecordRow.objects.exists()

    token = client.get(SESSION, HTTP_ACCEPT="application/json").json()["csrf_token"]
    response = send(client, entry, token=token)
    assert response.status_code == 200
    assert response.json()["client_id"] == entry["client_id"]
    assert DoseRecordRow.objects.count() == 1


# --- Exactly once, at the true time -------------------------------------------------------

def test_a_dose_is_recorded_once_at_the_time_it_was_saved(custody_client, record, plan):
    saved = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=37)
    entry = dose_entry(record, plan, 1, at=saved)

    first = send(custody_client, entry)
    again = send(custody_client, entry)

    assert first.status_code == again.status_code == 200
    assert first.json()["status"] == "recorded"
    assert first.json()["client_id"] == entry["client_id"]
    assert again.json()["status"] == "already_recorded"
    dose = DoseRecordRow.objects.get()
    assert dose.at == saved
    assert dose.recorded_at > saved + timedelta(minutes=30)  # when it arrived
    assert dose.client_id == entry["client_id"]
    timeline = CustodyEntry.objects.filter(kind=EntryKind.MEDICATION).latest("pk")
    assert "Made on a device while the server could not be reached" in timeline.summary
    assert timeline.details["offline"]["client_id"] == entry["client_id"]
    assert OfflineEntry.objects.get().status == OfflineEntryStatus.RECORDED


def test_a_check_and_a_note_arrive_once_each(custody_client, record):
    at = timezone.now() - timedelta(minutes=10)
    note = {"client_id": client_id(9), "url": reverse("custody:note_new", args=[record.pk]),
            "fields": {"at_0": london_parts(at)[0], "at_1": london_parts(at)[1],
                       "text": "Asked for a blanket"}, "saved_at": at.isoformat()}
    for _ in range(2):
        assert send(custody_client, check_entry(record, 8, at=at)).status_code == 200
        assert send(custody_client, note).status_code == 200
    assert ObservationCheck.objects.count() == 1
    assert CustodyEntry.objects.filter(kind=EntryKind.NOTE,
                                       summary__startswith="Asked for a blanket").count() == 1


def test_an_acknowledgement_keeps_the_time_it_was_saved_and_counts_once(
        custody_client, custody_sergeant, record):
    direction = hcp_direction_record(
        acting_user=custody_sergeant, record=record,
        given_at=timezone.now() - timedelta(hours=1), hcp_name="Nurse Bello",
        hcp_role="nurse", kind="not_fit", text="Not fit to be detained")
    really = timezone.now() - timedelta(minutes=20)
    entry = {"client_id": client_id(3),
             "url": reverse("custody:hcp_acknowledge", args=[record.pk, direction.pk]),
             "fields": {}, "saved_at": really.isoformat()}
    for _ in range(2):
        assert send(custody_client, entry).status_code == 200
    assert HcpDirection.objects.get().acknowledged_at == really
    assert CustodyEntry.objects.filter(kind=EntryKind.HEALTHCARE,
                                       summary__contains="acknowledged").count() == 1


def test_an_impossible_saved_time_is_not_believed(custody_client, custody_sergeant, record):
    direction = hcp_direction_record(
        acting_user=custody_sergeant, record=record,
        given_at=timezone.now() - timedelta(hours=1), hcp_name="Nurse Bello",
        hcp_role="nurse", kind="not_fit", text="Not fit to be detained")
    entry = {"client_id": client_id(4),
             "url": reverse("custody:hcp_acknowledge", args=[record.pk, direction.pk]),
             "fields": {}, "saved_at": "2099-01-01T00:00:00+00:00"}
    send(custody_client, entry)
    assert HcpDirection.objects.get().acknowledged_at <= timezone.now()


# --- Made by one user, sent by another ----------------------------------------------------

def test_an_entry_stays_attributed_to_its_maker_and_the_sender_is_audited(
        client, custody_sergeant, record, plan, home_force):
    colleague = UserFactory(username="ps_khan", force=home_force, rank="PS",
                            roles=["custody_officer"])
    client.force_login(colleague)
    entry = dose_entry(record, plan, 5, at=timezone.now() - timedelta(minutes=5),
                       made_by=custody_sergeant.pk)

    assert send(client, entry).json()["status"] == "recorded"

    assert DoseRecordRow.objects.get().given_by == custody_sergeant
    timeline = CustodyEntry.objects.filter(kind=EntryKind.MEDICATION).latest("pk")
    assert timeline.recorded_by == custody_sergeant
    assert f"by {colleague.display_name}, who was signed in" in timeline.summary
    event = AuditEvent.objects.get(action="custody.offline_entry.recorded")
    assert event.actor == colleague
    assert event.details["made_by_id"] == custody_sergeant.pk


def test_a_maker_who_may_not_record_here_is_not_believed(client, custody_sergeant, record,
                                                         plan, outsider):
    client.force_login(custody_sergeant)
    entry = dose_entry(record, plan, 6, at=timezone.now() - timedelta(minutes=5),
                       made_by=outsider.pk)
    send(client, entry)
    assert DoseRecordRow.objects.get().given_by == custody_sergeant


# --- Refused on arrival: kept in front of the sergeant until resolved ----------------------

@pytest.fixture
def refused(custody_client, custody_sergeant, record, plan, home_force):
    """A dose made offline which a colleague's dose, given meanwhile, now clashes with."""
    colleague = UserFactory(username="ps_khan", force=home_force, rank="PS",
                            roles=["custody_officer"])
    dose_record(colleague, plan, timezone.now() - timedelta(minutes=30), "given")
    answer = send(custody_client, dose_entry(record, plan, 7,
                                             at=timezone.now() - timedelta(minutes=20)))
    assert answer.status_code == 200
    assert answer.json()["status"] == "refused"
    return OfflineEntry.objects.get(client_id=client_id(7))


def test_a_refused_entry_is_answered_200_and_kept_open(refused, plan):
    assert refused.is_open_refusal
    assert refused.what == "Paracetamol 500 mg dose"
    typed = dict(refused.typed)
    assert typed["What happened"] == "Given"
    assert typed["Time"] == " ".join(refused.fields["at_0"] + refused.fields["at_1"])
    assert "The last dose was given at" in " ".join(refused.problem_messages)
    assert DoseRecordRow.objects.filter(plan=plan).count() == 1  # only the colleague's


def test_a_refused_entry_is_on_the_board_the_record_and_the_medication_page(
        custody_client, refused, record):
    board = custody_client.get(reverse("custody:index"))
    assert any("Entry made offline refused: Paracetamol 500 mg dose" in flag
               for flag in board.context["rows"][0].flags)
    refusal_url = reverse("custody:offline_refusal", args=[record.pk, refused.pk])
    for page in ("custody:record", "custody:medication"):
        content = custody_client.get(reverse(page, args=[record.pk])).content.decode()
        assert refusal_url in content
        assert "The last dose was given at" in content


def test_dismissing_a_refused_entry_needs_a_reason_and_clears_it(custody_client, refused,
                                                                  record):
    url = reverse("custody:offline_refusal", args=[record.pk, refused.pk])
    page = custody_client.post(url, {"reason": "  "})
    assert page.status_code == 200
    assert "Enter why the entry is not recorded" in page.content.decode()

    done = custody_client.post(url, {"reason": "Given on paper; the colleague's dose stands"})

    assert done.status_code == 302
    refused.refresh_from_db()
    assert refused.resolution == OfflineResolution.DISMISSED
    board = custody_client.get(reverse("custody:index"))
    assert not any("refused" in flag for flag in board.context["rows"][0].flags)
    assert custody_client.get(url).status_code == 404


def test_recording_a_refused_entry_again_shows_why_and_resolves_it(custody_client, refused,
                                                                   record, plan):
    form_url = f"{reverse('custody:dose_add', args=[record.pk, plan.pk])}?again={refused.pk}"
    page = custody_client.get(form_url)
    assert "was refused when it arrived" in page.content.decode()
    assert "The last dose was given at" in page.content.decode()  # beside its field
    data = {key: values[0] for key, values in refused.fields.items()}
    data.update(again=str(refused.pk), hcp_override="on",
                override_reason="Dr Amir: pain, second dose agreed", client_id=client_id(70))

    response = custody_client.post(reverse("custody:dose_add", args=[record.pk, plan.pk]),
                                   data)

    assert response.status_code == 302
    refused.refresh_from_db()
    assert refused.resolution == OfflineResolution.RECORDED_AGAIN
    assert DoseRecordRow.objects.filter(plan=plan).count() == 2


def test_a_refused_live_entry_is_not_kept(custody_client, custody_sergeant, record, plan):
    """Sent the moment it was saved, its maker at the form: the form shows why instead."""
    dose_record(custody_sergeant, plan, timezone.now() - timedelta(minutes=30), "given")
    answer = send(custody_client, dose_entry(record, plan, 11, at=timezone.now(), live=True))
    assert answer.json()["status"] == "refused_live"
    assert not OfflineEntry.objects.exists()


# --- What cannot be taken ---------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "not json", "[]", json.dumps({"client_id": "x", "fields": {}}),
    json.dumps({"client_id": "0" * 32, "url": "/custody/", "fields": {}}),
    json.dumps({"client_id": "0" * 32, "url": "Siobhán O'Brien 😀", "fields": {}}),
    json.dumps({"client_id": "0" * 32, "url": "/people/", "fields": {}}),
])
def test_an_entry_that_cannot_be_read_gets_400_and_nothing_changes(custody_client, body):
    response = custody_client.post(ENTRIES, body, content_type="application/json",
                                   HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "message" in response.json()
    assert not OfflineEntry.objects.exists()


def test_another_forces_record_gets_404(client, outsider, record, plan):
    outsider.groups.clear()
    from django.contrib.auth.models import Group
    outsider.groups.add(Group.objects.get(name="custody_officer"))
    client.force_login(outsider)
    response = send(client, dose_entry(record, plan, 12, at=timezone.now()))
    assert response.status_code == 404
    assert not DoseRecordRow.objects.exists()
