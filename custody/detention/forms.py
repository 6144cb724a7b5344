"""Forms for the detention clock: review, extension, warrant, charge and leaving custody.

The forms check only what a person could mistype (a real date, a number in range, a
reason when postponing); the detention rules are the clock's, and its problems are put
beside the field each names (custody.records.forms.add_problems).
"""

from django import forms

from custody.detention.clock import (
    DETENTION_LIMIT_HOURS,
    SUPERINTENDENT_LIMIT_HOURS,
    ReviewOutcome,
)
from custody.models import CloseReason
from custody.records.forms import LondonDateTimeField, now_initial, text_field
from custody.records.rules import is_in_future


def _text(label, max_length, *, required=True, what=None):
    return text_field(label, max_length, required=required, what=what, widget=forms.Textarea)


class DetentionForm(forms.Form):
    """Fields are laid out by ``layout``: (name, kind) with kind datetime, radios, select,
    text or textarea. Each field is an argument of the page's service, by the same name
    (``service_kwargs``)."""

    layout = ()
    time_fields = ("at",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for name in self.time_fields:
                self.initial.setdefault(name, now_initial())

    @property
    def rows(self):
        return [(self[name], kind) for name, kind in self.layout]

    def service_kwargs(self):
        return dict(self.cleaned_data)

    def clean(self):
        cleaned = super().clean()
        for name in self.time_fields:
            value = cleaned.get(name)
            if value is not None and is_in_future(value):
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
    reason = _text("Reason for postponing", 2000, required=False)
    notes = _text("Notes", 5000, required=False)

    layout = (("at", "datetime"), ("outcome", "radios"), ("reason", "textarea"),
              ("notes", "textarea"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("outcome", ReviewOutcome.CONTINUED)
        super().__init__(*args, **kwargs)

    @property
    def postponed(self):
        return self.cleaned_data.get("outcome") == ReviewOutcome.POSTPONED

    def service_kwargs(self):
        data = self.cleaned_data
        return {"at": data["at"], "postponed": self.postponed, "reason": data["reason"],
                "notes": data["notes"]}

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("outcome") == ReviewOutcome.POSTPONED
                and not cleaned.get("reason", "").strip() and "reason" not in self.errors):
            self.add_error("reason", "Enter the reason for postponing the review")
        return cleaned


class ExtensionForm(DetentionForm):
    at = LondonDateTimeField(label="Time of the extension", what="the extension")
    new_limit_hours = forms.IntegerField(
        label="New limit, in hours from the relevant time", min_value=DETENTION_LIMIT_HOURS + 1,
        max_value=SUPERINTENDENT_LIMIT_HOURS, error_messages={
            "required": "Enter the new limit in hours, for example "
                        f"{SUPERINTENDENT_LIMIT_HOURS}",
            "invalid": "Enter the new limit as a whole number of hours, for example "
                       f"{SUPERINTENDENT_LIMIT_HOURS}",
            "min_value": f"The new limit must be more than {DETENTION_LIMIT_HOURS} hours",
            "max_value": f"A superintendent may extend to at most "
                         f"{SUPERINTENDENT_LIMIT_HOURS} hours from the relevant time"})
    grounds = _text("Grounds for the extension", 5000)

    layout = (("at", "datetime"), ("new_limit_hours", "text"), ("grounds", "textarea"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("new_limit_hours", SUPERINTENDENT_LIMIT_HOURS)


YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label, message, help_text="", required=True):
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect,
                             help_text=help_text, required=required, error_messages={
                                 "required": message, "invalid_choice": message})


class WarrantForm(DetentionForm):
    at = LondonDateTimeField(label="Warrant issued at", what="issue of the warrant")
    granted_until = LondonDateTimeField(label="Detention authorised until",
                                        what="the end of the warrant")
    court = text_field("Magistrates' court", 200, what="the court that issued the warrant")
    court_could_not_sit = _yes_no(
        "Was the court unable to sit when the 36 hours ran out?",
        "Select yes if the court could not sit when the 36 hours ran out",
        help_text="Then the application may be heard in the 6 hours after (PACE "
                  "s.43(5)(b)); otherwise a warrant after the limit is refused",
        required=False)  # unanswered is No: the usual case

    layout = (("at", "datetime"), ("granted_until", "datetime"), ("court", "text"),
              ("court_could_not_sit", "radios"))

    def service_kwargs(self):
        return {**self.cleaned_data,
                "court_could_not_sit": self.cleaned_data["court_could_not_sit"] == "yes"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("granted_until", None)
        self.initial.setdefault("court_could_not_sit", "no")

    def clean(self):
        cleaned = super().clean()
        at, until = cleaned.get("at"), cleaned.get("granted_until")
        if at and until and until <= at:
            self.add_error("granted_until", "The warrant must end after it was issued")
        return cleaned


class HospitalStayForm(DetentionForm):
    """Time in hospital, or going there and back, recorded once the detainee is back."""

    left_at = LondonDateTimeField(label="Left the station for hospital",
                                  what="leaving for hospital")
    returned_at = LondonDateTimeField(label="Back at the station", what="the return")
    hospital = text_field("Hospital", 200, required=False, what="the hospital")
    questioned = _yes_no(
        "Was the detainee questioned about an offence while away?",
        "Select yes if the detainee was questioned while away",
        help_text="Time away counts towards the detention limit only if they were "
                  "(PACE s.41(6))")

    layout = (("left_at", "datetime"), ("returned_at", "datetime"), ("hospital", "text"),
              ("questioned", "radios"))
    time_fields = ("left_at", "returned_at")

    def clean(self):
        cleaned = super().clean()
        left, back = cleaned.get("left_at"), cleaned.get("returned_at")
        if left and back and back < left:
            self.add_error("returned_at", "The return cannot be before leaving for hospital")
        return cleaned

    def service_kwargs(self):
        return {**self.cleaned_data, "questioned": self.cleaned_data["questioned"] == "yes"}


class ChargeForm(DetentionForm):
    at = LondonDateTimeField(label="Time of charge", what="charge")

    layout = (("at", "datetime"),)


class CloseForm(DetentionForm):
    reason = forms.ChoiceField(label="Why the person left custody",
                               choices=CloseReason.choices, widget=forms.RadioSelect,
                               error_messages={
                                   "required": "Choose why the person left custody",
                                   "invalid_choice": "Choose why the person left custody"})
    at = LondonDateTimeField(label="Time the person left custody", what="leaving custody")

    layout = (("reason", "radios"), ("at", "datetime"))
