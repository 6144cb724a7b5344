from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.contrib.auth import get_user_model


class AuditFilterForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.order_by("username"),
                                  required=False, label="User",
                                  error_messages={"invalid_choice": "Choose a user from the list"})
    action = forms.CharField(required=False, max_length=100, label="Action",
                             help_text="For example people.person.viewed, or people. for all")
    object_type = forms.CharField(required=False, max_length=100, label="Object type",
                                  help_text="For example people.person")
    object_id = forms.CharField(required=False, max_length=64, label="Object ID")
    date_from = forms.DateField(required=False, label="From date",
                                help_text="For example 27/11/2026",
                                error_messages={"invalid": "Enter the from date as a real date, "
                                                           "for example 27/11/2026"})
    date_to = forms.DateField(required=False, label="To date",
                              help_text="For example 28/11/2026",
                              error_messages={"invalid": "Enter the to date as a real date, "
                                                         "for example 28/11/2026"})

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if viewer is not None and not viewer.is_superuser:
            # An administrator chooses among their own force's users only.
            self.fields["user"].queryset = get_user_model().objects.filter(
                force_id=viewer.force_id).order_by("username")
        self.fields["user"].label_from_instance = lambda user: f"{user.username} ({user})"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.select("user"),
            Field.text("action", field_width=20),
            Field.text("object_type", field_width=20),
            Field.text("object_id", field_width=10),
            Field.text("date_from", field_width=10),
            Field.text("date_to", field_width=10),
            Button.secondary("filter", "Apply filters"),
        )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned
