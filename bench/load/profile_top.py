"""The top costs of a py-spy profile (``--format raw``: one collapsed stack a line, with
its sample count): by own time and by cumulative time, as shares of all samples, and
the share spent under the audit trail's write path.

Usage: .venv/bin/python bench/load/profile_top.py profile.txt [--top 25]
"""

import argparse
import re
from collections import Counter

# "function (path/to/file.py:123)": the line number differs within one function.
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
_SITE_PACKAGES = re.compile(r".*/(site-packages|lib/python3\.\d+)/")
AUDIT_WRITE = "audit_record ("
IN_REQUEST = "WSGIHandler.__call__ ("
WAITING_ON_DATABASE = ("Connection.wait (psycopg", "_execute_send (psycopg")


def frame_name(frame):
    found = _FRAME.match(frame.strip())
    if not found:
        return frame.strip()
    path = _SITE_PACKAGES.sub("", found["file"])
    path = re.sub(r".*/(athena|cases|custody|intelligence)/", r"\1/", path)
    return f"{found['function']} ({path})"


def read(path):
    stacks = Counter()
    with open(path, encoding="utf-8") as profile:
        for line in profile:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if stack and count.isdigit():
                stacks[stack] += int(count)
    return stacks


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("profile")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    stacks = read(args.profile)
    total = sum(stacks.values()) or 1
    own, cumulative = Counter(), Counter()
    audit = busy = database = 0
    for stack, count in stacks.items():
        frames = [frame_name(frame) for frame in stack.split(";")]
        # py-spy's first frame names the process or thread: not a function.
        frames = [frame for frame in frames if not frame.startswith(("process ", "thread "))]
        if not frames:
            continue
        own[frames[-1]] += count
        for frame in set(frames):
            cumulative[frame] += count
        if any(frame.startswith(AUDIT_WRITE) for frame in frames):
            audit += count
        if any(frame.startswith(IN_REQUEST) for frame in frames):
            busy += count
            if any(name in frames[-1] for name in WAITING_ON_DATABASE):
                database += count
    print(f"{total:,} samples: {100 * busy / total:.1f}% handling a request, of which "
          f"{100 * database / max(busy, 1):.1f}% waiting for PostgreSQL; audit_record "
          f"(the audit write path, cumulative): {100 * audit / total:.1f}%")
    for title, counter in (("own time", own), ("cumulative time", cumulative)):
        print(f"\ntop {args.top} by {title}:")
        for frame, count in counter.most_common(args.top):
            print(f"  {100 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
