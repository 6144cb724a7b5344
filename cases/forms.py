"""Forms of the case file: starting one, its details, and each section, statement and
exhibit (with the exhibit upload check). Section forms are built from the catalogue in
sections.py.

Every section field is optional at form level, because a draft always saves: which
answers a file needs is the rules' decision (rules.py), shown as a reason beside the
field and checked by validation.py. The form only checks that what was typed makes
sense (a real date, a sum of money), and never throws the typing away.
"""

import re
from decimal import Decimal

from django import forms
from django.conf import settings
from PIL import JpegImagePlugin, PngImagePlugin

from athena.courts import court_name, court_unit_from_text, courts_for_force, unit_problem
from athena.offences.selectors import offence_get_by_code
from cases.constants import BailStatus, CaseBegins, Marker, Plea
from cases.sections import (
    PARTS,
    SECTIONS,
    VICTIM_WITNESS_TYPES,
    WITNESS_TYPES,
    FieldType,
    SectionKind,
)

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]
YES_NO = [("yes", "Yes"), ("no", "No")]


TIME = re.compile(r"^\s*([01]?\d|2[0-3])\s*[:.]?\s*([0-5]\d)\s*$")
TIME_MESSAGE = "{label} must be a time on the 24-hour clock, for example 14:30"


class TimeOfDayField(forms.CharField):
    """A time of day typed as 14:30, 14.30 or 1430; cleans to "14:30"."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        match = TIME.match(value)
        if match is None:
            raise forms.ValidationError(TIME_MESSAGE.format(label=self.label), code="invalid")
        return f"{int(match.group(1)):02d}:{match.group(2)}"


class FullNameField(forms.CharField):
    """A person's first name and surname: the CPS files a person by both."""

    def clean(self, value):
        value = " ".join(super().clean(value).split())
        if value and len(value.split()) < 2:
            raise forms.ValidationError(
                f"Enter the first name and surname, for example {FULL_NAME_EXAMPLE}",
                code="one_name")
        return value


FULL_NAME_EXAMPLE = "Sam Jones"
class CourtField(forms.CharField):
    """A court by its CJS organisation unit: typed by the name of a listed court (the page
    suggests the courts of the file's force) or as its unit's four parts; cleans to the
    unit."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        unit = court_unit_from_text(value)
        if unit is None:
            raise forms.ValidationError(unit_problem(value), code="not_a_unit")
        return unit


def court_choices(definition, bound, case):
    """For a court question, what its page shows: the courts of the file's force to
    suggest, and the answer as a person reads it (a listed court by its name; anything
    else as typed, so a mistyped court is kept to be put right)."""
    if definition.type != FieldType.COURT:
        return {}
    return {"courts": courts_for_force(case.force.code),
            "court_text": court_name(bound.value() or "")}


def _form_field(definition):
    common = {"label": definition.label, "required": False, "help_text": definition.hint}
    if definition.type == FieldType.TIME:
        return TimeOfDayField(max_length=10, **common, error_messages={
            "max_length": TIME_MESSAGE.format(label=definition.label)})
    if definition.type == FieldType.FULL_NAME:
        return FullNameField(max_length=definition.max_length, **common, error_messages={
            "max_length": f"{definition.label} must be {definition.max_length:,} characters "
                          "or fewer"})
    if definition.type == FieldType.COURT:
        return CourtField(max_length=300, **common, error_messages={
            "max_length": "Enter the court's name, or its CJS organisation unit, in 300 "
                          "characters or fewer"})
    if definition.type == FieldType.NUMBER:
        return forms.DecimalField(min_value=Decimal("0"), max_value=Decimal("120"),
                                  decimal_places=1, **common, error_messages={
                                      "invalid": f"{definition.label} must be a number, for "
                                                 "example 2.5",
                                      "min_value": f"{definition.label} cannot be less than 0",
                                      "max_value": f"{definition.label} must be 120 or less",
                                      "max_decimal_places": f"{definition.label} must have at "
                                                            "most one decimal place"})
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
            raw = self.fields[name].widget.value_from_datadict(
                self.data, self.files, self.add_prefix(name)) or ""
            if name in self.errors:
                stored[name] = raw
            else:
                stored[name] = serialise(self.cleaned_data.get(name))
        return stored


def serialise(value):
    """A cleaned answer as stored in a section's or part's JSON."""
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


def part_form_field(kind, name):
    """The form field for one question of a defendant or an offence (sections.py PARTS)."""
    return _form_field(PARTS[kind].field(name))


_PART_FORM_CLASSES = {}


def part_form_class(kind):
    """The form of all a part's questions; a page drops those the rules do not ask."""
    if kind not in _PART_FORM_CLASSES:
        attrs = {f.name: _form_field(f) for f in PARTS[kind].fields}
        attrs["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0,
                                              required=False)
        _PART_FORM_CLASSES[kind] = type(f"{kind.title()}PartForm", (SectionForm,), attrs)
    return _PART_FORM_CLASSES[kind]


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


