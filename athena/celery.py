"""The Celery app. Configuration lives in Django settings under the CELERY_ prefix."""

import os
from functools import partial

import structlog
from celery import Celery
from celery.worker.consumer import Consumer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")

# While the broker is away a worker tries to reconnect this often at most (Celery's own
# wait grows to 30 s, which would hold up every job that long after the broker is back).
RECONNECT_INTERVAL_MAX_SECONDS = 5

log = structlog.get_logger(__name__)


class QuickReconnectConsumer(Consumer):
    """Celery's consumer, reconnecting to a broker that came back within a few seconds."""

    def ensure_connected(self, conn):
        conn.ensure_connection = partial(conn.ensure_connection, interval_start=1,
                                         interval_step=1,
                                         interval_max=RECONNECT_INTERVAL_MAX_SECONDS)
        return super().ensure_connected(conn)

    def on_connection_error_after_connected(self, exc):
        # When the Redis master dies, closing the lost connection can reopen a channel on
        # a transport kombu has already dropped, and the AttributeError that raises
        # escaped Celery's own guard and stopped the worker (seen in the failover drill,
        # bench/ha). The connection is gone either way; the consumer reconnects after.
        try:
            super().on_connection_error_after_connected(exc)
        except AttributeError as error:
            log.warning("worker.broker_close_failed", error=str(error))


app = Celery("athena")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
