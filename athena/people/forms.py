"""Forms of the nominal index: validate and convert, with a plain message per field."""

import hashlib
import re
from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from athena.people.identifiers import (
    CRO_NUMBER_MESSAGE,
    PNC_ID_MESSAGE,
    canonical_cro_number,
    canonical_pnc_id,
)
from athena.people.models import (
    AddressType,
    Gender,
    SelfDefinedEthnicity,
    VehicleLinkType,
)
from athena.people.names import QUERY_MAX_LENGTH, normalise_name, query_tokens

EARLIEST_YEAR_OF_BIRTH = 1900
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/\-. ]+(\d{1,2})[/\-. ]+(\d{1,4})$")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NAME_PUNCTUATION = set(" -'\u2019.")
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
_REGISTRATION_MARK = re.compile(r"^[A-Z0-9]{1,10}$")


def _helper(*layout, method="post"):
    helper = FormHelper()
    helper.form_tag = False
    helper.form_method = method
    # The templates write the <form> and its CSRF token; a GET form must never carry one.
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class DateOfBirthField(forms.CharField):
    """A date typed as day/month/year ("27/11/1985"), kept as typed when it is wrong."""

    def __init__(self, *, label="Date of birth", **kwargs):
        self.what = label
        kwargs.setdefault("help_text", "For example, 27/11/1985")
        super().__init__(label=label, **kwargs)
        self.widget.attrs.update(autocomplete="off", spellcheck="false")

    def _message(self, text):
        return f"{self.what} {text}"

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        day, month, year = self._parts(text.strip())
        if year < 100:
            raise forms.ValidationError(self._message("must include the year in full, "
                                                      "for example 1985"), code="short_year")
        try:
            typed = date(year, month, day)
        except ValueError:
            raise forms.ValidationError(self._message("must be a real date"),
                                        code="invalid") from None
        if typed.year < EARLIEST_YEAR_OF_BIRTH:
            raise forms.ValidationError(
                self._message(f"must be in {EARLIEST_YEAR_OF_BIRTH} or later"), code="too_early")
        if typed > timezone.localdate():
            raise forms.ValidationError(self._message("must be today or in the past"),
                                        code="future")
        return typed

    def _parts(self, text):
        if len(text) > 30:
            text = ""
        match = _DAY_MONTH_YEAR.match(text)
        if match:
            day, month, year = match.groups()
            return int(day), int(month), int(year)
        match = _YEAR_MONTH_DAY.match(text)
        if match:
            year, month, day = match.groups()
            return int(day), int(month), int(year)
        raise forms.ValidationError(self._message("must be a real date, for example "
                                                  "27/11/1985"), code="invalid")

    def prepare_value(self, value):
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        return value


class NameField(forms.CharField):
    """A surname or forenames: letters in any alphabet, spaces, hyphens, apostrophes."""

    def __init__(self, *, label, max_length, **kwargs):
        super().__init__(label=label, max_length=max_length, **kwargs)
        self.error_messages["required"] = f"Enter the {label.lower()}"
        self.error_messages["max_length"] = (f"{label} must be {max_length} characters "
                                             f"or fewer")
        self.widget.attrs.update(autocomplete="off", spellcheck="false")

    def to_python(self, value):
        text = " ".join(super().to_python(value).split())
        if not text:
            return text
        if not all(ch.isalpha() or ch in _NAME_PUNCTUATION for ch in text) or not any(
                ch.isalpha() for ch in text):
            raise forms.ValidationError(
                f"{self.label} must only include letters, spaces, hyphens and apostrophes",
                code="invalid")
        return text


def duplicate_check_token(*, surname, forenames, date_of_birth):
    """A short fingerprint of the details the duplicate check was run on.

    The page that lists likely duplicates carries it; if the user changes a name or the
    date of birth before confirming, the fingerprint no longer matches and the check runs
    again on the new details.
    """
    content = "|".join([normalise_name(surname), normalise_name(forenames),
                        date_of_birth.isoformat() if date_of_birth else ""])
    return hashlib.sha256(content.encode()).hexdigest()[:16]


