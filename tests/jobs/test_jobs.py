from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from athena.jobs import services
from athena.jobs.models import Job, JobStatus
from athena.jobs.registry import TransientJobError, job_handler
from athena.jobs.tasks import record_heartbeat, run_job, sweep_stale_jobs

calls = []


@job_handler("tests.record_call")
def record_call(job):
    calls.append(job.pk)


@job_handler("tests.flaky_service")
def flaky_service(job):
    raise TransientJobError("the service did not answer")


@job_handler("tests.slow_on_a_busy_machine")
def slow_on_a_busy_machine(job):
    raise SoftTimeLimitExceeded()


@job_handler("tests.broken")
def broken(job):
    raise ValueError("bad data")


@pytest.fixture(autouse=True)
def _reset_calls():
    calls.clear()


@pytest.fixture
def sent():
    """The messages handed to the broker (the outside world), as (job id, countdown)."""
    with mock.patch.object(run_job, "apply_async") as apply_async:
        yield apply_async


def sent_job_ids(sent):
    return [call.kwargs["args"][0] for call in sent.call_args_list]


@pytest.mark.django_db
def test_enqueue_writes_a_queued_row_and_sends_only_on_commit(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = services.job_enqueue(kind="tests.record_call", object_type="x", object_id=1)
        assert sent.call_count == 0
    assert len(callbacks) == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert sent_job_ids(sent) == [job.pk]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_change_sends_nothing(sent):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.job_enqueue(kind="tests.record_call")
        raise RuntimeError("the change failed")
    assert not Job.objects.exists()
    assert sent.call_count == 0


@pytest.mark.django_db
def test_a_broker_outage_leaves_the_job_queued_for_the_sweeper():
    job = Job.objects.create(kind="tests.record_call")
    with mock.patch.object(run_job, "apply_async", side_effect=ConnectionError("down")):
        assert services.job_send(job_id=job.pk) is False
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED


@pytest.mark.django_db
def test_running_the_task_twice_runs_the_job_once():
    job = Job.objects.create(kind="tests.record_call")
    assert run_job(job.pk) == "done"
    assert run_job(job.pk) == "not-claimed"
    assert calls == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 1
    assert job.progress == 100
    assert job.finished_at is not None


@pytest.mark.django_db
def test_a_job_already_running_elsewhere_is_not_claimed_again(sent):
    job = Job.objects.create(kind="tests.record_call", status=JobStatus.RUNNING,
                             lease_expires_at=timezone.now() + timedelta(seconds=20))
    assert run_job(job.pk) == "lease-held"
    assert calls == []


@pytest.mark.django_db
def test_a_missing_job_does_nothing():
    assert run_job(987654) == "not-claimed"


@pytest.mark.django_db
def test_a_transient_failure_requeues_and_retries_with_backoff(sent):
    job = Job.objects.create(kind="tests.flaky_service")
    assert run_job(job.pk) == "retry"
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.attempts == 1
    assert "did not answer" in job.last_error
    assert sent.call_args.kwargs["args"] == [job.pk]
    assert sent.call_args.kwargs["countdown"] == 2
    run_job(job.pk)
    assert sent.call_args.kwargs["countdown"] == 4


@pytest.mark.django_db
def test_a_transient_failure_gives_up_after_the_last_attempt(sent, settings):
    job = Job.objects.create(kind="tests.flaky_service",
                             attempts=settings.ATHENA_JOB_MAX_ATTEMPTS - 1)
    assert run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert sent.call_count == 0


@pytest.mark.django_db
def test_a_job_out_of_time_is_tried_again_later_then_fails_after_its_attempts(sent,
                                                                               settings):
    job = Job.objects.create(kind="tests.slow_on_a_busy_machine")
    assert run_job(job.pk) == "retry"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 1)
    assert sent.call_args.kwargs["countdown"] == 2

    Job.objects.filter(pk=job.pk).update(attempts=settings.ATHENA_JOB_MAX_ATTEMPTS - 1)
    assert run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "SoftTimeLimitExceeded" in job.last_error


@pytest.mark.django_db
def test_a_permanent_failure_is_recorded_not_retried(sent):
    job = Job.objects.create(kind="tests.broken")
    assert run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.last_error == "ValueError: bad data"
    assert sent.call_count == 0


