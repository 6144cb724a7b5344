"""PostgreSQL planner settings scoped to a few statements, for the searches that need
them (people names, intelligence words)."""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def postgresql_settings(settings):
    """PostgreSQL settings in force for the statements of the block only.

    Set local to the transaction (opened here if there is none, without a savepoint
    inside a caller's), then put back as they were, so that they never reach the
    caller's later queries. Two statements, whatever the number of settings.
    """
    names = list(settings)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        current = ", ".join("current_setting(%s, true)" for _ in names)
        changes = ", ".join("set_config(%s, %s, true)" for _ in names)
        cursor.execute(f"SELECT {current}, {changes}", [
            *names, *[part for name in names for part in (name, settings[name])]])
        previous = cursor.fetchone()[:len(names)]
        yield
        # A NULL value puts a setting back to its default.
        cursor.execute(f"SELECT {changes}", [
            part for name, value in zip(names, previous, strict=True)
            for part in (name, value)])
