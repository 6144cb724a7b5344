"""What a rule says when it refuses something: the same shape from every app's rules
(the custody clock, the medication rules, the case-file rules), so that a form puts each
problem beside its field by the field's name, never by matching words in the message."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason a rule refuses: ``code``, a stable name for it (tests and programs
    compare codes, not wording); ``field``, the name of the form field it is about, ""
    for the whole; ``message``, what to tell the user, in plain words."""

    code: str
    field: str
    message: str

    def __str__(self):
        return self.message


def messages(problems):
    """The problems' messages, in order."""
    return [problem.message for problem in problems]
