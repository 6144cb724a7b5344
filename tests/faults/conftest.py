"""The fault suite's fixtures: one stack of real processes for the session, and the table
of outcomes written to bench/faults/last-run.txt at the end.

The suite runs only with ATHENA_FAULT_SUITE=1 (test_faults.py skips otherwise).
"""

import os
import signal
import time
from pathlib import Path

import pytest

from tests.faults import report
from tests.faults.stack import Stack

REPOSITORY = Path(__file__).resolve().parents[2]
# The application the suite runs: this checkout, unless told otherwise.
APPLICATION = Path(os.environ.get("ATHENA_FAULT_APP_DIR", REPOSITORY))
LAST_RUN = REPOSITORY / "bench" / "faults" / "last-run.txt"
OUTCOMES = []
WORKERS = []  # the worker command lines the run used, for the table's header
STARTED = time.time()


@pytest.fixture(scope="session")
def stack():
    """Athena on loopback, seeded; everything stopped and removed afterwards, even when
    the run is interrupted (SIGTERM is turned into an exception so this still runs)."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    started = Stack(APPLICATION)
    try:
        started.start()
        WORKERS[:] = [argv for _, argv in started.worker_commands()]
        yield started
    finally:
        started.close()
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def outcomes():
    return OUTCOMES


def pytest_terminal_summary(terminalreporter):
    if not OUTCOMES:
        return
    text = report.render(OUTCOMES, seconds=time.time() - STARTED, application=APPLICATION,
                         workers=WORKERS)
    LAST_RUN.parent.mkdir(parents=True, exist_ok=True)
    LAST_RUN.write_text(text)
    terminalreporter.write_line("")
    terminalreporter.write_line(text)
    terminalreporter.write_line(f"(written to {LAST_RUN.relative_to(REPOSITORY)})")
