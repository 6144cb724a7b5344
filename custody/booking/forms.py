"""Forms for booking in: the arrest and arrival that open the record, rights given, the
risk assessment, property and needs. Times are typed as a date and a 24-hour time,
London."""

from django import forms

from athena.accounts.models import User
from athena.accounts.roles import Role
from custody.models import ArrestPlace, ObservationLevel
from custody.models.booking import RISK_QUESTIONS, Answer, LegalAdvice, recommended_level
from custody.records.forms import LondonDateTimeField, text_field, yes_no_field
from custody.records.rules import is_in_future


def _text(label, max_length, required=False, what=None):
    """A text field, optional unless ``required``."""
    return text_field(label, max_length, required=required, what=what)


class BookInForm(forms.Form):
    arrested_at = LondonDateTimeField(label="Time of arrest", what="arrest")
    arrived_at = LondonDateTimeField(label="Time of arrival at the station",
                                     what="arrival", example_time="15:05")
    arrest_place = forms.CharField(label="Place of arrest", max_length=200, error_messages={
        "required": "Enter where the person was arrested",
        "max_length": "Place of arrest must be 200 characters or fewer"})
    arresting_officer = forms.ModelChoiceField(
        label="Arresting officer", queryset=User.objects.none(),
        error_messages={"required": "Choose the arresting officer",
                        "invalid_choice": "Choose an officer from the list"})
    grounds = forms.CharField(label="Grounds for arrest", max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}), error_messages={
                                  "required": "Enter the grounds for arrest",
                                  "max_length": "Grounds must be 5,000 characters or fewer"})
    cell = forms.CharField(label="Cell", max_length=10, required=False,
                           error_messages={"max_length": "Cell must be 10 characters or fewer"})
    # What sets the relevant time (PACE s.41(2)) and what counts towards the limits.
    arrest_place_kind = forms.ChoiceField(
        label="Where was the person arrested?", choices=ArrestPlace.choices,
        widget=forms.RadioSelect, initial=ArrestPlace.IN_AREA, required=False,
        help_text="It sets the relevant time the detention clock runs from (PACE s.41(2))",
        error_messages={"required": "Select where the person was arrested",
                        "invalid_choice": "Select where the person was arrested"})
    entered_england_wales_at = LondonDateTimeField(
        label="When they entered England and Wales", what="entry to England and Wales",
        required=False, help_text="Only for an arrest outside England and Wales")
    earlier_detention = forms.CharField(
        label="Time already in police detention for this offence", max_length=10,
        required=False, help_text="Only for someone answering bail: hours and minutes, for "
                                  "example 5:30. It counts towards the limits (PACE s.47(6))")

    def __init__(self, *args, force, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arresting_officer"].queryset = User.objects.filter(
            force=force, is_active=True, groups__name__in=[Role.OFFICER, Role.CUSTODY_OFFICER]
        ).distinct().order_by("last_name", "first_name")
        self.fields["arresting_officer"].label_from_instance = lambda user: user.display_name

    def clean(self):
        cleaned = super().clean()
        arrested, arrived = cleaned.get("arrested_at"), cleaned.get("arrived_at")
        # One rule for every custody time (records.rules.is_in_future): a clock a few
        # minutes ahead of the server's is not the future.
        if arrested and is_in_future(arrested):
            self.add_error("arrested_at", "The time of arrest cannot be in the future")
        if arrived and is_in_future(arrived):
            self.add_error("arrived_at", "The time of arrival cannot be in the future")
        kind = cleaned.get("arrest_place_kind")
        if arrested and arrived and arrived < arrested and kind != ArrestPlace.AT_STATION:
            self.add_error("arrived_at", "The arrival cannot be before the arrest, unless "
                                         "they attended voluntarily and were arrested here")
        entered = cleaned.get("entered_england_wales_at")
        if kind == ArrestPlace.OUTSIDE_ENGLAND_WALES and entered is None and (
                "entered_england_wales_at" not in self.errors):
            self.add_error("entered_england_wales_at", "Enter when they entered England and "
                                                       "Wales: the relevant time runs from it")
        return cleaned

    def clean_arrest_place_kind(self):
        """Unanswered is the usual case: arrested in this force's area."""
        return self.cleaned_data["arrest_place_kind"] or ArrestPlace.IN_AREA

    def clean_earlier_detention(self):
        """Minutes, from "5:30", "5.30", "5h30" or "90" (minutes)."""
        text = self.cleaned_data["earlier_detention"].strip().lower().replace("h", ":")
        if not text:
            return 0
        hours, _, minutes = text.replace(".", ":").partition(":")
        if not (hours.isascii() and hours.isdigit()
                and (not minutes or (minutes.isascii() and minutes.isdigit()
                                     and int(minutes) < 60))):
            raise forms.ValidationError("Enter the time already in detention as hours and "
                                        "minutes, for example 5:30")
        total = int(hours) * 60 + int(minutes or 0) if minutes else int(hours) * 60
        if total > 96 * 60:
            raise forms.ValidationError("The time already in detention cannot be more than "
                                        "96 hours")
        return total


class _TimedForm(forms.Form):
    """A form with the time the thing happened, not in the future."""

    what = "entry"

    def clean(self):
        cleaned = super().clean()
        at = cleaned.get("at")
        if at and is_in_future(at):
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
                           what="the name of the solicitor")
    someone_informed = yes_no_field("Wants someone informed of the arrest")
    informed_who = _text("Who to inform (if yes)", 200, what="the person to inform")
    wants_codes = yes_no_field("Wants to consult the Codes of Practice")
    interpreter_needed = yes_no_field("Needs an interpreter")
    interpreter_language = _text("Language (if an interpreter is needed)", 100,
                                 what="the language")
    appropriate_adult_needed = yes_no_field("Needs an appropriate adult")
    appropriate_adult_name = _text("Appropriate adult's name (if known)", 200,
                                   what="the appropriate adult's name")
    written_notice_given = yes_no_field("Written notice of rights given")

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
                         what="the reason for the level")

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
    description = _text("Description", 500, required=True, what="the description of the item")
    quantity = forms.IntegerField(
        label="Quantity", min_value=1, max_value=9999, initial=1,
        error_messages={"required": "Enter the quantity, for example 1",
                        "invalid": "Enter the quantity as a whole number, for example 1",
                        "min_value": "The quantity must be at least 1",
                        "max_value": "The quantity must be 9,999 or fewer"})
    bag_number = _text("Bag number", 30)
    signed_by_detainee = yes_no_field("Signed for by the detainee")

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
