from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from athena.audit.selectors import sees_every_force

NAME_LENGTH = 100


class AuditFilterForm(forms.Form):
    who = forms.CharField(required=False, max_length=NAME_LENGTH, label="Who did it",
                          help_text="A name, username or collar number")
    # A user by id, from a link such as "their audit trail" on a user's page.
    user = forms.IntegerField(required=False, widget=forms.HiddenInput)
    about = forms.CharField(required=False, max_length=NAME_LENGTH, label="About a person",
                            help_text="A name or PNC ID: every look at them, their case "
                                      "files, custody records and intelligence reports")
    action = forms.CharField(required=False, max_length=100, label="Action",
                             help_text="For example people.person.viewed, or people. for all")
    object_type = forms.CharField(required=False, max_length=100, label="Record type",
                                  help_text="For example people.person")
    object_id = forms.CharField(required=False, max_length=64, label="Record ID")
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
        self.viewer = viewer
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("who", field_width=20),
            "user",
            Field.text("about", field_width=20),
            Field.text("action", field_width=20),
            Field.text("object_type", field_width=20),
            Field.text("object_id", field_width=10),
            Field.text("date_from", field_width=10),
            Field.text("date_to", field_width=10),
            Button.secondary("filter", "Apply filters"),
        )

    def users_meant(self):
        """Ids of the users "who" and "user" mean, among those the viewer may see; None
        when neither is given."""
        data = self.cleaned_data
        words, user_id = data.get("who", "").split(), data.get("user")
        if not words and not user_id:
            return None
        users = get_user_model().objects.all()
        if self.viewer is not None and not sees_every_force(self.viewer):
            users = users.filter(force_id=self.viewer.force_id)
        if user_id:
            users = users.filter(pk=user_id)
        for word in words:
            users = users.filter(Q(username__iexact=word) | Q(collar_number__iexact=word)
                                 | Q(first_name__icontains=word)
                                 | Q(last_name__icontains=word))
        return list(users.values_list("pk", flat=True)[:200])

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned
