"""Forms of intelligence reports: writing one, linking the entities it mentions, and the
analyst's evaluation. They validate and convert, never save; a wrong answer comes back
beside its field with what was typed still in it.

The 3x5x2 rules come from ``services.grading_errors``, so the form and the service can
never disagree about what a grading needs. Each grade's meaning is shown beside its
radio (grading.py holds the wording).
"""

from django import forms
from django.utils import timezone

from athena.accounts.models import Force
from athena.accounts.roles import Role
from athena.people.forms import DateOfBirthField, LocationForm, VehicleForm
from athena.people.models import TelephoneType
from athena.people.names import QUERY_MAX_LENGTH
from intelligence import services
from intelligence.grading import (
    HANDLING_CODE_MEANINGS,
    INTELLIGENCE_ASSESSMENT_MEANINGS,
    SOURCE_EVALUATION_MEANINGS,
    HandlingCode,
    IntelligenceAssessment,
    SourceEvaluation,
)
from intelligence.models import ENTITY_FIELDS, EntityType, ReportLink
from intelligence.retention import RETENTION_RULES, RetentionGroup, review_due_on
from intelligence.selectors import INTELLIGENCE_ROLES

REPORT_TEXT_MAX_LENGTH = 10_000
TITLE_MAX_LENGTH = 150
CONDITIONS_MAX_LENGTH = 2_000
MESSAGE_MAX_LENGTH = 2_000
LINK_REASON_MAX_LENGTH = services.REASON_MAX_LENGTH
# Ids arrive from radios the page listed; anything beyond a bigint is refused here,
# before it reaches the database.
LARGEST_ID = 2**63 - 1
TELEPHONE_MIN_DIGITS = 7
TELEPHONE_MAX_DIGITS = 15

# The police roles a code C report may be restricted to, in the order Role lists them.
POLICE_ROLES = [role for role in Role if role in INTELLIGENCE_ROLES]


class HintedRadioSelect(forms.RadioSelect):
    """Radios that carry a hint for each choice (``choice.data.hint`` in a template)."""

    def __init__(self, *args, hints=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = dict(hints or {})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index,
                                       subindex=subindex, attrs=attrs)
        option["hint"] = self.hints.get(str(value), "")
        return option


def _meanings(table):
    return {str(code): meaning for code, meaning in table.items()}


def retention_hints(today):
    """Each retention group's rule and the review date it implies if disseminated today."""
    hints = {}
    for group, rule in RETENTION_RULES.items():
        due = review_due_on(group, from_date=today)
        hints[str(group)] = (f"{rule.covers} {rule.rule} Review due "
                             f"{rule.review_after_years} years after dissemination: "
                             f"{due.day} {due:%B %Y} if disseminated today.")
    return hints


