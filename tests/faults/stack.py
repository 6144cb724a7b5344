"""The whole of Athena on loopback, as the fault suite runs it: its own Redis (the broker),
its own database on the machine's PostgreSQL, gunicorn, the Celery workers of
Procfile.dev and a separate beat, an SMTP sink, and a relay between the web and the
broker. A throwaway PostgreSQL cluster stands by for the scenarios that stop the
database; ``use_cluster`` moves the application onto it.

Nothing here stops or changes the machine's own PostgreSQL (5432) or Redis (6379): the
database it creates there is its own, and is dropped on close.
"""

import contextlib
import json
import os
import secrets
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from tests.faults.processes import (
    CeleryBeat,
    CeleryWorker,
    Gunicorn,
    PostgresCluster,
    Redis,
    Relay,
    SmtpSink,
    free_port,
)

DATABASE = "athena_faults"
ADMIN_URL = os.environ.get("ATHENA_FAULT_ADMIN_DATABASE_URL",
                           "postgres://postgres:postgres@127.0.0.1:5432/postgres")
SUPERVISOR_EMAIL = "supervisor@faults.example"
# Files to seed: enough for every scenario to submit fresh ones.
FILES = int(os.environ.get("ATHENA_FAULT_FILES", "60"))
# Statements per file and words per statement: a bundle of some 30 pages, a few seconds
# of assembly, long enough to kill a worker in the middle of one.
STATEMENTS, WORDS = 4, 3000
PG_BIN = Path("/usr/lib/postgresql/15/bin")


