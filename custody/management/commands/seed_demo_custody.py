from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from athena.accounts.models import User
from custody.demo import seed_demo_custody


class Command(BaseCommand):
    help = ("Create the demo custody suite and its three detainees, with medication, "
            "directions and checks. Safe to run again.")

    def handle(self, *args, **options):
        if not settings.ATHENA_ALLOW_DEMO_DATA:
            raise CommandError("Demo data is not allowed with these settings (production).")
        users = {u.username: u for u in User.objects.filter(username__in=["custody", "officer"])}
        if len(users) < 2:
            raise CommandError("Run manage.py seed_demo first: the demo users are missing.")
        booked = seed_demo_custody(force=users["custody"].force,
                                   custody_officer=users["custody"],
                                   arresting_officer=users["officer"])
        self.stdout.write(f"Demo custody suite: {booked} detainees booked in.")
