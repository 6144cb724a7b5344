from django.core.management.base import BaseCommand, CommandError

from cases.dcf.problems import DcfProblem
from cases.dcf.validate import dcf_problems_of_bytes


def fault_line(name, problem):
    return f"{name}: {problem.path or '-'} [{problem.rule}] {problem.message}"


def read_problems(name):
    """The problems of one file (an unreadable file is one problem, not a traceback)."""
    try:
        with open(name, "rb") as file:
            _document, problems = dcf_problems_of_bytes(file)
    except OSError as error:
        return [DcfProblem(path="", rule="file.unreadable",
                           message=f"The file cannot be read: {error.strerror or error}.")]
    return problems


class Command(BaseCommand):
    help = ("Check Digital Case Files (DCF 1.2.2) against the CPS schema, its business rules "
            "and the rules across a file (references, responses to recordings, youths) "
            "without importing them. Prints 'FILE: valid', or each fault on a line as "
            "'FILE: path [rule] message'. Exits 1 if any file is not valid.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, **options):
        invalid = 0
        for name in options["files"]:
            problems = read_problems(name)
            if not problems:
                self.stdout.write(f"{name}: valid")
                continue
            invalid += 1
            for problem in problems:
                self.stdout.write(fault_line(name, problem))
        if invalid:
            total = len(options["files"])
            raise CommandError(f"{invalid} of {total} file{'s' if total != 1 else ''} "
                               "not valid.", returncode=1)
