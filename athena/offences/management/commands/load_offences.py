import json

from django.core.management.base import BaseCommand, CommandError

from athena.offences.services import OFFENCES_FILE, OffenceDataError, offences_load


class Command(BaseCommand):
    help = ("Load the CJS offence catalogue (athena/data/cjs/cjs-offences.json): add missing "
            "offences, correct changed ones, leave the rest untouched. Safe to run again.")

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(OFFENCES_FILE),
                            help="another CJS offence index file in the same JSON shape")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, encoding="utf-8-sig") as file:
                rows = json.load(file)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{path} is not a JSON file: {error}") from error
        try:
            result = offences_load(rows=rows)
        except OffenceDataError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(str(result))
        if result.not_in_input:
            self.stdout.write(f"{result.not_in_input} offences in the catalogue are not in "
                              f"{path}; they were kept.")
