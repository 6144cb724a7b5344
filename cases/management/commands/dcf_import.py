from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cases.dcf.importer import dcf_import_file
from cases.management.commands.dcf_validate import fault_line


class Command(BaseCommand):
    help = ("Import a Digital Case File (DCF 1.2.2) as a new case file of the officer named "
            "by --as, and print its URN. Nothing is imported if the file has any fault.")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--as", dest="username", required=True, metavar="USERNAME",
                            help="the officer who will be the officer in the case")

    def handle(self, *args, **options):
        name = options["file"]
        user = get_user_model().objects.filter(username=options["username"],
                                               is_active=True).first()
        if user is None:
            raise CommandError(f"No active user is called {options['username']!r}.")
        if not user.has_perm("cases.add_casefile"):
            raise CommandError(f"{user.username} may not start case files.")
        try:
            with open(name, "rb") as file:
                case, problems = dcf_import_file(acting_user=user, source=file)
        except OSError as error:
            raise CommandError(f"{name}: the file cannot be read: "
                               f"{error.strerror or error}.") from error
        if case is None:
            for problem in problems:
                self.stderr.write(fault_line(name, problem))
            raise CommandError(f"{name}: not imported ({len(problems)} "
                               f"problem{'s' if len(problems) != 1 else ''}).")
        self.stdout.write(case.urn)
