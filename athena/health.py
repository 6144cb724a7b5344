"""/healthz: is the database answering, the broker reachable, the worker alive, and beat
still having the sweeper run? And /sw.js, the service worker, served from the root.

/healthz answers within a second whatever is down. Each check runs in a thread of its
own with short timeouts, and the answer goes out at DEADLINE_SECONDS with what came back
by then: a check still waiting (a frozen Redis or PostgreSQL accepts a connection and
never answers) is reported as timed out. A check still running from an earlier request
is joined, not started again, so a frozen service holds at most one thread per check.

It is answered before the session or the user is loaded (HealthFirstMiddleware): a
browser calling it with its session cookie must not wait on the database to learn that
the database is down.
"""

import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from athena.celery import app as celery_app
from athena.jobs.models import SWEEPER_HEARTBEAT_ID, WORKER_HEARTBEAT_ID, WorkerHeartbeat

# Under a second with room for the request itself; a live check answers in milliseconds.
DEADLINE_SECONDS = 0.75
HEALTHZ_PATH = "/healthz"  # athena/urls.py routes it here too
BROKER_SOCKET_TIMEOUT_SECONDS = 0.5
TIMED_OUT = {"ok": False, "error": "timed out"}


def _check_database():
    """The database answers: it reads both heartbeat rows (so the worker's and the
    sweeper's checks cost no query of their own). Closes the thread's connection, which
    no one else would."""
    try:
        beats = dict(WorkerHeartbeat.objects.filter(
            pk__in=(WORKER_HEARTBEAT_ID, SWEEPER_HEARTBEAT_ID)).values_list("pk", "beat_at"))
    finally:
        connections.close_all()
    return {"ok": True, "beats": beats}


def _check_broker():
    with celery_app.connection_for_write(transport_options={
            "socket_timeout": BROKER_SOCKET_TIMEOUT_SECONDS,
            "socket_connect_timeout": BROKER_SOCKET_TIMEOUT_SECONDS}) as conn:
        conn.ensure_connection(max_retries=0)  # one try: a retry would sleep first
    return {"ok": True}


def _heartbeat(database, beat_id):
    """How old the row ``beat_id`` is, from what the database check read."""
    if not database["ok"]:
        return {"ok": False, "error": "database unavailable"}
    beat = database["beats"].get(beat_id)
    if beat is None:
        return {"ok": False, "error": "no heartbeat recorded"}
    age = (timezone.now() - beat).total_seconds()
    return {"ok": age <= settings.ATHENA_HEARTBEAT_MAX_AGE.total_seconds(),
            "last_heartbeat_seconds_ago": round(age)}


@dataclass
class _Run:
    """One check running in a daemon thread (a frozen service must not hold up the
    process's exit), and what it found once ``done`` is set."""

    check: object
    done: threading.Event = field(default_factory=threading.Event)
    outcome: dict = field(default_factory=dict)

    def start(self):
        threading.Thread(target=self._run, daemon=True, name="healthz-check").start()
        return self

    def _run(self):
        try:
            self.outcome = self.check()
        except Exception as error:  # noqa: BLE001 - a health check reports every failure
            self.outcome = {"ok": False, "error": type(error).__name__}
        finally:
            self.done.set()


_CHECKS = {"database": _check_database, "broker": _check_broker}
_running = {}  # check name -> the _Run still going from an earlier request
_running_lock = threading.Lock()


def _started(name):
    with _running_lock:
        run = _running.get(name)
        if run is None or run.done.is_set():
            run = _running[name] = _Run(_CHECKS[name]).start()
        return run


def run_checks(deadline_seconds=DEADLINE_SECONDS):
    """Every part's check, by name: database, broker, worker, sweeper."""
    runs = {name: _started(name) for name in _CHECKS}
    until = time.monotonic() + deadline_seconds
    found = {}
    for name, run in runs.items():
        answered = run.done.wait(max(0.0, until - time.monotonic()))
        found[name] = dict(run.outcome) if answered else dict(TIMED_OUT)
    database = found["database"]
    return {"database": {key: value for key, value in database.items() if key != "beats"},
            "broker": found["broker"],
            "worker": _heartbeat(database, WORKER_HEARTBEAT_ID),
            # Beat has the worker run the sweeper on a schedule: this row goes stale when
            # beat stops, though the worker still runs jobs (and with the worker too).
            "sweeper": _heartbeat(database, SWEEPER_HEARTBEAT_ID)}


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = run_checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unhealthy", "checks": checks},
                        status=200 if healthy else 503)


class HealthFirstMiddleware:
    """Answers /healthz before the session, the user or anything else that needs the
    database, so it answers however the database fails. Just after the security headers
    in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTHZ_PATH:
            return self.get_response(request)
        response = healthz(request)
        # CommonMiddleware, which would say it, is not reached: without a length an
        # HTTP/1.1 server closes the connection after every answer.
        response["Content-Length"] = str(len(response.content))
        return response


@login_not_required
@require_GET
def service_worker(request):
    """The service worker script, served from the root so it may look after every page
    it is allowed to (browsers limit a worker to the path it is served from)."""
    script = (settings.BASE_DIR / "static" / "athena" / "sw.js").read_text(encoding="utf-8")
    script = script.replace("__OUTBOX_SCRIPT__", static("athena/outbox.js"))
    response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
