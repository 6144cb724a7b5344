"""Recovery in seconds: leases take up a dead worker's job, a live one is never run twice,
the sweeper's thresholds follow each kind, transient failures (database, mail server)
are tried again, a final failure reaches an administrator, and a frozen broker costs a
page one short timeout."""

import json
import os
import shlex
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.jobs import services
from athena.jobs.models import SWEEPER_HEARTBEAT_ID, Job, JobStatus, WorkerHeartbeat
from athena.jobs.registry import (
    JOB_KINDS,
    QUEUES,
    handler_for,
    job_handler,
    kind_policy,
    longest_time_limit,
)
from athena.jobs.tasks import LONGEST_BACKOFF_SECONDS, run_job, sweep_stale_jobs
from athena.notifications.services import EMAIL_JOB, notify
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
runs = []


@job_handler("tests.leases.counted")
def counted(job):
    runs.append(job.pk)


@job_handler("tests.leases.database_drops")
def database_drops(job):
    raise OperationalError("server closed the connection unexpectedly")


lease_seen = []


@job_handler("tests.leases.slow", lease=timedelta(seconds=0.6))
def slow_without_progress(job):
    """Reports no progress; records the lease in the database while it works."""
    first = Job.objects.get(pk=job.pk).lease_expires_at
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = Job.objects.get(pk=job.pk).lease_expires_at
        if now > first + timedelta(seconds=0.3):
            lease_seen.extend([first, now])
            return


@pytest.fixture(autouse=True)
def _reset():
    runs.clear()
    lease_seen.clear()


@pytest.fixture
def sent():
    """The messages handed to the broker (the outside world)."""
    with mock.patch.object(run_job, "apply_async") as apply_async:
        yield apply_async


def running_job(kind="tests.leases.counted", *, lease_left, attempts=1):
    return Job.objects.create(kind=kind, status=JobStatus.RUNNING, attempts=attempts,
                              lease_expires_at=timezone.now() + lease_left)


# --- Claims under a lease --------------------------------------------------------------

@pytest.mark.django_db
def test_a_redelivery_after_the_lease_ran_out_takes_up_the_job_and_runs_it_once(sent):
    """A pool child killed mid-job: its message comes back, the row still says running,
    and once the lease has run out the delivery runs the job."""
    job = running_job(lease_left=-timedelta(seconds=1))
    assert run_job(job.pk) == "done"
    assert run_job(job.pk) == "not-claimed"
    assert runs == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 2


@pytest.mark.django_db
def test_a_redelivery_while_the_lease_is_live_is_sent_again_for_when_it_runs_out(sent):
    job = running_job(lease_left=timedelta(seconds=20))
    assert run_job(job.pk) == "lease-held"
    assert runs == []
    assert Job.objects.get(pk=job.pk).attempts == 1
    [resent] = sent.call_args_list
    assert resent.kwargs["args"] == [job.pk]
    assert 20 <= resent.kwargs["countdown"] <= 22
    # The worker really had died: when the message comes back, the lease has run out.
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now())
    assert run_job(job.pk) == "done"
    assert runs == [job.pk]


@pytest.mark.django_db
def test_of_two_live_deliveries_only_the_first_claims():
    job = Job.objects.create(kind="tests.leases.counted")
    first = services.job_claim(job_id=job.pk)
    assert first is not None
    assert first.lease_expires_at > timezone.now()
    assert services.job_claim(job_id=job.pk) is None


@pytest.mark.django_db
def test_the_lease_lasts_as_long_as_the_kind_says():
    job = Job.objects.create(kind="custody.contingency.rebuild")
    before = timezone.now()
    claimed = services.job_claim(job_id=job.pk)
    lease = kind_policy("custody.contingency.rebuild").lease
    assert before + lease <= claimed.lease_expires_at <= timezone.now() + lease


