"""The drill's users: signed-in browsers doing a steady trickle of writes through the
pages, each write with a marker of its own so the database can be asked for it later.

Plain HTTP/1.1 from the standard library: one connection a request, cookies and the CSRF
token kept, redirects not followed (a form that saved answers 302, so the status is what
counts). Writes alternate between the two web processes; a failed write is not retried.
"""

import http.client
import itertools
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
REQUEST_TIMEOUT = 40  # longer than gunicorn's own 30 s, so we see what it does
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_PAGE = re.compile(r"/cases/\d+/submissions/\d+/$")


@dataclass
class Write:
    """One write and its answer. ``ok``: the server said it saved it (a redirect)."""

    kind: str  # "dose", "check", "submission"
    marker: str  # the custody client id, or the case file's pk
    port: int
    started: float  # time.time()
    seconds: float = 0.0
    status: int | None = None  # None: no answer (refused, reset, timed out)
    error: str = ""

    @property
    def ok(self):
        return self.status == 302

    @property
    def finished(self):
        return self.started + self.seconds


@dataclass
class Browser:
    name: str
    cookies: dict = field(default_factory=dict)

    def request(self, port, method, path, *, form=None):
        """(status or None, Location, body text, error name)."""
        headers = {"Host": f"127.0.0.1:{port}", "Connection": "close",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            return response.status, response.headers.get("Location", ""), text, ""
        except (OSError, http.client.HTTPException) as error:
            return None, "", "", type(error).__name__
        finally:
            connection.close()

    def _keep_cookies(self, headers):
        for header in headers:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)

    def sign_in(self, port, username, password):
        status, _, body, error = self.request(port, "GET", "/account/sign-in/")
        if status != 200 or not CSRF_FIELD.search(body):
            raise RuntimeError(f"No sign-in page on {port}: {status} {error}")
        status, _, _, error = self.request(port, "POST", "/account/sign-in/",
                                           form={"username": username, "password": password})
        if status != 302:
            raise RuntimeError(f"Signing in as {username} on {port} failed: {status} {error}")


def _a_minute_ago():
    then = datetime.now(LONDON) - timedelta(minutes=1)
    return {"at_0": then.strftime("%d/%m/%Y"), "at_1": then.strftime("%H:%M")}


class Trickle:
    """A thread writing every ``interval`` seconds, round the web ports: a dose (refused:
    it never clashes with another dose's timing) and an observation check in turn, each
    queueing the custody contingency rebuild; and every ``submit_every`` seconds instead a
    case file submitted for review (which queues its check and bundle, then notifications
    and their emails). Custody writes carry a fresh client id; a submission's marker is
    its case file, each submitted once."""

    def __init__(self, *, ports, custody, officer, record, plan, cases, interval, submit_every):
        self.ports = list(ports)
        self.custody, self.officer = custody, officer
        self.record, self.plan = record, plan
        self.cases = list(cases)
        self.interval, self.submit_every = interval, submit_every
        self.writes = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="trickle", daemon=True)
        self._lock = threading.Lock()

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=REQUEST_TIMEOUT + 5)

    def _run(self):
        custody_kinds = itertools.cycle(["dose", "check"])
        last_submission = time.monotonic()
        for number in itertools.count():
            if self._stop.is_set():
                return
            began = time.monotonic()
            if self.cases and began - last_submission >= self.submit_every:
                kind, last_submission = "submission", began
            else:
                kind = next(custody_kinds)
            # Each web process takes every kind in turn (not doses on one, checks on the
            # other): ports go 0, 1, 1, 0, 0, 1, ...
            self._write(kind, self.ports[(number + number // 2) % len(self.ports)])
            self._stop.wait(max(0.0, self.interval - (time.monotonic() - began)))

    def _write(self, kind, port):
        if kind == "submission":
            marker = str(self.cases.pop(0))
            browser, path, form = self.officer, f"/cases/{marker}/submit/", {}
        elif kind == "dose":
            marker = uuid.uuid4().hex
            browser = self.custody
            path = f"/custody/records/{self.record}/medication/{self.plan}/dose/"
            form = {**_a_minute_ago(), "outcome": "refused", "client_id": marker,
                    "notes": "Refused: says he feels fine."}
        else:
            marker = uuid.uuid4().hex
            browser = self.custody
            path = f"/custody/records/{self.record}/checks/new/"
            form = {**_a_minute_ago(), "notes": "Awake, sitting on the bench.",
                    "client_id": marker, "rousable": "yes", "responds_to_questions": "yes",
                    "responds_to_commands": "yes"}
        write = Write(kind=kind, marker=marker, port=port, started=time.time())
        began = time.monotonic()
        status, location, _, error = browser.request(port, "POST", path, form=form)
        if kind == "submission" and status == 302 and not SUBMISSION_PAGE.search(location):
            status, error = 200, f"redirected elsewhere: {location}"
        write.status, write.error = status, error
        write.seconds = time.monotonic() - began
        with self._lock:
            self.writes.append(write)

    def snapshot(self):
        with self._lock:
            return list(self.writes)

    def first_success_after(self, moment):
        """The first write begun after ``moment`` that the server said it saved."""
        return next((w for w in self.snapshot() if w.started >= moment and w.ok), None)
