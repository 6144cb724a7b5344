"""A scenario's run and its exact accounting.

A ``Run`` does the scenario's work through the pages (submissions, doses, checks), keeps
every answer, and, once the failed part is back (``restored``), waits for the work to
finish. Its ``outcome`` counts each job by its handler's effect, not only its status:
a submission's job by its "ready" audit event, an email job by the messages the SMTP sink
received, a dose or check by the rows and timeline entries of its client id. Then:
done once, lost (never done, or no effect), duplicated (an effect more than once), and
the recovery time, from the part coming back until the last of it was done.
"""

import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tests.faults import web

RECOVERY_LIMIT = 60.0  # seconds from the part coming back until the last job is done
PAGE_SECONDS = 5.0  # a page answers within this, even while a part is down
SUBMIT_JOB = "cases.file.submit"
EMAIL_JOB = "notifications.email"
HEALTH = "/healthz"
# Log lines worth showing when a scenario fails (and every line naming a job it lost).
TELLING = re.compile(r"job\.(failed|not_claimed|retry|gave_up|reclaimed|lease\w*|resent|"
                     r"database_unavailable|send_failed|outcome_dropped)|jobs\.swept|"
                     r"Traceback|\w+Error\b|CRITICAL|WORKER TIMEOUT|access 5\d\d|"
                     r"Worker exited|Restoring|WorkerLost|Connection to broker lost|"
                     r"Cannot connect|terminating connection", re.IGNORECASE)
LOG_LINES_SHOWN = 12
# The inside of a traceback as the console log draws it: its last line says enough.
RICH_TRACEBACK_FRAME = ("│", "╭", "╰")


@dataclass
class Outcome:
    scenario: str
    jobs: int = 0
    done_once: int = 0
    lost: int = 0
    duplicated: int = 0
    recovery: float | None = None
    server_errors: int = 0
    slow_pages: int = 0
    entries: int = 0
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    evidence: list = field(default_factory=list)

    @property
    def passed(self):
        return not self.problems

    def problem(self, text):
        self.problems.append(text)

    def recovery_text(self):
        if self.recovery is None:
            return f"> {RECOVERY_LIMIT:.0f}" if self.lost else "-"
        return f"{self.recovery:.1f}"


