"""The drill's services on loopback, from Debian's packages: one etcd member, Patroni
managing two PostgreSQL 15 nodes (a primary and a synchronous streaming replica), and a
Redis master with one replica watched by three Sentinels. Everything lives under one
temporary folder and listens on ports of its own; the machine's PostgreSQL (5432) and
Redis (6379) are never touched.

Patroni and Sentinel decide every promotion; the drill only kills and watches.
"""

import contextlib
import os
import shutil
import signal
import subprocess
from pathlib import Path

import yaml

from bench.ha.processes import (
    NotReady,
    Process,
    http_json,
    redis_ask,
    wait_until,
)

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SCOPE = "athena-ha"
DATABASE = "athena"
SENTINEL_MASTER = "athena-ha"
# Patroni's clock (seconds): the leader key lives TTL seconds unless renewed, the loop
# runs every LOOP_WAIT, and a DCS or PostgreSQL call is retried for RETRY_TIMEOUT.
# Patroni wants LOOP_WAIT + 2 x RETRY_TIMEOUT <= TTL.
TTL, LOOP_WAIT, RETRY_TIMEOUT = 10, 2, 4
# Sentinel calls a master down after this long without an answer; a failover that stalls
# is tried again after FAILOVER_TIMEOUT.
DOWN_AFTER_MS, FAILOVER_TIMEOUT_MS = 2000, 5000
SUPERUSER_PASSWORD = "ha-drill-superuser"  # noqa: S105 - a throwaway loopback cluster
REPLICATION_PASSWORD = "ha-drill-replication"  # noqa: S105 - likewise


def _as_postgres():
    """Postgres refuses to run as root: run Patroni as the postgres user when we are."""
    return "postgres" if os.geteuid() == 0 else None


class Etcd(Process):
    def __init__(self, *, client_port, peer_port, workdir, env):
        data = Path(workdir) / "etcd"
        super().__init__("etcd", [
            "etcd", "--name", "ha", "--data-dir", data,
            "--listen-client-urls", f"http://127.0.0.1:{client_port}",
            "--advertise-client-urls", f"http://127.0.0.1:{client_port}",
            "--listen-peer-urls", f"http://127.0.0.1:{peer_port}",
            "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer_port}",
            "--initial-cluster", f"ha=http://127.0.0.1:{peer_port}",
            "--initial-cluster-state", "new", "--initial-cluster-token", f"ha-{os.getpid()}"],
            env=env, cwd=workdir, log=Path(workdir) / "logs" / "etcd.log")
        self.client_port = client_port

    def start(self):
        super().start()
        wait_until(lambda: http_json(self.client_port, "/health")[0] == 200, timeout=30,
                   what="etcd healthy")
        return self