@pytest.mark.django_db
def test_progress_and_the_renew_helper_extend_the_lease():
    job = Job.objects.create(kind="tests.leases.counted")
    claimed = services.job_claim(job_id=job.pk)
    nearly_out = timezone.now() + timedelta(seconds=1)
    renewed = nearly_out + kind_policy(job.kind).lease - timedelta(seconds=2)
    Job.objects.filter(pk=job.pk).update(lease_expires_at=nearly_out)
    services.job_set_progress(job=claimed, percent=40)
    after_progress = Job.objects.get(pk=job.pk)
    assert after_progress.progress == 40
    assert after_progress.lease_expires_at > renewed
    Job.objects.filter(pk=job.pk).update(lease_expires_at=nearly_out)
    assert services.job_renew_lease(job=claimed) is True
    assert Job.objects.get(pk=job.pk).lease_expires_at > renewed


@pytest.mark.django_db
def test_a_run_whose_lease_was_taken_over_records_nothing():
    job = Job.objects.create(kind="tests.leases.counted")
    stale_run = services.job_claim(job_id=job.pk)
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now())
    services.job_claim(job_id=job.pk)  # another delivery took it up
    assert services.job_renew_lease(job=stale_run) is False
    assert services.job_finish(job=stale_run) is False
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_handler_that_reports_no_progress_still_keeps_its_lease(sent):
    job = Job.objects.create(kind="tests.leases.slow")
    assert run_job(job.pk) == "done"
    first, renewed = lease_seen
    assert renewed > first


@pytest.mark.django_db
def test_a_job_whose_worker_died_on_every_attempt_is_given_up_not_run_again(sent):
    job = running_job(lease_left=-timedelta(seconds=1),
                      attempts=kind_policy("tests.leases.counted").attempts_allowed)
    assert run_job(job.pk) == "failed"
    assert runs == []
    assert Job.objects.get(pk=job.pk).last_error == services.GAVE_UP


# --- The sweeper -----------------------------------------------------------------------

def queued_overdue(kind, overdue):
    return Job.objects.create(kind=kind, lease_expires_at=timezone.now() - overdue)


@pytest.mark.django_db
def test_the_sweeper_resends_queued_jobs_by_their_kinds_grace(sent):
    seconds = timedelta(seconds=1)
    contingency = queued_overdue("custody.contingency.rebuild", 22 * seconds)  # grace 20 s
    validation = queued_overdue("cases.file.submit", 22 * seconds)  # grace 25 s
    assembly_late = queued_overdue("cases.file.rebundle", 32 * seconds)  # grace 30 s
    assembly_waiting = queued_overdue("cases.file.rebundle", 28 * seconds)

    assert sorted(services.jobs_sweep_stale()) == sorted([contingency.pk, assembly_late.pk])

    queues = {call.kwargs["args"][0]: call.kwargs["queue"] for call in sent.call_args_list}
    assert queues == {contingency.pk: "contingency", assembly_late.pk: "assembly"}
    assert Job.objects.get(pk=validation.pk).status == JobStatus.QUEUED
    assert Job.objects.get(pk=assembly_waiting.pk).lease_expires_at < timezone.now()


@pytest.mark.django_db
def test_the_sweeper_takes_up_a_running_job_as_soon_as_its_lease_runs_out(sent):
    dead = running_job("cases.file.submit", lease_left=-timedelta(seconds=1))
    alive = running_job("cases.file.submit", lease_left=timedelta(seconds=5))
    assert services.jobs_sweep_stale() == [dead.pk]
    assert Job.objects.get(pk=dead.pk).status == JobStatus.QUEUED
    assert Job.objects.get(pk=alive.pk).status == JobStatus.RUNNING


@pytest.mark.django_db
def test_a_resent_job_is_not_resent_again_by_the_next_sweep(sent):
    job = queued_overdue("tests.leases.counted", timedelta(seconds=40))
    assert services.jobs_sweep_stale() == [job.pk]
    assert services.jobs_sweep_stale() == []
    # Its next turn comes later than the first: it had waited 40 s, it waits 40 s more.
    due = Job.objects.get(pk=job.pk).lease_expires_at
    assert due > timezone.now() + timedelta(seconds=35)
    assert services.jobs_sweep_stale(now=due + timedelta(seconds=60)) == [job.pk]


