"""A signed-in user's browser, as far as the fault suite needs one: plain HTTP/1.1 to
gunicorn, one connection a request, cookies and the CSRF token kept, redirects not
followed (each answer's status is what the suite checks), and every answer logged with
how long it took. Standard library only."""

import http.client
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


@dataclass
class Answer:
    method: str
    path: str
    status: int | None  # None: no answer at all (refused, reset, timed out)
    seconds: float
    at: float
    location: str = ""
    body: str = ""
    error: str = ""

    @property
    def is_server_error(self):
        return self.status is not None and self.status >= 500

    def describe(self):
        what = self.status if self.status is not None else f"no answer ({self.error})"
        return f"{self.method} {self.path} -> {what} in {self.seconds:.1f} s"


@dataclass
class Browser:
    port: int
    answers: list = field(default_factory=list)
    cookies: dict = field(default_factory=dict)

    def __post_init__(self):
        self.lock = threading.Lock()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        form = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request("POST", path, body=urlencode(form), **kwargs)

    def request(self, method, path, *, body=None, timeout=REQUEST_TIMEOUT):
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "close",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "X-CSRFToken": self.cookies.get("csrftoken", "")}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            answer = Answer(method, path, response.status, time.monotonic() - started,
                            time.time(), location=response.headers.get("Location", ""),
                            body=text)
        except (OSError, http.client.HTTPException) as error:
            answer = Answer(method, path, None, time.monotonic() - started, time.time(),
                            error=type(error).__name__)
        finally:
            connection.close()
        with self.lock:
            self.answers.append(answer)
        return answer

    def _keep_cookies(self, headers):
        for header in headers:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)

    def sign_in(self, username, password):
        page = self.get("/account/sign-in/")
        token = CSRF_FIELD.search(page.body)
        if page.status != 200 or token is None:
            raise AssertionError(f"No sign-in page: {page.describe()}")
        answer = self.post("/account/sign-in/", {"username": username, "password": password})
        if answer.status != 302:
            raise AssertionError(f"Signing in as {username} failed: {answer.describe()}")
        return answer


# --- What the scenarios do through the pages -----------------------------------------

SUBMISSION_PAGE = re.compile(r"/cases/\d+/submissions/(\d+)/$")


def submit_file(browser, case_pk):
    """Press "Submit for review". Returns (answer, submission id or None)."""
    answer = browser.post(f"/cases/{case_pk}/submit/", {})
    match = SUBMISSION_PAGE.search(answer.location) if answer.status == 302 else None
    return answer, int(match.group(1)) if match else None


def _london_now(minutes_ago=1):
    now = datetime.now(LONDON) - timedelta(minutes=minutes_ago)
    return {"at_0": now.strftime("%d/%m/%Y"), "at_1": now.strftime("%H:%M")}


def new_client_id():
    return uuid.uuid4().hex


def record_dose(browser, record_pk, plan_pk, client_id):
    """A dose offered and refused (a refusal never conflicts with the timing of doses);
    ``client_id`` makes a second send of it a no-op, as the page's own form does."""
    return browser.post(f"/custody/records/{record_pk}/medication/{plan_pk}/dose/", {
        **_london_now(), "outcome": "refused", "notes": "Refused: says he feels fine.",
        "client_id": client_id})


def record_check(browser, record_pk, client_id):
    return browser.post(f"/custody/records/{record_pk}/checks/new/", {
        **_london_now(), "notes": "Awake, sitting on the bench.", "client_id": client_id,
        "rousable": "yes", "responds_to_questions": "yes", "responds_to_commands": "yes"})


def saved(answer):
    """A form's POST that stored what it was sent: the page redirects after saving."""
    return answer.status == 302
