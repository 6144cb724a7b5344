"""The failover drill: Athena on a Patroni cluster and a Sentinel-watched Redis, on
loopback, under a trickle of writes; the PostgreSQL primary's node and then the Redis
master are killed, and the drill measures how long writes and the broker were away and
checks that nothing the server said it saved was lost or stored twice.

    .venv/bin/python -m bench.ha.drill [--workdir DIR] [--json FILE] [--keep]

Prints the report and writes it to bench/ha/last-run.txt; exits 1 if a check failed.
Everything it starts is stopped at the end, on failure, on SIGTERM and at the deadline;
bench/ha/README.md has the topology and what is measured.
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg

from bench.ha.application import Application
from bench.ha.processes import NotReady, free_ports, wait_until
from bench.ha.topology import Services, wait_for_new_primary
from bench.ha.traffic import Browser, Trickle

ROOT = Path(__file__).resolve().parents[2]
LAST_RUN = ROOT / "bench" / "ha" / "last-run.txt"
# The whole drill, set-up and tear-down included, stops at this deadline.
DEADLINE_SECONDS = int(os.environ.get("ATHENA_HA_DEADLINE", "330"))
# The targets: writes back within this long after the primary's node dies.
WRITE_RECOVERY_TARGET = 30
BROKER_RECOVERY_TARGET = 30
# Traffic: a custody write every WRITE_INTERVAL seconds, a file submitted every SUBMIT_EVERY.
WRITE_INTERVAL, SUBMIT_EVERY = 0.5, 4.0
FILES = 30  # more than the drill can submit
# After each recovery, this long of writes before the next fault or the end.
STEADY_SECONDS = 6
# How long the jobs may take to be done once the traffic stops (a message lost with the
# Redis master waits for the sweeper: its grace of 20-30 s plus a sweep every 15 s).
DRAIN_TIMEOUT = 100
TIME_ZONE = "Europe/London"  # athena/settings.py's, the worker's local time
# Markers of the processes the drill started, for the last sweep (``kill_leftovers``).
TAG = "ATHENA_HA_DRILL_DIR"


class DeadlinePassed(Exception):
    pass


@dataclass
class Outcome:
    started_at: str = ""
    revision: str = ""
    seconds: dict = field(default_factory=dict)  # phase -> seconds it took
    figures: dict = field(default_factory=dict)  # what was measured
    counts: dict = field(default_factory=dict)
    checks: list = field(default_factory=list)  # [name, passed, detail]
    notes: list = field(default_factory=list)
    error: str = ""

    def check(self, name, passed, detail=""):
        self.checks.append([name, bool(passed), detail])

    @property
    def passed(self):
        return not self.error and bool(self.checks) and all(ok for _, ok, _ in self.checks)


class Drill:
    def __init__(self, *, workdir):
        self.workdir = Path(workdir)
        self.outcome = Outcome(started_at=time.strftime("%Y-%m-%d %H:%M"),
                               revision=_revision())
        taken = set()
        ports = {}
        for name, preferred, count in (("etcd", 2391, 2), ("postgres", 5441, 2),
                                       ("patroni", 8441, 2), ("redis", 6391, 2),
                                       ("sentinels", 26391, 3), ("web", 8191, 2)):
            ports[name] = free_ports(preferred, count, taken)
            taken.update(ports[name])
        # Every process started from here on carries the tag (``kill_leftovers``).
        os.environ[TAG] = str(self.workdir)
        self.services = Services(workdir=self.workdir, ports=ports, env=dict(os.environ))
        self.app = Application(root=ROOT, workdir=self.workdir, services=self.services,
                               web_ports=ports["web"])
        self.trickle = None
        self._db_killed_at = self._broker_killed_at = self._broker_back_at = None

    # --- The drill ---------------------------------------------------------------------

    def run(self):
        self._phase("services up", self.services.start)
        self._phase("migrate", lambda: self.app.manage("migrate", "--noinput", "-v", "0",
                                                       timeout=240))
        seeded = self._phase("seed", lambda: self.app.django("seed", files=FILES, timeout=180))
        self._phase("application up", self.app.start)
        self.app.watch_worker()
        self.trickle = self._start_traffic(seeded)
        wait_until(lambda: sum(w.ok for w in self.trickle.snapshot()) >= 6
                   and any(w.ok and w.kind == "submission" for w in self.trickle.snapshot()),
                   timeout=40, what="the first writes succeeding")
        old_primary = self._database_failover()
        time.sleep(STEADY_SECONDS)
        self._broker_failover()
        time.sleep(STEADY_SECONDS)
        self.trickle.stop()
        self._phase("drain", self._drain)
        counted = self._phase("count", lambda: self.app.django(
            "count", timeout=120, **self._markers()))
        self._judge(counted)
        self._rejoin(old_primary)

    def _phase(self, name, step):
        began = time.monotonic()
        try:
            return step()
        finally:
            self.outcome.seconds[name] = round(time.monotonic() - began, 1)

    def _start_traffic(self, seeded):
        custody, officer = Browser("custody"), Browser("officer")
        custody.sign_in(self.app.web_ports[0], "custody", seeded["password"])
        officer.sign_in(self.app.web_ports[1], "officer", seeded["password"])
        return Trickle(ports=self.app.web_ports, custody=custody, officer=officer,
                       record=seeded["custody_record"], plan=seeded["plan"],
                       cases=seeded["cases"], interval=WRITE_INTERVAL,
                       submit_every=SUBMIT_EVERY).start()

    def _database_failover(self):
        """Kill the primary's whole node (Patroni and PostgreSQL, SIGKILL); Patroni
        promotes the synchronous replica once the leader key expires."""
        figures = self.outcome.figures
        old = self.services.primary()
        standby = self.services.synchronous_standby()
        if old is None or standby is None:
            raise RuntimeError(f"No primary with a synchronous standby before the kill "
                               f"(primary {old and old.member}, standby {standby})")
        before = [w for w in self.trickle.snapshot() if w.ok]
        killed_at = time.time()
        old.kill_node()
        figures["db_killed"] = old.member
        new = wait_for_new_primary(self.services, old=old, timeout=60)
        figures["db_promoted"] = new.member
        figures["db_promotion_s"] = round(time.time() - killed_at, 1)
        first = wait_until(lambda: self.trickle.first_success_after(killed_at), timeout=60,
                           what="a write succeeding after the primary died")
        figures["db_write_unavailable_s"] = round(first.finished - killed_at, 1)
        figures["db_write_gap_s"] = round(first.finished - before[-1].finished, 1)
        self.outcome.check(f"writes back within {WRITE_RECOVERY_TARGET} s of the primary's "
                           "death", figures["db_write_unavailable_s"] <= WRITE_RECOVERY_TARGET,
                           f"{figures['db_write_unavailable_s']} s")
        self._db_killed_at = killed_at
        return old

    def _broker_failover(self):
        """Kill the Redis master (SIGKILL); the Sentinels promote the replica. The broker
        is back for a web process when its /healthz reaches the new master."""
        figures = self.outcome.figures
        master = self.services.redis_master()
        if master is None or not self.services.redis[1].link_up():
            raise RuntimeError("The Sentinels name no master, or the replica is not in sync")
        # While the worker holds a message it has not acknowledged (a job running, acks
        # late): the hardest moment for it to lose the broker.
        try:
            wait_until(lambda: (self._sql("SELECT count(*) FROM jobs_job WHERE status = "
                                          "'running'") or [[0]])[0][0],
                       timeout=20, interval=0.1, what="a job running")
            figures["redis_killed_while_job_running"] = "yes"
        except NotReady:
            figures["redis_killed_while_job_running"] = "no (none ran within 20 s)"
        killed_at = time.time()
        master.kill()
        figures["redis_killed"] = master.name
        promoted = wait_until(lambda: (m := self.services.redis_master()) is not None
                              and m is not master and m.role() == "master" and m,
                              timeout=60, what="Sentinel promoting the Redis replica")
        figures["redis_promoted"] = promoted.name
        figures["redis_promotion_s"] = round(time.time() - killed_at, 1)
        for port in self.app.web_ports:
            wait_until(lambda port=port: ((self.app.health(port) or {}).get("broker") or {})
                       .get("ok"), timeout=60, interval=0.5,
                       what=f"web {port} reaching the broker again")
        figures["broker_unavailable_s"] = round(time.time() - killed_at, 1)
        self.outcome.check(f"broker back for both web processes within "
                           f"{BROKER_RECOVERY_TARGET} s",
                           figures["broker_unavailable_s"] <= BROKER_RECOVERY_TARGET,
                           f"{figures['broker_unavailable_s']} s")
        reconnected = wait_until(lambda: _worker_connected_after(self.app.worker, killed_at),
                                 timeout=60, what="the worker reconnecting to the broker")
        figures["worker_reconnected_s"] = round(reconnected - killed_at, 1)
        self._broker_killed_at = killed_at
        self._broker_back_at = time.time()

    def _drain(self):
        """Wait until no job is queued or running (bounded): the worker, the sweeper and
        the job leases bring every job to an end after both faults."""
        def settled():
            rows = self._sql("SELECT status, count(*) FROM jobs_job GROUP BY status")
            if rows is None:
                return False
            statuses = dict(rows)
            return not statuses.get("queued") and not statuses.get("running")
        try:
            wait_until(settled, timeout=DRAIN_TIMEOUT, interval=1, what="every job finished")
        except NotReady as error:
            self.outcome.notes.append(str(error))

    def _sql(self, query):
        try:
            with psycopg.connect(self._conninfo(), connect_timeout=2) as connection:
                return connection.execute(query).fetchall()
        except psycopg.Error:
            return None

    def _conninfo(self):
        return self.services.database_url.replace("postgres://", "postgresql://", 1)

    def _markers(self):
        writes = self.trickle.snapshot()
        return {"cases": [int(w.marker) for w in writes if w.kind == "submission"],
                "doses": [w.marker for w in writes if w.kind == "dose"],
                "checks": [w.marker for w in writes if w.kind == "check"]}

    # --- Judging ------------------------------------------------------------------------

    def _judge(self, counted):
        outcome, writes = self.outcome, self.trickle.snapshot()
        jobs = counted["jobs"]
        answers = Counter(str(w.status) if w.status else f"none:{w.error}" for w in writes)
        outcome.counts.update({
            "writes": len(writes), "writes_saved": sum(w.ok for w in writes),
            "writes_failed": sum(not w.ok for w in writes),
            "answers": dict(sorted(answers.items())),
            "by_kind": {kind: f"{sum(w.ok for w in writes if w.kind == kind)}/"
                        f"{sum(w.kind == kind for w in writes)}"
                        for kind in ("dose", "check", "submission")},
            "jobs": len(jobs), "jobs_by_status": dict(Counter(j["status"] for j in jobs)),
            "jobs_by_kind": dict(Counter(j["kind"] for j in jobs)),
            "jobs_retried": sum(j["attempts"] > 1 for j in jobs),
        })
        self._judge_custody(counted, writes)
        self._judge_submissions(counted, writes)
        self._judge_broker_outage(writes)
        self._judge_worker()
        self._judge_jobs(counted)

    def _judge_custody(self, counted, writes):
        for kind, stored in (("dose", counted["doses"]), ("check", counted["checks"])):
            saved = [w for w in writes if w.kind == kind and w.ok]
            not_once = [w.marker for w in saved if stored[w.marker] != [1, 1]]
            failed = [w for w in writes if w.kind == kind and not w.ok]
            twice = [w.marker for w in failed if stored[w.marker][0] > 1]
            in_doubt = sum(stored[w.marker][0] == 1 for w in failed)
            self.outcome.counts[f"{kind}s_failed_but_stored"] = in_doubt
            self.outcome.check(f"every {kind} saved is stored once, with its timeline entry",
                               saved and not not_once,
                               f"{len(saved)} saved; wrong: {not_once[:5]}")
            self.outcome.check(f"no {kind} stored twice", not twice, f"{twice[:5]}")

    def _judge_submissions(self, counted, writes):
        files, jobs = counted["files"], {j["pk"]: j for j in counted["jobs"]}
        saved = [w.marker for w in writes if w.kind == "submission" and w.ok]
        wrong = []
        for marker in saved:
            found = files[marker]
            submissions = found["submissions"]
            job = jobs.get(submissions[0]["job_id"]) if len(submissions) == 1 else None
            if (len(submissions) != 1 or job is None or job["status"] != "done"
                    or found["ready_events"] != 1 or found["notifications"] < 1):
                wrong.append(f"{found['urn']}: {len(submissions)} submissions, job "
                             f"{job and job['status']}, {found['ready_events']} ready events, "
                             f"{found['notifications']} notifications")
        self.outcome.check("every file submitted is checked and bundled once (one submission, "
                           "its job done, one 'ready' event, its notifications)",
                           saved and not wrong, f"{len(saved)} submitted; wrong: {wrong[:3]}")
        per_file = {files[m]["notifications"] for m in saved}
        self.outcome.check("as many notifications for each file (none twice)",
                           len(per_file) <= 1, f"per file: {sorted(per_file)}")
        failed = [w.marker for w in writes if w.kind == "submission" and not w.ok]
        twice = [m for m in failed if len(files[m]["submissions"]) > 1]
        self.outcome.counts["submissions_failed_but_stored"] = sum(
            len(files[m]["submissions"]) == 1 for m in failed)
        self.outcome.check("no failed submission stored twice", not twice, f"{twice[:5]}")

    def _judge_broker_outage(self, writes):
        """The pages do not need the broker: a write while it is away saves, and its job
        waits in its row for the sweeper."""
        during = [w for w in writes
                  if self._broker_killed_at <= w.started < self._broker_back_at]
        failed = [f"{w.kind} {w.status or w.error}" for w in during if not w.ok]
        self.outcome.check("every write saved while the broker was away", during and not failed,
                           f"{len(during) - len(failed)} of {len(during)}")

    def _judge_worker(self):
        exits = [f"{at - self._db_killed_at:+.1f} s after the database fault, code {code}"
                 for at, code in self.app.worker_exits]
        self.outcome.counts["worker_exits"] = len(exits)
        self.outcome.check("the worker kept running through both faults (none of its exits "
                           "needed its service manager)", not exits, "; ".join(exits))

    def _judge_jobs(self, counted):
        jobs, notifications = counted["jobs"], counted["notifications"]
        unfinished = [f"{j['pk']} {j['kind']} {j['status']} ({j['last_error'][:80]})"
                      for j in jobs if j["status"] != "done"]
        self.outcome.check("every job done (none lost, none failed)", jobs and not unfinished,
                           f"{len(jobs)} jobs; not done: {unfinished[:5]}")
        emails = Counter(j["object_id"] for j in jobs if j["kind"] == "notifications.email")
        wrong = [n["pk"] for n in notifications
                 if emails[str(n["pk"])] != 1 or not n["emailed"]]
        self.outcome.check("every notification emailed by exactly one job", not wrong,
                           f"{len(notifications)} notifications; wrong: {wrong[:5]}")
        pairs = Counter((n["recipient"], n["title"]) for n in notifications)
        self.outcome.check("no notification made twice", max(pairs.values(), default=1) == 1)
        after = [j for j in jobs if j["created_at"] >= self._broker_back_at]
        done_after = [j for j in after if j["status"] == "done"]
        self.outcome.counts["jobs_after_broker_failover"] = f"{len(done_after)}/{len(after)} done"
        self.outcome.check("jobs queued after the broker failover are done",
                           after and len(done_after) == len(after),
                           f"{len(done_after)} of {len(after)}")
        waits = [j["finished_at"] - j["created_at"] for j in jobs
                 if j["finished_at"] and j["created_at"] >= self._broker_killed_at]
        if waits:
            self.outcome.figures["longest_job_wait_after_broker_kill_s"] = round(max(waits), 1)
        waits = [j["finished_at"] - j["created_at"] for j in jobs
                 if j["finished_at"] and self._db_killed_at <= j["created_at"]
                 < self._broker_killed_at]
        if waits:
            self.outcome.figures["longest_job_wait_after_db_kill_s"] = round(max(waits), 1)

    def _rejoin(self, old):
        """Start the dead node's Patroni again: it rewinds its data and follows the new
        primary. Reported, not judged: the drill's promises are about the survivors."""
        began = time.time()
        try:
            old.start()
            wait_until(old.is_streaming_replica, timeout=60,
                       what="the old primary rejoining as a replica")
            self.outcome.figures["db_old_primary_rejoined_s"] = round(time.time() - began, 1)
        except NotReady as error:
            self.outcome.notes.append(str(error))

    # --- Tear-down ----------------------------------------------------------------------

    def close(self, *, keep=False):
        if self.trickle is not None:
            self.trickle.stop()
        problems = []
        try:
            self.app.stop()
        except Exception as error:  # noqa: BLE001 - go on stopping the services
            problems.append(f"application: {error}")
        problems += self.services.stop()
        left = kill_leftovers(self.workdir)
        if left:
            problems.append(f"killed {len(left)} leftover processes: {left}")
        if keep:
            print(f"ha drill: kept {self.workdir}")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return problems

    def evidence(self):
        """The end of each log, for a failed run."""
        return {process.name: process.log_tail(12)
                for process in [*self.app.processes(), *self.services.nodes, self.services.etcd,
                                *self.services.redis, *self.services.sentinels]
                if process is not None}