class ChoosesAnOffence:
    """A form whose ``offence_code`` names an offence of the catalogue: cleaning it sets
    ``self.offence``."""

    def clean_offence_code(self):
        offence = offence_get_by_code(self.cleaned_data["offence_code"])
        if offence is None:
            raise forms.ValidationError("Choose an offence from the list")
        self.offence = offence
        return offence.cjs_code


CASE_BEGINS_CHOICES = [
    (CaseBegins.CHARGE, "Charged at the police station"),
    (CaseBegins.POSTAL_REQUISITION, "Written charge and requisition sent by post"),
]


def _case_begins_field():
    return forms.ChoiceField(
        label="How does the case begin?", choices=CASE_BEGINS_CHOICES,
        initial=CaseBegins.CHARGE, widget=forms.RadioSelect,
        help_text="A suspect released under investigation, or not arrested, is usually "
                  "sent a written charge and requisition",
        error_messages={"required": "Select how the case begins",
                        "invalid_choice": "Select how the case begins"})


class BeginsAndBail(forms.Form):
    """How the case begins and the suspect's bail, which must agree: a written charge and
    requisition is posted to someone who is not on police bail for it."""

    def clean(self):
        data = super().clean()
        if data.get("case_begins") == CaseBegins.POSTAL_REQUISITION:
            if data.get("bail_status") not in (None, BailStatus.NOT_APPLICABLE):
                self.add_error("bail_status", "A suspect sent a written charge and "
                                              "requisition is not on bail or kept in custody "
                                              "for it: select 'Not applicable'")
        return data


class CaseStartForm(ChoosesAnOffence, BeginsAndBail):
    """The few questions that decide what the file needs."""

    offence_code = forms.CharField(label="Offence", max_length=8, error_messages={
        "required": "Choose the offence"})
    anticipated_plea = forms.ChoiceField(
        label="Anticipated plea", choices=Plea.choices, widget=forms.RadioSelect,
        help_text="Guilty only if the suspect admitted it clearly, with nothing amounting "
                  "to a defence, or the evidence is overwhelming and nothing suggests a "
                  "contest", error_messages={"required": "Choose the anticipated plea"})
    case_begins = _case_begins_field()
    bail_status = forms.ChoiceField(label="Bail or remand", choices=BailStatus.choices,
                                    initial=BailStatus.UNCONDITIONAL_BAIL,
                                    widget=forms.RadioSelect,
                                    error_messages={"required": "Choose bail or remand"})
    markers = forms.MultipleChoiceField(label="Markers", choices=Marker.choices,
                                        required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text="Select all that apply. They decide who "
                                                  "charges and what the file needs.")


class CaseDetailsForm(BeginsAndBail):
    """The facts the file rules decide from, changeable while the file is a draft."""

    case_begins = _case_begins_field()
    bail_status = CaseStartForm.base_fields["bail_status"]
    markers = CaseStartForm.base_fields["markers"]
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# --- One witness statement or exhibit ------------------------------------------------

# What an exhibit file must start with to be what it says it is.
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
_EXTENSIONS = {"pdf": {".pdf"}, "png": {".png"}, "jpeg": {".jpg", ".jpeg"}}


def sniff_file_type(upload):
    """The file's real type from its first bytes, whatever its name says; None if it is
    none of PDF, PNG or JPEG."""
    head = upload.read(16)
    upload.seek(0)
    for file_type, signatures in _SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return file_type
    return None


# The most pixels an exhibit image may have, and the longest side. A 20 MB PNG can hold a
# 13,000 x 13,000 image that takes hundreds of MB to decode; the bundle prints an image
# on an A4 page, where 300 dpi needs under 9 megapixels. 40 megapixels keeps every
# camera's photo (a 48 MP phone saves 12 MP unless told otherwise; a full-frame camera
# 24-45 MP) and bounds the worker's memory while it shrinks one for the page: at most
# 160 MB for an RGBA image. A setting of the same name overrides each.
ATHENA_EXHIBIT_MAX_PIXELS = 40_000_000
ATHENA_EXHIBIT_MAX_SIDE = 12_000

