"""Forms of who and what a file is about: offences per suspect, suspects from the people
index, victims and witnesses. They validate and convert, keep what was typed when it is
wrong, and ask nothing the system already holds (the suspect of a one-suspect file, the
name and age of someone chosen from the index)."""

from django import forms
from django.utils import timezone

from athena.people.forms import DateOfBirthField, NameField
from athena.people.models import Person
from athena.people.names import QUERY_MAX_LENGTH
from cases.constants import Plea
from cases.forms import YES_NO, ChoosesAnOffence, part_form_field, serialise
from cases.models import ParticipantRole
from cases.parts import OFFENCE_COLUMNS
from cases.sections import PartKind

WORDING_MAX_LENGTH = 2000
# Ids arrive from radios the page listed. Anything else is refused here, before it
# reaches the database (a bigint holds no more than this).
LARGEST_ID = 2**63 - 1
CHOOSE_PERSON = "Choose a person from the search results"
ADULT_AGE = 18


class OffenceDateField(DateOfBirthField):
    """A date typed as day/month/year, in 1900 or later and not in the future."""

    def __init__(self, **kwargs):
        super().__init__(label="Date of the offence", required=False,
                         help_text="For example, 27/11/2026. Leave blank if not known yet.",
                         **kwargs)


class PersonIdField(forms.IntegerField):
    """The id of a person on the index, chosen from listed results; cleans to the Person."""

    def __init__(self, **kwargs):
        message = kwargs.pop("message", CHOOSE_PERSON)
        super().__init__(min_value=1, max_value=LARGEST_ID, error_messages={
            "required": message, "invalid": message, "min_value": message,
            "max_value": message}, **kwargs)

    def clean(self, value):
        pk = super().clean(value)
        if pk is None:
            return None
        person = Person.objects.filter(pk=pk).first()
        if person is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return person


def _plea_field():
    return forms.ChoiceField(
        label="Anticipated plea", choices=Plea.choices, widget=forms.RadioSelect,
        help_text="Guilty only if the suspect admitted it clearly, with nothing amounting "
                  "to a defence, or the evidence is overwhelming and nothing suggests a "
                  "contest",
        error_messages={"required": "Choose the anticipated plea",
                        "invalid_choice": "Choose the anticipated plea from the list"})


def _wording_field():
    return forms.CharField(
        label="Particulars", required=False, max_length=WORDING_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where and what the suspect did, as the charge puts it after the date, "
                  "for example: at Tesco, High Street, Chelmsford stole 2 bottles of gin to "
                  "the value of £40 belonging to Tesco Stores Ltd. The charge adds the date "
                  "and the statute.",
        error_messages={"max_length": f"Particulars must be {WORDING_MAX_LENGTH:,} "
                                      f"characters or fewer"})


class OffenceParticularsForm(forms.Form):
    """What can change about an offence once it is on the file."""

    anticipated_plea = _plea_field()
    offence_date = OffenceDateField()
    wording = _wording_field()

    def particulars(self):
        data = self.cleaned_data
        return {"anticipated_plea": data["anticipated_plea"],
                "offence_date": data["offence_date"], "wording": data["wording"]}


POINTS_TO_PROVE_MAX_LENGTH = 4000
BAIL_ANSWERS = {"yes": True, "no": False}
# The offence's answers asked on its page beyond plea, date and particulars, as the
# catalogue has them (sections.py PARTS); each is shown only when a rule asks for it.
OFFENCE_PART_FIELDS = ("points_to_prove", "committed_on_bail",
                       "demeanour_at_incident", "children_present", "ages_of_children")


