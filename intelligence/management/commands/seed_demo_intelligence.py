from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from athena.accounts.models import User
from intelligence.demo import seed_demo_intelligence


class Command(BaseCommand):
    help = "Create a few demo intelligence reports. Safe to run again."

    def handle(self, *args, **options):
        if not settings.ATHENA_ALLOW_DEMO_DATA:
            raise CommandError("Demo data is not allowed with these settings (production).")
        officer = User.objects.filter(username="officer").first()
        analyst = User.objects.filter(username="analyst").first()
        if officer is None or analyst is None:
            raise CommandError("Run manage.py seed_demo first: there are no demo users.")
        created = seed_demo_intelligence(officer=officer, analyst=analyst)
        self.stdout.write(f"Demo intelligence reports: {created} created.")
