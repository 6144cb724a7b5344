"""The fault suite's table: one row a scenario, then why each failed one failed."""

import subprocess
import time

from tests.faults.accounting import PAGE_SECONDS, RECOVERY_LIMIT

COLUMNS = ("scenario", "jobs", "done once", "lost", "duplicated", "recovery s", "entries",
           "5xx", "slow", "result")


def render(outcomes, *, seconds, application, workers=()):
    rows = [(o.scenario, o.jobs, o.done_once, o.lost, o.duplicated, o.recovery_text(),
             o.entries, o.server_errors, o.slow_pages, "pass" if o.passed else "FAIL")
            for o in sorted(outcomes, key=lambda o: o.scenario)]
    widths = [max(len(str(row[i])) for row in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    lines = [
        f"Athena fault suite, {time.strftime('%Y-%m-%d %H:%M')}, {_revision(application)}, "
        f"{seconds / 60:.1f} min in all",
        f"A scenario fails on a loss, a duplicate, a 5xx or no answer where none may be, a "
        f"page slower than {PAGE_SECONDS:.0f} s, or a recovery over {RECOVERY_LIMIT:.0f} s. "
        "jobs: job rows the scenario made; entries: custody doses and checks sent.",
        *[f"worker: {' '.join(map(str, argv[1:]))}" for argv in workers],
        "",
        "  ".join(str(c).ljust(w) for c, w in zip(COLUMNS, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True))
              for row in rows]
    for outcome in sorted(outcomes, key=lambda o: o.scenario):
        if outcome.notes or outcome.problems:
            lines += ["", f"{outcome.scenario}:"]
            lines += [f"  - {note}" for note in outcome.notes]
            lines += [f"  ! {problem}" for problem in _fewer(outcome.problems)]
            for process, excerpt in outcome.evidence:
                lines.append(f"  {process} log:")
                lines += [f"    {line}" for line in excerpt]
    return "\n".join(lines) + "\n"


def _fewer(problems, most=15):
    if len(problems) <= most:
        return problems
    return problems[:most] + [f"... and {len(problems) - most} more"]


def _revision(application):
    try:
        head = subprocess.run(["git", "-C", str(application), "rev-parse", "--short", "HEAD"],  # noqa: S603, S607
                              capture_output=True, text=True, timeout=10, check=True).stdout
        dirty = subprocess.run(["git", "-C", str(application), "status", "--porcelain"],  # noqa: S603, S607
                               capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return "revision unknown"
    return f"at {head.strip()}{' with uncommitted changes' if dirty.strip() else ''}"
