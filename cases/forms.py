"""Forms of the case file. Section forms are built from the catalogue in sections.py.

Every section field is optional at form level, because a draft always saves: which
answers a file needs is the rules' decision (rules.py), shown as a reason beside the
field and checked by validation.py. The form only checks that what was typed makes
sense (a real date, a sum of money), and never throws the typing away.
"""

from decimal import Decimal

from django import forms

from cases.constants import BailStatus, Marker, Plea
from cases.sections import SECTIONS, FieldType

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _form_field(definition):
    common = {"label": definition.label, "required": False, "help_text": definition.hint}
    if definition.type == FieldType.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 6}),
                               max_length=definition.max_length, **common,
                               error_messages={"max_length": f"{definition.label} must be "
                                               f"{definition.max_length:,} characters or fewer"})
    if definition.type == FieldType.DATE:
        return forms.DateField(input_formats=DATE_INPUT_FORMATS, **common, error_messages={
            "invalid": f"{definition.label} must be a real date, for example 27/11/2026"})
    if definition.type == FieldType.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if definition.type == FieldType.CHOICE:
        return forms.ChoiceField(choices=definition.choices, widget=forms.RadioSelect,
                                 **common)
    if definition.type == FieldType.MONEY:
        return forms.DecimalField(min_value=Decimal("0"), max_value=Decimal("10000000"),
                                  decimal_places=2, **common, error_messages={
                                      "invalid": f"{definition.label} must be an amount in "
                                                 "pounds, for example 49.99",
                                      "min_value": "The amount cannot be less than £0",
                                      "max_value": "The amount must be £10,000,000 or less",
                                      "max_decimal_places": "Give the amount to the penny, "
                                                            "for example 49.99"})
    return forms.CharField(max_length=definition.max_length, **common, error_messages={
        "max_length": f"{definition.label} must be {definition.max_length:,} characters "
                      "or fewer"})


class SectionForm(forms.Form):
    kind = None

    def stored_data(self):
        """What to save: the clean value of each valid answer, and the typed text of
        each answer that is not valid yet, so nothing typed is lost."""
        stored = {}
        for name in self.fields:
            if name in ("version", "file"):
                continue
            raw = self.data.get(self.add_prefix(name), "")
            if name in self.errors:
                stored[name] = raw
            else:
                stored[name] = _serialise(self.cleaned_data.get(name))
        return stored


def _serialise(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


_FORM_CLASSES = {}


def section_form_class(kind):
    if kind not in _FORM_CLASSES:
        attrs = {"kind": kind}
        attrs.update({f.name: _form_field(f) for f in SECTIONS[kind].fields})
        _FORM_CLASSES[kind] = type(f"{kind.title().replace('_', '')}Form", (SectionForm,),
                                   attrs)
    return _FORM_CLASSES[kind]


def section_form(kind, *, data=None, stored=None):
    """A bound form: on POST with what was typed, otherwise with what was saved (so a
    reload shows the saved answers and flags any that are not valid yet)."""
    form_class = section_form_class(kind)
    if data is not None:
        return form_class(data)
    if stored:
        return form_class({name: value for name, value in stored.items() if value != ""})
    return form_class()


def format_problems(kind, data):
    """{field: message} for saved answers that do not make sense (an impossible date)."""
    if not data:
        return {}
    form = section_form(kind, stored=data)
    return {name: errors[0] for name, errors in form.errors.items()}


class CaseStartForm(forms.Form):
    """The few questions that decide what the file needs."""

    offence_code = forms.CharField(label="Offence", max_length=8, error_messages={
        "required": "Choose the offence"})
    anticipated_plea = forms.ChoiceField(
        label="Anticipated plea", choices=Plea.choices, widget=forms.RadioSelect,
        help_text="Guilty only if the suspect admitted it clearly, with nothing amounting "
                  "to a defence, or the evidence is overwhelming and nothing suggests a "
                  "contest", error_messages={"required": "Choose the anticipated plea"})
    bail_status = forms.ChoiceField(label="Bail or remand", choices=BailStatus.choices,
                                    initial=BailStatus.UNCONDITIONAL_BAIL,
                                    widget=forms.RadioSelect,
                                    error_messages={"required": "Choose bail or remand"})
    markers = forms.MultipleChoiceField(label="Markers", choices=Marker.choices,
                                        required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text="Select all that apply. They decide who "
                                                  "charges and what the file needs.")

    def clean_offence_code(self):
        from athena.offences.selectors import offence_get_by_code

        offence = offence_get_by_code(self.cleaned_data["offence_code"])
        if offence is None:
            raise forms.ValidationError("Choose an offence from the list")
        self.offence = offence
        return offence.cjs_code


class CaseDetailsForm(forms.Form):
    """The facts the file rules decide from, changeable while the file is a draft."""

    bail_status = CaseStartForm.base_fields["bail_status"]
    markers = CaseStartForm.base_fields["markers"]
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