@pytest.mark.django_db
def test_a_sweep_stops_at_the_first_refused_send_and_leaves_the_rows_due(settings):
    jobs = [queued_overdue("tests.leases.counted", timedelta(minutes=2)) for _ in range(3)]
    with mock.patch.object(run_job, "apply_async",
                           side_effect=ConnectionError("down")) as apply_async:
        assert services.jobs_sweep_stale() == []
    assert apply_async.call_count == 1
    for job in jobs:
        assert Job.objects.get(pk=job.pk).lease_expires_at < timezone.now() - timedelta(
            minutes=1)


@pytest.mark.django_db
def test_the_sweeper_reports_its_own_heartbeat(sent):
    sweep_stale_jobs()
    beat = WorkerHeartbeat.objects.get(pk=SWEEPER_HEARTBEAT_ID)
    assert timezone.now() - beat.beat_at < timedelta(seconds=5)


def test_housekeeping_runs_often_enough_for_a_thirty_second_health_check(settings):
    from athena.celery import app

    schedule = app.conf.beat_schedule
    assert schedule["sweep-stale-jobs"]["schedule"] == 15
    assert settings.ATHENA_WORKER_HEARTBEAT_SECONDS == 10
    assert "worker-heartbeat" not in schedule  # the worker beats by itself (heartbeat.py)
    assert settings.ATHENA_HEARTBEAT_MAX_AGE == timedelta(seconds=30)


# --- Transient failures ----------------------------------------------------------------

@pytest.mark.django_db
def test_a_database_error_in_a_handler_is_tried_again_with_backoff(sent):
    job = Job.objects.create(kind="tests.leases.database_drops")
    assert run_job(job.pk) == "retry"
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.last_error.startswith("OperationalError")
    assert sent.call_args.kwargs["countdown"] == 2


@pytest.mark.django_db
def test_a_delivery_that_cannot_reach_the_database_comes_back_rather_than_vanish(
    sent, settings
):
    job = Job.objects.create(kind="tests.leases.counted")
    with mock.patch("athena.jobs.services.job_claim",
                    side_effect=OperationalError("the database system is starting up")):
        assert run_job(job.pk, kind=job.kind) == "database-unavailable"
    assert sent.call_args.kwargs["args"] == [job.pk]
    assert sent.call_args.kwargs["countdown"] == settings.ATHENA_JOB_DATABASE_RETRY_SECONDS
    # The database is back when the message returns.
    assert run_job(job.pk, kind=job.kind) == "done"
    assert runs == [job.pk]


@pytest.mark.django_db
def test_a_database_restart_during_a_job_leaves_it_to_be_taken_up_when_the_lease_runs_out(
    sent
):
    job = Job.objects.create(kind="tests.leases.database_drops")
    with mock.patch("athena.jobs.services.job_release_for_retry",
                    side_effect=OperationalError("terminating connection")):
        assert run_job(job.pk) == "database-unavailable"
    assert sent.call_count == 1  # the message is not lost with the database
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now())
    assert run_job(job.pk) == "retry"  # taken up again, its second attempt
    assert Job.objects.get(pk=job.pk).attempts == 2


@pytest.mark.django_db
def test_a_database_restart_while_the_handler_ran_records_the_outcome_on_a_new_connection(
    sent
):
    job = Job.objects.create(kind="tests.leases.counted")
    record = services.job_finish
    restarted = [OperationalError("server closed the connection unexpectedly")]

    def finish_after_a_restart(**kwargs):
        if restarted:
            raise restarted.pop()
        return record(**kwargs)

    with mock.patch("athena.jobs.services.job_finish", side_effect=finish_after_a_restart):
        assert run_job(job.pk) == "done"
    assert runs == [job.pk]
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE


