"""Fault scenarios against real processes on loopback (issue 17, item 6).

Each scenario does its work through the pages as the officer and the custody sergeant
(submissions, doses, checks), breaks one part of the system, brings it back, and ends
with exact accounting (accounting.py): every job done exactly once, counted by its
handler's effect; nothing lost or duplicated; each custody entry stored once; and the
recovery time, from the part coming back until the last job was done. A scenario fails
on a loss, a duplicate, a 5xx where the issue allows none, a page slower than a few
seconds, or a recovery over 60 s.

Runs only with ATHENA_FAULT_SUITE=1; ATHENA_FAULT_LONG_OUTAGE sets the seconds the
worker and beat stay down in scenario 5 (default 300). bench/faults/run.py runs it.
"""

import contextlib
import json
import os
import re
import signal
import threading
import time
import warnings

import pytest

from tests.faults.accounting import SUBMIT_JOB, Driver, Outcome, Run
from tests.faults.processes import wait_until

pytestmark = pytest.mark.skipif(os.environ.get("ATHENA_FAULT_SUITE") != "1",
                                reason="the fault suite runs only with ATHENA_FAULT_SUITE=1")

OUTAGE = 20  # seconds a part stays down (or frozen) in the short scenarios
LONG_OUTAGE = int(os.environ.get("ATHENA_FAULT_LONG_OUTAGE", "300"))
BUNDLES = 8  # files assembled at once when a worker is killed
HEALTH_NAMES_BEAT_WITHIN = 30


@contextlib.contextmanager
def scenario(stack, outcomes, name, *, before=None):
    """A Run whose outcome goes into the table whatever happens; ``before()`` prepares
    the stack first (a failure there is the scenario's too)."""
    outcome, run = Outcome(name), None
    try:
        if before is not None:
            before()
        run = Run(stack, name)
        outcome = run.outcome
        yield run
    except Exception as error:
        outcome.problems.append(f"the scenario stopped: {type(error).__name__}: {error}")
        if run is not None and not outcome.evidence:
            outcome.evidence = run.log_excerpts()
        raise
    finally:
        outcomes.append(outcome)


def assert_passed(run):
    outcome = run.outcome
    assert outcome.passed, f"{outcome.scenario}: " + "; ".join(outcome.problems[:10])


def in_background(function, *args):
    """Run ``function(*args)`` in a thread; ``.result`` holds what it returned."""
    thread = threading.Thread(target=lambda: setattr(thread, "result", function(*args)),
                              daemon=True)
    thread.result = None
    thread.start()
    return thread


def assembling(stack, run, timeout=90):
    """The id of a submission job that has checked its file and is assembling the
    bundle (progress past the check), waiting for one."""
    found = []

    def one_assembling():
        rows = stack.sql("SELECT id FROM jobs_job WHERE kind = %s AND status = 'running' "
                         "AND progress >= 10 AND progress < 95 AND created_at >= %s "
                         "ORDER BY id", (SUBMIT_JOB, run.since))
        found[:] = [row[0] for row in rows or []]
        return bool(found)

    wait_until(one_assembling, timeout=timeout, what="a bundle being assembled", interval=0.1)
    return found[0]


def assembling_in_a_pool_child(stack, run, attempts=5):
    """(job id, pid of the pool process running it). A bundle can finish while the
    workers are asked which process runs it (their answer takes up to 3 s), so ask again
    about the next one being assembled."""
    job = pid = None
    for _ in range(attempts):
        job = assembling(stack, run)
        pid = pool_child_running(stack, job)
        if pid:
            break
    return job, pid


