"""Real processes on loopback for the fault suite, each in its own process group so it
can be stopped, frozen or killed whole: Redis, a throwaway PostgreSQL cluster, gunicorn,
Celery workers and beat, the SMTP sink and the broker relay.

Every wait here is bounded; ``stop`` ends a process group with SIGTERM, then SIGKILL.
Nothing here touches a process it did not start.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

STOP_TIMEOUT = 10


class NotReady(Exception):
    """A process did not come up (or go down) in time; the message says which and why."""


def port_is_free(port):
    with contextlib.closing(socket.socket()) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(preferred):
    """``preferred`` if nothing listens there, else the next free port above it."""
    for port in range(preferred, preferred + 200):
        if port_is_free(port):
            return port
    raise NotReady(f"no free port from {preferred}")


def wait_until(predicate, *, timeout, what, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise NotReady(f"{what} not within {timeout} s")


def children_of(pid):
    """Pids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after it.
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def is_alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


class Process:
    """One command, started in a new session; its output goes to ``log``."""

    def __init__(self, name, argv, *, env, cwd, log, user=None):
        self.name = name
        self.argv = [str(arg) for arg in argv]
        self.env = env
        self.cwd = cwd
        self.log = Path(log)
        self.user = user
        self.popen = None
        self.finished = True  # no process of ours left in the group to signal
        self.started_at = None

    @property
    def pid(self):
        return self.popen.pid if self.popen else None

    @property
    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def start(self):
        with self.log.open("ab") as out:
            out.write(f"\n=== start {time.strftime('%H:%M:%S')} {' '.join(self.argv)}\n"
                      .encode())
            out.flush()
            self.popen = subprocess.Popen(  # noqa: S603 - our own commands
                self.argv, env=self.env, cwd=self.cwd, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True, user=self.user)
        self.finished = False
        self.started_at = time.time()
        return self

    def signal_group(self, signum):
        # Once the group was killed whole its id may be reused: never signal it again.
        if self.popen is None or self.finished:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signum)

    def kill(self):
        """SIGKILL the whole group (the process and every child), as a crash would."""
        self.signal_group(signal.SIGKILL)
        self._reap(STOP_TIMEOUT)

    def freeze(self):
        self.signal_group(signal.SIGSTOP)

    def thaw(self):
        self.signal_group(signal.SIGCONT)

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM the group, and SIGKILL it if it is still there after ``timeout``."""
        if self.popen is None or self.finished:
            return
        self.thaw()
        self.signal_group(signal.SIGTERM)
        if not self._reap(timeout):
            self.kill()

    def _reap(self, timeout):
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        # Children left behind by the leader (a pool child) die with the group too.
        self.signal_group(signal.SIGKILL)
        self.finished = True
        return True

    def children(self):
        return children_of(self.pid) if self.running else []

    def log_text(self):
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def log_since(self, offset):
        return self.log_text()[offset:]

    def log_size(self):
        return len(self.log_text())


def redis_ping(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def http_answers(port, path="/healthz"):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            return conn.recv(16).startswith(b"HTTP/")
    except OSError:
        return False


class Redis(Process):
    def __init__(self, *, port, workdir, env):
        super().__init__("redis", [
            "redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", workdir, "--daemonize", "no"],
            env=env, cwd=workdir, log=Path(workdir) / "redis.log")
        self.port = port

    def start(self):
        super().start()
        wait_until(lambda: redis_ping(self.port), timeout=15, what="redis answering PING")
        return self


class PostgresCluster:
    """A throwaway PostgreSQL cluster (initdb in a temporary folder) that the database
    scenarios may stop and restart. Run as the postgres user when we are root."""

    BIN = Path("/usr/lib/postgresql/15/bin")

    def __init__(self, *, port, workdir, env):
        self.port = port
        self.dir = Path(workdir) / "pgdata"
        self.log = Path(workdir) / "postgres.log"
        self.env = env
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *argv, timeout=60):
        """Run a PostgreSQL program; its output (and that of a server it starts, which
        keeps the descriptors it inherits) goes to the cluster's log, never to a pipe."""
        with self.log.open("a") as log:
            subprocess.run(  # noqa: S603 - our own commands
                [str(self.BIN / argv[0]), *map(str, argv[1:])], env=self.env, user=self.user,
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                timeout=timeout, check=True, cwd="/")

    def create(self):
        self.dir.mkdir(parents=True)
        self.log.touch(mode=0o666)
        if self.user:
            self.dir.parent.parent.chmod(0o755)  # the suite's folder, for postgres to enter
            shutil.chown(self.dir.parent, self.user)
            shutil.chown(self.dir, self.user)
            shutil.chown(self.log, self.user)
        self._run("initdb", "-D", self.dir, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync")
        return self

    def start(self):
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", self.dir, "-l", self.log, "-o", options, "-w", "-t", "30",
                  "start")
        self.started_at = time.time()

    def stop(self, mode="fast"):
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self._run("pg_ctl", "-D", self.dir, "-m", mode, "-w", "-t", "30", "stop")

    def restart(self):
        self._run("pg_ctl", "-D", self.dir, "-l", self.log, "-m", "fast", "-w", "-t", "30",
                  "restart")
        self.started_at = time.time()

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/athena_faults"


