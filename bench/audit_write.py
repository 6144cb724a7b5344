"""Throughput of the audit trail's write path under concurrency, on PostgreSQL.

Usage: DATABASE_URL=postgres://... .venv/bin/python bench/audit_write.py [--seconds 10]
       [--processes 1 2 4 8]

Every audited page view appends one event to the hash chain, which locks the chain's head
row for the three statements of the append. This measures how many events a second the
chain takes when 1, 2, 4 and 8 processes append as fast as they can (each its own
connection, as gunicorn workers are), and the latency of one append: the ceiling the lock
puts on audited page views across every web process of a deployment. Needs PostgreSQL
(SQLite serialises every writer anyway); migrate the database first.
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def _append_for(seconds, results):
    import django

    django.setup()
    from athena.audit.services import audit_record

    latencies = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        audit_record(actor=None, action="bench.page.viewed", object_type="people.person",
                     object_id=str(len(latencies)), details={"page": "bench"})
        latencies.append(time.perf_counter() - started)
    results.put(latencies)


def measure(processes, seconds):
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_append_for, args=(seconds, results))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    latencies = [latency for _ in workers for latency in results.get()]
    for worker in workers:
        worker.join()
    latencies.sort()
    return {
        "events_per_second": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4, 8])
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a migrated PostgreSQL database.")
    print(f"load average before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")
    print("processes  events/s  p50 ms  p95 ms")
    for processes in args.processes:
        figures = measure(processes, args.seconds)
        print(f"{processes:>9}  {figures['events_per_second']:>8.0f}  "
              f"{figures['p50_ms']:>6.2f}  {figures['p95_ms']:>6.2f}")


if __name__ == "__main__":
    main()