def pool_child_running(stack, job_id):
    """The pid of the pool process running ``job_id`` (asked of the workers, as
    ``celery inspect active`` does)."""
    from celery import Celery

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = Celery("faults", broker=f"redis://127.0.0.1:{stack.redis_port}/0")
        try:
            replies = app.control.inspect(timeout=3).active() or {}
        finally:
            app.close()
    for tasks in replies.values():
        for task in tasks:
            arguments = task.get("args")
            if isinstance(arguments, str):
                arguments = re.findall(r"\d+", arguments)
            if arguments and int(arguments[0]) == job_id:
                return task["worker_pid"]
    return None


# --- 1. The worker killed mid-bundle ----------------------------------------------------

def test_worker_killed_whole_mid_bundle(stack, outcomes):
    with scenario(stack, outcomes, "1a worker SIGKILL (whole) mid-bundle") as run:
        for case in stack.take_files(BUNDLES):
            run.submit(case)
        job = assembling(stack, run)
        for worker in stack.workers:
            worker.kill()
        run.note(f"killed every worker process (main and pool) while job {job} assembled "
                 f"its bundle, {BUNDLES} files submitted")
        run.restored()
        for worker in stack.workers:
            worker.start()
        run.settle()
    assert_passed(run)


def test_pool_child_killed_mid_bundle(stack, outcomes):
    with scenario(stack, outcomes, "1b pool child SIGKILL mid-bundle") as run:
        for case in stack.take_files(BUNDLES):
            run.submit(case)
        job, pid = assembling_in_a_pool_child(stack, run, attempts=2)
        if not pid:
            job = assembling(stack, run)  # one still being assembled, now
        if pid:
            os.kill(pid, signal.SIGKILL)
            run.note(f"killed pool process {pid} while it assembled job {job}'s bundle")
        else:
            # The workers did not say in time which process runs it: kill every pool
            # process, the main process staying up, which is the same recovery path.
            children = [child for worker in stack.workers for child in worker.children()]
            assert children, "the worker has no pool processes"
            for child in children:
                os.kill(child, signal.SIGKILL)
            run.note(f"killed every pool process ({', '.join(map(str, children))}) while "
                     f"job {job} assembled its bundle (no process named it in time)")
        run.restored()
        run.settle()
    assert_passed(run)


# --- 2. The broker stopped, and frozen --------------------------------------------------

def test_broker_stopped(stack, outcomes):
    with scenario(stack, outcomes, "2a broker stopped 20 s") as run:
        with Driver(run, stack.take_files(6)):
            time.sleep(3)
            stack.redis.stop()
            run.note(f"Redis stopped for {OUTAGE} s (it keeps nothing on disk) while "
                     "files were submitted and doses and checks recorded")
            try:
                time.sleep(OUTAGE)
            finally:
                stack.redis.start()
            run.restored()
            time.sleep(5)
        run.send_again()
        run.settle()
    assert_passed(run)


def test_broker_frozen(stack, outcomes):
    with scenario(stack, outcomes, "2b broker frozen (SIGSTOP) 20 s") as run:
        with Driver(run, stack.take_files(6)):
            time.sleep(3)
            stack.redis.freeze()
            run.note(f"Redis frozen (SIGSTOP) for {OUTAGE} s while files were submitted "
                     "and doses and checks recorded")
            try:
                time.sleep(OUTAGE)
            finally:
                stack.redis.thaw()
            run.restored()
            time.sleep(5)
        run.send_again()
        run.settle()
    assert_passed(run)


# --- 4. A web worker killed while it handles a submission -------------------------------