def _text_field(label, max_length, *, required_message="", help_text="", rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(
        label=label, max_length=max_length, required=bool(required_message),
        help_text=help_text, widget=widget,
        error_messages={"required": required_message,
                        "max_length": f"{label} must be {max_length:,} characters or fewer"})


def _radio_field(label, choices, *, hints, message, initial=None, help_text=""):
    return forms.ChoiceField(label=label, choices=choices, initial=initial,
                             help_text=help_text, widget=HintedRadioSelect(hints=hints),
                             error_messages={"required": message, "invalid_choice": message})


class ObtainedOnField(DateOfBirthField):
    """The day the information was obtained: a real date, not in the future."""

    def __init__(self, **kwargs):
        super().__init__(label="Date obtained",
                         help_text="When the information came to you, which may be before "
                                   "today. For example, 27/11/2026.", **kwargs)
        self.error_messages["required"] = "Enter the date the information was obtained"


class GradingForm(forms.Form):
    """The 3x5x2 grading, its handling conditions and restrictions, and the retention
    group. Restrictions belong to handling code C: with code P they are ignored (they sit
    under C on the page, so a browser without JavaScript still sends them)."""

    source_evaluation = _radio_field(
        "Source evaluation", SourceEvaluation.choices,
        hints=_meanings(SOURCE_EVALUATION_MEANINGS),
        message="Choose the source evaluation: 1, 2 or 3",
        help_text="How far the source can be relied on.")
    intelligence_assessment = _radio_field(
        "Intelligence assessment", IntelligenceAssessment.choices,
        hints=_meanings(INTELLIGENCE_ASSESSMENT_MEANINGS),
        message="Choose the intelligence assessment: A, B, C, D or E",
        help_text="How the source knows what they reported.")
    handling_code = _radio_field(
        "Handling code", HandlingCode.choices, hints=_meanings(HANDLING_CODE_MEANINGS),
        message="Choose the handling code: P or C",
        help_text="Who the report may be shared with once it is disseminated.")
    handling_conditions = _text_field(
        "Conditions of sharing", CONDITIONS_MAX_LENGTH, rows=3,
        help_text="Required for code C, because the recipient must know what they may do "
                  "with it. For example: no executive action without reference to the "
                  "originator.")
    originator_only = forms.BooleanField(
        label="Originating force only", required=False,
        help_text="Only this force may see the sanitised report.")
    shared_with_forces = forms.MultipleChoiceField(
        label="Named forces", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Optional. Only these forces (and this one) may see it. Leave all "
                  "unticked to allow every force the conditions allow.",
        error_messages={"invalid_choice": "Select forces from the list"})
    shared_with_roles = forms.MultipleChoiceField(
        label="Named roles", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(role.value, role.label) for role in POLICE_ROLES],
        help_text="Optional. Only people in these roles may see it.",
        error_messages={"invalid_choice": "Select roles from the list"})
    retention_group = _radio_field(
        "Retention group", RetentionGroup.choices, hints={},
        initial=RetentionGroup.OTHER,
        message="Choose the retention group",
        help_text="Decides when the report is next reviewed under MoPI. The analyst "
                  "confirms it.")

    def __init__(self, *args, exclude_force_id=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        forces = Force.objects.exclude(pk=exclude_force_id).values_list("pk", "name", "code")
        self.fields["shared_with_forces"].choices = [
            (str(pk), f"{name} ({code})") for pk, name, code in forces]
        today = today or timezone.localdate()
        self.fields["retention_group"].widget.hints = retention_hints(today)

    def clean_shared_with_forces(self):
        return [int(pk) for pk in self.cleaned_data["shared_with_forces"]]

    def clean(self):
        data = super().clean()
        if data.get("handling_code") != HandlingCode.CONDITIONS:
            data.update(handling_conditions="", originator_only=False,
                        shared_with_forces=[], shared_with_roles=[])
        errors = services.grading_errors(
            handling_code=data.get("handling_code"),
            handling_conditions=data.get("handling_conditions", ""),
            originator_only=data.get("originator_only", False),
            shared_with_forces=data.get("shared_with_forces", []),
            shared_with_roles=data.get("shared_with_roles", []))
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, message)
        return data

    def sharing(self):
        data = self.cleaned_data
        return {"originator_only": data["originator_only"],
                "shared_with_forces": data["shared_with_forces"],
                "shared_with_roles": data["shared_with_roles"]}

    def grading(self):
        data = self.cleaned_data
        return {name: data[name] for name in (
            "source_evaluation", "intelligence_assessment", "handling_code",
            "handling_conditions", "retention_group")}


def grading_initial(report):
    """A report's grading, restrictions and retention group as a form's initial data."""
    return {
        "source_evaluation": report.source_evaluation,
        "intelligence_assessment": report.intelligence_assessment,
        "handling_code": report.handling_code,
        "handling_conditions": report.handling_conditions,
        "originator_only": report.originator_only,
        "shared_with_forces": [str(force.pk) for force in report.shared_with_forces.all()],
        "shared_with_roles": [group.name for group in report.shared_with_roles.all()],
        "retention_group": report.retention_group,
        "version": report.version,
    }


def add_service_errors(form, errors):
    """Put a GradingError's {field: message} beside the form's fields."""
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)