def kill_leftovers(workdir):
    """SIGKILL every process still carrying this drill's tag in its environment (a
    postmaster whose Patroni died, a pool child): processes this drill started, and no
    other, since the tag names this drill's own temporary folder."""
    tag = f"{TAG}={workdir}".encode()
    killed = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if tag in (entry / "environ").read_bytes().split(b"\0"):
                os.kill(int(entry.name), signal.SIGKILL)
                killed.append(int(entry.name))
    return killed


def _worker_connected_after(worker, moment):
    """When the worker's log says it connected to the broker after ``moment`` (epoch
    seconds), or None. Celery stamps its log in local time to the millisecond, and Django
    made local time settings.TIME_ZONE."""
    for line in worker.log_text().splitlines():
        if "Connected to sentinel://" not in line:
            continue
        with contextlib.suppress(ValueError):
            # [2026-12-07 11:03:46,881: INFO/MainProcess] Connected to sentinel://...
            at = datetime.strptime(line[1:24], "%Y-%m-%d %H:%M:%S,%f").replace(
                tzinfo=ZoneInfo(TIME_ZONE)).timestamp()
            if at >= moment:
                return at
    return None


def _revision():
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,  # noqa: S607
                              capture_output=True, text=True, timeout=10,
                              check=True).stdout.strip()
    return "unknown"