# --- The mail server down ----------------------------------------------------------------

@pytest.fixture
def mail_server_down(settings):
    """The SMTP backend, pointed at a port nobody listens on."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2


@pytest.fixture
def officer_with_email(home_force):
    return UserFactory(username="pc_mail", force=home_force, email="pc.mail@example.org")


def email_job_for(user):
    notify(recipients=[user], title="Returned for correction")
    return Job.objects.get(kind=EMAIL_JOB)


@pytest.mark.django_db
def test_an_email_is_tried_again_while_the_mail_server_is_down(
    sent, mail_server_down, officer_with_email, settings
):
    job = email_job_for(officer_with_email)
    assert run_job(job.pk) == "retry"
    assert run_job(job.pk) == "retry"
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert "mail server" in job.last_error
    assert [call.kwargs["queue"] for call in sent.call_args_list] == ["notifications"] * 2
    # The mail server is back.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_job(job.pk) == "done"


@pytest.mark.django_db
def test_an_email_that_never_goes_is_shown_to_the_forces_administrators(
    sent, mail_server_down, officer_with_email, administrator, client, outsider
):
    elsewhere = UserFactory(username="admin_kent", force=outsider.force,
                            roles=[Role.ADMINISTRATOR])
    administrator.email = "admin@example.org"
    administrator.save(update_fields=["email"])
    job = email_job_for(officer_with_email)
    attempts = kind_policy(EMAIL_JOB).attempts_allowed
    outcomes = [run_job(job.pk) for _ in range(attempts)]
    assert outcomes == ["retry"] * (attempts - 1) + ["failed"]

    client.force_login(administrator)
    page = client.get(reverse("notifications:list"))
    assert b"Background work failed: notifications.email" in page.content
    assert f"failed after {attempts} attempt(s): TransientJobError".encode() in page.content
    client.force_login(elsewhere)
    assert b"Background work failed" not in client.get(reverse("notifications:list")).content
    # Told in Athena only: no email about an email that could not go.
    assert Job.objects.filter(kind=EMAIL_JOB).count() == 1


@pytest.mark.django_db
def test_work_that_fails_for_good_is_shown_to_the_national_administrators(sent, client):
    national = UserFactory(username="national", roles=[Role.NATIONAL_ADMINISTRATOR])
    job = Job.objects.create(kind="tests.leases.database_drops",
                             attempts=kind_policy("tests.leases.database_drops")
                             .attempts_allowed - 1)
    assert run_job(job.pk) == "failed"
    client.force_login(national)
    page = client.get(reverse("notifications:list"))
    assert b"Background work failed: tests.leases.database_drops" in page.content


# --- Queues, limits and the broker -------------------------------------------------------

@pytest.mark.django_db
def test_each_kind_goes_to_its_queue_with_its_time_limits(sent):
    for kind, queue in [("cases.file.submit", "validation"), ("cases.file.rebundle", "assembly"),
                        ("custody.contingency.rebuild", "contingency"),
                        ("notifications.email", "notifications")]:
        services.job_send(job_id=1, kind=kind)
        options = sent.call_args.kwargs
        assert options["queue"] == queue
        assert options["kwargs"] == {"kind": kind}
        assert options["soft_time_limit"] < options["time_limit"] == kind_policy(kind).time_limit


def test_every_kind_with_a_policy_has_a_handler():
    """A kind renamed in its app and not here would quietly lose its queue."""
    for kind in JOB_KINDS:
        if not kind.startswith("tests."):
            assert handler_for(kind)


def test_the_worker_consumes_every_queue():
    [worker] = [shlex.split(line) for line in (ROOT / "Procfile.dev").read_text().splitlines()
                if line.startswith("worker:")]
    queues = worker[worker.index("-Q") + 1].split(",")
    assert sorted(queues) == sorted(QUEUES)
    assert {policy.queue for policy in JOB_KINDS.values()} <= set(QUEUES)


def test_redis_holds_a_message_longer_than_any_job_or_retry_can_take(settings):
    assert settings.ATHENA_BROKER_VISIBILITY_TIMEOUT > (
        longest_time_limit() + LONGEST_BACKOFF_SECONDS)


def test_a_worker_reconnects_to_a_returning_broker_every_few_seconds():
    from athena.celery import RECONNECT_INTERVAL_MAX_SECONDS, QuickReconnectConsumer, app

    assert app.conf.worker_consumer == "athena.celery:QuickReconnectConsumer"
    consumer = QuickReconnectConsumer.__new__(QuickReconnectConsumer)
    consumer.app, consumer.first_connection_attempt = app, False
    consumer.broker_connection_retry_attempt = 0
    broker = mock.Mock()  # the connection to the broker
    ensure_connection = broker.ensure_connection
    consumer.ensure_connected(broker)
    assert ensure_connection.call_args.kwargs["interval_max"] == RECONNECT_INTERVAL_MAX_SECONDS
    assert RECONNECT_INTERVAL_MAX_SECONDS <= 5
    assert app.conf.broker_connection_max_retries is None  # never gives up and exits


SEND_THREE_JOBS = """
import json, time, django
django.setup()
from athena.celery import app
from athena.jobs.services import job_send
options = app.conf.broker_transport_options
timings = []
for kind in ["cases.file.submit", "notifications.email", ""]:
    started = time.monotonic()
    timings.append([job_send(job_id=1, kind=kind), time.monotonic() - started])
