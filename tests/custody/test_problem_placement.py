"""A rule's problem is put beside the field it names (``problem.field``), never by
matching words in its message; a problem about no field of the form goes at the top."""

from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from athena.problems import Problem
from custody.detention.clock import DETENTION_LIMIT_HOURS, SUPERINTENDENT_LIMIT_HOURS
from custody.medication.services import dose_record, medication_plan_add
from custody.records.forms import add_problems
from custody.records.rules import FUTURE_TOLERANCE, entry_time_problems
from tests.custody.test_pages import book_in_data, make_detainee


class _TimeForm(forms.Form):
    at = forms.CharField(required=False)


def test_problems_go_beside_their_field_or_at_the_top():
    form = _TimeForm({"at": "x"})
    assert form.is_valid()
    add_problems(form, [Problem("in_future", "at", "Not yet."),
                        Problem("witness_missing", "witness", "Who saw it?"),
                        Problem("record_closed", "", "Closed.")])
    assert form.errors["at"] == ["Not yet."]
    assert form.non_field_errors() == ["Who saw it?", "Closed."]


def test_an_entry_time_is_after_the_arrival_and_not_in_the_future():
    arrived = timezone.now() - timedelta(hours=2)
    assert entry_time_problems(arrived, arrived_at=arrived, what="check") == []
    (before,) = entry_time_problems(arrived - timedelta(minutes=1), arrived_at=arrived,
                                    what="check", field="given_at")
    assert (before.code, before.field) == ("before_arrival", "given_at")
    assert str(before) == "The time of the check cannot be before the arrival at the station."
    (future,) = entry_time_problems(timezone.now() + FUTURE_TOLERANCE * 2,
                                    arrived_at=arrived, what="check")
    assert (future.code, future.field) == ("in_future", "at")


@pytest.fixture
def detainee(custody_sergeant, officer, suite):
    return make_detainee(custody_sergeant, officer, suite, hours_ago=4)


def _parts(moment):
    local = timezone.localtime(moment)
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M")


def test_a_direction_before_the_arrival_is_explained_beside_its_time(custody_client,
                                                                    detainee):
    # Word matching put this at the top of the form; its problem names the time field.
    day, time = _parts(detainee.arrived_at - timedelta(hours=1))
    response = custody_client.post(reverse("custody:healthcare", args=[detainee.pk]), {
        "given_at_0": day, "given_at_1": time, "hcp_name": "Nurse Byrne", "hcp_role": "nurse",
        "kind": "fit", "text": ""})
    assert response.status_code == 200
    form = response.context["direction_form"]
    assert form.errors["given_at"] == [
        "The time of the direction cannot be before the arrival at the station."]
    assert not form.non_field_errors()


def test_the_same_observation_level_again_is_explained_beside_the_level(custody_client,
                                                                       detainee):
    response = custody_client.post(reverse("custody:observation_level", args=[detainee.pk]),
                                   {"level": str(detainee.observation_level),
                                    "reason": "Calm"})
    assert response.status_code == 200
    assert response.context["level_form"].errors["level"] == [
        "The detainee is already at this observation level."]


def test_booking_in_someone_already_detained_is_explained_at_the_top(custody_client, officer,
                                                                     detainee):
    response = custody_client.post(reverse("custody:book_in"), {
        "person": detainee.person.pk, **book_in_data(officer)})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This person is already in custody in this force."]


def test_a_dose_too_soon_is_beside_its_time_with_the_override_beside_the_tick(
        custody_client, custody_sergeant, detainee):
    plan = medication_plan_add(custody_sergeant, detainee, drug="Paracetamol",
                               strength="500 mg", dose="Two tablets", authorised_by="Dr Okafor",
                               min_interval_minutes=240,
                               starts_at=timezone.now() - timedelta(hours=3))
    dose_record(custody_sergeant, plan, timezone.now() - timedelta(hours=1), "given")
    day, time = _parts(timezone.now())
    response = custody_client.post(reverse("custody:dose_add", args=[detainee.pk, plan.pk]),
                                   {"at_0": day, "at_1": time, "outcome": "given"})
    form = response.context["form"]
    assert form.errors["at"][0].startswith("The last dose was given at")
    assert form.errors["hcp_override"][0].startswith("To give it anyway")


def test_an_extension_before_the_second_review_is_explained_at_the_top(client, superintendent,
                                                                      detainee):
    client.force_login(superintendent)
    day, time = _parts(timezone.now())
    response = client.post(reverse("custody:extension_add", args=[detainee.pk]), {
        "at_0": day, "at_1": time, "new_limit_hours": "36", "grounds": "CCTV"})
    form = response.context["form"]
    assert form.non_field_errors() == [
        "Detention may be extended only after the 2nd review; 0 carried out."]


def test_the_extension_page_states_the_clock_s_own_limits(client, superintendent, detainee):
    client.force_login(superintendent)
    url = reverse("custody:extension_add", args=[detainee.pk])
    page = client.get(url)
    assert (f"at most {SUPERINTENDENT_LIMIT_HOURS} hours from the relevant time"
            in page.content.decode())
    assert page.context["form"].initial["new_limit_hours"] == SUPERINTENDENT_LIMIT_HOURS
    day, time = _parts(timezone.now())
    response = client.post(url, {"at_0": day, "at_1": time,
                                 "new_limit_hours": str(DETENTION_LIMIT_HOURS),
                                 "grounds": "CCTV"})
    assert response.context["form"].errors["new_limit_hours"] == [
        f"The new limit must be more than {DETENTION_LIMIT_HOURS} hours"]


def test_a_check_sent_after_an_outage_and_refused_is_kept_to_resolve(custody_client,
                                                                      detainee):
    import json

    from custody.models import OfflineEntry

    response = custody_client.post(
        reverse("custody:offline_entries"), json.dumps({
            "client_id": "c" * 32, "url": reverse("custody:check_new", args=[detainee.pk]),
            "fields": {"at_0": "01/01/2020", "at_1": "10:00", "notes": "Asleep"}}),
        content_type="application/json", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "refused"
    entry = OfflineEntry.objects.get(record=detainee)
    assert entry.problems[0]["field"] == "at"
    assert entry.problem_messages[0].startswith("The time of the check cannot be before the "
                                                "arrival")
    assert entry.fields["notes"] == ["Asleep"]
