"""The custody sergeant's board, booking in, and the record's timeline."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.audit.models import AuditEvent
from athena.offences.models import OffenceCategory
from custody.models import CustodyRecord, RecordStatus
from custody.services import custody_authorise_detention, custody_book_in
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory

BOOK_IN = reverse("custody:book_in")


def book_in_data(officer, **overrides):
    arrested = timezone.localtime() - timedelta(hours=2)
    arrived = arrested + timedelta(minutes=40)
    data = {"arrested_at_0": arrested.strftime("%d/%m/%Y"),
            "arrested_at_1": arrested.strftime("%H:%M"),
            "arrived_at_0": arrived.strftime("%d/%m/%Y"),
            "arrived_at_1": arrived.strftime("%H:%M"),
            "arrest_place": "High Street, Chelmsford",
            "arresting_officer": officer.display_name,
            "grounds": "Seen taking steaks without paying", "offence_code": "TH68010",
            "cell": "C4"}
    data.update(overrides)
    return data


def test_booking_in_from_a_person_opens_the_record(custody_client, officer, suite):
    OffenceFactory(cjs_code="TH68010", title="Theft from a shop")
    person = PersonFactory()
    response = custody_client.post(BOOK_IN, {"person": person.pk, **book_in_data(officer)})
    record = CustodyRecord.objects.get()
    assert response["Location"] == reverse("custody:rights_risk_needs", args=[record.pk])
    assert record.person == person
    assert record.cell == "C4"
    assert [o.cjs_code for o in record.offences.all()] == ["TH68010"]
    page = custody_client.get(reverse("custody:record", args=[record.pk]))
    assert b"Booked in" in page.content
    assert AuditEvent.objects.filter(action="custody.record.viewed").count() == 1


@pytest.mark.parametrize(("overrides", "message"), [
    ({"arrested_at_0": "30/02/2026"}, b"Enter a real date and time of arrest"),
    ({"arrested_at_1": "25:61"}, b"Enter a real date and time of arrest"),
    ({"arrested_at_0": ""}, b"Enter both the date and the time of arrest"),
    ({"arrived_at_0": "01/01/2020"}, b"The arrival cannot be before the arrest"),
    ({"arrested_at_0": "01/01/2099"}, b"cannot be in the future"),
    ({"arresting_officer": "-1"}, b"No officer of this force has that collar number"),
    ({"arresting_officer": "99999999999999999999"},
     b"No officer of this force has that collar number"),
    ({"arresting_officer": ""}, b"Enter the arresting officer&#x27;s collar number or name"),
    ({"grounds": "x" * 20000}, b"5,000 characters or fewer"),
    ({"arrest_place": ""}, b"Enter where the person was arrested"),
])
def test_bad_booking_input_is_explained_and_kept(custody_client, officer, suite, overrides,
                                                 message):
    person = PersonFactory()
    data = {"person": person.pk, **book_in_data(officer, **overrides)}
    response = custody_client.post(BOOK_IN, data)
    assert response.status_code == 200
    assert message in response.content
    assert b"There is a problem" in response.content
    assert b"High Street, Chelmsford" in response.content or not data["arrest_place"]
    assert not CustodyRecord.objects.exists()


def test_only_custody_officers_book_in(client, officer, suite):
    client.force_login(officer)
    assert client.get(BOOK_IN + "?person=1").status_code == 403


def make_detainee(custody_sergeant, officer, suite, hours_ago=3, authorise=True, cell="",
                  offences=None):
    """A detainee booked in ``hours_ago``, held for theft (an either-way offence, so an
    indictable one that extensions and warrants are for) unless ``offences`` says."""
    arrived = timezone.now() - timedelta(hours=hours_ago)
    if offences is None:
        offences = [OffenceFactory(cjs_code="TH68001", title="Theft",
                                   category=OffenceCategory.EITHER_WAY)]
    record = custody_book_in(acting_user=custody_sergeant, suite=suite, person=PersonFactory(),
                             arrested_at=arrived - timedelta(minutes=30), arrived_at=arrived,
                             arrest_place="Station Road", arresting_officer=officer,
                             grounds="Suspected theft", cell=cell, offences=offences)
    if authorise:
        record = custody_authorise_detention(acting_user=custody_sergeant, record=record,
                                             grounds="questioning", necessity=["investigation"],
                                             at=arrived + timedelta(minutes=10))
    return record


def test_the_board_shows_every_detainee_with_review_due_and_limit(
    custody_client, custody_sergeant, officer, suite
):
    record = make_detainee(custody_sergeant, officer, suite, cell="C1")
    response = custody_client.get(reverse("custody:index"))
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert row.record == record
    assert row.next_review_due == record.authorised_at + timedelta(hours=6)
    assert row.detention_limit == record.arrived_at + timedelta(hours=24)
    assert b'hx-trigger="every 30s"' in response.content


def test_overdue_items_stand_out_in_words(custody_client, custody_sergeant, officer, suite):
    make_detainee(custody_sergeant, officer, suite, hours_ago=8)
    response = custody_client.get(reverse("custody:index"))
    assert b"Overdue" in response.content
    assert b"review overdue" in response.content
    assert b"Check overdue" in response.content


def test_a_detainee_awaiting_authorisation_is_flagged(custody_client, custody_sergeant, officer,
                                                      suite):
    make_detainee(custody_sergeant, officer, suite, authorise=False)
    response = custody_client.get(reverse("custody:index"))
    assert b"Detention not yet authorised" in response.content


def test_the_board_refreshes_as_a_partial(custody_client, custody_sergeant, officer, suite):
    make_detainee(custody_sergeant, officer, suite)
    response = custody_client.get(reverse("custody:index"), HTTP_HX_REQUEST="true")
    assert response.content.lstrip().startswith(b'<div id="custody-board"')


def test_board_query_count_does_not_grow_with_detainees(custody_client, custody_sergeant,
                                                        officer, suite):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        custody_client.get(reverse("custody:index"))
        with CaptureQueriesContext(connection) as context:
            custody_client.get(reverse("custody:index"))
        return len(context.captured_queries)

    make_detainee(custody_sergeant, officer, suite)
    one = count()
    for _ in range(10):
        make_detainee(custody_sergeant, officer, suite)
    assert count() == one


def test_authorising_from_the_record_page(custody_client, custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, authorise=False)
    url = reverse("custody:authorise", args=[record.pk])
    page = custody_client.get(reverse("custody:record", args=[record.pk])).content.decode()
    assert f'href="{url}"' in page
    form = custody_client.get(url).context["form"]
    now = {"at_0": form["at"].value()[0], "at_1": form["at"].value()[1]}
    # One click no longer: the ground (s.37) and the arrest's necessity (Code G) are asked.
    response = custody_client.post(url, now)
    errors = response.context["form"].errors
    assert errors["grounds"] == ["Select the ground for detention (PACE s.37)"]
    assert errors["reasons"] == ["Select why the arrest was necessary (PACE Code G 2.9)"]
    assert CustodyRecord.objects.get().status == RecordStatus.AWAITING_AUTHORISATION
    response = custody_client.post(url, {**now, "grounds": "questioning",
                                         "reasons": ["investigation", "address"]})
    assert response.status_code == 302
    record = CustodyRecord.objects.get()
    assert record.status == RecordStatus.DETAINED
    authorised = record.authorisations.get()
    assert (authorised.grounds, authorised.reasons) == ("questioning",
                                                        ["investigation", "address"])


def test_other_forces_cannot_see_a_record(client, outsider, custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(outsider)
    assert client.get(reverse("custody:record", args=[record.pk])).status_code == 404


def test_the_board_shows_due_medication_and_unacknowledged_directions(
    custody_client, custody_sergeant, officer, suite
):
    from custody.healthcare.services import hcp_direction_record
    from custody.medication.services import medication_plan_add

    record = make_detainee(custody_sergeant, officer, suite, hours_ago=6)
    medication_plan_add(acting_user=custody_sergeant, record=record, drug="Paracetamol",
                        strength="500 mg", dose="2 tablets", route="oral",
                        controlled_schedule="not_controlled", min_interval_minutes=240,
                        authorised_by="Dr Amir, forensic physician",
                        starts_at=timezone.now() - timedelta(hours=5))
    hcp_direction_record(acting_user=custody_sergeant, record=record,
                         given_at=timezone.now() - timedelta(minutes=30), hcp_name="Nurse Lee",
                         hcp_role="nurse", kind="not_fit", text="Not fit")
    response = custody_client.get(reverse("custody:index"))
    row = response.context["rows"][0]
    assert row.medication is not None
    assert row.flags and "awaiting acknowledgement" in row.flags[0]
    plan = record.medication_plans.get()
    assert reverse("custody:dose_add", args=[record.pk, plan.pk]).encode() in response.content


def test_the_board_flags_the_risks_the_assessment_found(custody_client, custody_sergeant,
                                                         officer, suite):
    from custody.booking.services import risk_assessment_record

    record = make_detainee(custody_sergeant, officer, suite)
    answers = {q: "no" for q in ("self_harm_history", "suicidal_thoughts",
                                 "drug_or_alcohol_intoxication", "head_injury",
                                 "medical_conditions", "mental_health", "violence_risk")}
    answers["head_injury"] = "yes"
    risk_assessment_record(acting_user=custody_sergeant, record=record,
                           at=timezone.now() - timedelta(minutes=5), answers=answers)
    row = custody_client.get(reverse("custody:index")).context["rows"][0]
    assert any("Risk: head injury" in flag for flag in row.flags)