@pytest.mark.django_db
def test_an_unknown_kind_fails_the_job_clearly():
    job = Job.objects.create(kind="tests.no_such_kind")
    assert run_job(job.pk) == "failed"
    assert "No handler" in Job.objects.get(pk=job.pk).last_error


def make_job(status, age, **fields):
    """A job last touched ``age`` ago: queued that long past its message's due time, or
    running with a lease that ran out that long ago."""
    job = Job.objects.create(kind="tests.record_call", status=status, **fields)
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - age,
                                         lease_expires_at=timezone.now() - age)
    return job


@pytest.mark.django_db
def test_the_sweeper_resends_stale_queued_and_running_jobs_only(sent, settings):
    stale = settings.ATHENA_JOB_STALE_AFTER + timedelta(minutes=1)
    lost_message = make_job(JobStatus.QUEUED, stale)
    dead_worker = make_job(JobStatus.RUNNING, stale, attempts=1)
    fresh = make_job(JobStatus.QUEUED, timedelta(seconds=5))
    finished = make_job(JobStatus.DONE, stale)

    assert sweep_stale_jobs() == 2

    assert sorted(sent_job_ids(sent)) == sorted([lost_message.pk, dead_worker.pk])
    dead_worker.refresh_from_db()
    assert dead_worker.status == JobStatus.QUEUED
    assert Job.objects.get(pk=fresh.pk).status == JobStatus.QUEUED
    assert Job.objects.get(pk=finished.pk).status == JobStatus.DONE


@pytest.mark.django_db
def test_a_swept_job_then_runs_once(sent, settings):
    job = make_job(JobStatus.RUNNING, settings.ATHENA_JOB_STALE_AFTER * 2, attempts=1)
    sweep_stale_jobs()
    assert run_job(job.pk) == "done"
    assert run_job(job.pk) == "not-claimed"
    assert calls == [job.pk]


@pytest.mark.django_db
def test_the_sweeper_gives_up_on_jobs_that_used_every_attempt(sent, settings):
    job = make_job(JobStatus.RUNNING, settings.ATHENA_JOB_STALE_AFTER * 2,
                   attempts=settings.ATHENA_JOB_MAX_ATTEMPTS)
    assert sweep_stale_jobs() == 0
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
    assert sent.call_count == 0


@pytest.mark.django_db
def test_the_sweeper_keeps_a_job_queued_when_the_broker_is_still_down(settings):
    job = make_job(JobStatus.QUEUED, settings.ATHENA_JOB_STALE_AFTER * 2)
    with mock.patch.object(run_job, "apply_async", side_effect=ConnectionError("down")):
        assert sweep_stale_jobs() == 0
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED


@pytest.mark.django_db
def test_the_heartbeat_task_records_when_the_worker_last_ran():
    from athena.jobs.models import WorkerHeartbeat

    record_heartbeat()
    first = WorkerHeartbeat.objects.get(pk=1).beat_at
    record_heartbeat()
    assert WorkerHeartbeat.objects.count() == 1
    assert WorkerHeartbeat.objects.get(pk=1).beat_at >= first


def test_tasks_acknowledge_late_so_a_dead_worker_loses_nothing():
    from athena.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert "sweep-stale-jobs" in app.conf.beat_schedule


failed_for_good = []


@job_handler("tests.with_clean_up", on_final_failure=lambda job: failed_for_good.append(job.pk))
def needs_clean_up(job):
    raise ValueError("broken for good")


@pytest.mark.django_db
def test_a_job_that_fails_for_good_runs_its_clean_up_once():
    failed_for_good.clear()
    job = Job.objects.create(kind="tests.with_clean_up")
    run_job(job.pk)
    run_job(job.pk)
    assert failed_for_good == [job.pk]


@pytest.mark.django_db
def test_the_sweeper_runs_the_clean_up_of_a_job_whose_worker_died(sent, settings):
    failed_for_good.clear()
    job = Job.objects.create(kind="tests.with_clean_up", status=JobStatus.RUNNING,
                             attempts=settings.ATHENA_JOB_MAX_ATTEMPTS)
    Job.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - settings.ATHENA_JOB_STALE_AFTER * 2)
    sweep_stale_jobs()
    sweep_stale_jobs()
    assert failed_for_good == [job.pk]
