from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.constants import BailStatus, Plea
from cases.models import CaseFile
from cases.parties import services as parties
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory


def test_officer_home_lists_their_files_most_urgent_first(officer_client, officer, shop_theft):
    summary_offence = OffenceFactory(cjs_code="PU86001", title="Threatening behaviour",
                                     category="CS")
    later = services.case_create(acting_user=officer, person=PersonFactory(surname="Later"),
                                 offences=[(shop_theft, Plea.GUILTY)],
                                 bail_status=BailStatus.UNCONDITIONAL_BAIL)
    urgent = services.case_create(acting_user=officer, person=PersonFactory(surname="Urgent"),
                                  offences=[(summary_offence, Plea.GUILTY)],
                                  bail_status=BailStatus.UNCONDITIONAL_BAIL)
    # A summary-only offence five months and three weeks ago: its 6-month limit is close.
    parties.charged_offence_update(acting_user=officer, case=urgent,
                                    charged=urgent.suspects.get().offences.get(),
                                    offence_date=timezone.localdate() - timedelta(days=160))

    response = officer_client.get(reverse("home"))

    titles = [item.title for item in response.context["sections"][0]["worklists"][0]["items"]]
    assert titles[0].startswith(urgent.urn)
    assert titles[1].startswith(later.urn)
    assert b"Lay the information by" in response.content or b"6-month" in response.content


def test_overdue_files_say_so_in_words(officer_client, officer):
    summary_offence = OffenceFactory(cjs_code="PU86002", title="Disorderly behaviour",
                                     category="CS")
    case = services.case_create(acting_user=officer, person=PersonFactory(surname="Late"),
                                offences=[(summary_offence, Plea.GUILTY)],
                                bail_status=BailStatus.UNCONDITIONAL_BAIL)
    parties.charged_offence_update(acting_user=officer, case=case,
                                    charged=case.suspects.get().offences.get(),
                                    offence_date=date(2020, 1, 1))
    response = officer_client.get(reverse("home"))
    assert b"Overdue" in response.content


def test_other_officers_files_are_not_listed(client, officer, outsider, shoplift_case):
    client.force_login(outsider)
    response = client.get(reverse("home"))
    assert shoplift_case.urn.encode() not in response.content
    assert CaseFile.objects.count() == 1


def test_home_query_count_does_not_grow_with_files(officer_client, officer, shop_theft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        officer_client.get(reverse("home"))
        with CaptureQueriesContext(connection) as context:
            officer_client.get(reverse("home"))
        return len(context.captured_queries)

    services.case_create(acting_user=officer, person=PersonFactory(),
                         offences=[(shop_theft, Plea.GUILTY)])
    one = count()
    for _ in range(8):
        services.case_create(acting_user=officer, person=PersonFactory(),
                             offences=[(shop_theft, Plea.GUILTY)])
    assert count() == one


def test_the_stored_next_deadline_follows_the_charge_date(officer, shoplift_case):
    from cases.models import CaseFile

    assert CaseFile.objects.get().next_deadline_at is None  # not charged: no target yet
    services.section_save(acting_user=officer, case=shoplift_case, kind="charges",
                          data={"charge_date": "2026-11-03"}, expected_version=0)
    due = CaseFile.objects.get().next_deadline_at
    assert timezone.localtime(due).date() == date(2026, 11, 18)  # 14 days, end of the day
