"""Athena itself for the drill: two gunicorn web processes and the Celery worker (with
its embedded beat) of Procfile.dev, all reaching PostgreSQL through libpq's host list
and Redis through the Sentinels, exactly as the settings read them from the environment.
Also ``manage.py`` for migrating, seeding and counting.
"""

import json
import os
import secrets
import shlex
import subprocess
import threading
import time
from pathlib import Path

from bench.ha.processes import Process, http_json, wait_until
from bench.ha.topology import SENTINEL_MASTER

GUNICORN_WORKERS = 2


class Application:
    def __init__(self, *, root, workdir, services, web_ports):
        self.root = Path(root)
        self.workdir = Path(workdir)
        self.services = services
        self.web_ports = web_ports
        self.hmac_key = secrets.token_urlsafe(48)
        self.webs = []
        self.worker = None
        self.worker_exits = []  # (time.time(), exit code) of each exit the watch saw
        self._watching = None

    def env(self):
        """The dev settings, with the HA services in their place and the cache local."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYTEST", "DATABASE_", "CELERY_", "REDIS_"))}
        env.update({
            "DJANGO_SETTINGS_MODULE": "athena.settings",
            "DATABASE_URL": self.services.database_url,
            "CELERY_BROKER_URL": self.services.broker_url,
            "CELERY_BROKER_SENTINEL_MASTER": SENTINEL_MASTER,
            "DEBUG": "false",
            "LOG_FORMAT": "console",
            "LOG_LEVEL": "INFO",
            "ATHENA_VAR_DIR": str(self.workdir / "var"),
            "ATHENA_AUDIT_HMAC_KEY": self.hmac_key,
            "PYTHONUNBUFFERED": "1",
            "PYTHONWARNINGS": "ignore",
        })
        return env

    # --- Processes ---------------------------------------------------------------------

    def start(self):
        logs = self.workdir / "logs"
        self.webs = [Process(f"web-{port}", [
            self.root / ".venv/bin/gunicorn", "athena.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", GUNICORN_WORKERS, "--timeout", "30", "--access-logfile", "-",
            "--access-logformat", "access %(s)s %(m)s %(U)s %(L)ss pid=%(p)s"],
            env=self.env(), cwd=self.root, log=logs / f"web-{port}.log")
            for port in self.web_ports]
        self.worker = Process("worker", self.worker_command(), env=self.env(), cwd=self.root,
                              log=logs / "worker.log")
        for process in [*self.webs, self.worker]:
            process.start()
        for port in self.web_ports:
            wait_until(lambda port=port: http_json(port, "/healthz")[0] is not None,
                       timeout=60, what=f"gunicorn answering on {port}")
        wait_until(lambda: " ready." in self.worker.log_text(), timeout=90,
                   what="the Celery worker ready")
        wait_until(self.healthy, timeout=60, what="/healthz reporting all well")
        return self

    def watch_worker(self):
        """Start the worker again whenever it exits, a second later, as its service
        manager would in production (systemd's Restart=always), noting each exit."""
        stop = threading.Event()

        def watch():
            while not stop.wait(0.5):
                code = self.worker.popen.poll()
                if code is not None:
                    self.worker_exits.append((time.time(), code))
                    self.worker.finished = True
                    if not stop.wait(1):
                        self.worker.start()

        self._watching = stop
        threading.Thread(target=watch, name="worker-watch", daemon=True).start()

    def worker_command(self):
        """Procfile.dev's worker line as it is now (its queues may change), its beat
        schedule moved into the drill's folder and a host name of its own."""
        for line in (self.root / "Procfile.dev").read_text().splitlines():
            name, _, command = line.partition(":")
            argv = shlex.split(command)
            if argv and "celery" in argv[0] and "worker" in argv:
                return [self.root / argv[0], *_with_schedule(argv[1:],
                                                             self.workdir / "celerybeat-schedule"),
                        "--hostname", f"{name.strip()}@ha-drill"]
        raise RuntimeError("Procfile.dev names no Celery worker")

    def healthy(self):
        status, body = http_json(self.web_ports[0], "/healthz", timeout=5)
        return status == 200 and body and body.get("status") == "ok"

    def health(self, port):
        """/healthz's checks as one web process sees them, or None without an answer."""
        return (http_json(port, "/healthz", timeout=5)[1] or {}).get("checks")

    def stop(self):
        if self._watching is not None:
            self._watching.set()
            time.sleep(0.6)  # past the watch's last look
        for process in [*self.webs, self.worker]:
            if process is not None:
                process.stop()

    def processes(self):
        return [*self.webs, self.worker]

    # --- manage.py -----------------------------------------------------------------------

    def manage(self, *argv, timeout):
        started = time.monotonic()
        result = subprocess.run([str(self.root / ".venv/bin/python"), "manage.py",  # noqa: S603
                                 *map(str, argv)], cwd=self.root, env=self.env(),
                                capture_output=True, text=True, timeout=timeout, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(map(str, argv))} failed after "
                               f"{time.monotonic() - started:.0f} s:\n"
                               f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    def django(self, command, *, timeout, **arguments):
        """bench/ha/django_side.py's ``command`` with ``arguments``; its JSON answer."""
        arguments_file = self.workdir / f"{command}-arguments.json"
        result_file = self.workdir / f"{command}-result.json"
        arguments_file.write_text(json.dumps(arguments))
        result_file.unlink(missing_ok=True)
        code = (f"from bench.ha.django_side import run; run({command!r}, "
                f"{str(arguments_file)!r}, {str(result_file)!r})")
        self.manage("shell", "-c", code, timeout=timeout)
        return json.loads(result_file.read_text())


def _with_schedule(argv, schedule):
    """The worker's arguments with its beat schedule file at ``schedule``."""
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--schedule", "-s"):
            skip = True
        elif not arg.startswith("--schedule="):
            kept.append(arg)
    return [*kept, "--schedule", str(schedule)]
