from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from athena.accounts.models import Force
from athena.people.demo import seed_demo_people


class Command(BaseCommand):
    help = "Put demo people on the nominal index for one force (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--force", default="42", help="CJS force code (default 42)")
        parser.add_argument("--username", required=True,
                            help="The user recorded as creating the people")
        parser.add_argument("--count", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, force, username, count, seed, **options):
        if not getattr(settings, "ATHENA_ALLOW_DEMO_DATA", False):
            raise CommandError("Demo data is not allowed with these settings.")
        force_row = Force.objects.filter(code=force).first()
        if force_row is None:
            raise CommandError(f"No force has the code {force!r}.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        created = seed_demo_people(force=force_row, acting_user=user, count=count, seed=seed)
        self.stdout.write(f"Created {created} demo people for {force_row.name}.")
