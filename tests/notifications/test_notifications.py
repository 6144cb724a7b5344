"""Notifications: the list (unread first), marking read with a POST, the unread count in
the header, and the email the worker sends once however often its job is delivered."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athena.jobs.models import Job, JobStatus
from athena.jobs.tasks import run_job
from athena.notifications.models import Notification
from athena.notifications.services import EMAIL_JOB, notify
from athena.notifications.tasks import send_notification_email
from tests.factories import UserFactory

LIST = reverse("notifications:list")
READ = reverse("notifications:read")


def notice(user, title, *, read=False, **fields):
    return Notification.objects.create(recipient=user, title=title,
                                       read_at=timezone.now() if read else None, **fields)


# --- The list ----------------------------------------------------------------------------

def test_unread_notifications_come_first(officer_client, officer):
    notice(officer, "Old and read", read=True)
    notice(officer, "Unread one")
    notice(officer, "Newest, read", read=True)
    response = officer_client.get(LIST)
    assert [n.title for n in response.context["notifications"]] == [
        "Unread one", "Newest, read", "Old and read"]
    assert b"You have 1 unread notification." in response.content


def test_only_the_users_own_notifications_are_listed(officer_client, officer, outsider):
    notice(outsider, "Someone else's")
    response = officer_client.get(LIST)
    assert b"Someone else&#x27;s" not in response.content
    assert b"Nothing has happened to your work yet." in response.content


def test_a_notification_links_to_the_work(officer_client, officer):
    told = notice(officer, "CPS decision on 42CJ0000126", url="/cases/1/cps/")
    response = officer_client.get(LIST)
    opened = reverse("notifications:open", args=[told.pk])
    assert f'href="{opened}"'.encode() in response.content
    assert officer_client.get(opened)["Location"] == "/cases/1/cps/"


def test_titles_are_shown_as_text(officer_client, officer):
    notice(officer, "<script>alert(1)</script>", body="<b>bold</b>")
    response = officer_client.get(LIST)
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;b&gt;bold&lt;/b&gt;" in response.content


def test_the_list_costs_the_same_with_many_notifications(officer_client, officer):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            officer_client.get(LIST)
        return len(captured)

    notice(officer, "One")
    queries()  # the first page of a process reads the user's roles (accounts/access.py)
    few = queries()
    for n in range(80):
        notice(officer, f"Notice {n}", read=n % 2 == 0)
    assert queries() == few


# --- Marking read ------------------------------------------------------------------------

def test_marking_one_read(officer_client, officer):
    chosen, other = notice(officer, "Chosen"), notice(officer, "Other")
    response = officer_client.post(READ, {"notification": str(chosen.pk)})
    assert response["Location"] == LIST
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.read_at is not None
    assert other.read_at is None


def test_marking_all_read(officer_client, officer, outsider):
    notice(officer, "One"), notice(officer, "Two")
    theirs = notice(outsider, "Theirs")
    officer_client.post(READ, {"all": "1"})
    assert not Notification.objects.filter(recipient=officer, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_users_notification_cannot_be_marked_read(officer_client, outsider):
    theirs = notice(outsider, "Theirs")
    officer_client.post(READ, {"notification": str(theirs.pk)})
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("value", ["", "abc", "-1", "1" * 40, "<script>", "1\x00"])
def test_hostile_ids_mark_nothing_and_never_fail(officer_client, officer, value):
    mine = notice(officer, "Mine")
    response = officer_client.post(READ, {"notification": value})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is None


def test_marking_read_is_a_post(officer_client):
    assert officer_client.get(READ).status_code == 405


def test_signed_out_users_are_sent_to_sign_in(client, db):
    assert client.get(LIST).status_code == 302
    assert client.post(READ, {"all": "1"}).status_code == 302


# --- The header --------------------------------------------------------------------------

def test_the_header_says_how_many_are_unread(officer_client, officer):
    notice(officer, "One"), notice(officer, "Two"), notice(officer, "Three")
    notice(officer, "Read", read=True)
    response = officer_client.get(reverse("home"))
    assert b"Notifications (3 unread)</a>" in response.content


def test_with_nothing_unread_the_header_just_links(officer_client, officer):
    notice(officer, "Read", read=True)
    response = officer_client.get(reverse("home"))
    assert b">Notifications</a>" in response.content
    assert b"unread)" not in response.content


def test_the_count_costs_one_query_however_often_it_is_shown(rf, officer):
    from athena.notifications.context_processors import unread_notifications

    request = rf.get("/")
    request.user = officer
    count = unread_notifications(request)["notifications_unread"]
    with CaptureQueriesContext(connection) as captured:
        assert count() == 0
        assert count() == 0
    assert len(captured) == 1


def test_signed_out_pages_have_no_count(rf):
    from django.contrib.auth.models import AnonymousUser

    from athena.notifications.context_processors import unread_notifications

    request = rf.get("/")
    request.user = AnonymousUser()
    assert unread_notifications(request) == {}


# --- Email by the worker -----------------------------------------------------------------

@pytest.fixture
def with_email(home_force):
    return UserFactory(username="pc_email", force=home_force, email="pc.email@example.org")


def test_notify_queues_one_email_job_for_users_with_an_address(with_email, officer,
                                                               django_capture_on_commit_callbacks):
    officer.email = ""
    officer.save(update_fields=["email"])
    with django_capture_on_commit_callbacks() as callbacks:
        created = notify(recipients=[with_email, officer, with_email], title="Decision",
                         url="/cases/1/cps/")
    assert len(created) == 2
    job = Job.objects.get(kind=EMAIL_JOB)
    assert job.object_id == str(created[0].pk)  # only the recipient with an address
    assert len(callbacks) == 1
    assert mail.outbox == []  # nothing is sent in the request


def test_the_email_is_sent_once_however_often_the_handler_runs(with_email):
    notification = notify(recipients=[with_email], title="CPS decision on 42CJ0000126",
                          body="No further action.", url="/cases/1/cps/")[0]
    job = Job.objects.get(kind=EMAIL_JOB)
    send_notification_email(job)
    send_notification_email(job)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pc.email@example.org"]
    assert message.subject == "Athena: CPS decision on 42CJ0000126"
    assert "/cases/1/cps/" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_the_email_job_runs_once_when_delivered_twice(with_email):
    notify(recipients=[with_email], title="Returned")
    job = Job.objects.get(kind=EMAIL_JOB)
    assert run_job(job.pk) == "done"
    assert run_job(job.pk) == "not-claimed"
    assert len(mail.outbox) == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
