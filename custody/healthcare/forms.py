"""Forms for healthcare on the custody record: HCP directions, checks with the Annex H
rousing check, and the observation level."""

import uuid
from datetime import timedelta

from django import forms

from custody.models import DirectionKind, HcpRole, ObservationLevel
from custody.records.forms import YES_NO, LondonDateTimeField, text_field
from custody.records.rules import is_in_future


class DirectionForm(forms.Form):
    given_at = LondonDateTimeField(label="When the direction was given", what="the direction")
    hcp_name = text_field("Name of the healthcare professional", 100)
    hcp_role = forms.ChoiceField(label="Role", choices=HcpRole.choices, error_messages={
        "required": "Choose the healthcare professional's role",
        "invalid_choice": "Choose the healthcare professional's role from the list"})
    kind = forms.ChoiceField(label="Direction", choices=DirectionKind.choices, error_messages={
        "required": "Choose the direction",
        "invalid_choice": "Choose the direction from the list"})
    reassess_within = forms.IntegerField(
        label="Re-assess within (minutes)", required=False, min_value=5, max_value=24 * 60,
        error_messages={"invalid": "Enter the minutes as a whole number, for example 60",
                        "min_value": "Re-assessment must be at least 5 minutes away",
                        "max_value": "Re-assessment must be within 24 hours (1,440 minutes)"})
    text = text_field("What the HCP said", 2000, required=False)

    def clean(self):
        cleaned = super().clean()
        given = cleaned.get("given_at")
        if given and is_in_future(given):
            self.add_error("given_at", "The direction cannot be given in the future")
        if (cleaned.get("kind") == DirectionKind.REASSESS_WITHIN
                and cleaned.get("reassess_within") is None
                and "reassess_within" not in self.errors):
            self.add_error("reassess_within", "Enter how many minutes until the HCP "
                                              "re-assesses, for example 60")
        return cleaned

    @property
    def reassess_by(self):
        minutes = self.cleaned_data.get("reassess_within")
        return self.cleaned_data["given_at"] + timedelta(minutes=minutes) if minutes else None


class CheckForm(forms.Form):
    at = LondonDateTimeField(label="Time of the check", what="the check")
    notes = text_field("Condition", 2000, required=False)
    hcp_called = forms.BooleanField(label="HCP or ambulance called", required=False)
    client_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    ROUSING = {
        "rousable": "Rousable (cell entered, name called, shaken gently)",
        "responds_to_questions": "Responds to questions (name, address, where they are)",
        "responds_to_commands": "Responds to commands (open eyes, lift each arm)",
    }

    def __init__(self, *args, level, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_id", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.level = level
        self.needs_rousing = level >= ObservationLevel.INTERMITTENT
        if self.needs_rousing:
            for name, label in self.ROUSING.items():
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=YES_NO, widget=forms.RadioSelect,
                    error_messages={"required": f"Answer '{label.split(' (')[0]}'",
                                    "invalid_choice": "Answer yes or no"})

    def rousing_fields(self):
        return [self[name] for name in self.ROUSING if name in self.fields]

    def clean(self):
        cleaned = super().clean()
        at = cleaned.get("at")
        if at and is_in_future(at):
            self.add_error("at", "The check cannot be in the future")
        if (self.needs_rousing and "no" in [cleaned.get(name) for name in self.ROUSING]
                and not cleaned.get("hcp_called")):
            self.add_error("hcp_called", "The rousing check failed: call the HCP or an "
                                         "ambulance now, then tick to record the call")
        return cleaned

    def answers(self):
        return {name: (self.cleaned_data[name] == "yes") if name in self.cleaned_data
                else None for name in self.ROUSING}


class ObservationLevelForm(forms.Form):
    level = forms.TypedChoiceField(label="New observation level", coerce=int,
                                   choices=ObservationLevel.choices, error_messages={
                                       "required": "Choose the observation level",
                                       "invalid_choice": "Choose a level from the list"})
    reason = text_field("Reason for the change", 1000)