class PersonForm(forms.Form):
    surname = NameField(label="Surname", max_length=100)
    forenames = NameField(label="Forenames", max_length=150,
                          help_text="All forenames, in order")
    date_of_birth = DateOfBirthField(required=False,
                                     help_text="For example, 27/11/1985. Leave blank if "
                                               "not known.")
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices, initial=Gender.NOT_KNOWN,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select the gender, or Not known",
                                               "invalid_choice": "Select the gender, or "
                                                                 "Not known"})
    self_defined_ethnicity = forms.ChoiceField(
        label="Self-defined ethnicity", choices=SelfDefinedEthnicity.choices,
        initial=SelfDefinedEthnicity.NOT_STATED,
        help_text="As the person describes it. Choose NS – Not stated if they did not say.",
        error_messages={"required": "Select the self-defined ethnicity, or NS – Not stated",
                        "invalid_choice": "Select the self-defined ethnicity from the list"})
    pnc_id = forms.CharField(label="PNC ID", required=False, max_length=20,
                             help_text="For example, 12/345678A. Leave blank if none.",
                             error_messages={"max_length": PNC_ID_MESSAGE})
    cro_number = forms.CharField(label="CRO number", required=False, max_length=20,
                                 help_text="For example, 123456/12A. Leave blank if none.",
                                 error_messages={"max_length": CRO_NUMBER_MESSAGE})

    def __init__(self, *args, submit_label="Save", **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("pnc_id", "cro_number"):
            self.fields[name].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = _helper(*self.layout_fields(), Button("submit", submit_label))

    def layout_fields(self):
        return [
            Field.text("surname", field_width=20),
            Field.text("forenames", field_width=30),
            Field.text("date_of_birth", field_width=10),
            Field.radios("gender", legend_size=Size.SMALL, small=True),
            Field.select("self_defined_ethnicity"),
            Field.text("pnc_id", field_width=10),
            Field.text("cro_number", field_width=10),
        ]

    def clean_pnc_id(self):
        value = self.cleaned_data["pnc_id"].strip()
        if not value:
            return ""
        canonical = canonical_pnc_id(value)
        if canonical is None:
            raise forms.ValidationError(PNC_ID_MESSAGE, code="invalid")
        return canonical

    def clean_cro_number(self):
        value = self.cleaned_data["cro_number"].strip()
        if not value:
            return ""
        canonical = canonical_cro_number(value)
        if canonical is None:
            raise forms.ValidationError(CRO_NUMBER_MESSAGE, code="invalid")
        return canonical

    def person_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in ("surname", "forenames", "date_of_birth",
                                              "gender", "self_defined_ethnicity", "pnc_id",
                                              "cro_number")}


class PersonCreateForm(PersonForm):
    confirm_not_duplicate = forms.CharField(required=False, max_length=32,
                                            widget=forms.HiddenInput)

    def layout_fields(self):
        return [*super().layout_fields(), Field("confirm_not_duplicate")]

    def duplicate_check_token(self):
        data = self.cleaned_data
        return duplicate_check_token(surname=data["surname"], forenames=data["forenames"],
                                     date_of_birth=data["date_of_birth"])

    def confirmed_not_duplicate(self):
        return self.cleaned_data["confirm_not_duplicate"] == self.duplicate_check_token()


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def layout_fields(self):
        return [*super().layout_fields(), Field("version")]


class PersonSearchForm(forms.Form):
    query = forms.CharField(
        label="Name, PNC ID or CRO number", max_length=QUERY_MAX_LENGTH,
        help_text=(f"For example, John Smith or 12/345678A. Spelling and the order of the "
                   f"names need not be exact. Up to {QUERY_MAX_LENGTH} characters."),
        error_messages={
            "required": "Enter a name, PNC ID or CRO number to search for",
            "max_length": f"Search must be {QUERY_MAX_LENGTH} characters or fewer",
        },
    )
    date_of_birth = DateOfBirthField(required=False,
                                     help_text="Optional. For example, 27/11/1985. People "
                                               "born that day are listed first.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["query"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = _helper(
            Field.text("query", field_width=30, label_size=Size.SMALL),
            Field.text("date_of_birth", field_width=10, label_size=Size.SMALL),
            Button("search", "Search"),
            method="get",
        )

    def clean_query(self):
        query = self.cleaned_data["query"].strip()
        if (not query_tokens(query) and canonical_pnc_id(query) is None
                and canonical_cro_number(query) is None):
            raise forms.ValidationError("Enter a name using letters, or a PNC ID or CRO "
                                        "number", code="no_letters")
        return query


class AliasForm(forms.Form):
    surname = NameField(label="Surname", max_length=100)
    forenames = NameField(label="Forenames", max_length=150, required=False,
                          help_text="Leave blank if the person gave only a surname")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("surname", field_width=20),
            Field.text("forenames", field_width=30),
            Button("submit", "Add alias"),
        )