class Gunicorn(Process):
    """gunicorn as the README runs it in production: athena.wsgi and its workers."""

    def __init__(self, *, port, workers, root, env, log):
        super().__init__("gunicorn", [
            Path(root) / ".venv/bin/gunicorn", "athena.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", workers, "--access-logfile", "-",
            "--access-logformat", 'access %(s)s %(m)s %(U)s %(L)ss pid=%(p)s'],
            env=env, cwd=root, log=log)
        self.port = port
        self.workers = workers

    def start(self):
        super().start()
        wait_until(lambda: http_answers(self.port) and len(self.children()) >= self.workers,
                   timeout=60, what="gunicorn answering with all its workers")
        return self

    def worker_serving(self):
        """The pid of the worker holding an open connection on our port (the worker
        handling the one request in flight), or None."""
        inodes = _established_socket_inodes(self.port)
        for pid in self.children():
            with contextlib.suppress(OSError):
                for fd in Path(f"/proc/{pid}/fd").iterdir():
                    target = os.readlink(fd)
                    if target.startswith("socket:[") and int(target[8:-1]) in inodes:
                        return pid
        return None


def _established_socket_inodes(port):
    """Inodes of established TCP sockets whose local port is ``port`` (/proc/net/tcp)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if local_port == port and fields[3] == "01":  # ESTABLISHED
                    inodes.add(int(fields[9]))
    return inodes


class CeleryWorker(Process):
    def __init__(self, *, name, argv, root, env, log):
        super().__init__(name, argv, env=env, cwd=root, log=log)

    def start(self, *, wait=True):
        offset = self.log_size()
        super().start()
        if wait:
            wait_until(lambda: " ready." in self.log_since(offset), timeout=90,
                       what=f"{self.name} ready")
        return self


class CeleryBeat(Process):
    def start(self, *, wait=True):
        offset = self.log_size()
        super().start()
        if wait:
            wait_until(lambda: "beat: Starting" in self.log_since(offset), timeout=60,
                       what="beat starting")
        return self


class SmtpSink(Process):
    """tests/faults/smtp_sink.py: accepts every message and appends it to ``mailbox``."""

    def __init__(self, *, port, root, env, mailbox, log):
        super().__init__("smtp", [Path(root) / ".venv/bin/python",
                                  Path(__file__).with_name("smtp_sink.py"), port, mailbox],
                         env=env, cwd=root, log=log)
        self.port = port
        self.mailbox = Path(mailbox)

    def start(self):
        super().start()
        wait_until(lambda: not port_is_free(self.port), timeout=15, what="SMTP sink listening")
        return self


class Relay(Process):
    """tests/faults/relay.py between the web processes and Redis: SIGUSR1 holds what the
    web sends to the broker, SIGUSR2 lets it through again."""

    def __init__(self, *, port, upstream, root, env, log):
        super().__init__("relay", [Path(root) / ".venv/bin/python",
                                   Path(__file__).with_name("relay.py"), port, upstream],
                         env=env, cwd=root, log=log)
        self.port = port

    def start(self):
        super().start()
        wait_until(lambda: not port_is_free(self.port), timeout=15, what="relay listening")
        return self

    def hold(self):
        os.kill(self.pid, signal.SIGUSR1)

    def release(self):
        os.kill(self.pid, signal.SIGUSR2)
