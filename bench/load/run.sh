#!/usr/bin/env bash
# The load test: gunicorn + PostgreSQL + Redis + a Celery worker on this machine, and
# headless Locust for a fixed time against them. See bench/load/README.md.
#
#   bench/load/run.sh [saturate|rate] [options as environment variables]
#
#   saturate (default)  first the trivial reference page alone for REFERENCE_DURATION
#                       (2m; 0 skips it), USERS users asking without a pause: its
#                       requests/s; then the mix, USERS users, think times x THINK, for
#                       DURATION: requests/s, p50/p95 per class and for the reference
#                       page beside it, errors; and the mix's requests/s over the
#                       reference's alone (the issue's target: 0.6)
#   rate                the same mix paced to RATE requests a second (default 100): p95
#
#   DATABASE_URL   the force-scale database (bench/scale/build.py); default athena_bench
#   WORKER_CLASS   sync (default) or gthread;   WORKERS (2);   THREADS (4, gthread)
#   USERS (60)  THINK (0.1)  DURATION (5m)  RATE (100)  PORT (8321)  REDIS_PORT (6411)
#   PROFILE=1      also record the web workers with py-spy for PROFILE_SECONDS (60) in
#                  the middle of the run; prints the top functions (own and cumulative)
#   PG_JIT=off     PostgreSQL's JIT off for every connection of the stack (PGOPTIONS)
#   REVIEW_BACKLOG leave only this many files awaiting review (prepare.py); unset: all
#   WORKER_NICE    the worker's niceness (0): 19 gives the web the cores first, as a
#                  worker on its own machine would; its queues then grow during the run
#   OUT            where the logs, the Locust CSV, the JSON summary and the profile go
#
# It starts its own Redis on REDIS_PORT, and stops what it started (by process id) when
# it ends, however it ends. Only 127.0.0.1 is ever sent a request.
set -euo pipefail

MODE=${1:-saturate}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN="$ROOT/.venv/bin"
export DATABASE_URL=${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/athena_bench}
WORKER_CLASS=${WORKER_CLASS:-sync}
WORKERS=${WORKERS:-2}
THREADS=${THREADS:-4}
USERS=${USERS:-60}
THINK=${THINK:-0.1}
DURATION=${DURATION:-5m}
REFERENCE_DURATION=${REFERENCE_DURATION:-2m}
RATE=${RATE:-100}
PORT=${PORT:-8321}
REDIS_PORT=${REDIS_PORT:-6411}
PROFILE_SECONDS=${PROFILE_SECONDS:-60}
OUT=${OUT:-/tmp/athena-load/$(date +%Y%m%d-%H%M%S)-$MODE-$WORKER_CLASS}
mkdir -p "$OUT"