def test_web_worker_killed_before_commit(stack, outcomes):
    with scenario(stack, outcomes, "4a web worker SIGKILL before commit") as run:
        case = stack.take_files(1)[0]
        with stack.table_locked("cases_filesubmission"):
            request = in_background(run.submit, case)
            wait_until(lambda: (stack.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE 'INSERT INTO \"cases_filesubmission\"%%'") or [[0]])[0][0],
                timeout=20, what="the submission waiting inside its transaction")
            pid = stack.gunicorn.worker_serving()
            assert pid, "no gunicorn worker holds the submission's connection"
            os.kill(pid, signal.SIGKILL)
            run.restored()
            request.join(timeout=45)
        run.excused.append(request.result)
        run.note(f"killed gunicorn worker {pid} inside the submission's transaction (after "
                 "the file's status and the job row were written, before the commit); the "
                 f"browser got {request.result.describe() if request.result else 'nothing'}")
        time.sleep(2)
        left = half_written(stack, run, case["pk"])
        if left:
            run.problem(f"half-written after the kill: {left}")
        run.send_again()
        run.settle()
    assert_passed(run)


def half_written(stack, run, case_pk):
    status = stack.sql("SELECT status FROM cases_casefile WHERE id = %s", (case_pk,))
    jobs = stack.sql("SELECT count(*) FROM jobs_job WHERE object_id = %s AND created_at >= %s",
                     (str(case_pk), run.since))
    submissions = stack.sql("SELECT count(*) FROM cases_filesubmission WHERE case_id = %s "
                            "AND submitted_at >= %s", (case_pk, run.since))
    found = {"status": status[0][0], "jobs": jobs[0][0], "submissions": submissions[0][0]}
    return found if found != {"status": "draft", "jobs": 0, "submissions": 0} else None


def test_web_worker_killed_after_commit(stack, outcomes):
    with scenario(stack, outcomes, "4b web worker SIGKILL after commit") as run:
        case = stack.take_files(1)[0]
        stack.relay.hold()
        try:
            request = in_background(run.submit, case)
            wait_until(lambda: (stack.sql(
                "SELECT count(*) FROM jobs_job WHERE kind = %s AND object_id = %s AND "
                "created_at >= %s", (SUBMIT_JOB, str(case["pk"]), run.since)) or [[0]])[0][0],
                timeout=20, what="the submission committed", interval=0.05)
            time.sleep(0.05)  # on_commit is sending: the relay holds what it sends
            pid = stack.gunicorn.worker_serving()
            assert pid, "the submission's request ended before its task could be sent"
            os.kill(pid, signal.SIGKILL)
            request.join(timeout=45)
            time.sleep(1)  # the relay sees the connection go and drops what it held of it
        finally:
            stack.relay.release()
        run.restored()
        run.excused.append(request.result)
        committed = stack.sql(
            "SELECT j.id, j.status, f.id FROM jobs_job j JOIN cases_filesubmission f ON "
            "f.job_id = j.id WHERE f.case_id = %s AND j.created_at >= %s",
            (case["pk"], run.since))
        assert committed, "the submission was not committed whole"
        job, status, submission = committed[0]
        run.submitted[case["pk"]] = submission
        run.note(f"killed gunicorn worker {pid} after the submission committed, while it sent "
                 f"job {job}'s task (the broker never got it); the job was {status}")
        run.settle()
    assert_passed(run)


# --- 6. Beat alone down -----------------------------------------------------------------

def test_beat_down(stack, outcomes):
    with scenario(stack, outcomes, "6 beat down") as run:
        stack.beat.kill()
        down_at = time.time()
        run.restored(down_at)  # the worker never went: its jobs are due from the start
        run.note("killed beat; the worker stays up")
        for case in stack.take_files(3):
            run.submit(case)
        run.dose()
        run.check()
        named_after, checks = None, {}
        while time.time() - down_at <= HEALTH_NAMES_BEAT_WITHIN + 5:
            checks = health_checks(run)
            if any(not check.get("ok") for name, check in checks.items()
                   if re.search("beat|sweep", name, re.IGNORECASE)):
                named_after = time.time() - down_at
                break
            time.sleep(1)
        if named_after is None or named_after > HEALTH_NAMES_BEAT_WITHIN:
            run.problem(f"/healthz did not name beat or the sweeper as down within "
                        f"{HEALTH_NAMES_BEAT_WITHIN} s; it said {json.dumps(checks)}")
        else:
            run.note(f"/healthz named beat/the sweeper as down after {named_after:.0f} s")
        if checks and not checks.get("worker", {}).get("ok"):
            run.problem(f"/healthz called the worker down while only beat was: "
                        f"{json.dumps(checks)}")
        try:
            run.settle()
        finally:
            stack.beat.start()
    assert_passed(run)


def health_checks(run):
    answer = run.officer.get("/healthz")
    try:
        return json.loads(answer.body).get("checks", {})
    except ValueError:
        return {}


# --- 7. The mail server down ------------------------------------------------------------

def test_mail_server_down(stack, outcomes):
    with scenario(stack, outcomes, "7 mail server down") as run:
        stack.smtp.stop()
        down_at = time.time()
        run.note("stopped the SMTP server (its port closed) while files were submitted")
        try:
            for case in stack.take_files(3):
                run.submit(case)
            with contextlib.suppress(Exception):
                wait_until(lambda: (stack.sql(
                    "SELECT count(*) FROM jobs_job WHERE kind = 'notifications.email' AND "
                    "attempts > 0 AND created_at >= %s", (run.since,)) or [[0]])[0][0] >= 3,
                    timeout=60, what="the emails tried")
            time.sleep(max(0, OUTAGE - (time.time() - down_at)))
        finally:
            stack.smtp.start()
        run.restored()
        run.settle()
    assert_passed(run)


# --- 5. Worker and beat down for minutes ------------------------------------------------

def test_worker_and_beat_down_for_minutes(stack, outcomes):
    name = f"5 worker + beat down {LONG_OUTAGE} s"
    with scenario(stack, outcomes, name) as run:
        for process in (*stack.workers, stack.beat):
            process.stop()
        down_at = time.time()
        run.note(f"stopped every worker and beat for {LONG_OUTAGE} s; files submitted and "
                 "doses and checks recorded at the start, the middle and the end")
        files = stack.take_files(6)
        try:
            for moment in (5, LONG_OUTAGE / 2, LONG_OUTAGE - 15):
                time.sleep(max(0, down_at + moment - time.time()))
                for case in files[:2]:
                    run.submit(case)
                files = files[2:]
                run.dose()
                run.check()
                run.look()
            time.sleep(max(0, down_at + LONG_OUTAGE - time.time()))
        finally:
            run.restored()
            for process in (*stack.workers, stack.beat):
                process.start()
        run.settle()
    assert_passed(run)


# --- 3. The database restarted, and stopped (on the throwaway cluster) -----------------

def test_database_restarted(stack, outcomes):
    with scenario(stack, outcomes, "3a database restart", before=stack.use_cluster) as run:
        cluster = stack.cluster
        for case in stack.take_files(4):
            run.submit(case)
        assembling(stack, run)
        cluster.restart()
        run.restored()
        run.note("restarted PostgreSQL (fast: every connection closed) while a bundle was "
                 "assembled; then each page once per web worker")
        for _ in range(stack.gunicorn.workers * 2):
            run.look()
        run.dose()
        run.check()
        run.settle()
    assert_passed(run)


def test_database_stopped(stack, outcomes):
    with scenario(stack, outcomes, "3b database stopped 20 s", before=stack.use_cluster) as run:
        cluster = stack.cluster
        files = stack.take_files(6)
        for case in files[:3]:
            run.submit(case)
        assembling(stack, run)
        with Driver(run, files[3:]):
            time.sleep(1)
            stopped_at = time.time()
            cluster.stop()
            run.note(f"stopped PostgreSQL for {OUTAGE} s while bundles were assembled and "
                     "files, doses and checks sent")
            try:
                time.sleep(OUTAGE)
            finally:
                cluster.start()
            run.restored()
            # Pages answer 503 while it is down (and the moment it comes back).
            run.allow(503, start=stopped_at, end=time.time() + 1)
            time.sleep(5)
        run.send_again()
        run.settle()
    assert_passed(run)
