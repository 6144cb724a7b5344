"""Forms for booking in: the arrest and arrival that open the record, rights given, the
risk assessment, property (several items to a page) and needs. Times are typed as a date
and a 24-hour time, London, and start at now."""

import re

from django import forms

from custody.booking.selectors import officers_matching
from custody.models import ArrestPlace, ObservationLevel
from custody.models.booking import (
    RISK_QUESTIONS,
    Answer,
    LegalAdvice,
    Signature,
    recommended_level,
)
from custody.records.forms import (
    YES_NO,
    LondonDateTimeField,
    now_initial,
    text_field,
)
from custody.records.rules import is_in_future

# More than this many officers matching a name are not counted one by one.
MANY_OFFICERS = 10


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
    arresting_officer = forms.CharField(
        label="Arresting officer", max_length=200,
        help_text="Type their collar number or name, then choose them from the list",
        error_messages={"required": "Enter the arresting officer's collar number or name",
                        "max_length": "Enter the arresting officer's collar number or name, "
                                      "200 characters or fewer"})
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

    def __init__(self, *args, force, free_cells=None, **kwargs):
        """``free_cells``: the cells of the suite no open record holds, offered as a list
        (with "no cell yet"); None when the suite lists no cells, and the cell is typed."""
        kwargs.setdefault("initial", {"arrested_at": now_initial(),
                                      "arrived_at": now_initial()})
        super().__init__(*args, **kwargs)
        self.force = force
        if free_cells is not None:
            self.fields["cell"] = forms.ChoiceField(
                label="Cell", required=False, choices=[("", "No cell yet")]
                + [(cell, cell) for cell in free_cells],
                help_text="The suite's free cells",
                error_messages={"invalid_choice": "Choose a free cell from the list: that "
                                                  "one is taken or is not in this suite"})

    def clean_arresting_officer(self):
        """The user the text names, by collar number or name (officers_matching)."""
        text = self.cleaned_data["arresting_officer"]
        found = officers_matching(force=self.force, text=text)
        if not found:
            raise forms.ValidationError(
                "No officer of this force has that collar number or name: check it, or "
                "type their collar number", code="officer_not_found")
        if len(found) > 1:
            many = f"{len(found)}" if len(found) <= MANY_OFFICERS else f"More than {MANY_OFFICERS}"
            raise forms.ValidationError(
                f"{many} officers match '{text.strip()}': type their collar number, or "
                "choose one from the list", code="officer_ambiguous")
        return found[0]

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
    """A form with the time the thing happened (starting at now), not in the future.
    ``time_name`` renames the time field, so that several of these forms share one page
    (rights, risk assessment and needs); the service still gets it as ``at``."""

    what = "entry"

    def __init__(self, *args, time_name="at", **kwargs):
        super().__init__(*args, **kwargs)
        self.time_name = time_name
        if time_name != "at":
            self.fields = {time_name: self.fields.pop("at"), **self.fields}
        self.fields[time_name].initial = now_initial()

    def clean(self):
        cleaned = super().clean()
        at = cleaned.get(self.time_name)
        if at and is_in_future(at):
            self.add_error(self.time_name, f"The time of the {self.what} cannot be in the "
                                           "future")
        return cleaned

    def timed_data(self):
        """The cleaned data, the time as ``at``."""
        data = dict(self.cleaned_data)
        data["at"] = data.pop(self.time_name)
        return data

    def field_of(self, name):
        """The form field a service's problem names (``at``: the time, renamed)."""
        return self.time_name if name == "at" else name


def tick_field(label):
    """A box to tick for yes; left empty, no. It takes the yes-or-no answers of a radio
    too, so what an older copy of the page sends still means what it said."""
    short = label.split(" (")[0]
    return forms.ChoiceField(label=label, choices=YES_NO, required=False,
                             error_messages={"invalid_choice": f"Answer '{short}' yes or no"})


