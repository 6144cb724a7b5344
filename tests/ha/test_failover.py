"""The failover drill (bench/ha/drill.py): Athena on a Patroni cluster and a Redis watched
by Sentinel, on loopback; the primary's node and then the Redis master are killed under a
trickle of writes. It passes when writes come back within 30 s, the broker within 30 s,
and nothing the server said it saved is lost or stored twice, every job done once.

Runs only with ATHENA_HA_DRILL=1 (it needs bench/ha/packages.txt installed and about
three minutes); the drill itself writes bench/ha/last-run.txt.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.environ.get("ATHENA_HA_DRILL") != "1",
                                reason="the HA drill runs only with ATHENA_HA_DRILL=1")

ROOT = Path(__file__).resolve().parents[2]
# Beyond the drill's own deadline (330 s), for its tear-down to finish.
TIMEOUT = 400


def test_the_application_survives_the_loss_of_its_database_primary_and_redis_master(tmp_path):
    from bench.ha.drill import kill_leftovers

    # Not under tmp_path: Patroni runs as the postgres user, who may not enter pytest's
    # folders (0700). The drill removes its folder at the end.
    workdir, result = Path(tempfile.mkdtemp(prefix="athena-ha-")), tmp_path / "outcome.json"
    drill = subprocess.Popen([sys.executable, "-m", "bench.ha.drill", "--workdir", workdir,  # noqa: S603
                              "--json", result], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = drill.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        drill.send_signal(signal.SIGTERM)  # the drill tears down on SIGTERM
        try:
            output, _ = drill.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            drill.kill()
            output, _ = drill.communicate()
        kill_leftovers(workdir)
        pytest.fail(f"The drill ran over {TIMEOUT} s:\n{output[-6000:]}")
    print(output)
    assert drill.returncode == 0, output[-6000:]
    outcome = json.loads(result.read_text())
    assert outcome["passed"] and not outcome["error"]
    assert outcome["figures"]["db_write_unavailable_s"] <= 30
    assert outcome["figures"]["broker_unavailable_s"] <= 30
