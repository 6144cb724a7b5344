"""Signed checkpoints catch what the hash chain alone cannot: someone with write access
to the database who deletes the newest events and rewinds the head, or alters an event
and recomputes every later hash. Each attack below is done as that person would do it,
with SQL, and verify_audit must fail naming it."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from athena.audit.models import (
    AuditCheckpoint,
    AuditEvent,
    AuditTrailIsAppendOnly,
)
from athena.audit.selectors import audit_chain_breaks
from athena.audit.services import audit_checkpoint_sign, audit_record, audit_seal_pending
from athena.audit.signing import SigningKey, check_configuration, current_key, sign
from athena.audit.tasks import checkpoint as checkpoint_task

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EVERY = 5


@pytest.fixture
def sink(settings):
    return Path(settings.ATHENA_AUDIT_CHECKPOINT_SINK)


@pytest.fixture
def record_committed(officer, django_capture_on_commit_callbacks, settings):
    """Record events as the app does, each sealed by the worker in a transaction that
    commits (so the checkpoint's append to the sink, an on-commit action, happens)."""
    settings.ATHENA_AUDIT_CHECKPOINT_EVERY = EVERY

    def record(count, *, start=0):
        events = []
        for number in range(start, start + count):
            event = audit_record(actor=officer, action="people.person.viewed",
                                 object_type="people.person", object_id=str(number),
                                 reason="Enquiry 12/3456")
            with django_capture_on_commit_callbacks(execute=True):
                audit_seal_pending()
            event.refresh_from_db()
            events.append(event)
        return events

    return record


@pytest.fixture
def twelve_events(record_committed):
    """Checkpoints after 5 and 10 events; events 11 and 12 not yet signed."""
    return record_committed(12)


def raw_sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def rewind_head_to(event, event_count):
    raw_sql("UPDATE audit_auditchainhead SET last_hash = %s, last_event_id = %s, "
            "event_count = %s WHERE id = 1", [event.hash, event.pk, event_count])


def verify(*args):
    """Run verify_audit; return its exit status (as from the shell), stdout and stderr."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except CommandError as error:
        err.write(f"CommandError: {error}\n")
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def sink_lines(sink):
    return [json.loads(line) for line in sink.read_text().splitlines()]


# --- Checkpoints are written --------------------------------------------------------------

def test_every_fifth_event_signs_a_checkpoint_in_the_database_and_the_sink(twelve_events,
                                                                           sink):
    checkpoints = list(AuditCheckpoint.objects.all())
    assert [c.event_count for c in checkpoints] == [5, 10]
    assert [c.event_id for c in checkpoints] == [twelve_events[4].pk, twelve_events[9].pk]
    assert [c.chain_hash for c in checkpoints] == [twelve_events[4].hash,
                                                   twelve_events[9].hash]
    assert all(c.signature == sign(c.signed_fields(), current_key()) for c in checkpoints)
    assert sink_lines(sink) == [{**c.signed_fields(), "signature": c.signature}
                                for c in checkpoints]


def test_sealing_between_checkpoints_costs_no_extra_query(record_committed,
                                                          django_assert_num_queries,
                                                          officer):
    record_committed(1)
    audit_record(actor=officer, action="people.person.viewed")
    # The head, the pending events, sealing the one, the head again; and the savepoint
    # its transaction is inside a test, begun and released.
    with django_assert_num_queries(6):
        assert audit_seal_pending() == 1


def test_a_rolled_back_checkpoint_leaves_no_row_and_no_line(record_committed, officer, sink,
                                                            django_capture_on_commit_callbacks):
    record_committed(EVERY - 1)
    with (django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError),
          transaction.atomic()):
        audit_record(actor=officer, action="people.person.created")
        audit_seal_pending()  # the fifth event: it signs a checkpoint, then all rolls back
        raise RuntimeError("the change failed")
    assert not AuditCheckpoint.objects.exists()
    assert not sink.exists()


def test_a_failed_append_to_the_sink_does_not_fail_the_change(record_committed, settings,
                                                              tmp_path):
    (tmp_path / "not-a-directory").write_text("")
    settings.ATHENA_AUDIT_CHECKPOINT_SINK = str(tmp_path / "not-a-directory" / "sink.jsonl")
    record_committed(EVERY)
    assert AuditCheckpoint.objects.count() == 1
    status, _, err = verify()
    assert status == 1
    assert "SINK at checkpoints: there is no sink file" in err


# The command commits for real, as from the shell, and checks the sink after the commit.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_checkpoint_signs_on_demand_and_only_once(record_committed, sink, capsys):
    events = record_committed(3)
    call_command("audit_checkpoint")
    assert (f"Signed a checkpoint after 3 events (event {events[-1].pk}, chain hash "
            f"{events[-1].hash[:16]}...") in capsys.readouterr().out
    call_command("audit_checkpoint")
    assert "nothing to sign" in capsys.readouterr().out
    assert [line["event_count"] for line in sink_lines(sink)] == [3]
    assert verify()[0] == 0


def test_the_periodic_task_signs_once_however_often_it_runs(record_committed, sink):
    record_committed(2)
    assert checkpoint_task() == 2
    assert checkpoint_task() is None
    assert AuditCheckpoint.objects.count() == 1


def test_an_empty_trail_has_nothing_to_sign(db):
    assert audit_checkpoint_sign() is None


def test_checkpoints_cannot_be_changed_or_deleted_through_the_app(twelve_events):
    checkpoint = AuditCheckpoint.objects.first()
    with pytest.raises(AuditTrailIsAppendOnly):
        checkpoint.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        checkpoint.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditCheckpoint.objects.update(chain_hash="0" * 64)
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditCheckpoint.objects.all().delete()


# --- An untouched trail passes ----------------------------------------------------------

def test_an_untouched_trail_passes(twelve_events, sink):
    status, out, err = verify()
    assert (status, err) == (0, "")
    assert ("Audit trail intact: 12 events verified; 2 signed checkpoint(s) in the "
            f"database, 2 in the sink ({sink})") in out


def test_a_trail_checks_against_copies_of_each_hosts_sink(twelve_events, sink, tmp_path):
    lines = sink.read_text().splitlines(keepends=True)
    (tmp_path / "web1.jsonl").write_text(lines[0])
    (tmp_path / "web2.jsonl").write_text(lines[1])
    status, out, _ = verify("--sink", str(tmp_path / "web1.jsonl"),
                            "--sink", str(tmp_path / "web2.jsonl"))
    assert status == 0
    assert "2 in the sink" in out


# --- Attack 1: delete the newest events and rewind the chain head --------------------------

def test_truncation_with_a_rewound_head_is_caught(twelve_events):
    raw_sql("DELETE FROM audit_auditevent WHERE id >= %s", [twelve_events[8].pk])
    rewind_head_to(twelve_events[7], 8)
    assert audit_chain_breaks() == []  # the chain alone is fooled

    status, _, err = verify()

    assert status == 1
    assert (f"TRUNCATED at event {twelve_events[9].pk}: this event is missing: a "
            "checkpoint signed ") in err
    assert ("says the trail had reached it (10 events), but the trail now ends at event "
            f"{twelve_events[7].pk} after 8 events") in err
    assert "The newest events were deleted and the chain head rewound" in err
    assert "broken in 1 place(s) (TRUNCATED)" in err


def test_truncation_that_also_deletes_the_checkpoint_rows_is_caught(twelve_events):
    raw_sql("DELETE FROM audit_auditevent WHERE id >= %s", [twelve_events[8].pk])
    raw_sql("DELETE FROM audit_auditcheckpoint WHERE event_count > 8")
    rewind_head_to(twelve_events[7], 8)

    status, _, err = verify()

    assert status == 1
    assert f"TRUNCATED at event {twelve_events[9].pk}" in err
    assert f"CHECKPOINT REMOVED at event {twelve_events[9].pk}" in err
    assert "the database holds 1 checkpoint(s), the sink 2" in err


def test_truncation_exits_non_zero_from_the_shell(twelve_events):
    from django.core.management import ManagementUtility

    raw_sql("DELETE FROM audit_auditevent WHERE id >= %s", [twelve_events[8].pk])
    rewind_head_to(twelve_events[7], 8)
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "verify_audit"]).execute()
    assert exit_info.value.code == 1


# --- Attack 2: alter an event and recompute every later hash ---------------------------------

def rehash_from(events, index):
    """What an attacker with write access does: recompute the SHA-256 of the altered
    event and every later one, and point the head at the new end."""
    previous_hash = events[index - 1].hash if index else "0" * 64
    for event in AuditEvent.objects.filter(pk__gte=events[index].pk).order_by("id"):
        event.previous_hash = previous_hash
        previous_hash = event.compute_hash()
        raw_sql("UPDATE audit_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
                [event.previous_hash, previous_hash, event.pk])
    raw_sql("UPDATE audit_auditchainhead SET last_hash = %s WHERE id = 1", [previous_hash])


def test_an_altered_and_re_hashed_event_is_caught(twelve_events):
    raw_sql("UPDATE audit_auditevent SET reason = %s WHERE id = %s",
            ["nothing to see", twelve_events[2].pk])
    rehash_from(twelve_events, 2)
    assert audit_chain_breaks() == []  # the chain alone is fooled

    status, _, err = verify()

    assert status == 1
    assert (f"RE-HASHED at event {twelve_events[4].pk}: its chain hash " in err)
    assert ("signed at 5 events: an event after the start of the trail, up to this one, "
            "was altered and the chain re-hashed from it") in err
    assert f"RE-HASHED at event {twelve_events[9].pk}" in err


def test_re_hashing_names_the_last_checkpoint_that_still_matches(twelve_events):
    raw_sql("UPDATE audit_auditevent SET object_id = %s WHERE id = %s",
            ["999", twelve_events[7].pk])
    rehash_from(twelve_events, 7)

    status, _, err = verify()

    assert status == 1
    assert (f"RE-HASHED at event {twelve_events[9].pk}" in err)
    assert (f"an event after event {twelve_events[4].pk} (the last checkpoint that "
            "matches), up to this one") in err
    assert f"RE-HASHED at event {twelve_events[4].pk}" not in err


# --- Attack 3: forge a checkpoint without the key ---------------------------------------------

def test_a_checkpoint_forged_without_the_key_is_caught(twelve_events):
    guessed = SigningKey(key_id=current_key().key_id, secret=b"a guess at the key")
    forged = AuditCheckpoint(created_at=timezone.now(), event_count=12,
                             event_id=twelve_events[11].pk, chain_hash=twelve_events[11].hash,
                             key_id=guessed.key_id)
    forged.signature = sign(forged.signed_fields(), guessed)
    forged.save()

    status, _, err = verify()

    assert status == 1
    assert (f"FORGED at event {twelve_events[11].pk}: checkpoint {forged.pk} (after 12 "
            "events) does not match its signature: it was forged or altered in the "
            "database") in err


def test_re_hashing_then_re_pointing_the_checkpoints_is_caught(twelve_events):
    raw_sql("UPDATE audit_auditevent SET reason = %s WHERE id = %s",
            ["nothing to see", twelve_events[2].pk])
    rehash_from(twelve_events, 2)
    for event in (twelve_events[4], twelve_events[9]):
        new_hash = AuditEvent.objects.get(pk=event.pk).hash
        raw_sql("UPDATE audit_auditcheckpoint SET chain_hash = %s WHERE event_id = %s",
                [new_hash, event.pk])

    status, _, err = verify()

    assert status == 1
    assert err.count("FORGED at event") >= 2
    assert f"RE-HASHED at event {twelve_events[4].pk}" in err  # the sink still knows


def test_a_checkpoint_signed_with_an_unknown_key_is_caught(twelve_events, settings):
    settings.ATHENA_AUDIT_HMAC_KEY = "a-new-key-after-rotation-0123456789abcdefgh"
    status, _, err = verify()
    assert status == 1
    assert "is signed with an unknown key" in err


def test_checkpoints_signed_with_a_retired_key_still_verify(twelve_events, settings):
    old_key = settings.ATHENA_AUDIT_HMAC_KEY
    settings.ATHENA_AUDIT_HMAC_KEY = "a-new-key-after-rotation-0123456789abcdefgh"
    settings.ATHENA_AUDIT_HMAC_PREVIOUS_KEYS = [old_key]
    assert verify()[0] == 0


def test_an_edited_sink_line_is_caught(twelve_events, sink, tmp_path):
    lines = sink_lines(sink)
    lines[0]["chain_hash"] = "f" * 64
    copy = tmp_path / "edited.jsonl"
    copy.write_text("".join(json.dumps(line) + "\n" for line in lines) + "not json\n")

    status, _, err = verify("--sink", str(copy))

    assert status == 1
    assert f"SINK at event {twelve_events[4].pk}: {copy} line 1 does not match its " in err
    assert f"{copy} line 3 is not a checkpoint" in err


# --- Attack 4: delete checkpoint rows ------------------------------------------------------

def test_deleted_checkpoint_rows_are_caught(twelve_events):
    raw_sql("DELETE FROM audit_auditcheckpoint")
    assert audit_chain_breaks() == []

    status, _, err = verify()

    assert status == 1
    assert (f"CHECKPOINT REMOVED at event {twelve_events[4].pk}: the sink's checkpoint "
            "after 5 events") in err
    assert "is not in the database: checkpoint rows were deleted" in err
    assert "the database holds 0 checkpoint(s), the sink 2" in err


def test_a_missing_sink_is_reported_when_the_database_has_checkpoints(twelve_events, sink):
    sink.unlink()
    status, _, err = verify()
    assert status == 1
    assert "there is no sink file" in err


def test_checkpoints_missing_from_the_sink_are_a_warning(twelve_events, sink):
    sink.write_text(sink.read_text().splitlines(keepends=True)[0])
    status, out, _ = verify()
    assert status == 0
    assert "WARNING: 1 signed checkpoint(s) in the database are not in the sink" in out


# --- The key ------------------------------------------------------------------------------------

def test_without_a_key_the_quick_start_makes_one_in_var_on_first_use(settings, tmp_path):
    settings.ATHENA_AUDIT_HMAC_KEY = ""
    key_file = tmp_path / "var" / "audit-hmac.key"
    settings.ATHENA_AUDIT_HMAC_KEY_FILE = key_file

    first = current_key()

    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert first.secret == key_file.read_text().encode()
    assert current_key() == first
    assert first.secret.decode() not in repr(first)
    assert list(key_file.parent.iterdir()) == [key_file]  # no draft left behind


def test_a_real_deployment_without_a_key_refuses_to_start(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ATHENA_ALLOW_DEMO_DATA = False
    for key in ["", "short", "a" * 40, settings.SECRET_KEY]:
        settings.ATHENA_AUDIT_HMAC_KEY = key
        with pytest.raises(ImproperlyConfigured, match="ATHENA_AUDIT_HMAC_KEY"):
            check_configuration()
    settings.ATHENA_AUDIT_HMAC_KEY = "k9$Lq2!vR7#mT4@wZ8^pN1&bK6*hF3(jD5)"
    check_configuration()


def test_the_checkpoint_interval_must_be_positive(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ATHENA_AUDIT_CHECKPOINT_EVERY = 0
    with pytest.raises(ImproperlyConfigured, match="ATHENA_AUDIT_CHECKPOINT_EVERY"):
        check_configuration()


PRODUCTION_ENV = {
    "SECRET_KEY": "x9$Lq2!vR7#mT4@wZ8^pN1&bK6*hF3(jD5)sG0_cV-eY+uA=oI;rE:tW<yQ>zX",
    "ALLOWED_HOSTS": "athena.police.example",
    "DATABASE_URL": "postgres://athena@db.internal:5432/athena",
    "DJANGO_SETTINGS_MODULE": "athena.settings_production",
}


def start_production(**overrides):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DEBUG", "ATHENA_AUDIT_HMAC_KEY"}}
    env.update(PRODUCTION_ENV)
    env.update({key: value for key, value in overrides.items() if value is not None})
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_production_settings_without_the_key_refuse_to_start():
    result = start_production()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ATHENA_AUDIT_HMAC_KEY must be set" in result.stderr


def test_production_settings_start_with_the_key():
    result = start_production(ATHENA_AUDIT_HMAC_KEY="k9$Lq2!vR7#mT4@wZ8^pN1&bK6*hF3(jD5)")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_checkpoint_fails_loudly_when_the_sink_cannot_be_written(record_committed,
                                                                       settings, tmp_path):
    record_committed(2)
    (tmp_path / "not-a-directory").write_text("")
    settings.ATHENA_AUDIT_CHECKPOINT_SINK = str(tmp_path / "not-a-directory" / "sink.jsonl")
    with pytest.raises(CommandError, match="could not append it"):
        call_command("audit_checkpoint")
    assert AuditCheckpoint.objects.count() == 1  # the database's copy stands


def test_a_head_whose_count_was_changed_is_caught(twelve_events):
    raw_sql("UPDATE audit_auditchainhead SET event_count = 99 WHERE id = 1")
    status, _, err = verify()
    assert status == 1
    assert "BROKEN at chain head: the chain head counts 99 events but the trail holds 12" in err