class ReportForm(GradingForm):
    """The author's report: what happened, where it came from, and the grading."""

    title = _text_field(
        "Title", TITLE_MAX_LENGTH, required_message="Enter a title for the report",
        help_text="A few words that say what it is about, without naming the source. For "
                  "example, Cannabis supply from Mill Lane.")
    obtained_on = ObtainedOnField()
    original_text = _text_field(
        "Report", REPORT_TEXT_MAX_LENGTH, rows=10,
        required_message="Write the report: what the source said, as they said it",
        help_text="Everything you know, as you know it. Only you and your force's "
                  "intelligence unit will read this version.")
    sanitised_text = _text_field(
        "Sanitised version (optional)", REPORT_TEXT_MAX_LENGTH, rows=6,
        help_text="The version other officers will read: nothing that could identify the "
                  "source or reveal how the information was obtained. You may leave it "
                  "blank: an analyst checks or writes it before anything is shared, because "
                  "one slip here could put the source at risk.")

    field_order = ["title", "obtained_on", "original_text", "sanitised_text",
                   "source_evaluation", "intelligence_assessment", "handling_code",
                   "handling_conditions", "originator_only", "shared_with_forces",
                   "shared_with_roles", "retention_group"]

    def report_fields(self):
        data = self.cleaned_data
        return {"title": data["title"].strip(), "obtained_on": data["obtained_on"],
                "original_text": data["original_text"].strip(),
                "sanitised_text": data["sanitised_text"].strip(), **self.grading()}


def _version_field():
    message = "This page is out of date. Open the report again and make your changes there."
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=LARGEST_ID,
                              error_messages={key: message for key in (
                                  "required", "invalid", "min_value", "max_value")})


class ReportEditForm(ReportForm):
    version = _version_field()


def report_edit_initial(report):
    return {"title": report.title, "obtained_on": report.obtained_on,
            "original_text": report.original_text, "sanitised_text": report.sanitised_text,
            **grading_initial(report)}


class EvaluationForm(GradingForm):
    """The analyst's decision to disseminate: the grading confirmed or changed, the
    sanitised text checked."""

    sanitised_text = _text_field(
        "Sanitised version", REPORT_TEXT_MAX_LENGTH, rows=10,
        required_message="Write the sanitised text to disseminate",
        help_text="This is what is shared. Strip or generalise anything that could identify "
                  "the source or reveal tactics.")
    sanitisation_checked = forms.BooleanField(
        label="I have checked the sanitised text reveals neither the source nor tactics",
        error_messages={"required": "Confirm the sanitised text reveals neither the source "
                                    "nor tactics"})
    version = _version_field()

    field_order = ["sanitised_text", "sanitisation_checked", "source_evaluation",
                   "intelligence_assessment", "handling_code", "handling_conditions",
                   "originator_only", "shared_with_forces", "shared_with_roles",
                   "retention_group"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retention_group"].help_text = (
            "The author's choice is selected. It sets the first review date under MoPI.")


class QuestionForm(forms.Form):
    question = _text_field(
        "Your question", MESSAGE_MAX_LENGTH, rows=4,
        required_message="Write the question for the author",
        help_text="The report goes back to the author until they answer.")


class RejectForm(forms.Form):
    reason = _text_field(
        "Reason for rejecting", MESSAGE_MAX_LENGTH, rows=4,
        required_message="Give the reason for rejecting the report",
        help_text="The author sees this. For example, the same information is already "
                  "held in an earlier report.")


class AnswerForm(forms.Form):
    answer = _text_field("Your answer", MESSAGE_MAX_LENGTH, rows=4,
                         required_message="Write your answer to the analyst's question",
                         help_text="Sending it returns the report to the analyst.")


# --- Linking entities --------------------------------------------------------------------

ENTITY_HINTS = {
    EntityType.PERSON: "A name, PNC ID or CRO number.",
    EntityType.LOCATION: "A postcode, or the address from its house number.",
    EntityType.VEHICLE: "The registration number. Spaces and capitals do not matter.",
    EntityType.TELEPHONE: "The number. Spaces, and 0 or +44 at the start, do not matter.",
    EntityType.ORGANISATION: "Its name, or words of it.",
}