# --- The report -----------------------------------------------------------------------

FIGURES = [
    ("db_write_unavailable_s", "database: seconds from the primary's death to the next "
                               "write saved"),
    ("db_write_gap_s", "database: seconds between the last write saved before and the "
                       "first after"),
    ("db_promotion_s", "database: seconds until Patroni's new primary answered"),
    ("db_old_primary_rejoined_s", "database: seconds for the dead node to rejoin as a replica"),
    ("broker_unavailable_s", "broker: seconds from the master's death to both web processes "
                             "reaching Redis"),
    ("redis_promotion_s", "broker: seconds until the Sentinels named the new master"),
    ("worker_reconnected_s", "broker: seconds until the worker was connected again"),
    ("longest_job_wait_after_db_kill_s", "jobs: longest wait, queued to done, after the "
                                         "database fault"),
    ("longest_job_wait_after_broker_kill_s", "jobs: longest wait, queued to done, after the "
                                             "broker fault"),
]


def render(outcome, *, total_seconds):
    lines = [f"Athena HA failover drill, {outcome.started_at}, revision {outcome.revision}, "
             f"{total_seconds:.0f} s in all: {'PASS' if outcome.passed else 'FAIL'}", ""]
    figures = outcome.figures
    if "db_killed" in figures:
        lines.append(f"PostgreSQL: killed node {figures['db_killed']} (Patroni and PostgreSQL, "
                     f"SIGKILL); Patroni promoted {figures.get('db_promoted', '-')}.")
    if "redis_killed" in figures:
        lines.append(f"Redis: killed {figures['redis_killed']} (SIGKILL) while a job ran: "
                     f"{figures.get('redis_killed_while_job_running', '-')}; Sentinel "
                     f"promoted {figures.get('redis_promoted', '-')}.")
    lines.append("")
    width = max(len(label) for _, label in FIGURES)
    for key, label in FIGURES:
        if key in figures:
            lines.append(f"  {label:<{width}}  {figures[key]:>6}")
    lines += ["", "Counts:"]
    lines += [f"  {key}: {value}" for key, value in outcome.counts.items()]
    lines += ["", "Checks:"]
    lines += [f"  {'pass' if ok else 'FAIL'}  {name}" + (f" ({detail})" if detail else "")
              for name, ok, detail in outcome.checks]
    if outcome.error:
        lines += ["", f"The drill stopped: {outcome.error}"]
    if outcome.notes:
        lines += ["", "Notes:", *(f"  - {note}" for note in outcome.notes)]
    lines += ["", "Phases (s): " + ", ".join(f"{k} {v}" for k, v in outcome.seconds.items())]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", help="an empty folder for the drill (default: a new "
                                          "temporary one)")
    parser.add_argument("--json", help="also write the outcome as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the folder and its logs")
    args = parser.parse_args(argv)
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="athena-ha-"))
    workdir.mkdir(parents=True, exist_ok=True)

    def interrupt(signum, frame):
        raise DeadlinePassed(f"signal {signum}" if signum != signal.SIGALRM
                             else f"the drill's deadline of {DEADLINE_SECONDS} s passed")

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(DEADLINE_SECONDS)
    began = time.monotonic()
    drill = Drill(workdir=workdir)
    evidence = {}
    try:
        drill.run()
    except (Exception, DeadlinePassed, KeyboardInterrupt) as error:  # noqa: BLE001 - reported
        drill.outcome.error = f"{type(error).__name__}: {error}"
        evidence = drill.evidence()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # tear-down is not interrupted
        problems = drill.close(keep=args.keep)
        drill.outcome.notes += [f"tear-down: {p}" for p in problems]
    text = render(drill.outcome, total_seconds=time.monotonic() - began)
    LAST_RUN.write_text(text)
    print(text)
    for name, tail in evidence.items():
        print(f"--- {name} ---\n{tail}")
    if args.json:
        Path(args.json).write_text(json.dumps({**asdict(drill.outcome),
                                               "passed": drill.outcome.passed}, default=str))
    return 0 if drill.outcome.passed else 1


if __name__ == "__main__":
    sys.exit(main())
