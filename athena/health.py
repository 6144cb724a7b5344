"""/healthz: is the database answering, the broker reachable and a worker alive? And
/sw.js, the service worker, which must be served from the root."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from athena.celery import app as celery_app
from athena.jobs.models import WorkerHeartbeat


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def _check_broker():
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"ok": True}


def _check_worker():
    beat = WorkerHeartbeat.objects.filter(pk=1).values_list("beat_at", flat=True).first()
    if beat is None:
        return {"ok": False, "error": "no heartbeat recorded"}
    age = (timezone.now() - beat).total_seconds()
    return {"ok": age <= settings.ATHENA_HEARTBEAT_MAX_AGE.total_seconds(),
            "last_heartbeat_seconds_ago": round(age)}


def _run(check):
    try:
        return check()
    except Exception as error:  # noqa: BLE001 - a health check reports every failure
        return {"ok": False, "error": type(error).__name__}


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {"database": _run(_check_database), "broker": _run(_check_broker)}
    checks["worker"] = _run(_check_worker) if checks["database"]["ok"] else {
        "ok": False, "error": "database unavailable"}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unhealthy", "checks": checks},
                        status=200 if healthy else 503)


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