class OffenceChangeForm(OffenceParticularsForm):
    """An offence's particulars and the answers the rules ask of it (``shown``: the names
    of the part's fields a rule requires or allows, ``part_requirements``). Left blank,
    they are asked again when the file is checked."""

    field_order = ["anticipated_plea", "offence_date", "wording", "points_to_prove",
                   "committed_on_bail", "demeanour_at_incident", "children_present",
                   "ages_of_children"]

    def __init__(self, *args, shown, **kwargs):
        super().__init__(*args, **kwargs)
        for name in OFFENCE_PART_FIELDS:
            if name in shown:
                self.fields[name] = part_form_field(PartKind.OFFENCE, name)
        self.order_fields(self.field_order)

    def particulars(self):
        particulars = super().particulars()
        data = self.cleaned_data
        if "points_to_prove" in self.fields:
            particulars["points_to_prove"] = data["points_to_prove"]
        if "committed_on_bail" in self.fields:
            particulars["committed_on_bail"] = BAIL_ANSWERS.get(data["committed_on_bail"])
        answers = {name: serialise(data[name]) for name in OFFENCE_PART_FIELDS
                   if name in self.fields and name not in OFFENCE_COLUMNS}
        return particulars, answers


class OffenceAddForm(ChoosesAnOffence, OffenceParticularsForm):
    """An offence from the catalogue for one of the file's suspects. ``suspects`` are
    those it may be for: with only one, the form does not ask which."""

    suspect = forms.ChoiceField(label="Which suspect is this offence for?",
                                widget=forms.RadioSelect,
                                error_messages={"required": "Choose the suspect",
                                                "invalid_choice": "Choose the suspect"})
    offence_code = forms.CharField(label="Offence", max_length=8, error_messages={
        "required": "Choose the offence", "max_length": "Choose an offence from the list"})

    field_order = ["suspect", "offence_code", "anticipated_plea", "offence_date", "wording"]

    def __init__(self, *args, suspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.suspects = {str(suspect.pk): suspect for suspect in suspects}
        if len(self.suspects) == 1:
            del self.fields["suspect"]
        else:
            self.fields["suspect"].choices = [
                (pk, suspect.person.full_name) for pk, suspect in self.suspects.items()]

    @property
    def chosen_suspect(self):
        if "suspect" not in self.fields:
            return next(iter(self.suspects.values()))
        return self.suspects[self.cleaned_data["suspect"]]


class SuspectAddForm(forms.Form):
    """A person chosen from the index to add as a suspect."""

    person = PersonIdField(label="Choose the suspect")


def _age_on(date_of_birth, today):
    return today.year - date_of_birth.year - (
        (today.month, today.day) < (date_of_birth.month, date_of_birth.day))


class ParticipantForm(forms.Form):
    """A victim or witness, by name, linked to the people index when they are on it.

    Someone chosen from the index needs no name typed (the index's is used) and, when
    the index holds their date of birth, no answer about their age.
    """

    role = forms.ChoiceField(label="Victim or witness", choices=ParticipantRole.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose victim or witness",
                                             "invalid_choice": "Choose victim or witness"})
    name = NameField(label="Name", max_length=200, required=False,
                     help_text="As they give it, for example Zoë Ó'Brien. Leave blank if "
                               "you choose them from the people index below.")
    person_query = forms.CharField(
        label="Find them on the people index (optional)", required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text="A name, PNC ID or CRO number. Link them if they are on the index.",
        error_messages={"max_length": f"Search must be {QUERY_MAX_LENGTH} characters or "
                                      f"fewer"})
    person = PersonIdField(label="Person on the index", required=False)
    under_18 = forms.ChoiceField(
        label="Are they under 18?", choices=YES_NO, widget=forms.RadioSelect,
        required=False,
        help_text="You can leave this if you choose them from the people index and their "
                  "date of birth is recorded there.",
        error_messages={"invalid_choice": "Select yes if they are under 18, or no"})

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if "name" in data and not data["name"]:
            if person is not None:
                data["name"] = f"{person.forenames} {person.surname}".strip()
            elif "person" not in self.errors:
                self.add_error("name", "Enter their name, or choose them from the people "
                                       "index")
        if "under_18" in data and not data["under_18"]:
            if person is not None and person.date_of_birth is not None:
                age = _age_on(person.date_of_birth, timezone.localdate())
                data["under_18"] = "yes" if age < ADULT_AGE else "no"
            elif "person" not in self.errors:
                self.add_error("under_18", "Select yes if they are under 18, or no")
        return data

    @property
    def is_under_18(self):
        return self.cleaned_data["under_18"] == "yes"