class PatroniNode(Process):
    """One Patroni member and the PostgreSQL it runs (in a session of its own: Patroni
    starts the postmaster with setsid, so it outlives a killed Patroni)."""

    def __init__(self, *, name, pg_port, api_port, etcd_port, workdir, env):
        self.home = Path(workdir) / name
        self.data_dir = self.home / "data"
        self.pg_port, self.api_port = pg_port, api_port
        config = self.home / "patroni.yml"
        super().__init__(f"patroni-{name}", ["patroni", config], env=env, cwd=self.home,
                         log=Path(workdir) / "logs" / f"patroni-{name}.log",
                         user=_as_postgres())
        self.member = name
        self._config = _patroni_config(name=name, home=self.home, pg_port=pg_port,
                                       api_port=api_port, etcd_port=etcd_port)
        self.config_file = config

    def prepare(self):
        self.home.mkdir(parents=True, exist_ok=True)
        self.config_file.write_text(yaml.safe_dump(self._config, sort_keys=False))
        self.log.touch()
        if self.user:
            for path in (self.home, self.config_file, self.log):
                shutil.chown(path, self.user)
        return self

    def alive(self):
        """True while Patroni runs; raises NotReady, with its last words, once it exited."""
        if self.running:
            return True
        raise NotReady(f"{self.name} exited:\n{self.log_tail(8)}")

    def status(self):
        """Patroni's own view of this member ({"role": "master"|"replica", "state": ...}),
        or None when its REST API does not answer."""
        return http_json(self.api_port, "/patroni")[1]

    def is_primary(self):
        return http_json(self.api_port, "/primary")[0] == 200

    def is_streaming_replica(self):
        status = self.status() or {}
        return (status.get("role") == "replica" and status.get("state") == "running"
                and http_json(self.api_port, "/replica")[0] == 200)

    def postmaster_pid(self):
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int((self.data_dir / "postmaster.pid").read_text().split()[0])
        return None

    def kill_node(self):
        """SIGKILL Patroni and its PostgreSQL (the postmaster's whole process group: every
        backend), as a machine that lost its power: nobody hands over the leader key.
        Raises NotReady if PostgreSQL is still there after it."""
        postmaster = self.postmaster_pid()
        self.kill()
        _kill_postmaster_group(postmaster, self.data_dir)
        wait_until(lambda: not _is_our_postmaster(postmaster, self.data_dir), timeout=5,
                   interval=0.05, what=f"PostgreSQL of {self.member} gone after SIGKILL")
        return postmaster

    def shut_down(self):
        """Stop Patroni (it stops its PostgreSQL), then make sure PostgreSQL is gone."""
        self.stop(timeout=20)
        postmaster = self.postmaster_pid()
        if postmaster and _is_our_postmaster(postmaster, self.data_dir):
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                subprocess.run([PG_BIN / "pg_ctl", "-D", self.data_dir, "-m", "immediate",  # noqa: S603
                                "-w", "-t", "10", "stop"], user=self.user, cwd="/",
                               capture_output=True, timeout=15, check=False)
            _kill_postmaster_group(postmaster, self.data_dir)


def _kill_postmaster_group(pid, data_dir):
    """SIGKILL the process group of the postmaster ``pid`` runs on ``data_dir``: Patroni
    starts it from a helper that called setsid, so the group is the helper's (long gone),
    and holds the postmaster and every backend it forked."""
    if not pid or not _is_our_postmaster(pid, data_dir):
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(os.getpgid(pid), signal.SIGKILL)


