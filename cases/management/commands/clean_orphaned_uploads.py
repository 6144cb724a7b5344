from django.core.management.base import BaseCommand

from cases.housekeeping import GRACE, orphaned_uploads_delete


class Command(BaseCommand):
    help = ("Delete stored files nothing points to: uploads and renders under the folders "
            "the FileFields upload to that no row names, and DCF import uploads whose job "
            f"was never committed, once older than {GRACE}. Beat runs it every hour "
            "(cases.housekeeping). Prints counts per folder, never file names.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Count the orphans; delete nothing.")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        sweep = orphaned_uploads_delete(dry_run=dry_run)
        for folder, found in sorted(sweep.orphans.items()):
            self.stdout.write(f"{folder}: {len(found)} orphaned of "
                              f"{sweep.looked_at[folder]} older than {GRACE}")
        if dry_run:
            self.stdout.write(f"Dry run: {sweep.orphan_count} would be deleted.")
        else:
            self.stdout.write(f"Deleted {sweep.deleted}.")
