"""Forms of the custody record. Times are typed as a date and a 24-hour time, London."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from athena.accounts.models import User
from athena.accounts.roles import Role

LONDON = ZoneInfo("Europe/London")


class LondonDateTimeField(forms.MultiValueField):
    """A date (27/11/2026) and a time (14:30), read as London time. ``what`` names it in
    the messages ("the arrest")."""

    def __init__(self, *, what, example_time="14:30", **kwargs):
        real = f"Enter a real date and time of {what}, for example 27/11/2026 and {example_time}"
        fields = (forms.DateField(input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"],
                                  error_messages={"invalid": real}),
                  forms.TimeField(input_formats=["%H:%M", "%H.%M", "%H%M"],
                                  error_messages={"invalid": real}))
        messages = {"required": f"Enter both the date and the time of {what}",
                    "incomplete": f"Enter both the date and the time of {what}"}
        super().__init__(fields=fields, require_all_fields=True, error_messages=messages,
                         widget=forms.MultiWidget(widgets=[forms.TextInput, forms.TextInput]),
                         **kwargs)

    def compress(self, values):
        if not values:
            return None
        if values[0] is None or values[1] is None:
            # Only reachable when the field is optional: half filled in is not empty.
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        day, time = values
        return datetime.combine(day, time, tzinfo=LONDON)


class BookInForm(forms.Form):
    arrested_at = LondonDateTimeField(label="Time of arrest", what="arrest")
    arrived_at = LondonDateTimeField(label="Time of arrival at the station",
                                     what="arrival", example_time="15:05")
    arrest_place = forms.CharField(label="Place of arrest", max_length=200, error_messages={
        "required": "Enter where the person was arrested",
        "max_length": "Place of arrest must be 200 characters or fewer"})
    arresting_officer = forms.ModelChoiceField(
        label="Arresting officer", queryset=User.objects.none(),
        error_messages={"required": "Choose the arresting officer",
                        "invalid_choice": "Choose an officer from the list"})
    grounds = forms.CharField(label="Grounds for arrest", max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}), error_messages={
                                  "required": "Enter the grounds for arrest",
                                  "max_length": "Grounds must be 5,000 characters or fewer"})
    cell = forms.CharField(label="Cell", max_length=10, required=False,
                           error_messages={"max_length": "Cell must be 10 characters or fewer"})

    def __init__(self, *args, force, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arresting_officer"].queryset = User.objects.filter(
            force=force, is_active=True, groups__name__in=[Role.OFFICER, Role.CUSTODY_OFFICER]
        ).distinct().order_by("last_name", "first_name")
        self.fields["arresting_officer"].label_from_instance = lambda user: user.display_name

    def clean(self):
        cleaned = super().clean()
        arrested, arrived = cleaned.get("arrested_at"), cleaned.get("arrived_at")
        now = timezone.now()
        if arrested and arrested > now:
            self.add_error("arrested_at", "The time of arrest cannot be in the future")
        if arrived and arrived > now:
            self.add_error("arrived_at", "The time of arrival cannot be in the future")
        if arrested and arrived and arrived < arrested:
            self.add_error("arrived_at", "The arrival cannot be before the arrest")
        return cleaned
