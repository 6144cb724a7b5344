from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from athena.accounts import two_factor


class Command(BaseCommand):
    help = ("Remove a user's authenticator app (lost or stolen phone), with the reason, so "
            "they set up a new one at their next sign-in. For the operator at the server, "
            "for example when the force's only administrator is locked out; administrators "
            "use the page Reset a colleague's two-factor sign-in. Audited.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", required=True,
                            help="Why, for the audit trail (for example the service desk call)")

    def handle(self, *args, username, reason, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        try:
            removed = two_factor.two_factor_reset(acting_user=None, user=user, reason=reason)
        except two_factor.TwoFactorRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(f"Two-factor sign-in reset for {username}: {len(removed)} "
                          "authenticator(s) removed. They set up a new one at next sign-in.")
