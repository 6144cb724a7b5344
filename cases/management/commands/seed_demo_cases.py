from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from athena.accounts.models import User
from cases.demo import seed_demo_cases, seed_demo_files_in_review


class Command(BaseCommand):
    help = "Create a few demo case files for the demo officer. Safe to run again."

    def handle(self, *args, **options):
        if not settings.ATHENA_ALLOW_DEMO_DATA:
            raise CommandError("Demo data is not allowed with these settings (production).")
        officer = User.objects.filter(username="officer").first()
        if officer is None:
            raise CommandError("Run manage.py seed_demo first: there is no demo officer.")
        created = seed_demo_cases(officer=officer)
        supervisor = User.objects.filter(username="supervisor").first()
        if supervisor is not None:
            created += seed_demo_files_in_review(officer=officer, supervisor=supervisor)
        self.stdout.write(f"Demo case files: {created} created.")
