"""Forms of a detainee's medication: adding a plan and recording a dose. The rules'
messages (custody.medication) are shown beside the field they concern."""

import re
import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone

from custody.forms import LONDON, LondonDateTimeField
from custody.medication import (
    ControlledDrugSchedule,
    DoseOutcome,
    DoseRecord,
    MedicationPlan,
    Route,
    check_dose,
    plan_problems,
)
from custody.models.medicines import parse_clock

TEXT_LIMIT = 2000
CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]?([0-5]\d)$")
INTERVAL = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")


def _now_initial():
    now = timezone.now().astimezone(LONDON)
    return [now.strftime("%d/%m/%Y"), now.strftime("%H:%M")]


def _text(label, limit, *, required=True, textarea=False, what=None):
    messages = {"max_length": f"{label} must be {limit:,} characters or fewer"}
    if what:
        messages["required"] = f"Enter {what}"
    widget = forms.Textarea(attrs={"rows": 3}) if textarea else None
    return forms.CharField(label=label, max_length=limit, required=required, widget=widget,
                           error_messages=messages)


def _place(form, messages, fields):
    """Show each message beside the first field whose words it contains, else at the
    top of the form."""
    for message in messages:
        for field, words in fields:
            if any(word in message for word in words):
                form.add_error(field, message)
                break
        else:
            form.add_error(None, message)


class PlanForm(forms.Form):
    drug = _text("Drug", 100, what="the name of the drug")
    strength = _text("Strength", 50, what="the strength of the drug, for example 500 mg")
    dose = _text("Dose", 100, what="the dose, for example two tablets")
    route = forms.ChoiceField(label="How it is taken", choices=Route.choices,
                              initial=Route.ORAL,
                              error_messages={"required": "Choose how it is taken",
                                              "invalid_choice": "Choose how it is taken"})
    controlled_schedule = forms.ChoiceField(
        label="Is it a controlled drug?", choices=ControlledDrugSchedule.choices,
        initial=ControlledDrugSchedule.NOT_CONTROLLED,
        error_messages={"required": "Choose whether it is a controlled drug",
                        "invalid_choice": "Choose whether it is a controlled drug"})
    hcp_authorised = forms.BooleanField(
        label="A healthcare professional has authorised custody staff to give it",
        required=False)
    authorised_by = _text("Authorised by", 200, what="who authorised the medication")
    set_times = _text("Set times", 200, required=False)
    min_interval = _text("Or the minimum time between doses", 10, required=False)
    max_doses_per_24h = forms.IntegerField(
        label="Most doses in 24 hours (optional)", required=False, min_value=1,
        max_value=48, error_messages={
            "invalid": "Enter the most doses in 24 hours as a whole number, for example 4",
            "min_value": "The most doses in 24 hours must be at least 1",
            "max_value": "The most doses in 24 hours must be 48 or fewer"})
    starts_at = LondonDateTimeField(label="Starts", what="the start of the plan")
    ends_at = LondonDateTimeField(label="Ends (optional)", what="the end of the plan",
                                  required=False)

    PLACES = (
        ("controlled_schedule", ("controlled drug",)),
        ("drug", ("name of the drug",)),
        ("strength", ("strength",)),
        ("dose", ("the dose, for",)),
        ("authorised_by", ("who authorised",)),
        ("set_times", ("set time",)),
        ("min_interval", ("minimum interval",)),
        ("max_doses_per_24h", ("most doses",)),
        ("ends_at", ("must end after",)),
        ("starts_at", ("start of the plan", "before the arrest")),
    )

    def __init__(self, *args, record, **kwargs):
        self.record = record
        kwargs.setdefault("initial", {"starts_at": _now_initial()})
        super().__init__(*args, **kwargs)

    def clean_set_times(self):
        text = self.cleaned_data["set_times"]
        times = []
        for part in re.split(r"[,;\s]+", text.strip()):
            if not part:
                continue
            match = CLOCK.match(part)
            if not match:
                raise forms.ValidationError(
                    "Enter set times as 24-hour times separated by commas, for example "
                    "08:00, 20:00")
            times.append(f"{int(match[1]):02d}:{match[2]}")
        if len(times) > 24:
            raise forms.ValidationError("Enter no more than 24 set times")
        return times

    def clean_min_interval(self):
        text = self.cleaned_data["min_interval"].strip()
        if not text:
            return None
        match = INTERVAL.match(text)
        if not match or (match[2] and int(match[2]) > 59):
            raise forms.ValidationError(
                "Enter the minimum time between doses in hours, for example 4, or hours "
                "and minutes, for example 1:30")
        minutes = int(match[1]) * 60 + int(match[2] or 0)
        if minutes == 0:
            raise forms.ValidationError("The minimum time between doses must be more than zero")
        return minutes

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        interval = cleaned.get("min_interval")
        plan = MedicationPlan(
            drug=cleaned["drug"], strength=cleaned["strength"], dose=cleaned["dose"],
            route=cleaned["route"], controlled_schedule=cleaned["controlled_schedule"],
            authorised_by=cleaned["authorised_by"], starts_at=cleaned["starts_at"],
            hcp_authorised=cleaned["hcp_authorised"],
            set_times=tuple(parse_clock(value) for value in cleaned["set_times"]),
            min_interval=timedelta(minutes=interval) if interval else None,
            max_doses_per_24h=cleaned.get("max_doses_per_24h"), ends_at=cleaned.get("ends_at"))
        problems = plan_problems(plan)
        if cleaned["starts_at"] < self.record.arrested_at:
            problems.append("The start of the plan cannot be before the arrest, at "
                            f"{self.record.arrested_at.astimezone(LONDON):%H:%M on %d/%m/%Y}")
        _place(self, problems, self.PLACES)
        return cleaned

    def service_fields(self):
        data = self.cleaned_data
        return {"drug": data["drug"].strip(), "strength": data["strength"].strip(),
                "dose": data["dose"].strip(), "route": data["route"],
                "controlled_schedule": data["controlled_schedule"],
                "hcp_authorised": data["hcp_authorised"],
                "authorised_by": data["authorised_by"].strip(),
                "set_times": data["set_times"], "min_interval_minutes": data["min_interval"],
                "max_doses_per_24h": data["max_doses_per_24h"],
                "starts_at": data["starts_at"], "ends_at": data["ends_at"]}


