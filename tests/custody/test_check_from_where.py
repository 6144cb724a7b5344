"""A check is recorded at the detainee's level wherever the sergeant opens it (the
rousing tests at level 2 and above), and saving goes back where they came from: the
board when opened from the board, the record otherwise."""

from django.urls import reverse
from django.utils import timezone

from custody.models import CustodyEntry, EntryKind, ObservationLevel
from custody.records.rules import LONDON
from tests.custody.test_pages import make_detainee

ROUSED = {"rousable": "yes", "responds_to_questions": "yes", "responds_to_commands": "yes"}


def _now():
    local = timezone.now().astimezone(LONDON)
    return {"at_0": local.strftime("%d/%m/%Y"), "at_1": local.strftime("%H:%M")}


def _level_two(custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, cell="C1")
    record.observation_level = ObservationLevel.INTERMITTENT
    record.save(update_fields=["observation_level"])
    return record


def test_from_the_record_page_a_level_2_check_asks_the_rousing_tests(
        custody_client, custody_sergeant, officer, suite):
    record = _level_two(custody_sergeant, officer, suite)
    page = custody_client.get(reverse("custody:record", args=[record.pk])).content.decode()
    url = reverse("custody:check_new", args=[record.pk])
    assert f'href="{url}"' in page
    form = custody_client.get(url).context["form"]
    assert [field.name for field in form.rousing_fields()] == list(ROUSED)
    response = custody_client.post(url, {**_now(), "client_id": "a" * 32})
    assert response.status_code == 200  # the rousing tests are required
    response = custody_client.post(url, {**_now(), **ROUSED, "client_id": "a" * 32})
    assert response["Location"] == reverse("custody:record", args=[record.pk])


def test_a_check_opened_from_the_board_goes_back_to_the_board(custody_client,
                                                              custody_sergeant, officer,
                                                              suite):
    record = _level_two(custody_sergeant, officer, suite)
    board = custody_client.get(reverse("custody:index"))
    check_url = board.context["rows"][0].check_url
    assert check_url == reverse("custody:check_new", args=[record.pk]) + "?next=/custody/"
    page = custody_client.get(check_url)
    assert 'name="next" value="/custody/"' in page.content.decode()
    response = custody_client.post(check_url, {**_now(), **ROUSED, "client_id": "b" * 32,
                                               "next": "/custody/"})
    assert response["Location"] == "/custody/"
    assert CustodyEntry.objects.filter(record=record, kind=EntryKind.CHECK).count() == 1


def test_a_next_that_is_not_a_page_here_goes_to_the_record(custody_client, custody_sergeant,
                                                           officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    url = reverse("custody:check_new", args=[record.pk])
    response = custody_client.post(url, {**_now(), "client_id": "c" * 32,
                                         "next": "https://example.com/"})
    assert response["Location"] == reverse("custody:record", args=[record.pk])
