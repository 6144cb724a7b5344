"""Processes the drill starts on loopback, each in its own process group, so a crash can be
made by SIGKILL of the whole group and a stop never leaves a child behind.

Every wait is bounded. Nothing here signals a process the drill did not start: each
``Process`` signals only the group it created, and only while that group may still exist.
"""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis

STOP_TIMEOUT = 10


class NotReady(Exception):
    """Something did not happen in time; the message says what."""


def port_is_free(port):
    with contextlib.closing(socket.socket()) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(preferred, count, taken=()):
    """``count`` consecutive free ports from ``preferred`` on (or the next run of them
    above it); never 5432 or 6379, the machine's own PostgreSQL and Redis."""
    start = preferred
    while start < preferred + 500:
        run = range(start, start + count)
        if all(port_is_free(p) and p not in taken and p not in (5432, 6379) for p in run):
            return list(run)
        start += 1
    raise NotReady(f"no {count} free ports from {preferred}")


def wait_until(predicate, *, timeout, what, interval=0.25):
    """Call ``predicate`` until it returns something true, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise NotReady(f"{what}: not within {timeout} s")
        time.sleep(interval)


def http_json(port, path, timeout=2):
    """(status, decoded JSON body or None) of a GET, or (None, None) without an answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        response = connection.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException):
        return None, None
    finally:
        connection.close()
    try:
        return response.status, json.loads(body)
    except ValueError:
        return response.status, None


def redis_ask(port, method, *args, timeout=1):
    """``redis.Redis.<method>(*args)`` on the Redis (or Sentinel) at ``port``, or None when
    it does not answer."""
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=timeout,
                         socket_connect_timeout=timeout, decode_responses=True)
    try:
        return getattr(client, method)(*args)
    except redis.RedisError:
        return None
    finally:
        client.close()


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
        self.finished = True  # no process of ours is left in the group to signal

    @property
    def pid(self):
        return self.popen.pid if self.popen else None

    @property
    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def start(self):
        with self.log.open("ab") as out:
            out.write(f"\n=== {time.strftime('%H:%M:%S')} {' '.join(self.argv)}\n".encode())
            out.flush()
            self.popen = subprocess.Popen(  # noqa: S603 - our own commands
                self.argv, env=self.env, cwd=self.cwd, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True, user=self.user)
        self.finished = False
        return self

    def _signal_group(self, signum):
        # A group killed and reaped whole may have its id reused: never signal it again.
        if self.popen is None or self.finished:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signum)

    def kill(self):
        """SIGKILL the whole group, as a machine that lost its power would."""
        self._signal_group(signal.SIGKILL)
        self._reap(STOP_TIMEOUT)

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM the group; SIGKILL it if it is still there after ``timeout``."""
        if self.popen is None or self.finished:
            return
        self._signal_group(signal.SIGCONT)
        self._signal_group(signal.SIGTERM)
        if not self._reap(timeout):
            self._signal_group(signal.SIGKILL)
            self._reap(timeout)

    def _reap(self, timeout):
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        # What the leader left behind (a pool child, a postmaster) goes with the group.
        self._signal_group(signal.SIGKILL)
        self.finished = True
        return True

    def log_text(self):
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines=15):
        return "\n".join(self.log_text().splitlines()[-lines:])