# Pillow's reader of each image type: made directly, it reads the header only (the size)
# and applies none of Image.open's decompression-bomb checks, which warn or raise at
# sizes of their own; the limits above are the ones that count here.
_IMAGE_READERS = {"png": PngImagePlugin.PngImageFile, "jpeg": JpegImagePlugin.JpegImageFile}


def exhibit_image_limits():
    """(most pixels, longest side) an exhibit image may have."""
    return (getattr(settings, "ATHENA_EXHIBIT_MAX_PIXELS", ATHENA_EXHIBIT_MAX_PIXELS),
            getattr(settings, "ATHENA_EXHIBIT_MAX_SIDE", ATHENA_EXHIBIT_MAX_SIDE))


def open_exhibit_image(file, file_type):
    """The image in ``file`` (a PNG or JPEG, ``file_type``) with only its header read:
    ``.size`` costs nothing, the pixels are decoded by ``load()``. Raises what Pillow
    raises for a file that is not such an image (SyntaxError, OSError, ValueError...)."""
    return _IMAGE_READERS[file_type](file)


def image_size_problem(width, height):
    """Why an image of ``width`` x ``height`` pixels is too large to be an exhibit, or ""
    when it is not."""
    most_pixels, longest_side = exhibit_image_limits()
    size = f"{width:,} × {height:,}"
    if width * height > most_pixels:
        return (f"The image must be at most {most_pixels / 1_000_000:g} megapixels; this one "
                f"is {size}")
    if max(width, height) > longest_side:
        return (f"The image must be at most {longest_side:,} pixels wide and high; this one "
                f"is {size}")
    return ""


def _image_problem(upload, file_type):
    """Why an uploaded image is refused for its size; "" when it is not. Reads only its
    header. A header Pillow cannot read is left for the bundle's check to report, which
    reads every exhibit before the file goes for review."""
    try:
        with open_exhibit_image(upload, file_type) as image:
            width, height = image.size
    # A damaged header can make the parser fail in many ways; none is the officer's
    # answer here.
    except Exception:  # noqa: BLE001
        return ""
    finally:
        upload.seek(0)
    return image_size_problem(width, height)


class ExhibitFileField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is None or upload is False or not hasattr(upload, "read"):
            return upload
        limit = settings.ATHENA_EXHIBIT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file must be smaller than {limit // (1024 * 1024)} MB")
        file_type = sniff_file_type(upload)
        if file_type is None:
            raise forms.ValidationError("The file must be a PDF, JPEG or PNG")
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in _EXTENSIONS[file_type]:
            raise forms.ValidationError(
                f"The file's name says {suffix or 'no type'} but it is a "
                f"{file_type.upper()}: rename it or choose the right file")
        if file_type in _IMAGE_READERS:
            problem = _image_problem(upload, file_type)
            if problem:
                raise forms.ValidationError(problem, code="too_many_pixels")
        upload.athena_file_type = file_type
        return upload


def _statement_clean(form):
    """A victim is one of the DCF's kinds of victim witness (fewer than a witness's)."""
    data = super(type(form), form).clean()
    if (data.get("witness_role") == "victim" and data.get("witness_type")
            and data["witness_type"] not in VICTIM_WITNESS_TYPES):
        allowed = [label.lower() for code, label in WITNESS_TYPES if code in VICTIM_WITNESS_TYPES]
        form.add_error("witness_type", "A victim's type of witness is one of: "
                                       f"{', '.join(allowed)}")
    return data


def item_form(kind, *, data=None, files=None, item=None, initial=None):
    """The form of one statement or exhibit: bound to what was posted, or showing the
    item's answers (or ``initial`` ones for a new item)."""
    base = section_form_class(kind)
    attrs = {"version": forms.IntegerField(widget=forms.HiddenInput, min_value=0,
                                           required=False)}
    if kind == SectionKind.EXHIBITS:
        attrs["file"] = ExhibitFileField(
            label="File", required=False,
            help_text="PDF, JPEG or PNG, for example a CCTV still. Leave empty for an "
                      "exhibit kept as a physical item.")
    if kind == SectionKind.WITNESS_STATEMENTS:
        attrs["clean"] = _statement_clean
    form_class = type(f"{base.__name__}Item", (base,), attrs)
    if data is not None:
        return form_class(data, files)
    values = dict(item.data) if item else dict(initial or {})
    values["version"] = item.version if item else 0
    return form_class(initial=values)