class Run:
    """One scenario: its browsers, what it did, when the failed part came back."""

    def __init__(self, stack, scenario):
        self.stack = stack
        self.scenario = scenario
        self.since = datetime.now(UTC)
        self.started = time.time()
        self.officer = web.Browser(stack.web_port)
        self.custody = web.Browser(stack.web_port)
        self.officer.sign_in("officer", stack.password)
        self.custody.sign_in("custody", stack.password)
        self.submitted = {}  # case pk -> submission id, or None while not yet accepted
        self.urns = {}
        self.doses = {}  # client id -> saved
        self.checks = {}
        self.restored_at = None
        self.allowed = []  # (status, from, to): an answer allowed while the part is down
        self.excused = []  # answers the fault itself cut off (the killed request)
        self.outcome = Outcome(scenario)
        self.lost_jobs = []
        self.log_offsets = {process.name: process.log_size() for process in stack.processes()}
        self.lock = threading.Lock()

    # --- Work through the pages ---------------------------------------------------------

    def submit(self, case):
        self.urns[case["pk"]] = case["urn"]
        answer, submission = web.submit_file(self.officer, case["pk"])
        with self.lock:
            if self.submitted.get(case["pk"]) is None:
                self.submitted[case["pk"]] = submission
        return answer

    def dose(self, client_id=None):
        client_id = client_id or web.new_client_id()
        answer = web.record_dose(self.custody, self.stack.targets["record"],
                                 self.stack.targets["plan"], client_id)
        with self.lock:
            self.doses[client_id] = self.doses.get(client_id) or web.saved(answer)
        return answer

    def check(self, client_id=None):
        client_id = client_id or web.new_client_id()
        answer = web.record_check(self.custody, self.stack.targets["record"], client_id)
        with self.lock:
            self.checks[client_id] = self.checks.get(client_id) or web.saved(answer)
        return answer

    def look(self):
        """The pages people keep open: the custody board, the case list, a progress page."""
        self.custody.get("/custody/")
        self.officer.get("/cases/")
        for case_pk, submission in list(self.submitted.items())[-1:]:
            if submission:
                self.officer.get(f"/cases/{case_pk}/submissions/{submission}/")

    def send_again(self, attempts=5):
        """What did not go through is sent again, as the page's outbox does: the same
        client id for a dose or check, the submission for a file not yet accepted (the
        page says so: a file already submitted is refused, never submitted twice)."""
        for _ in range(attempts):
            waiting = ([c for c, saved in self.doses.items() if not saved],
                       [c for c, saved in self.checks.items() if not saved],
                       [pk for pk, sid in self.submitted.items() if sid is None])
            if not any(waiting):
                return
            for client_id in waiting[0]:
                self.dose(client_id)
            for client_id in waiting[1]:
                self.check(client_id)
            for case_pk in waiting[2]:
                answer = self.submit({"pk": case_pk, "urn": self.urns[case_pk]})
                if answer.status == 302 and self.submitted[case_pk] is None:
                    self.submitted[case_pk] = self._submission_in_database(case_pk)
            time.sleep(1)

    def _submission_in_database(self, case_pk):
        rows = self.stack.sql("SELECT id FROM cases_filesubmission WHERE case_id = %s AND "
                              "submitted_at >= %s ORDER BY id", (case_pk, self.since))
        return rows[0][0] if rows else None

    def allow(self, status, *, start, end):
        """``status`` is the right answer between ``start`` and ``end`` (epoch seconds)."""
        self.allowed.append((status, start, end))

    def _allowed(self, answer):
        started = answer.at - answer.seconds
        return any(status == answer.status and start <= started and answer.at <= end
                   for status, start, end in self.allowed)

    def restored(self, at=None):
        self.restored_at = at or time.time()

    def note(self, text):
        self.outcome.notes.append(text)

    def problem(self, text):
        self.outcome.problems.append(text)

    # --- Waiting for the work -------------------------------------------------------------

    def settle(self):
        """Wait until nothing of this run is queued or running and every accepted
        submission and email is there, or until RECOVERY_LIMIT (plus a little, to see a
        late finish) after the part came back. Then count."""
        if self.restored_at is None:
            self.restored()
        deadline = self.restored_at + RECOVERY_LIMIT + 5
        while time.time() < deadline and not self._finished():
            time.sleep(1)
        return self.count()

    def _finished(self):
        jobs = self.stack.sql("SELECT status, count(*) FROM jobs_job WHERE created_at >= %s "
                              "GROUP BY status", (self.since,))
        submissions = self.stack.sql("SELECT count(*) FROM cases_filesubmission WHERE "
                                     "submitted_at >= %s", (self.since,))
        if jobs is None or submissions is None:
            return False
        statuses = dict(jobs)
        if statuses.get("queued") or statuses.get("running"):
            return False
        accepted = sum(1 for submission in self.submitted.values() if submission)
        return submissions[0][0] >= accepted

    # --- Counting -------------------------------------------------------------------------

    def count(self):
        counted = self.stack.django("count", since=self.since.isoformat(),
                                    cases=list(self.submitted), doses=list(self.doses),
                                    checks=list(self.checks))
        mail = [message for message in self.stack.mailbox() if message["at"] >= self.started]
        outcome = self.outcome
        outcome.jobs = len(counted["jobs"])
        last_done, self.lost_jobs = tally_jobs(outcome, counted, mail)
        tally_files(outcome, counted["files"])
        tally_entries(outcome, "dose", self.doses, counted["doses"])
        tally_entries(outcome, "check", self.checks, counted["checks"])
        self._judge_pages()
        if outcome.lost == 0 and outcome.duplicated == 0:
            outcome.recovery = max(0.0, (last_done or self.restored_at) - self.restored_at)
            if outcome.recovery > RECOVERY_LIMIT:
                self.problem(f"recovery took {outcome.recovery:.0f} s (limit "
                             f"{RECOVERY_LIMIT:.0f} s)")
        if outcome.lost:
            self.problem(f"{outcome.lost} lost")
        if outcome.duplicated:
            self.problem(f"{outcome.duplicated} duplicated")
        if not outcome.passed:
            outcome.evidence = self.log_excerpts(self.lost_jobs)
        return outcome

    def _judge_pages(self):
        answers = self.officer.answers + self.custody.answers
        for answer in answers:
            # /healthz answers 503 when a part is down: that is its job.
            if answer.path == HEALTH or any(answer is excused for excused in self.excused):
                continue
            if answer.is_server_error and not self._allowed(answer):
                self.outcome.server_errors += 1
                self.problem(f"{answer.describe()} at {_clock(answer.at)}")
            elif answer.status is None:
                self.outcome.server_errors += 1
                self.problem(f"{answer.describe()} at {_clock(answer.at)}")
            if answer.seconds > PAGE_SECONDS:
                self.outcome.slow_pages += 1
                self.problem(f"slow page: {answer.describe()} at {_clock(answer.at)}")
        statuses = {}
        for answer in answers:
            statuses[answer.status] = statuses.get(answer.status, 0) + 1
        self.note("answers: " + ", ".join(f"{status}: {count}" for status, count in
                                          sorted(statuses.items(), key=lambda kv: str(kv[0]))))

    def log_excerpts(self, job_ids=()):
        """Per process, the telling lines of its log since the run began, and every line
        naming one of ``job_ids``."""
        ids = "|".join(map(str, job_ids))
        named = re.compile(rf"job_id=({ids})\b") if job_ids else None
        excerpts = []
        for process in self.stack.processes():
            text = process.log_since(self.log_offsets.get(process.name, 0))
            lines = [line.strip()[:300] for line in text.splitlines()
                     if not line.startswith(RICH_TRACEBACK_FRAME)
                     and (TELLING.search(line) or (named and named.search(line)))]
            if len(lines) > LOG_LINES_SHOWN:
                half = LOG_LINES_SHOWN // 2
                lines = [*lines[:half], f"... {len(lines) - LOG_LINES_SHOWN} more ...",
                         *lines[-half:]]
            if lines:
                excerpts.append((process.name, lines))
        return excerpts


