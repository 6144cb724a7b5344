"""Forms for booking in: rights given, the risk assessment, property and needs."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from custody.forms import LondonDateTimeField
from custody.models import ObservationLevel
from custody.models.booking import RISK_QUESTIONS, Answer, LegalAdvice, recommended_level

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label, max_length, required=False, what=None):
    what = what or label.lower()
    return forms.CharField(label=label, max_length=max_length, required=required,
                           error_messages={
                               "required": f"Enter the {what}",
                               "max_length": f"{label} must be {max_length:,} characters "
                                             "or fewer"})


def _yes_no(label):
    short = label.split(" (")[0]
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect,
                             error_messages={"required": f"Answer '{short}'",
                                             "invalid_choice": f"Answer '{short}' yes or no"})


class _TimedForm(forms.Form):
    """A form with the time the thing happened, not in the future."""

    what = "entry"

    def clean(self):
        cleaned = super().clean()
        at = cleaned.get("at")
        if at and at > timezone.now() + timedelta(minutes=5):
            self.add_error("at", f"The time of the {self.what} cannot be in the future")
        return cleaned


class RightsForm(_TimedForm):
    what = "rights"
    at = LondonDateTimeField(label="When the rights were given", what="giving the rights")
    legal_advice = forms.ChoiceField(
        label="Legal advice", choices=LegalAdvice.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the detainee wants legal advice",
                        "invalid_choice": "Choose a legal advice answer from the list"})
    solicitor_name = _text("Name of the solicitor (if a named solicitor)", 200,
                           what="name of the solicitor")
    someone_informed = _yes_no("Wants someone informed of the arrest")
    informed_who = _text("Who to inform (if yes)", 200, what="person to inform")
    wants_codes = _yes_no("Wants to consult the Codes of Practice")
    interpreter_needed = _yes_no("Needs an interpreter")
    interpreter_language = _text("Language (if an interpreter is needed)", 100,
                                 what="language")
    appropriate_adult_needed = _yes_no("Needs an appropriate adult")
    appropriate_adult_name = _text("Appropriate adult's name (if known)", 200,
                                   what="appropriate adult's name")
    written_notice_given = _yes_no("Written notice of rights given")

    BOOLEANS = ("someone_informed", "wants_codes", "interpreter_needed",
                "appropriate_adult_needed", "written_notice_given")

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("legal_advice") == LegalAdvice.WANTS_NAMED
                and not cleaned.get("solicitor_name", "x").strip()):
            self.add_error("solicitor_name", "Enter the name of the solicitor the detainee "
                                             "wants")
        if cleaned.get("someone_informed") == "yes" and not cleaned.get(
                "informed_who", "x").strip():
            self.add_error("informed_who", "Enter who the detainee wants informed")
        if cleaned.get("interpreter_needed") == "yes" and not cleaned.get(
                "interpreter_language", "x").strip():
            self.add_error("interpreter_language", "Enter the language the interpreter is "
                                                   "needed for")
        return cleaned

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        for name in self.BOOLEANS:
            data[name] = data[name] == "yes"
        return data


class RiskAssessmentForm(_TimedForm):
    what = "risk assessment"
    at = LondonDateTimeField(label="When the assessment was made", what="the assessment")
    level = forms.TypedChoiceField(
        label="Observation level (leave as recommended unless you choose otherwise)",
        coerce=int, required=False, empty_value=None,
        choices=[("", "The recommended level")] + ObservationLevel.choices,
        error_messages={"invalid_choice": "Choose a level from the list"})
    level_reason = _text("Reason for the level (needed if lower than recommended)", 1000,
                         what="reason for the level")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question, label in RISK_QUESTIONS.items():
            self.fields[question] = forms.ChoiceField(
                label=label, choices=Answer.choices, widget=forms.RadioSelect,
                error_messages={"required": f"Answer '{label}'",
                                "invalid_choice": f"Answer '{label}' yes, no or not known"})
            self.fields[f"{question}_notes"] = _text(f"{label}: notes", 1000)

    def questions(self):
        return [(self[question], self[f"{question}_notes"]) for question in RISK_QUESTIONS]

    def clean(self):
        cleaned = super().clean()
        answers = {question: cleaned.get(question) for question in RISK_QUESTIONS}
        if None in answers.values():
            return cleaned
        recommended = recommended_level(answers)
        level = cleaned.get("level")
        if (level is not None and level < recommended
                and not cleaned.get("level_reason", "").strip()
                and "level_reason" not in self.errors):
            self.add_error("level_reason", f"The answers recommend level {recommended}: "
                                           "give the reason for choosing a lower level")
        return cleaned

    def service_kwargs(self):
        data = self.cleaned_data
        return {"at": data["at"], "level": data["level"],
                "level_reason": data["level_reason"],
                "answers": {q: data[q] for q in RISK_QUESTIONS},
                "notes": {q: data[f"{q}_notes"] for q in RISK_QUESTIONS}}


class PropertyForm(_TimedForm):
    what = "property record"
    at = LondonDateTimeField(label="When the property was recorded",
                             what="recording the property")
    description = _text("Description", 500, required=True, what="description of the item")
    quantity = forms.IntegerField(
        label="Quantity", min_value=1, max_value=9999, initial=1,
        error_messages={"required": "Enter the quantity, for example 1",
                        "invalid": "Enter the quantity as a whole number, for example 1",
                        "min_value": "The quantity must be at least 1",
                        "max_value": "The quantity must be 9,999 or fewer"})
    bag_number = _text("Bag number", 30)
    signed_by_detainee = _yes_no("Signed for by the detainee")

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["signed_by_detainee"] = data["signed_by_detainee"] == "yes"
        return data


class NeedsForm(_TimedForm):
    what = "needs record"
    at = LondonDateTimeField(label="When the needs were recorded",
                             what="recording the needs")
    diet = _text("Diet", 2000)
    religion = _text("Religion", 2000)
    medical = _text("Medical", 2000)

    def clean(self):
        cleaned = super().clean()
        names = ("diet", "religion", "medical")
        if not any(name in self.errors for name in names) and not any(
                cleaned.get(name, "").strip() for name in names):
            self.add_error("diet", "Enter at least one need: diet, religion or medical")
        return cleaned

    def service_kwargs(self):
        return dict(self.cleaned_data)
