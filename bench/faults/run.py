"""Run the fault suite (tests/faults/) and print its table; the table is also written to
bench/faults/last-run.txt.

Usage: .venv/bin/python bench/faults/run.py [--long-outage SECONDS] [-k EXPRESSION]

It starts its own Redis, a database of its own on the machine's PostgreSQL (127.0.0.1:
5432, user postgres), a throwaway PostgreSQL cluster, gunicorn, the Celery workers of
Procfile.dev and beat, all on loopback, and stops and removes them at the end. About
15 minutes with the default 300 s outage of scenario 5.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Past this the run is stopped: the suite is meant to take under 15 minutes.
WHOLE_RUN_LIMIT = 25 * 60


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--long-outage", type=int, default=300,
                        help="seconds the worker and beat stay down in scenario 5")
    parser.add_argument("-k", dest="expression", default="",
                        help="only the scenarios pytest's -k expression selects")
    args = parser.parse_args()
    env = {**os.environ, "ATHENA_FAULT_SUITE": "1",
           "ATHENA_FAULT_LONG_OUTAGE": str(args.long_outage)}
    command = [sys.executable, "-m", "pytest", "-p", "no:logging", "-q", "-s", "--durations=0",
               "tests/faults"]
    if args.expression:
        command += ["-k", args.expression]
    # pytest turns SIGTERM into an exception, so the stack is still cleaned up.
    with subprocess.Popen(command, cwd=ROOT, env=env) as suite:  # noqa: S603
        try:
            return suite.wait(timeout=WHOLE_RUN_LIMIT)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            suite.terminate()
            return suite.wait(timeout=120) or 1


if __name__ == "__main__":
    sys.exit(main())