def _entity_type_field(label="What do you want to link?"):
    return forms.ChoiceField(label=label, choices=EntityType.choices,
                             initial=EntityType.PERSON,
                             widget=HintedRadioSelect(hints=_meanings(ENTITY_HINTS)),
                             error_messages={"required": "Choose what to link",
                                             "invalid_choice": "Choose what to link from "
                                                               "the list"})


def _link_reason_field():
    return _text_field(
        "Why is it linked to the report?", LINK_REASON_MAX_LENGTH, rows=2,
        required_message="Say why it is linked to the report",
        help_text="Readers see this beside the link. For example, named by the source as "
                  "the driver.")


def entity_model(entity_type):
    return ReportLink._meta.get_field(ENTITY_FIELDS[EntityType(entity_type)]).related_model


class LinkSearchForm(forms.Form):
    """Find an entity to link (a GET form)."""

    type = _entity_type_field()
    q = forms.CharField(
        label="Search for", max_length=QUERY_MAX_LENGTH,
        error_messages={"required": "Enter what to search for",
                        "max_length": f"Search must be {QUERY_MAX_LENGTH} characters or "
                                      f"fewer"})

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if not any(ch.isalnum() for ch in query):
            raise forms.ValidationError("Enter letters or numbers to search for",
                                        code="no_letters")
        return query


class LinkAddForm(forms.Form):
    """An entity chosen from the search results, and why it is linked."""

    entity_type = _entity_type_field()
    entity_id = forms.IntegerField(
        min_value=1, max_value=LARGEST_ID,
        error_messages={key: "Choose one of the search results" for key in (
            "required", "invalid", "min_value", "max_value")})
    reason = _link_reason_field()

    def clean(self):
        data = super().clean()
        if "entity_type" in data and "entity_id" in data:
            entity = entity_model(data["entity_type"]).objects.filter(
                pk=data["entity_id"]).first()
            if entity is None:
                self.add_error("entity_id", "Choose one of the search results")
            else:
                data["entity"] = entity
        return data


class NewVehicleForm(VehicleForm):
    reason = _link_reason_field()

    def entity_fields(self):
        return self.vehicle_fields()


class NewLocationForm(LocationForm):
    reason = _link_reason_field()

    def entity_fields(self):
        return self.location_fields()


class NewTelephoneForm(forms.Form):
    number = forms.CharField(
        label="Telephone number", max_length=30,
        help_text="For example, 07700 900123 or +44 7700 900123",
        error_messages={"required": "Enter the telephone number",
                        "max_length": "Enter a telephone number of 7 to 15 digits"})
    telephone_type = forms.ChoiceField(
        label="Type of number", choices=TelephoneType.choices, initial=TelephoneType.UNKNOWN,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of number, or Not known",
                        "invalid_choice": "Choose the type of number, or Not known"})
    reason = _link_reason_field()

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        allowed = set("0123456789+ -()")
        digits = [ch for ch in number if ch.isdigit()]
        if (set(number) - allowed or "+" in number[1:]
                or not TELEPHONE_MIN_DIGITS <= len(digits) <= TELEPHONE_MAX_DIGITS):
            raise forms.ValidationError(
                "Enter a telephone number of 7 to 15 digits, for example 07700 900123",
                code="invalid")
        return number

    def entity_fields(self):
        return {"number": self.cleaned_data["number"],
                "telephone_type": self.cleaned_data["telephone_type"]}


class NewOrganisationForm(forms.Form):
    name = _text_field("Name of the organisation", 200,
                       required_message="Enter the name of the organisation",
                       help_text="For example, Mill Lane Motors Ltd")
    reason = _link_reason_field()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not any(ch.isalnum() for ch in name):
            raise forms.ValidationError("Enter the name of the organisation", code="invalid")
        return name

    def entity_fields(self):
        return {"name": self.cleaned_data["name"]}


NEW_ENTITY_FORMS = {
    EntityType.LOCATION: NewLocationForm,
    EntityType.VEHICLE: NewVehicleForm,
    EntityType.TELEPHONE: NewTelephoneForm,
    EntityType.ORGANISATION: NewOrganisationForm,
}