# The settings of a deployment, but the development two-factor default (off) and the
# demo password, so the seeded users can sign in.
export DEBUG=false LOG_LEVEL=WARNING LOG_FORMAT=json
export SECRET_KEY=load-test-key-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz
export ALLOWED_HOSTS=127.0.0.1 ATHENA_BASE_URL=http://127.0.0.1:$PORT
export ATHENA_VAR_DIR=/tmp/athena-load/var MEDIA_ROOT=/tmp/athena-load/media
# The audit trail's signing key and checkpoint file stay those the build used (the
# project's var/), so verify_audit checks the whole trail, built and served, as one.
DATABASE_NAME=${DATABASE_URL##*/}
export ATHENA_AUDIT_HMAC_KEY_FILE=$ROOT/var/audit-hmac.key
export ATHENA_AUDIT_CHECKPOINT_SINK=$ROOT/var/audit-checkpoints-${DATABASE_NAME%%\?*}.jsonl
export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0 REDIS_URL=redis://127.0.0.1:$REDIS_PORT/1
export ATHENA_LOAD_DATABASE_URL=$DATABASE_URL
[ -n "${PG_JIT:-}" ] && export PGOPTIONS="-c jit=$PG_JIT"
export PYTHONPATH="$ROOT/bench/load${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p "$ATHENA_VAR_DIR" "$MEDIA_ROOT"

STARTED=()
stop_all() {
    for pid in "${STARTED[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${STARTED[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "PostgreSQL JIT: ${PG_JIT:-the server's setting}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average before: $(load)"

if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        >"$OUT/redis.log" 2>&1 &
    STARTED+=($!)
    sleep 1
fi

cd "$ROOT"
"$BIN/python" bench/load/prepare.py ${REVIEW_BACKLOG:+--review-backlog "$REVIEW_BACKLOG"}

nice -n "${WORKER_NICE:-0}" "$BIN/celery" -A athena worker --beat --concurrency 2 --loglevel WARNING \
    --schedule "$ATHENA_VAR_DIR/celerybeat-schedule" \
    -Q celery,validation,assembly,contingency,notifications >"$OUT/worker.log" 2>&1 &
STARTED+=($!)

GUNICORN=(--bind "127.0.0.1:$PORT" --workers "$WORKERS" --worker-class "$WORKER_CLASS"
          --timeout 120 --graceful-timeout 5 --pid "$OUT/gunicorn.pid")
[ "$WORKER_CLASS" = gthread ] && GUNICORN+=(--threads "$THREADS")
"$BIN/gunicorn" athena.wsgi "${GUNICORN[@]}" >"$OUT/gunicorn.log" 2>&1 &
STARTED+=($!)
for _ in $(seq 60); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/account/sign-in/" && break
    sleep 1
done

# The build leaves the custody services' contingency jobs queued: let the worker finish
# them, so the run measures the mix and not the backlog.
queued() {
    psql "$DATABASE_URL" -Atc "SELECT count(*) FROM jobs_job WHERE status IN ('queued', 'running')"
}
for _ in $(seq 120); do
    [ "$(queued)" -eq 0 ] && break
    sleep 5
done
echo "jobs still queued or running before the run: $(queued)"

if [ "$MODE" = rate ]; then
    export ATHENA_LOAD_RATE=$RATE ATHENA_LOAD_THINK=1
    echo "mode: paced to $RATE requests/s, $USERS users, $DURATION, gunicorn $WORKERS $WORKER_CLASS"
else
    export ATHENA_LOAD_THINK=$THINK
    echo "mode: saturation, $USERS users, think times x $THINK, $DURATION, gunicorn $WORKERS $WORKER_CLASS"
fi


# One phase of Locust: its log, CSV and JSON summary under $OUT/<phase>-*.
locust_phase() {
    local phase=$1 duration=$2
    shift 2
    echo "--- $phase: load average at the start: $(load)"
    "$BIN/python" bench/load/cpu.py snapshot "$OUT/$phase-cpu-start.json"
    ATHENA_LOAD_SUMMARY=$OUT/$phase-summary.json "$BIN/locust" -f bench/load/locustfile.py \
        --headless --host "http://127.0.0.1:$PORT" --users "$USERS" --spawn-rate "$USERS" \
        --run-time "$duration" --stop-timeout 10 --only-summary --csv "$OUT/$phase" "$@" \
        >"$OUT/$phase.log" 2>&1 || true
    echo "--- $phase: load average at the end: $(load)"
    echo "--- $phase: CPU by part of the stack (bench/load/cpu.py):"
    "$BIN/python" bench/load/cpu.py since "$OUT/$phase-cpu-start.json" | tee "$OUT/$phase-cpu.json"
    grep -v '^\s*$' "$OUT/$phase.log" | sed -n '/Response time percentiles/q;p' | tail -n 40 || true
    cat "$OUT/$phase-summary.json"
}

if [ "$MODE" = saturate ] && [ "$REFERENCE_DURATION" != 0 ]; then
    # The trivial page alone, every user asking again as soon as it is answered: what
    # the same stack serves of a page that does almost nothing.
    ATHENA_LOAD_REFERENCE_ALONE=1 locust_phase reference "$REFERENCE_DURATION" Reference
fi
# The profile is of the mix, a minute into it.
if [ "${PROFILE:-0}" = 1 ]; then
    (
        sleep 60
        "$BIN/py-spy" record --pid "$(cat "$OUT/gunicorn.pid")" --subprocesses --rate 50 \
            --duration "$PROFILE_SECONDS" --format raw --output "$OUT/profile.txt" \
            >"$OUT/py-spy.log" 2>&1
    ) &
    STARTED+=($!)
fi
locust_phase mix "$DURATION"
if [ -s "$OUT/reference-summary.json" ]; then
    "$BIN/python" - "$OUT/reference-summary.json" "$OUT/mix-summary.json" <<'PY'
import json, sys
reference, mix = (json.load(open(path))["classes"] for path in sys.argv[1:])
alone = reference["reference"]["per_second"]
served = mix["mix (all but reference and sign-in)"]["per_second"]
print(f"trivial page alone: {alone} requests/s; the mix: {served} requests/s; "
      f"ratio {served / alone:.2f} (target 0.6)")
PY
fi
if [ -s "$OUT/profile.txt" ]; then
    "$BIN/python" bench/load/profile_top.py "$OUT/profile.txt" | tee "$OUT/profile-top.txt"
fi
echo "logs and figures: $OUT"
