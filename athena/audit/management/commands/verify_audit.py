from django.core.management.base import BaseCommand, CommandError

from athena.audit.models import AuditEvent
from athena.audit.selectors import audit_chain_breaks


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit non-zero if any event was altered or removed."

    def handle(self, *args, **options):
        breaks = audit_chain_breaks()
        if breaks:
            for chain_break in breaks:
                where = f"event {chain_break.event_id}" if chain_break.event_id else "chain head"
                self.stderr.write(f"BROKEN at {where}: {chain_break.problem}")
            raise CommandError(f"The audit trail is broken in {len(breaks)} place(s).")
        self.stdout.write(f"Audit trail intact: {AuditEvent.objects.count()} events verified.")
