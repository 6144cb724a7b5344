from django.core.management.base import BaseCommand, CommandError

from athena.audit.selectors import audit_trail_verify
from athena.audit.services import audit_seal_pending


class Command(BaseCommand):
    help = ("Check the audit trail's hash chain, its signed checkpoints, and the database "
            "against the checkpoint sink outside it; exit non-zero if any event was altered, "
            "removed or re-hashed, the trail was truncated, or a checkpoint forged or deleted.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--sink", action="append", dest="sinks", metavar="PATH",
            help="A checkpoint sink file (JSON lines) to check against, such as the copy on "
                 "the log host; repeat for each web host's. Default: the configured sink.")

        parser.add_argument(
            "--no-seal", action="store_true",
            help="Do not first seal events the worker has not sealed yet (they are then "
                 "left out of the check and counted in a warning).")

    def handle(self, *args, sinks=None, no_seal=False, **options):
        if not no_seal:
            audit_seal_pending()
        result = audit_trail_verify(sink_paths=sinks)
        for warning in result.warnings:
            self.stdout.write(f"WARNING: {warning}")
        if result.breaks:
            for chain_break in result.breaks:
                where = (f"event {chain_break.event_id}" if chain_break.event_id is not None
                         else "chain head" if chain_break.kind == "BROKEN" else "checkpoints")
                self.stderr.write(f"{chain_break.kind} at {where}: {chain_break.problem}")
            kinds = ", ".join(dict.fromkeys(chain_break.kind for chain_break in result.breaks))
            raise CommandError(
                f"The audit trail is broken in {len(result.breaks)} place(s) ({kinds}).")
        self.stdout.write(
            f"Audit trail intact: {result.event_count} events verified; "
            f"{result.database_checkpoints} signed checkpoint(s) in the database, "
            f"{result.sink_checkpoints} in the sink ({', '.join(result.sink_paths)}).")
