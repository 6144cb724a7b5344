"""Forms of the supervisor's review: the queue's filters, returning a section, and
correcting a slip. They validate and convert; the services decide."""

from django import forms

from cases.forms import section_form_class
from cases.review.selectors import AGE_BANDS, offence_filter_choices
from cases.review.services import RETURN_COMMENT_MAX_LENGTH


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the query string; each is optional."""

    team = forms.CharField(label="Team", required=False, max_length=60, error_messages={
        "max_length": "Choose a team from the list"})
    offence = forms.ChoiceField(label="Offence", required=False, error_messages={
        "invalid_choice": "Choose an offence type from the list"})
    age = forms.ChoiceField(label="Waiting for", required=False, error_messages={
        "invalid_choice": "Choose how long the file has waited from the list"},
        choices=[("", "Any time"), *((band, label) for band, (label, _, _) in AGE_BANDS.items())])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offence"].choices = [("", "Any offence"), *offence_filter_choices()]


class ReturnSectionForm(forms.Form):
    comment = forms.CharField(
        label="What needs changing", widget=forms.Textarea(attrs={"rows": 4}),
        max_length=RETURN_COMMENT_MAX_LENGTH,
        help_text="The officer sees this beside the section and the fields you tick",
        error_messages={
            "required": "Enter what the officer needs to change",
            "max_length": f"The comment must be {RETURN_COMMENT_MAX_LENGTH:,} characters "
                          "or fewer"})
    point_at = forms.MultipleChoiceField(
        label="Point the officer at (optional)", required=False,
        widget=forms.CheckboxSelectMultiple, error_messages={
            "invalid_choice": "Choose from the fields of this section"})

    def __init__(self, *args, pointer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point_at"].choices = list(pointer_choices)

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError("Enter what the officer needs to change")
        return comment


def correction_form(kind, *, shown_fields, data=None, initial=None):
    """The section's (or one statement's or exhibit's) fields the supervisor may correct,
    with the version they were loaded at. Unlike the officer's draft, a correction that
    does not make sense (an impossible date) is not saved."""
    base = section_form_class(kind)
    form_class = type(f"{base.__name__}Correction", (base,), {
        "version": forms.IntegerField(widget=forms.HiddenInput, min_value=0,
                                      max_value=2**31 - 1, error_messages={
                                          "required": "Reload the page and try again",
                                          "invalid": "Reload the page and try again",
                                          "min_value": "Reload the page and try again",
                                          "max_value": "Reload the page and try again"})})
    form = form_class(data, initial=initial)
    for name in list(form.fields):
        if name != "version" and name not in shown_fields:
            del form.fields[name]
    return form