class RightsForm(_TimedForm):
    """The rights given and the detainee's answers: legal advice asked as a question,
    what the detainee wants or needs as boxes to tick (unticked: no)."""

    what = "rights"
    at = LondonDateTimeField(label="When the rights were given", what="giving the rights")
    legal_advice = forms.ChoiceField(
        label="Legal advice", choices=LegalAdvice.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the detainee wants legal advice",
                        "invalid_choice": "Choose a legal advice answer from the list"})
    solicitor_name = _text("Name of the solicitor", 200, what="the name of the solicitor")
    someone_informed = tick_field("Wants someone informed of the arrest")
    informed_who = _text("Who to inform", 200, what="the person to inform")
    wants_codes = tick_field("Wants to consult the Codes of Practice")
    interpreter_needed = tick_field("Needs an interpreter")
    interpreter_language = _text("Language", 100, what="the language")
    appropriate_adult_needed = tick_field("Needs an appropriate adult")
    appropriate_adult_name = _text("Appropriate adult's name (if known)", 200,
                                   what="the appropriate adult's name")
    written_notice_given = tick_field("Written notice of rights and entitlements given")

    BOOLEANS = ("someone_informed", "wants_codes", "interpreter_needed",
                "appropriate_adult_needed", "written_notice_given")
    # The boxes, each with the field its "yes" asks for, if any.
    WANTS = (("someone_informed", "informed_who"), ("wants_codes", None),
             ("interpreter_needed", "interpreter_language"),
             ("appropriate_adult_needed", "appropriate_adult_name"))

    def wants(self):
        """(box, the field it reveals or None) to lay out the boxes."""
        return [(self[box], self[revealed] if revealed else None)
                for box, revealed in self.WANTS]

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
        data = self.timed_data()
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
        data = self.timed_data()
        return {"at": data["at"], "level": data["level"],
                "level_reason": data["level_reason"],
                "answers": {q: data[q] for q in RISK_QUESTIONS},
                "notes": {q: data[f"{q}_notes"] for q in RISK_QUESTIONS}}


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
        return self.timed_data()


# --- Property: the sheet's time, and its rows ------------------------------------------

class PropertyForm(_TimedForm):
    """When the property was recorded: one time for every row saved together."""

    what = "property record"
    at = LondonDateTimeField(label="When the property was recorded",
                             what="recording the property")


# "£1,012.40", "12.40", "12.4", "12": pounds, and pence if any.
CASH = re.compile(r"£?(?P<pounds>\d{1,3}(?:,\d{3})+|\d{1,7})(?:\.(?P<pence>\d{1,2}))?",
                  re.ASCII)
MAX_CASH_PENCE = 10_000_000 * 100 - 1
CASH_EXAMPLE = "Enter the cash in pounds and pence, for example £12.40"


class CashField(forms.CharField):
    """Cash in pounds and pence, as written ("£12.40", "12.40", "12.4", "£1,200"), held
    exactly as a whole number of pence."""

    def to_python(self, value):
        text = super().to_python(value).replace(" ", "")
        if not text:
            return None
        match = CASH.fullmatch(text) if len(text) <= 30 else None
        if match is None:
            raise forms.ValidationError(CASH_EXAMPLE, code="invalid")
        pence = (int(match["pounds"].replace(",", "")) * 100
                 + int((match["pence"] or "0").ljust(2, "0")))
        if pence < 1:
            raise forms.ValidationError("The cash must be more than £0.00", code="min_value")
        if pence > MAX_CASH_PENCE:
            raise forms.ValidationError("The cash must be less than £10,000,000",
                                        code="max_value")
        return pence


class PropertyRowForm(forms.Form):
    """One row of the property table: an item and how many, or an amount of cash; its
    sealed bag; whether the detainee signed for it. A row left empty is no item (the
    view makes each row ``empty_permitted``); a row begun must be finished."""

    description = _text("Item", 500, required=True, what="a description of the item")
    quantity = forms.IntegerField(
        label="Quantity", min_value=1, max_value=9999, required=False,
        error_messages={"invalid": "The quantity must be a whole number, for example 2; "
                                   "put cash in the Cash (£) column",
                        "min_value": "The quantity must be at least 1",
                        "max_value": "The quantity must be 9,999 or fewer"})
    cash = CashField(label="Cash (£)", required=False)
    bag_number = _text("Sealed bag number", 30, required=False)
    signature = forms.ChoiceField(
        label="Signed by the detainee", choices=[("", "Choose")] + Signature.choices,
        error_messages={"required": "Choose whether the detainee signed for it",
                        "invalid_choice": "Choose whether the detainee signed for it"})

    COLUMNS = ("description", "quantity", "cash", "bag_number", "signature")

    def __init__(self, *args, number, **kwargs):
        """``number``: the row's number on the page, from 1, which the page's error
        summary puts before each of its messages ("Item 2: ...")."""
        super().__init__(*args, prefix=f"item-{number - 1}", **kwargs)
        self.number = number

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("quantity") is not None and cleaned.get("cash") is not None:
            self.add_error("cash", "Enter a quantity or an amount of cash, not both: cash "
                                   "goes on a row of its own")
        return cleaned

    def item(self):
        """The row as the service takes it (property_items_record)."""
        data = self.cleaned_data
        cash = data["cash"]
        return {"description": data["description"],
                "quantity": None if cash is not None else (data["quantity"] or 1),
                "cash_pence": cash, "bag_number": data["bag_number"],
                "signed_by_detainee": data["signature"] == Signature.SIGNED,
                "refused_to_sign": data["signature"] == Signature.REFUSED}
