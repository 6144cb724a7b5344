#!/usr/bin/env bash
# Demonstrates, on a throwaway SQLite database, that verify_audit catches a database
# administrator's re-hashing and truncation. Usage: bash bench/audit_tamper_demo.sh [checkout]
set -u
cd "${1:-$(dirname "$0")/..}"
export ATHENA_VAR_DIR=$(mktemp -d) LOG_LEVEL=WARNING ATHENA_AUDIT_CHECKPOINT_EVERY=5
PY=.venv/bin/python
$PY manage.py migrate -v 0
$PY manage.py shell -c "
from athena.audit.services import audit_record, audit_seal_pending
for n in range(12):
    audit_record(actor=None, action='people.person.viewed', object_type='people.person', object_id=str(n), reason='Enquiry 12/3456')
print('sealed', audit_seal_pending(), 'events')
"
echo '--- untouched'; $PY manage.py verify_audit; echo "exit $?"
cp "$ATHENA_VAR_DIR"/athena.sqlite3 "$ATHENA_VAR_DIR"/clean.sqlite3
echo '--- attack 1: alter event 3 and recompute its hash and every later hash and the head (SQL)'
$PY manage.py shell -c "
import hashlib, json
from django.db import connection
from athena.audit.models import AuditEvent
with connection.cursor() as c:
    c.execute(\"UPDATE audit_auditevent SET reason='Routine' WHERE id=3\")
previous = AuditEvent.objects.get(chain_position=2).hash
for event in AuditEvent.objects.filter(chain_position__gte=3).order_by('chain_position'):
    event.previous_hash = previous
    new = event.compute_hash()
    with connection.cursor() as c:
        c.execute('UPDATE audit_auditevent SET previous_hash=%s, hash=%s WHERE id=%s', [previous, new, event.pk])
    previous = new
with connection.cursor() as c:
    c.execute('UPDATE audit_auditchainhead SET last_hash=%s', [previous])
print('re-hashed from event 3 to the head')
"
$PY manage.py verify_audit; echo "exit $?"
cp "$ATHENA_VAR_DIR"/clean.sqlite3 "$ATHENA_VAR_DIR"/athena.sqlite3
echo '--- attack 2: delete events 8 to 12 and rewind the head to event 7 (SQL)'
$PY manage.py shell -c "
from django.db import connection
from athena.audit.models import AuditEvent
seventh = AuditEvent.objects.get(pk=7)
with connection.cursor() as c:
    c.execute('DELETE FROM audit_auditevent WHERE id >= 8')
    c.execute('UPDATE audit_auditchainhead SET last_hash=%s, last_event_id=7, event_count=7', [seventh.hash])
print('truncated to 7 events')
"
$PY manage.py verify_audit; echo "exit $?"
rm -rf "$ATHENA_VAR_DIR"