TIMING_WORDS = ("already given", "not due until", "last dose was", "later dose", "No more than")
OVERRIDE_HINT = ("To give it anyway, a healthcare professional must authorise it: tick the "
                 "override and record their reason.")


class DoseForm(forms.Form):
    at = LondonDateTimeField(label="Time", what="the dose")
    outcome = forms.ChoiceField(label="What happened", choices=DoseOutcome.choices,
                                initial=DoseOutcome.GIVEN, widget=forms.RadioSelect,
                                error_messages={"required": "Choose what happened",
                                                "invalid_choice": "Choose what happened"})
    witness = _text("Witness", 100, required=False)
    hcp_override = forms.BooleanField(
        label="A healthcare professional has authorised giving it now", required=False)
    override_reason = _text("Healthcare professional's reason", TEXT_LIMIT, required=False,
                            textarea=True)
    notes = _text("Notes", TEXT_LIMIT, required=False, textarea=True)
    client_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    PLACES = (
        ("witness", ("witness",)),
        ("notes", ("in the notes",)),
        ("override_reason", ("reason for the override",)),
        ("at", ("in the future", "plan starts", "plan ended", "before the arrest",
                *TIMING_WORDS)),
    )

    def __init__(self, *args, plan, given_by, **kwargs):
        self.plan = plan
        self.given_by = given_by
        kwargs.setdefault("initial", {"at": _now_initial(), "outcome": DoseOutcome.GIVEN,
                                      "client_id": uuid.uuid4().hex})
        super().__init__(*args, **kwargs)

    def clean_client_id(self):
        value = self.cleaned_data["client_id"].strip()
        return value if re.fullmatch(r"[0-9a-f]{32}", value) else None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.add_problems(self.problems(cleaned))
        return cleaned

    def problems(self, cleaned):
        dose = DoseRecord(at=cleaned["at"], outcome=cleaned["outcome"], given_by=self.given_by,
                          witness=cleaned["witness"].strip(),
                          hcp_override=cleaned["hcp_override"],
                          override_reason=cleaned["override_reason"].strip(),
                          notes=cleaned["notes"].strip())
        records = [row.as_rules_record(given_by_name="") for row in self.plan.doses.all()]
        problems = check_dose(self.plan.as_rules_plan(), records, dose)
        arrested = self.plan.record.arrested_at
        if cleaned["at"] < arrested:
            problems.append("The time of the dose cannot be before the arrest, at "
                            f"{arrested.astimezone(LONDON):%H:%M on %d/%m/%Y}")
        return problems

    def add_problems(self, problems):
        _place(self, problems, self.PLACES)
        timing = any(word in message for message in problems for word in TIMING_WORDS)
        if timing and not self.cleaned_data.get("hcp_override"):
            self.add_error("hcp_override", OVERRIDE_HINT)

    def service_fields(self):
        data = self.cleaned_data
        return {"at": data["at"], "outcome": data["outcome"], "witness": data["witness"],
                "hcp_override": data["hcp_override"],
                "override_reason": data["override_reason"] if data["hcp_override"] else "",
                "notes": data["notes"], "client_id": data["client_id"]}
