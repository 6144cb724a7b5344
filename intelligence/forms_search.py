"""Forms of finding and reviewing intelligence: the search and its filters, and the
retention review. They validate and convert; a wrong value gets a plain message by its
field and is kept as typed. (The form of the stated reason for access is the platform's:
athena/audit/enquiry.py.)"""

import re
from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from athena.accounts.models import Force
from intelligence.grading import HandlingCode, IntelligenceAssessment, SourceEvaluation
from intelligence.models import EntityType, RetentionDecision
from intelligence.search import SearchFilters

QUERY_MAX_LENGTH = 200
RATIONALE_MAX_LENGTH = 2000
EARLIEST_YEAR = 1900
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/\-. ]+(\d{1,2})[/\-. ]+(\d{1,4})$")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _helper(*layout):
    helper = FormHelper()
    # The templates write the <form> and, for a POST, its CSRF token; a GET form must
    # never carry one.
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def _printable(text):
    """Text without control characters (a pasted tab or line break becomes a space)."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


class DayMonthYearField(forms.CharField):
    """A date typed as day/month/year ("27/11/2025"), kept as typed when it is wrong."""

    def __init__(self, *, label, example, **kwargs):
        self.example = example
        kwargs.setdefault("help_text", f"For example, {example}")
        super().__init__(label=label, **kwargs)
        self.widget.attrs.update(autocomplete="off", spellcheck="false", maxlength="30")

    def _message(self, text):
        return f"{self.label} {text}, for example {self.example}"

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        match = _DAY_MONTH_YEAR.match(text) if len(text) <= 30 else None
        if match:
            day, month, year = (int(part) for part in match.groups())
        else:
            match = _YEAR_MONTH_DAY.match(text) if len(text) <= 30 else None
            if not match:
                raise forms.ValidationError(self._message("must be a real date"),
                                            code="invalid")
            year, month, day = (int(part) for part in match.groups())
        if year < 100:
            raise forms.ValidationError(self._message("must include the year in full"),
                                        code="short_year")
        try:
            typed = date(year, month, day)
        except ValueError:
            raise forms.ValidationError(self._message("must be a real date"),
                                        code="invalid") from None
        if typed.year < EARLIEST_YEAR:
            raise forms.ValidationError(self._message(f"must be in {EARLIEST_YEAR} or later"),
                                        code="too_early")
        return typed

    def prepare_value(self, value):
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        return value


def _any(label, choices):
    return [("", label), *choices]


def _choice(label, choices, *, any_label, message):
    return forms.ChoiceField(label=label, required=False, choices=_any(any_label, choices),
                             error_messages={"invalid_choice": message})


class IntelligenceSearchForm(forms.Form):
    """One search box over reports and the entities they link, and the filters."""

    q = forms.CharField(
        label="Search intelligence", max_length=QUERY_MAX_LENGTH,
        help_text=("A name, address, registration number, telephone number, report "
                   f"reference or words from a report. Up to {QUERY_MAX_LENGTH} "
                   "characters."),
        error_messages={
            "required": "Enter a name, registration number, telephone number, reference "
                        "or words to search for",
            "max_length": f"Search must be {QUERY_MAX_LENGTH} characters or fewer",
        },
    )
    force = forms.ChoiceField(label="Originating force", required=False, choices=(),
                              error_messages={"invalid_choice": "Select a force from the list"})
    date_from = DayMonthYearField(label="Obtained from", example="1/1/2025", required=False)
    date_to = DayMonthYearField(label="Obtained to", example="31/12/2025", required=False)
    source_evaluation = _choice("Source evaluation", SourceEvaluation.choices,
                                any_label="Any source evaluation",
                                message="Select a source evaluation from the list")
    intelligence_assessment = _choice("Intelligence assessment",
                                      IntelligenceAssessment.choices,
                                      any_label="Any intelligence assessment",
                                      message="Select an intelligence assessment from the "
                                              "list")
    handling_code = _choice("Handling code", HandlingCode.choices,
                            any_label="Any handling code",
                            message="Select a handling code from the list")
    entity_type = _choice("Type of entity", EntityType.choices, any_label="All types",
                          message="Select a type of entity from the list")

    FILTER_NAMES = ("force", "date_from", "date_to", "source_evaluation",
                    "intelligence_assessment", "handling_code", "entity_type")

    def __init__(self, *args, forces=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices, not a model field: an id the database cannot hold is an unknown choice
        # here rather than an error there.
        if forces is None:
            # Forces with users on Athena: the code list also holds reserved codes and
            # bodies that write no intelligence here.
            forces = Force.objects.filter(users__isnull=False).distinct().order_by("name")
        self.fields["force"].choices = _any("Any force", [(str(force.pk), force.name)
                                                           for force in forces])
        self.fields["q"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = _helper(
            Field.text("q", label_size=Size.MEDIUM),
            Button("search", "Search"),
        )
        self.filter_helper = _helper(
            Button.secondary("filter", "Apply filters"),
            Field.select("force"),
            Fieldset(
                Field.text("date_from", field_width=10),
                Field.text("date_to", field_width=10),
                legend="Date obtained", legend_size=Size.SMALL,
            ),
            Field.select("source_evaluation"),
            Field.select("intelligence_assessment"),
            Field.select("handling_code"),
            Field.select("entity_type"),
        )

    def clean_q(self):
        query = _printable(self.cleaned_data["q"])
        if not any(ch.isalnum() for ch in query):
            raise forms.ValidationError("Enter words, a name or a number to search for, "
                                        "using letters or digits", code="no_words")
        return query

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "Obtained to must be the same as or after the "
                                      "obtained from date")
        return cleaned

    def filters(self):
        data = self.cleaned_data
        return SearchFilters(
            force_id=int(data["force"]) if data["force"] else None,
            date_from=data["date_from"], date_to=data["date_to"],
            source_evaluation=data["source_evaluation"],
            intelligence_assessment=data["intelligence_assessment"],
            handling_code=data["handling_code"], entity_type=data["entity_type"])

    def audit_filters(self):
        """The filters in use, as ids and codes for the audit trail."""
        data, recorded = self.cleaned_data, {}
        for name in self.FILTER_NAMES:
            value = data.get(name)
            if value:
                recorded[name] = value.isoformat() if isinstance(value, date) else value
        return recorded

    def selected_filters(self):
        """(label, value in words, name) of each filter in use, for the filter tags."""
        selected = []
        for name in self.FILTER_NAMES:
            value = self.cleaned_data.get(name)
            if not value:
                continue
            field = self.fields[name]
            if isinstance(value, date):
                words = value.strftime("%-d %B %Y")
            else:
                words = dict(field.choices).get(value, value)
            selected.append((field.label, words, name))
        return selected


class RetentionReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=RetentionDecision.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select whether to retain or dispose of the report",
                        "invalid_choice": "Select whether to retain or dispose of the report"})
    rationale = forms.CharField(
        label="Rationale", max_length=RATIONALE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=("Against the National Retention Assessment Criteria: is there evidence "
                   "of a capacity to inflict serious harm; are there concerns the subject "
                   "poses a risk (offending, associations, intelligence since); is the "
                   "information still adequate, up to date and needed for a policing "
                   "purpose?"),
        error_messages={"required": "Give the rationale for the decision (NRAC)",
                        "max_length": f"Rationale must be {RATIONALE_MAX_LENGTH} characters "
                                      "or fewer"})
    confirm_disposal = forms.BooleanField(
        label="This deletes the report and its links permanently", required=False,
        help_text="Needed only to dispose of the report. Only the audit record of the "
                  "decision remains.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("rationale", label_size=Size.MEDIUM, rows=5),
            Field.checkbox("confirm_disposal"),
            Button("submit", "Record the decision"),
        )

    def clean_rationale(self):
        rationale = self.cleaned_data["rationale"].strip()
        if not any(ch.isalpha() for ch in rationale):
            raise forms.ValidationError("Give the rationale for the decision in words",
                                        code="no_words")
        return rationale

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("decision") == RetentionDecision.DISPOSE
                and not cleaned.get("confirm_disposal")):
            self.add_error("confirm_disposal", "Confirm that disposing of the report deletes "
                                               "it and its links permanently")
        return cleaned
