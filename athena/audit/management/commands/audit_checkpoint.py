from django.core.management.base import BaseCommand, CommandError

from athena.audit.services import audit_checkpoint_sign
from athena.audit.sink import default_sink_path, sink_read


class Command(BaseCommand):
    help = ("Sign a checkpoint of the audit chain now (unless no event came since the last) "
            "and append it to the sink outside the database.")

    def handle(self, *args, **options):
        checkpoint = audit_checkpoint_sign()
        if checkpoint is None:
            self.stdout.write("No new audit events since the last checkpoint: nothing to sign.")
            return
        signed = (f"a checkpoint after {checkpoint.event_count} events (event "
                  f"{checkpoint.event_id}, chain hash {checkpoint.chain_hash[:16]}..., key "
                  f"{checkpoint.key_id})")
        sink = default_sink_path()
        # The append happens after commit and only logs a failure: look for the line.
        if not any(line.signature == checkpoint.signature for line in sink_read(sink) or []):
            raise CommandError(f"Signed {signed} in the database, but could not append it "
                               f"to {sink}: see the log (audit.checkpoint.sink_failed).")
        self.stdout.write(f"Signed {signed}, appended to {sink}.")
