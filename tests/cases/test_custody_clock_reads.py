"""Files started from custody read their charging deadline from the detention clock, which
reads the record's reviews, extensions and warrants. Cases asks custody what to prefetch
(``custody.selectors.clock_prefetch``), so a list of such files costs the same queries
with one file as with many."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.constants import Plea
from custody.models import CustodySuite
from custody.services import custody_authorise_detention, custody_book_in
from tests.people.factories import PersonFactory


def file_from_custody(officer, sergeant, suite, offence, number):
    """A file started from a custody record whose detention is authorised (so its clock
    runs and sets the charging deadline)."""
    arrived = timezone.now() - timedelta(hours=3, minutes=number)
    record = custody_book_in(acting_user=sergeant, suite=suite,
                             person=PersonFactory(surname=f"Detained{number}"),
                             arrested_at=arrived - timedelta(minutes=30), arrived_at=arrived,
                             arrest_place="Market Road", arresting_officer=officer,
                             grounds="Seen in the shop", offences=[offence])
    custody_authorise_detention(acting_user=sergeant, record=record,
                                grounds="questioning", necessity=["investigation"],
                                at=arrived + timedelta(minutes=5))
    return services.case_create(acting_user=officer, person=record.person,
                                offences=[(offence, Plea.GUILTY)],
                                arrested_at=record.arrested_at, custody_record_id=record.pk)


def home_queries(client):
    client.get(reverse("home"))  # the first request of a session does a little more
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_the_officers_worklist_costs_the_same_with_one_custody_file_or_many(
    officer_client, officer, custody_sergeant, home_force, shop_theft
):
    suite = CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")
    file_from_custody(officer, custody_sergeant, suite, shop_theft, 1)
    one, _ = home_queries(officer_client)

    for number in range(2, 7):
        file_from_custody(officer, custody_sergeant, suite, shop_theft, number)
    many, response = home_queries(officer_client)

    assert many == one
    items = response.context["sections"][0]["worklists"][0]["items"]
    assert len(items) == 6
    assert all(item.due_label == "Charge or release by" for item in items)
