"""Forms for the detention clock: review, extension, warrant, charge and leaving custody.

The forms check only what a person could mistype (a real date, a number in range, a
reason when postponing); the detention rules are the clock's, and its reasons are put
beside the field they are about with ``add_reasons``.
"""

from django import forms
from django.utils import timezone

from custody.clock import SUPERINTENDENT_LIMIT_HOURS, CloseReason, ReviewOutcome
from custody.forms import LondonDateTimeField


def _text(label, max_length, *, required=True, what=None, textarea=True):
    what = what or label.lower()
    return forms.CharField(label=label, max_length=max_length, required=required,
                           widget=forms.Textarea if textarea else forms.TextInput,
                           error_messages={
                               "required": f"Enter the {what}",
                               "max_length": f"{label} must be {max_length:,} characters "
                                             "or fewer"})


def now_initial():
    """The initial value of a date-and-time field: now, in London."""
    now = timezone.localtime()
    return [now.strftime("%d/%m/%Y"), now.strftime("%H:%M")]


class DetentionForm(forms.Form):
    """Fields are laid out by ``layout``: (name, kind) with kind datetime, radios, select,
    text or textarea. ``reason_fields``: (words in a clock reason, field it is about)."""

    layout = ()
    reason_fields = ()
    time_fields = ("at",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for name in self.time_fields:
                self.initial.setdefault(name, now_initial())

    @property
    def rows(self):
        return [(self[name], kind) for name, kind in self.layout]

    def add_reasons(self, reasons):
        for reason in reasons:
            field = next((name for words, name in self.reason_fields if words in reason),
                         None)
            self.add_error(field, reason)

    def clean(self):
        cleaned = super().clean()
        now = timezone.now() + timezone.timedelta(minutes=5)
        for name in self.time_fields:
            value = cleaned.get(name)
            if value is not None and value > now:
                self.add_error(name, f"{self.fields[name].label} cannot be in the future")
        return cleaned


class ReviewForm(DetentionForm):
    at = LondonDateTimeField(label="Time of the review", what="the review")
    outcome = forms.ChoiceField(label="Outcome", choices=ReviewOutcome.choices,
                                widget=forms.RadioSelect, error_messages={
                                    "required": "Choose whether detention is continued or "
                                                "the review postponed",
                                    "invalid_choice": "Choose whether detention is continued "
                                                      "or the review postponed"})
    reason = _text("Reason for postponing", 2000, required=False,
                   what="reason for postponing")
    notes = _text("Notes", 5000, required=False)

    layout = (("at", "datetime"), ("outcome", "radios"), ("reason", "textarea"),
              ("notes", "textarea"))
    reason_fields = (("before the arrest", "at"), ("before detention was authorised", "at"),
                     ("after detention ended", "at"), ("reason recorded", "reason"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("outcome", ReviewOutcome.CONTINUED)
        super().__init__(*args, **kwargs)

    @property
    def postponed(self):
        return self.cleaned_data.get("outcome") == ReviewOutcome.POSTPONED

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("outcome") == ReviewOutcome.POSTPONED
                and not cleaned.get("reason", "").strip() and "reason" not in self.errors):
            self.add_error("reason", "Enter the reason for postponing the review")
        return cleaned


class ExtensionForm(DetentionForm):
    at = LondonDateTimeField(label="Time of the extension", what="the extension")
    new_limit_hours = forms.IntegerField(
        label="New limit, in hours from the relevant time", min_value=25,
        max_value=SUPERINTENDENT_LIMIT_HOURS, error_messages={
            "required": "Enter the new limit in hours, for example 36",
            "invalid": "Enter the new limit as a whole number of hours, for example 36",
            "min_value": "The new limit must be more than 24 hours",
            "max_value": f"A superintendent may extend to at most "
                         f"{SUPERINTENDENT_LIMIT_HOURS} hours from the relevant time"})
    grounds = _text("Grounds for the extension", 5000, what="grounds for the extension")

    layout = (("at", "datetime"), ("new_limit_hours", "text"), ("grounds", "textarea"))
    reason_fields = (("superintendent may extend to at most", "new_limit_hours"),
                     ("must end later", "new_limit_hours"), ("grounds", "grounds"),
                     ("too late", "at"), ("The extension is after", "at"))


class WarrantForm(DetentionForm):
    at = LondonDateTimeField(label="Warrant issued at", what="issue of the warrant")
    granted_until = LondonDateTimeField(label="Detention authorised until",
                                        what="the end of the warrant")
    court = _text("Magistrates' court", 200, what="court that issued the warrant",
                  textarea=False)

    layout = (("at", "datetime"), ("granted_until", "datetime"), ("court", "text"))
    time_fields = ("at",)
    reason_fields = (("run later", "granted_until"), ("36 hours", "granted_until"),
                     ("96 hours", "granted_until"), ("before the warrant", "at"),
                     ("The warrant is after", "at"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("granted_until", None)

    def clean(self):
        cleaned = super().clean()
        at, until = cleaned.get("at"), cleaned.get("granted_until")
        if at and until and until <= at:
            self.add_error("granted_until", "The warrant must end after it was issued")
        return cleaned


class ChargeForm(DetentionForm):
    at = LondonDateTimeField(label="Time of charge", what="charge")

    layout = (("at", "datetime"),)
    reason_fields = (("Charge cannot be before", "at"),)


class CloseForm(DetentionForm):
    reason = forms.ChoiceField(label="Why the person left custody",
                               choices=CloseReason.choices, widget=forms.RadioSelect,
                               error_messages={
                                   "required": "Choose why the person left custody",
                                   "invalid_choice": "Choose why the person left custody"})
    at = LondonDateTimeField(label="Time the person left custody", what="leaving custody")

    layout = (("reason", "radios"), ("at", "datetime"))
    reason_fields = (("needs a charge time", "reason"), ("cannot end before", "at"),
                     ("cannot leave before", "at"))
