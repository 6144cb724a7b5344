"""What every custody form shares: a time typed as a date and a 24-hour time (London),
text fields whose messages name what is missing, and rule problems put beside the field
they are about."""

import uuid
from datetime import datetime

from django import forms
from django.utils import timezone

from athena.problems import Problem
from custody.records.rules import LONDON, is_in_future

YES_NO = [("yes", "Yes"), ("no", "No")]


class LondonDateTimeField(forms.MultiValueField):
    """A date (27/11/2026) and a time (14:30), read as London time. ``what`` names it in
    the messages ("the arrest")."""

    def __init__(self, *, what, example_time="14:30", **kwargs):
        real = f"Enter a real date and time of {what}, for example 27/11/2026 and {example_time}"
        fields = (forms.DateField(input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"],
                                  error_messages={"invalid": real}),
                  forms.TimeField(input_formats=["%H:%M", "%H.%M", "%H%M"],
                                  error_messages={"invalid": real}))
        messages = {"required": f"Enter both the date and the time of {what}",
                    "incomplete": f"Enter both the date and the time of {what}"}
        super().__init__(fields=fields, require_all_fields=True, error_messages=messages,
                         widget=forms.MultiWidget(widgets=[forms.TextInput, forms.TextInput]),
                         **kwargs)

    def compress(self, values):
        if not values:
            return None
        if values[0] is None or values[1] is None:
            # Only reachable when the field is optional: half filled in is not empty.
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        day, time = values
        return datetime.combine(day, time, tzinfo=LONDON)


def now_initial():
    """The initial value of a date-and-time field: now, in London."""
    now = timezone.now().astimezone(LONDON)
    return [now.strftime("%d/%m/%Y"), now.strftime("%H:%M")]


def text_field(label, max_length, *, required=True, what=None, widget=None):
    """A text field whose messages say what to enter ("Enter {what}", ``what``
    defaulting to "the" and the label) and how long it may be."""
    what = what or f"the {label.lower()}"
    return forms.CharField(label=label, max_length=max_length, required=required,
                           widget=widget, error_messages={
                               "required": f"Enter {what}",
                               "max_length": f"{label} must be {max_length:,} characters "
                                             "or fewer"})


def yes_no_field(label):
    """A yes-or-no question, asked with radios; its messages quote the question."""
    short = label.split(" (")[0]
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect,
                             error_messages={"required": f"Answer '{short}'",
                                             "invalid_choice": f"Answer '{short}' yes or no"})


def typed_answers(form):
    """What was typed into a bound form, as (label, value) pairs a person can read
    (a date and time as "06/12/2026 14:30"), leaving out hidden and empty fields."""
    answers = []
    for bound in form:
        if bound.is_hidden:
            continue
        value = bound.value()
        if isinstance(value, list | tuple):
            value = " ".join(str(part) for part in value if part)
        if isinstance(value, bool):
            value = "Yes" if value else ""
        value = str(value or "").strip()
        if value:
            choices = dict(getattr(bound.field, "choices", ()) or ())
            answers.append((str(bound.label), str(choices.get(value, value))))
    return tuple(answers)


def form_problems(form):
    """A bound, invalid form's errors as Problems (code, field, message): how an entry
    sent from a device, with nobody at the form, says why it was refused."""
    return tuple(Problem(error.code or "invalid", "" if name == "__all__" else name,
                         message)
                 for name, errors in form.errors.as_data().items()
                 for error in errors for message in error.messages)


def add_problems(form, problems):
    """Put each rule problem beside the field it names (``problem.field``), or at the top
    of the form when the form has no such field."""
    for problem in problems:
        form.add_error(problem.field if problem.field in form.fields else None,
                       problem.message)


class NoteForm(forms.Form):
    """A free-text note on the record's timeline: anything the custody officer needs
    kept that no other form holds."""

    at = LondonDateTimeField(label="Time", what="the note")
    text = text_field("Note", 2000, what="the note")
    client_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"at": now_initial(), "client_id": uuid.uuid4().hex})
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        at = cleaned.get("at")
        if at and is_in_future(at):
            self.add_error("at", "The time of the note cannot be in the future")
        return cleaned

    def service_kwargs(self):
        data = self.cleaned_data
        return {"at": data["at"], "text": data["text"].strip(),
                "client_id": data["client_id"] or None}