print(json.dumps({"timings": timings, "publish_retry": app.conf.task_publish_retry,
                  "socket_timeout": options["socket_timeout"],
                  "socket_connect_timeout": options["socket_connect_timeout"]}))
"""


def send_with_broker_at(port):
    """job_send in a fresh process configured for Redis at ``port`` (as gunicorn is)."""
    env = {**os.environ, "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0",
           "DJANGO_SETTINGS_MODULE": "athena.settings", "LOG_LEVEL": "ERROR"}
    done = subprocess.run([sys.executable, "-c", SEND_THREE_JOBS], env=env, cwd=ROOT,  # noqa: S603
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_frozen_broker_costs_a_page_one_short_timeout_however_many_jobs_it_sends():
    """A broker that accepts the connection and never answers (Redis under SIGSTOP): the
    first send gives up after the one-second socket timeout, with no retries, and the
    process then sends nothing for a while (the rows wait for the sweeper)."""
    frozen = socket.socket()
    frozen.bind(("127.0.0.1", 0))
    frozen.listen(16)
    try:
        result = send_with_broker_at(frozen.getsockname()[1])
    finally:
        frozen.close()
    assert result["publish_retry"] is False
    assert result["socket_timeout"] == result["socket_connect_timeout"] == 1
    assert [sent_ok for sent_ok, _ in result["timings"]] == [False, False, False]
    first, *others = [seconds for _, seconds in result["timings"]]
    assert 0.5 < first < 2
    assert sum(others) < 0.1


def test_a_stopped_broker_refuses_a_send_at_once():
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    for sent_ok, seconds in send_with_broker_at(port)["timings"]:
        assert sent_ok is False
        assert seconds < 1


def test_a_dead_broker_whose_close_fails_does_not_stop_the_worker(monkeypatch):
    # Seen once in six failover drills: closing the lost Redis connection raised
    # AttributeError out of Celery's own handler and the worker exited.
    from celery.worker.consumer import Consumer

    from athena.celery import QuickReconnectConsumer

    def close_fails(self, exc):
        raise AttributeError("'NoneType' object has no attribute 'hostname'")

    monkeypatch.setattr(Consumer, "on_connection_error_after_connected", close_fails)
    consumer = QuickReconnectConsumer.__new__(QuickReconnectConsumer)
    consumer.on_connection_error_after_connected(ConnectionError("master gone"))