class LocationForm(forms.Form):
    address_line_1 = forms.CharField(
        label="Building and street", max_length=200,
        error_messages={"required": "Enter the building and street, or describe the place",
                        "max_length": "Building and street must be 200 characters or fewer"})
    address_line_2 = forms.CharField(
        label="Building and street line 2", max_length=200, required=False,
        error_messages={"max_length": "Line 2 must be 200 characters or fewer"})
    town = forms.CharField(label="Town or city", max_length=100, required=False,
                           error_messages={"max_length": "Town or city must be 100 characters "
                                                         "or fewer"})
    county = forms.CharField(label="County", max_length=100, required=False,
                             error_messages={"max_length": "County must be 100 characters "
                                                           "or fewer"})
    postcode = forms.CharField(label="Postcode", max_length=10, required=False,
                               help_text="For example, SS1 2AB. Leave blank if none.",
                               error_messages={"max_length": "Enter a real postcode, for "
                                                             "example SS1 2AB"})
    description = forms.CharField(
        label="Description", max_length=300, required=False,
        help_text="For a place with no postal address, say where it is",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Description must be 300 characters or fewer"})

    submit_label = "Save location"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(*self.layout_fields(), Button("submit", self.submit_label))

    def layout_fields(self):
        return [
            Fieldset(
                Field.text("address_line_1"),
                Field.text("address_line_2"),
                Field.text("town", field_width=20),
                Field.text("county", field_width=20),
                Field.text("postcode", field_width=10),
                legend="Address", legend_size=Size.SMALL,
            ),
            Field.textarea("description", rows=3),
        ]

    def clean_postcode(self):
        postcode = " ".join(self.cleaned_data["postcode"].upper().split())
        if not postcode:
            return ""
        squeezed = postcode.replace(" ", "")
        spaced = f"{squeezed[:-3]} {squeezed[-3:]}"
        if not _POSTCODE.match(spaced):
            raise forms.ValidationError("Enter a real postcode, for example SS1 2AB",
                                        code="invalid")
        return spaced

    def location_fields(self):
        return {name: self.cleaned_data[name] for name in (
            "address_line_1", "address_line_2", "town", "county", "postcode", "description")}


class PersonAddressForm(LocationForm):
    address_type = forms.ChoiceField(
        label="Type of address", choices=AddressType.choices, initial=AddressType.HOME,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of address",
                        "invalid_choice": "Select the type of address"})

    submit_label = "Add address"

    def layout_fields(self):
        return [Field.radios("address_type", legend_size=Size.SMALL, small=True),
                *super().layout_fields()]


class VehicleForm(forms.Form):
    registration_mark = forms.CharField(
        label="Registration number", max_length=12,
        help_text="For example, AB12 CDE",
        error_messages={"required": "Enter the registration number",
                        "max_length": "Registration number must be 10 letters and numbers "
                                      "or fewer"})
    make = forms.CharField(label="Make", max_length=50, required=False,
                           help_text="For example, Ford",
                           error_messages={"max_length": "Make must be 50 characters or fewer"})
    model = forms.CharField(label="Model", max_length=50, required=False,
                            help_text="For example, Focus",
                            error_messages={"max_length": "Model must be 50 characters or "
                                                          "fewer"})
    colour = forms.CharField(label="Colour", max_length=30, required=False,
                             error_messages={"max_length": "Colour must be 30 characters or "
                                                           "fewer"})

    submit_label = "Save vehicle"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration_mark"].widget.attrs.update(autocomplete="off",
                                                              spellcheck="false")
        self.helper = _helper(*self.layout_fields(), Button("submit", self.submit_label))

    def layout_fields(self):
        return [
            Field.text("registration_mark", field_width=10),
            Field.text("make", field_width=20),
            Field.text("model", field_width=20),
            Field.text("colour", field_width=20),
        ]

    def clean_registration_mark(self):
        mark = "".join(self.cleaned_data["registration_mark"].split()).upper()
        if not _REGISTRATION_MARK.match(mark):
            raise forms.ValidationError("Registration number must only include letters "
                                        "and numbers, up to 10", code="invalid")
        return mark

    def vehicle_fields(self):
        return {name: self.cleaned_data[name]
                for name in ("registration_mark", "make", "model", "colour")}


class PersonVehicleForm(VehicleForm):
    link_type = forms.ChoiceField(
        label="How is the person linked to the vehicle?", choices=VehicleLinkType.choices,
        initial=VehicleLinkType.REGISTERED_KEEPER, widget=forms.RadioSelect,
        error_messages={"required": "Select how the person is linked to the vehicle",
                        "invalid_choice": "Select how the person is linked to the vehicle"})

    submit_label = "Add vehicle"

    def layout_fields(self):
        return [*super().layout_fields(),
                Field.radios("link_type", legend_size=Size.SMALL, small=True)]
