"""The custody officer's home page: "Custody suite" and "Medication due" list the
detainees of the board, read from the board's own rows, so the two never disagree."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athena.worklists import worklist_items
from custody.medication.services import dose_record, medication_plan_add
from custody.models import CustodySuite, DoseOutcome
from custody.selectors import board_rows
from tests.custody.test_pages import make_detainee

pytestmark = pytest.mark.django_db


def worklists(response):
    """{title: items} of the custody officer's section of the home page."""
    section = next(s for s in response.context["sections"] if s["role"] == "Custody officer")
    return {worklist["title"]: worklist["items"] for worklist in section["worklists"]}


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def _plan(user, record, starts_hours_ago, **fields):
    return medication_plan_add(user, record, drug="Paracetamol", strength="500 mg",
                               dose="Two tablets", authorised_by="Dr Okafor",
                               min_interval_minutes=240,
                               starts_at=ago(hours=starts_hours_ago), **fields)


def test_the_suite_list_has_every_detainee_of_the_board_overdue_first(
        custody_client, custody_sergeant, officer, suite):
    late = make_detainee(custody_sergeant, officer, suite, hours_ago=8, cell="C2")
    fine = make_detainee(custody_sergeant, officer, suite, hours_ago=0.5, cell="C1")
    items = worklists(custody_client.get(reverse("home")))["Custody suite"]
    assert [item.url for item in items] == [reverse("custody:record", args=[late.pk]),
                                            reverse("custody:record", args=[fine.pk])]
    first, second = items
    assert first.overdue and not second.overdue
    assert late.person.full_name in first.title and late.custody_number in first.title
    assert "review overdue" in first.detail
    assert "Check overdue." in first.detail
    assert first.detail.startswith("Chelmsford, cell C2.")
    assert second.detail == "Chelmsford, cell C1. Nothing overdue."
    assert second.due_label == "Check due"


def test_it_says_what_the_board_says(custody_client, custody_sergeant, officer, suite):
    for hours in (1, 4, 8, 12):
        make_detainee(custody_sergeant, officer, suite, hours_ago=hours)
    make_detainee(custody_sergeant, officer, suite, authorise=False)
    rows = board_rows(suite=suite, now=timezone.now())
    items = worklist_items("custody_officer", "Custody suite", custody_sergeant)
    by_url = {item.url: item for item in items}
    assert set(by_url) == {row.record_url for row in rows}
    for row in rows:
        item = by_url[row.record_url]
        assert item.overdue == row.is_overdue
        for words in row.overdue:
            assert words in item.detail
    unauthorised = next(item for item in items if "not yet authorised" in item.detail)
    assert unauthorised.overdue


def test_the_page_shows_them_as_a_table_with_links(custody_client, custody_sergeant, officer,
                                                  suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=8)
    page = custody_client.get(reverse("home")).content.decode()
    assert "Detainees in your suite will be listed here" not in page
    assert f'href="{reverse("custody:record", args=[record.pk])}"' in page
    assert "Overdue</strong>" in page


def test_medication_due_links_to_the_due_dose(custody_client, custody_sergeant, officer,
                                              suite):
    overdue = make_detainee(custody_sergeant, officer, suite, hours_ago=5, cell="C1")
    _plan(custody_sergeant, overdue, starts_hours_ago=3)
    soon = make_detainee(custody_sergeant, officer, suite, hours_ago=5, cell="C2")
    plan = _plan(custody_sergeant, soon, starts_hours_ago=4)
    dose_record(custody_sergeant, plan, ago(hours=3, minutes=30), DoseOutcome.GIVEN)
    later = make_detainee(custody_sergeant, officer, suite, hours_ago=5, cell="C3")
    plan = _plan(custody_sergeant, later, starts_hours_ago=4)
    dose_record(custody_sergeant, plan, ago(minutes=30), DoseOutcome.GIVEN)
    make_detainee(custody_sergeant, officer, suite, cell="C4")  # no medication

    items = worklists(custody_client.get(reverse("home")))["Medication due"]
    # Each links where the board's "Medication due" link goes: the due dose.
    board = {row.record.pk: row.medication.url
             for row in board_rows(suite=suite, now=timezone.now()) if row.medication}
    assert [item.url for item in items] == [board[overdue.pk], board[soon.pk]]
    assert all("/medication/" in item.url for item in items)
    assert items[0].overdue and items[0].detail.endswith("Medication overdue.")
    assert not items[1].overdue
    assert items[1].detail.endswith("Medication due within the hour.")
    assert items[1].due_label == "Next dose due"


def test_nothing_due_says_so(custody_client, custody_sergeant, officer, suite):
    make_detainee(custody_sergeant, officer, suite)
    lists = worklists(custody_client.get(reverse("home")))
    assert lists["Medication due"] == []
    page = custody_client.get(reverse("home")).content.decode()
    assert "Doses due in the next hour will be listed here" not in page


def test_another_forces_detainees_are_not_listed(client, other_sergeant, custody_sergeant,
                                                 officer, suite):
    make_detainee(custody_sergeant, officer, suite, hours_ago=8)
    client.force_login(other_sergeant)
    lists = worklists(client.get(reverse("home")))
    assert lists == {"Custody suite": [], "Medication due": []}


def test_every_suite_of_the_force_is_listed(custody_client, custody_sergeant, officer, suite,
                                            home_force):
    other_suite = CustodySuite.objects.create(force=home_force, code="COL", name="Colchester")
    make_detainee(custody_sergeant, officer, suite)
    there = make_detainee(custody_sergeant, officer, other_suite, cell="X1")
    items = worklists(custody_client.get(reverse("home")))["Custody suite"]
    assert len(items) == 2
    assert any(item.detail.startswith("Colchester, cell X1.") and
               item.url == reverse("custody:record", args=[there.pk]) for item in items)


def _add_detainees(sergeant, officer, suite, count):
    for index in range(count):
        record = make_detainee(sergeant, officer, suite, hours_ago=3 + index % 6)
        if index % 2:
            _plan(sergeant, record, starts_hours_ago=2)


def test_the_home_page_reads_a_fixed_number_of_queries(custody_client, custody_sergeant,
                                                      officer, suite,
                                                      django_assert_max_num_queries):
    custody_client.get(reverse("home"))  # the session's first save is not the lists'
    _add_detainees(custody_sergeant, officer, suite, 2)
    with CaptureQueriesContext(connection) as few:
        custody_client.get(reverse("home"))
    _add_detainees(custody_sergeant, officer, suite, 23)
    # Each list reads its suite's board in a fixed number of queries.
    with django_assert_max_num_queries(len(few)):
        response = custody_client.get(reverse("home"))
    lists = worklists(response)
    assert len(lists["Custody suite"]) == 25
    assert len(lists["Medication due"]) == 12
