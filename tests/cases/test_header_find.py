"""The header's Find: a URN opens its case file, a custody number its record, anything
else searches people; each only where the user may open it, never saying whether a record
they may not see exists."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases.constants import Plea
from cases.services import case_create
from custody.booking.services import custody_book_in
from custody.models import CustodySuite
from tests.people.factories import PersonFactory

FIND = reverse("cases:find")


def test_a_urn_opens_the_file_for_those_who_may_read_it(client, officer, outsider,
                                                        shop_theft):
    case = case_create(acting_user=officer, person=PersonFactory(),
                       offences=[(shop_theft, Plea.GUILTY)])
    client.force_login(officer)
    response = client.get(FIND, {"q": f" {case.urn.lower()} "})
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert 'action="/cases/find/"' in client.get(reverse("home")).content.decode()
    client.force_login(outsider)  # another force: the same answer as no such file
    response = client.get(FIND, {"q": case.urn})
    assert response["Location"] == reverse("people:search") + f"?query={case.urn}"


def test_a_custody_number_opens_the_record_for_its_force(client, custody_sergeant, officer,
                                                          outsider, home_force):
    suite = CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")
    arrived = timezone.now() - timedelta(hours=1)
    record = custody_book_in(acting_user=custody_sergeant, suite=suite, person=PersonFactory(),
                             arrested_at=arrived - timedelta(minutes=20), arrived_at=arrived,
                             arrest_place="High Street", arresting_officer=officer,
                             grounds="Seen in the shop")
    client.force_login(custody_sergeant)
    response = client.get(FIND, {"q": record.custody_number.lower()})
    assert response["Location"] == reverse("custody:record", args=[record.pk])
    client.force_login(outsider)
    response = client.get(FIND, {"q": record.custody_number})
    assert response["Location"].startswith(reverse("people:search"))


def test_anything_else_searches_people(client, officer):
    client.force_login(officer)
    response = client.get(FIND, {"q": "Jon Smyth"})
    assert response["Location"] == reverse("people:search") + "?query=Jon+Smyth"
    assert client.get(FIND, {"q": "x" * 5000}).status_code == 302
