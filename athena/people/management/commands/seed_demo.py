from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from athena.accounts.demo import HOME_FORCE_CODE, seed_demo_users
from athena.accounts.models import Force, User
from athena.people.demo import seed_demo_people


class Command(BaseCommand):
    help = "Create the demo users and people for the quick start. Safe to run again."

    def handle(self, *args, **options):
        if not settings.ATHENA_ALLOW_DEMO_DATA:
            raise CommandError("Demo data is not allowed with these settings (production).")
        users = seed_demo_users(password=settings.ATHENA_DEMO_PASSWORD)
        people = seed_demo_people(force=Force.objects.get(code=HOME_FORCE_CODE),
                                  acting_user=User.objects.get(username="officer"))
        self.stdout.write(f"Demo data: {len(users)} users and {people} people created.")