def _is_our_postmaster(pid, data_dir):
    """The process is alive and is a postgres started on ``data_dir`` (never another)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(str(data_dir).encode() == part for part in command) and b"postgres" in command[0]


def _patroni_config(*, name, home, pg_port, api_port, etcd_port):
    return {
        "scope": SCOPE,
        "namespace": "/athena-ha/",
        "name": name,
        "log": {"level": "INFO"},
        "restapi": {"listen": f"127.0.0.1:{api_port}",
                    "connect_address": f"127.0.0.1:{api_port}"},
        "etcd3": {"hosts": f"127.0.0.1:{etcd_port}"},
        "bootstrap": {
            "dcs": {
                "ttl": TTL, "loop_wait": LOOP_WAIT, "retry_timeout": RETRY_TIMEOUT,
                "maximum_lag_on_failover": 1048576,
                # A commit is answered only once the replica has it: the replica Patroni
                # promotes holds every write the application was told succeeded.
                "synchronous_mode": True,
                "postgresql": {
                    "use_pg_rewind": True,
                    "use_slots": True,
                    "parameters": {"wal_log_hints": "on", "max_connections": 100,
                                   "max_wal_senders": 5, "max_replication_slots": 5,
                                   "wal_keep_size": "64MB"},
                },
            },
            "initdb": [{"encoding": "UTF8"}, {"locale": "C.UTF-8"}, "no-sync"],
        },
        "postgresql": {
            "listen": f"127.0.0.1:{pg_port}",
            "connect_address": f"127.0.0.1:{pg_port}",
            "data_dir": str(home / "data"),
            "bin_dir": str(PG_BIN),
            "pgpass": str(home / "pgpass"),
            "authentication": {
                "superuser": {"username": "postgres", "password": SUPERUSER_PASSWORD},
                "replication": {"username": "replicator", "password": REPLICATION_PASSWORD},
                "rewind": {"username": "postgres", "password": SUPERUSER_PASSWORD},
            },
            "pg_hba": ["local all all trust",
                       "host all all 127.0.0.1/32 scram-sha-256",
                       "host replication replicator 127.0.0.1/32 scram-sha-256"],
            "parameters": {"unix_socket_directories": str(home)},
        },
        "tags": {"nofailover": False, "noloadbalance": False, "clonefrom": False},
    }


class RedisServer(Process):
    """A Redis that keeps nothing on disk; ``master_port`` makes it a replica of that."""

    def __init__(self, *, name, port, workdir, env, master_port=None):
        home = Path(workdir) / name
        argv = ["redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", home, "--daemonize", "no",
                "--protected-mode", "no"]
        if master_port:
            argv += ["--replicaof", "127.0.0.1", master_port]
        super().__init__(name, argv, env=env, cwd=workdir,
                         log=Path(workdir) / "logs" / f"{name}.log")
        self.home, self.port = home, port

    def start(self):
        self.home.mkdir(parents=True, exist_ok=True)
        super().start()
        wait_until(lambda: redis_ask(self.port, "ping"), timeout=15,
                   what=f"{self.name} answering PING")
        return self

    def role(self):
        """"master" or "slave" as this Redis says now, or None."""
        reply = redis_ask(self.port, "role")
        return reply[0] if reply else None

    def link_up(self):
        return (redis_ask(self.port, "info", "replication") or {}).get(
            "master_link_status") == "up"


class Sentinel(Process):
    """redis-sentinel, with the config file it rewrites as it learns the topology."""

    def __init__(self, *, port, master_port, workdir, env, quorum=2):
        self.home = Path(workdir) / f"sentinel-{port}"
        self.config_file = self.home / "sentinel.conf"
        super().__init__(f"sentinel-{port}", ["redis-sentinel", self.config_file], env=env,
                         cwd=self.home, log=Path(workdir) / "logs" / f"sentinel-{port}.log")
        self.port, self.master_port, self.quorum = port, master_port, quorum

    def start(self):
        self.home.mkdir(parents=True, exist_ok=True)
        self.config_file.write_text("\n".join([
            f"port {self.port}", "bind 127.0.0.1", "daemonize no", "protected-mode no",
            f"dir {self.home}",
            f"sentinel monitor {SENTINEL_MASTER} 127.0.0.1 {self.master_port} {self.quorum}",
            f"sentinel down-after-milliseconds {SENTINEL_MASTER} {DOWN_AFTER_MS}",
            f"sentinel failover-timeout {SENTINEL_MASTER} {FAILOVER_TIMEOUT_MS}",
            f"sentinel parallel-syncs {SENTINEL_MASTER} 1", ""]))
        super().start()
        wait_until(lambda: redis_ask(self.port, "ping"), timeout=15,
                   what=f"{self.name} answering PING")
        return self

    def master_port_seen(self):
        """The port of the master this Sentinel names now, or None."""
        address = redis_ask(self.port, "sentinel_get_master_addr_by_name", SENTINEL_MASTER)
        return int(address[1]) if address else None

    def knows_other_sentinels(self, count):
        master = redis_ask(self.port, "sentinel_master", SENTINEL_MASTER) or {}
        return master.get("num-other-sentinels", 0) >= count


def _refuse_unless_reachable(workdir):
    """The postgres user must be able to pass through every folder above ``workdir``."""
    for folder in Path(workdir).resolve().parents:
        if not folder.stat().st_mode & 0o001:
            raise NotReady(f"The postgres user cannot enter {folder} (mode "
                           f"{folder.stat().st_mode & 0o777:o}): choose a work folder "
                           "outside it, e.g. under /tmp")


class Services:
    """etcd, two Patroni nodes, two Redis and three Sentinels, started in that order."""

    def __init__(self, *, workdir, ports, env):
        self.workdir = Path(workdir)
        self.env = env
        etcd_client, etcd_peer = ports["etcd"]
        self.etcd = Etcd(client_port=etcd_client, peer_port=etcd_peer, workdir=workdir,
                         env=env)
        self.nodes = [PatroniNode(name=f"pg{number + 1}", pg_port=pg_port, api_port=api_port,
                                  etcd_port=etcd_client, workdir=workdir, env=env)
                      for number, (pg_port, api_port) in enumerate(
                          zip(ports["postgres"], ports["patroni"], strict=True))]
        master_port, replica_port = ports["redis"]
        self.redis = [RedisServer(name="redis-a", port=master_port, workdir=workdir, env=env),
                      RedisServer(name="redis-b", port=replica_port, workdir=workdir, env=env,
                                  master_port=master_port)]
        self.sentinels = [Sentinel(port=port, master_port=master_port, workdir=workdir,
                                   env=env) for port in ports["sentinels"]]

    @property
    def database_url(self):
        hosts = ",".join(f"127.0.0.1:{node.pg_port}" for node in self.nodes)
        return (f"postgres://postgres:{SUPERUSER_PASSWORD}@{hosts}/{DATABASE}"
                "?target_session_attrs=read-write&connect_timeout=2")

    @property
    def broker_url(self):
        return ";".join(f"sentinel://127.0.0.1:{s.port}" for s in self.sentinels)

    def start(self):
        (self.workdir / "logs").mkdir(exist_ok=True)
        if _as_postgres():
            _refuse_unless_reachable(self.workdir)
            self.workdir.chmod(0o755)  # for the postgres user to reach its nodes
            shutil.chown(self.workdir / "logs", _as_postgres())
        self.etcd.start()
        first, second = self.nodes
        first.prepare().start()
        wait_until(lambda: first.alive() and first.is_primary(), timeout=90,
                   what="Patroni bootstrapping the primary")
        second.prepare().start()
        wait_until(lambda: second.alive() and second.is_streaming_replica(), timeout=120,
                   what="Patroni cloning and starting the replica")
        wait_until(self.synchronous_standby, timeout=30,
                   what="the replica becoming the synchronous standby")
        self._create_database()
        for server in self.redis:
            server.start()
        wait_until(self.redis[1].link_up, timeout=20, what="the Redis replica in sync")
        for sentinel in self.sentinels:
            sentinel.start()
        wait_until(lambda: all(s.knows_other_sentinels(len(self.sentinels) - 1)
                               for s in self.sentinels),
                   timeout=30, what="the Sentinels finding each other")
        return self

    def primary(self):
        """The Patroni node that is primary now, or None."""
        return next((node for node in self.nodes if node.running and node.is_primary()), None)

    def synchronous_standby(self):
        """The member Patroni lists as synchronous standby, or None."""
        for node in self.nodes:
            if not node.running:
                continue
            status, cluster = http_json(node.api_port, "/cluster")
            if status == 200 and cluster:
                for member in cluster.get("members", []):
                    if member.get("role") == "sync_standby":
                        return member["name"]
        return None

    def redis_master(self):
        """The Redis every Sentinel names as master, when they agree, or None."""
        ports = {s.master_port_seen() for s in self.sentinels if s.running}
        if len(ports) != 1:
            return None
        port = ports.pop()
        return next((r for r in self.redis if r.port == port), None)

    def _create_database(self):
        primary = self.primary()
        subprocess.run([PG_BIN / "createdb", "-h", "127.0.0.1", "-p", str(primary.pg_port),  # noqa: S603
                        "-U", "postgres", DATABASE],
                       env={**self.env, "PGPASSWORD": SUPERUSER_PASSWORD},
                       capture_output=True, timeout=30, check=True)

    def stop(self):
        """Stop everything, in reverse order; each step bounded, each failure reported and
        passed over so the rest still stops."""
        problems = []
        for step in [*(s.stop for s in self.sentinels), *(r.stop for r in self.redis),
                     *(n.shut_down for n in reversed(self.nodes)), self.etcd.stop]:
            try:
                step()
            except Exception as error:  # noqa: BLE001 - go on stopping the rest
                problems.append(f"{step}: {error}")
        return problems


def wait_for_new_primary(services, *, old, timeout):
    """The node Patroni promoted after ``old`` died, once it answers as primary."""
    return wait_until(lambda: next((n for n in services.nodes
                                    if n is not old and n.running and n.is_primary()), None),
                      timeout=timeout, what="Patroni promoting the replica")