class Stack:
    def __init__(self, root):
        self.root = Path(root)
        self.workdir = Path(tempfile.mkdtemp(prefix="athena-faults-"))
        self.logs = self.workdir / "logs"
        self.logs.mkdir()
        self.redis_port = free_port(6393)
        self.relay_port = free_port(self.redis_port + 1)
        self.web_port = free_port(8093)
        self.smtp_port = free_port(2525)
        self.cluster_port = free_port(5450)
        self.database_url = _with_database(ADMIN_URL, DATABASE)
        self.hmac_key = secrets.token_urlsafe(48)
        self.redis = self.relay = self.smtp = self.gunicorn = self.beat = None
        self.cluster = None
        self.workers = []
        self.files = []
        self.targets = {}
        self.password = ""

    # --- Environment --------------------------------------------------------------------

    def env(self, *, web=False):
        """The application's environment: the dev settings with real services. The web
        reaches the broker through the relay; workers and beat reach it directly."""
        broker_port = self.relay_port if web else self.redis_port
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update({
            "DJANGO_SETTINGS_MODULE": "athena.settings",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{broker_port}/0",
            "REDIS_URL": f"redis://127.0.0.1:{broker_port}/1",
            "DEBUG": "false",
            "LOG_FORMAT": "console",
            "LOG_LEVEL": "INFO",
            "ATHENA_VAR_DIR": str(self.workdir / "var"),
            "ATHENA_AUDIT_HMAC_KEY": self.hmac_key,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "PYTHONUNBUFFERED": "1",
            "PYTHONWARNINGS": "ignore",
        })
        return env

    # --- Start and stop -----------------------------------------------------------------

    def start(self):
        self.redis = Redis(port=self.redis_port, workdir=self.workdir, env=self.env()).start()
        self.relay = Relay(port=self.relay_port, upstream=self.redis_port, root=self.root,
                           env=self.env(), log=self.logs / "relay.log").start()
        self.smtp = SmtpSink(port=self.smtp_port, root=self.root, env=self.env(),
                             mailbox=self.workdir / "mailbox.jsonl",
                             log=self.logs / "smtp.log").start()
        self._create_database()
        self.manage("migrate", "--noinput", "-v", "0", timeout=300)
        seeded = self.django("seed", files=FILES, statements=STATEMENTS, words=WORDS,
                             supervisor_email=SUPERVISOR_EMAIL, timeout=600)
        self.files = seeded["cases"]
        self.password = seeded["password"]
        self.targets = {"record": seeded["custody_record"], "plan": seeded["plan"]}
        self.start_application()
        return self

    def start_application(self):
        self.gunicorn = Gunicorn(port=self.web_port, workers=3, root=self.root,
                                 env=self.env(web=True), log=self.logs / "gunicorn.log")
        self.workers = [CeleryWorker(name=name, argv=argv, root=self.root, env=self.env(),
                                     log=self.logs / f"{name}.log")
                        for name, argv in self.worker_commands()]
        self.beat = CeleryBeat("beat", [self.root / ".venv/bin/celery", "-A", "athena", "beat",
                                        "--loglevel", "INFO", "--schedule",
                                        self.workdir / "celerybeat-schedule"],
                               env=self.env(), cwd=self.root, log=self.logs / "beat.log")
        self.gunicorn.start()
        for worker in self.workers:
            worker.start()
        self.beat.start()

    def stop_application(self):
        for process in (self.gunicorn, self.beat, *self.workers):
            if process is not None:
                process.stop()

    def worker_commands(self):
        """Each Celery worker line of Procfile.dev, read now (the queues may change), run
        without its embedded beat: beat runs on its own, as in production."""
        commands = []
        for line in (self.root / "Procfile.dev").read_text().splitlines():
            name, _, command = line.partition(":")
            argv = shlex.split(os.path.expandvars(command))
            if not argv or "celery" not in argv[0] or "worker" not in argv:
                continue
            commands.append((name.strip(), [str(self.root / argv[0]), *_without_beat(argv[1:]),
                                            "--hostname", f"{name.strip()}@faults"]))
        if not commands:
            raise RuntimeError("Procfile.dev names no Celery worker")
        return commands

    def close(self):
        """Stop everything we started, drop our database, remove the temporary folder."""
        for process in (self.gunicorn, self.beat, *self.workers, self.smtp, self.relay,
                        self.redis):
            if process is not None:
                try:
                    process.stop()
                except Exception as error:  # noqa: BLE001 - go on closing the rest
                    print(f"faults: could not stop {process.name}: {error}")
        if self.cluster is not None:
            self.cluster.stop(mode="immediate")
        try:
            self._drop_database()
        except psycopg.Error as error:
            print(f"faults: could not drop {DATABASE}: {error}")
        if os.environ.get("ATHENA_FAULT_KEEP") == "1":
            print(f"faults: kept {self.workdir}")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    # --- The database ---------------------------------------------------------------------

    def _create_database(self):
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {DATABASE}")

    def _drop_database(self):
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")

    def use_cluster(self):
        """Move the application onto the throwaway cluster, with the data as it stands:
        stop it, copy the database across, start it again there. Once only."""
        if self.cluster is not None:
            return self.cluster
        self.cluster = PostgresCluster(port=self.cluster_port, workdir=self.workdir / "pg",
                                       env=self.env())
        self.cluster.create()
        self.cluster.start()
        self.stop_application()
        dump = self.workdir / "athena_faults.dump"
        source = self.database_url
        _run([PG_BIN / "pg_dump", "-Fc", "-f", dump, "-d", source], timeout=300)
        _run([PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.cluster_port, "-U",
              "postgres", DATABASE], timeout=60)
        _run([PG_BIN / "pg_restore", "--no-owner", "-d", self.cluster.url, dump],
             timeout=300)
        self._drop_database()
        self.database_url = self.cluster.url
        self.start_application()
        return self.cluster

    @contextlib.contextmanager
    def table_locked(self, table):
        """Hold a SHARE lock on ``table`` (no row can be inserted) until the block ends."""
        with psycopg.connect(self.database_url, connect_timeout=5) as connection, \
                connection.transaction():
            connection.execute(f"LOCK TABLE {table} IN SHARE MODE")
            yield

    def sql(self, query, params=()):
        """Rows of a read-only query, or None when the database does not answer."""
        try:
            with psycopg.connect(self.database_url, connect_timeout=2) as connection:
                return connection.execute(query, params).fetchall()
        except psycopg.Error:
            return None

    # --- Django, for seeding and counting only --------------------------------------------

    def manage(self, *argv, timeout=120):
        return _run([self.root / ".venv/bin/python", "manage.py", *argv], cwd=self.root,
                    env=self.env(), timeout=timeout)

    def django(self, command, *, timeout=180, **arguments):
        arguments_file = self.workdir / f"{command}-arguments.json"
        result_file = self.workdir / f"{command}-result.json"
        arguments_file.write_text(json.dumps(arguments))
        result_file.unlink(missing_ok=True)
        code = (f"from tests.faults.seed import run; run({command!r}, "
                f"{str(arguments_file)!r}, {str(result_file)!r})")
        self.manage("shell", "-c", code, timeout=timeout)
        return json.loads(result_file.read_text())

    def processes(self):
        """Every process of ours that writes a log, for the scenarios' evidence."""
        return [p for p in (self.gunicorn, *self.workers, self.beat, self.relay, self.smtp)
                if p is not None]

    # --- Mail -------------------------------------------------------------------------------

    def mailbox(self):
        try:
            lines = self.smtp.mailbox.read_text().splitlines()
        except OSError:
            return []
        return [json.loads(line) for line in lines if line.strip()]

    def take_files(self, count):
        taken, self.files = self.files[:count], self.files[count:]
        if len(taken) < count:
            raise RuntimeError("The seed made too few files: raise ATHENA_FAULT_FILES")
        return taken


def _without_beat(argv):
    """A worker's arguments without its embedded beat (--beat/-B, --schedule/-s)."""
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--beat", "-B"):
            continue
        elif arg in ("--schedule", "-s"):
            skip = True
        elif not arg.startswith("--schedule="):
            kept.append(arg)
    return kept


def _with_database(url, name):
    return url.rsplit("/", 1)[0] + "/" + name


def _run(argv, *, timeout, cwd=None, env=None):
    started = time.monotonic()
    result = subprocess.run([str(arg) for arg in argv], cwd=cwd, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} failed after "
                           f"{time.monotonic() - started:.0f} s:\n{result.stdout[-3000:]}"
                           f"\n{result.stderr[-3000:]}")
    return result