# --- The tally: each job by its handler's effect --------------------------------------

def tally_jobs(outcome, counted, mail):
    """Count each job of ``counted`` (seed.count's answer) once by its effect: a
    submission job by its "ready" audit events, an email job by the messages in ``mail``
    (the SMTP sink's), any other by its status. Returns (when the last was done, in epoch
    seconds, or None; the ids of the jobs lost)."""
    lost_jobs = []
    ready = {str(found["pk"]): found["ready_events"] for found in counted["files"]}
    notifications = {str(n["pk"]): n for n in counted["notifications"]}
    finished = [_epoch(job["finished_at"]) for job in counted["jobs"] if job["finished_at"]]
    finished += [message["at"] for message in mail]
    for job in counted["jobs"]:
        effects = 1
        if job["kind"] == SUBMIT_JOB:
            effects = ready.get(job["object_id"], 0)
        elif job["kind"] == EMAIL_JOB:
            effects = _emails_of(notifications.get(job["object_id"]), mail)
        what = f"job {job['pk']} {job['kind']} {job['object_id']}"
        if job["status"] != "done":
            outcome.lost += 1
            lost_jobs.append(job["pk"])
            outcome.problem(f"{what}: {job['status']} after {job['attempts']} attempt(s)"
                            + (f", last error {job['last_error']!r}" if job["last_error"]
                               else ""))
        elif effects == 0:
            outcome.lost += 1
            lost_jobs.append(job["pk"])
            outcome.problem(f"{what}: done, but its effect is missing")
        elif effects > 1:
            outcome.duplicated += effects - 1
            outcome.problem(f"{what}: its effect happened {effects} times")
        else:
            outcome.done_once += 1
    return max(finished, default=None), lost_jobs


def tally_files(outcome, files):
    """Each file submitted in the run: one submission, accepted, complete."""
    for found in files:
        submissions = len(found["submissions"])
        if submissions > 1:
            outcome.duplicated += submissions - 1
            outcome.problem(f"file {found['urn']}: submitted {submissions} times")
        elif submissions == 0:
            outcome.lost += 1
            outcome.problem(f"file {found['urn']}: its submission was never accepted")
        for submission in found["submissions"]:
            if submission["problems"]:
                outcome.problem(f"file {found['urn']}: the check found problems "
                                f"{submission['problems']}")


def tally_entries(outcome, kind, sent, stored):
    """Each dose or check sent (by client id): one row and one timeline entry."""
    for client_id in sent:
        rows, entries = stored.get(client_id, (0, 0))
        outcome.entries += 1
        if rows == 0 or entries == 0:
            outcome.lost += 1
            outcome.problem(f"{kind} {client_id[:8]}: {rows} row(s), {entries} timeline "
                            "entries (never saved)")
        elif rows > 1 or entries > 1:
            outcome.duplicated += max(rows, entries) - 1
            outcome.problem(f"{kind} {client_id[:8]}: {rows} rows, {entries} timeline entries")


def _emails_of(notification, mail):
    if notification is None or not notification["email"]:
        return 1  # nothing to send: the job's effect is to send nothing
    subject = f"Athena: {notification['title']}"
    return sum(1 for message in mail
               if message["subject"] == subject and notification["email"] in message["to"])


def _epoch(value):
    return datetime.fromisoformat(value).timestamp()


def _clock(epoch):
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%H:%M:%S UTC")


class Driver:
    """Work done through the pages in the background while a part is down: a submission
    every few seconds (while files last), a dose, a check, and the pages people keep open."""

    def __init__(self, run, files, *, pause=0.5):
        self.run = run
        self.files = list(files)
        self.pause = pause
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._work, daemon=True)
        self.error = None

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(timeout=60)
        if self.error is not None:
            self.run.problem(f"the work through the pages stopped: "
                             f"{type(self.error).__name__}: {self.error}")

    def _work(self):
        steps = [self._submit, self.run.dose, self.run.check, self.run.look]
        try:
            while not self.stopping.is_set():
                for step in steps:
                    if self.stopping.is_set():
                        return
                    step()
                    time.sleep(self.pause)
        except Exception as error:  # noqa: BLE001 - reported by the scenario
            self.error = error

    def _submit(self):
        if self.files:
            self.run.submit(self.files.pop(0))
