"""Where the machine's CPU went during a phase of the load test, by part of the stack.

    cpu.py snapshot FILE     the CPU seconds so far of every process, by part, as JSON
    cpu.py since FILE        the CPU seconds each part used since that snapshot, and
                             its share of the machine (cores x seconds)

Parts are told apart by their command lines: web (gunicorn), worker (celery),
postgresql, redis, locust (the load generator), other. A process's time includes that
of its children which have ended (PostgreSQL's backends, the worker's replaced pool
processes), so short-lived processes are counted too.
"""

import json
import os
import sys
import time

# The run script reaps Locust when a phase ends, so Locust's time is then in the
# script's (with the little of psql and curl).
PARTS = (("locust", "locust"), ("locust", "bench/load/run.sh"), ("web", "gunicorn"),
         ("worker", "celery"), ("postgresql", "postgres"), ("redis", "redis-server"))
TICKS = os.sysconf("SC_CLK_TCK")


def _part(command_line):
    for part, marker in PARTS:
        if marker in command_line:
            return part
    return "other"


def snapshot():
    seconds = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command_line = handle.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        # utime, stime, cutime, cstime: fields 14 to 17 of stat, 12 to 15 after the name.
        used = sum(int(value) for value in fields[11:15]) / TICKS
        part = _part(command_line)
        seconds[part] = seconds.get(part, 0.0) + used
    return {"at": time.time(), "seconds": seconds}


def since(before):
    now = snapshot()
    elapsed = now["at"] - before["at"]
    capacity = elapsed * os.cpu_count()
    used = {part: now["seconds"].get(part, 0.0) - before["seconds"].get(part, 0.0)
            for part in set(now["seconds"]) | set(before["seconds"])}
    return {"elapsed_seconds": round(elapsed, 1), "cores": os.cpu_count(),
            "cpu_seconds": {part: round(value, 1) for part, value in
                            sorted(used.items(), key=lambda item: -item[1])},
            "share_of_machine": {part: round(value / capacity, 3) for part, value in
                                 sorted(used.items(), key=lambda item: -item[1])},
            "idle_share": round(1 - sum(max(0.0, v) for v in used.values()) / capacity, 3)}


if __name__ == "__main__":
    command, path = sys.argv[1:3]
    if command == "snapshot":
        with open(path, "w") as out:
            json.dump(snapshot(), out)
    else:
        with open(path) as handle:
            print(json.dumps(since(json.load(handle)), indent=1))
