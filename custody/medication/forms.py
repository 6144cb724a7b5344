"""Forms of a detainee's medication: adding a plan and recording a dose. The rules'
problems (custody.medication.rules) are shown beside the field each names."""

import re
import uuid
from datetime import timedelta

from django import forms

from athena.problems import Problem
from custody.medication.rules import (
    TIMING_CONFLICTS,
    DoseRecord,
    MedicationPlan,
    check_dose,
    dose_giver,
    parse_clock,
    plan_problems,
)
from custody.medication.selectors import rules_doses, rules_plan
from custody.models import ControlledDrugSchedule, DoseOutcome, HcpRole, Route
from custody.records.forms import LondonDateTimeField, add_problems, now_initial, text_field
from custody.records.rules import LONDON

TEXT_LIMIT = 2000
CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]?([0-5]\d)$")
INTERVAL = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")
NOTES_BOX = forms.Textarea(attrs={"rows": 3})


def _before_arrest(record, at, what, field):
    """The problem of a time before the arrest, or None."""
    if at >= record.arrested_at:
        return None
    arrested = record.arrested_at.astimezone(LONDON)
    return Problem("before_arrest", field,
                   f"The {what} cannot be before the arrest, at {arrested:%H:%M on %d/%m/%Y}")


class PlanForm(forms.Form):
    drug = text_field("Drug", 100, what="the name of the drug")
    strength = text_field("Strength", 50, what="the strength of the drug, for example 500 mg")
    dose = text_field("Dose", 100, what="the dose, for example two tablets")
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
    given_by_hcp = forms.BooleanField(label="Administered by a healthcare professional",
                                      required=False)
    authorised_by = text_field("Authorised by", 200, what="who authorised the medication")
    set_times = text_field("Set times", 200, required=False)
    min_interval = text_field("Or the minimum time between doses", 10, required=False)
    max_doses_per_24h = forms.IntegerField(
        label="Most doses in 24 hours (optional)", required=False, min_value=1,
        max_value=48, error_messages={
            "invalid": "Enter the most doses in 24 hours as a whole number, for example 4",
            "min_value": "The most doses in 24 hours must be at least 1",
            "max_value": "The most doses in 24 hours must be 48 or fewer"})
    starts_at = LondonDateTimeField(label="Starts", what="the start of the plan")
    ends_at = LondonDateTimeField(label="Ends (optional)", what="the end of the plan",
                                  required=False)

    def __init__(self, *args, record, **kwargs):
        self.record = record
        kwargs.setdefault("initial", {"starts_at": now_initial()})
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
            hcp_authorised=cleaned["hcp_authorised"], given_by_hcp=cleaned["given_by_hcp"],
            set_times=tuple(parse_clock(value) for value in cleaned["set_times"]),
            min_interval=timedelta(minutes=interval) if interval else None,
            max_doses_per_24h=cleaned.get("max_doses_per_24h"), ends_at=cleaned.get("ends_at"))
        problems = plan_problems(plan)
        before_arrest = _before_arrest(self.record, cleaned["starts_at"], "start of the plan",
                                       "starts_at")
        add_problems(self, problems + ([before_arrest] if before_arrest else []))
        return cleaned

    def service_fields(self):
        data = self.cleaned_data
        return {"drug": data["drug"].strip(), "strength": data["strength"].strip(),
                "dose": data["dose"].strip(), "route": data["route"],
                "controlled_schedule": data["controlled_schedule"],
                "hcp_authorised": data["hcp_authorised"],
                "given_by_hcp": data["given_by_hcp"],
                "authorised_by": data["authorised_by"].strip(),
                "set_times": data["set_times"], "min_interval_minutes": data["min_interval"],
                "max_doses_per_24h": data["max_doses_per_24h"],
                "starts_at": data["starts_at"], "ends_at": data["ends_at"]}


OVERRIDE_HINT = ("To give it anyway, a healthcare professional must authorise it: tick the "
                 "override and record their reason.")


class DoseForm(forms.Form):
    at = LondonDateTimeField(label="Time", what="the dose")
    outcome = forms.ChoiceField(label="What happened", choices=DoseOutcome.choices,
                                initial=DoseOutcome.GIVEN, widget=forms.RadioSelect,
                                error_messages={"required": "Choose what happened",
                                                "invalid_choice": "Choose what happened"})
    witness = text_field("Witness", 100, required=False)
    hcp_override = forms.BooleanField(
        label="A healthcare professional has authorised giving it now", required=False)
    override_reason = text_field("Healthcare professional's reason", TEXT_LIMIT,
                                 required=False, widget=NOTES_BOX)
    notes = text_field("Notes", TEXT_LIMIT, required=False, widget=NOTES_BOX)
    client_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, plan, given_by, **kwargs):
        """``given_by``: the custody officer recording the dose. When a healthcare
        professional gives the plan's doses (rules.dose_giver) the form also asks who
        they are; the rules decide when the answers are needed."""
        self.plan = plan
        self.given_by = given_by
        kwargs.setdefault("initial", {"at": now_initial(), "outcome": DoseOutcome.GIVEN,
                                      "client_id": uuid.uuid4().hex})
        super().__init__(*args, **kwargs)
        if dose_giver(plan).healthcare_professional:
            self.fields["hcp_name"] = text_field(
                "Name of the healthcare professional who gave it", 100, required=False)
            self.fields["hcp_role"] = forms.ChoiceField(
                label="Role of the healthcare professional",
                choices=[("", "Choose the role"), *HcpRole.choices], required=False,
                error_messages={
                    "invalid_choice": "Choose the healthcare professional's role from the "
                                      "list"})
            self.order_fields(["at", "outcome", "hcp_name", "hcp_role"])

    def clean_client_id(self):
        value = self.cleaned_data["client_id"].strip()
        return value if re.fullmatch(r"[0-9a-f]{32}", value) else None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.show_problems(self.problems(cleaned))
        return cleaned

    def problems(self, cleaned):
        dose = DoseRecord(at=cleaned["at"], outcome=cleaned["outcome"], given_by=self.given_by,
                          hcp_name=cleaned.get("hcp_name", "").strip(),
                          hcp_role=cleaned.get("hcp_role", ""),
                          witness=cleaned["witness"].strip(),
                          hcp_override=cleaned["hcp_override"],
                          override_reason=cleaned["override_reason"].strip(),
                          notes=cleaned["notes"].strip())
        problems = check_dose(rules_plan(self.plan), rules_doses(self.plan.doses.all()), dose)
        before_arrest = _before_arrest(self.plan.record, cleaned["at"], "time of the dose",
                                       "at")
        return problems + ([before_arrest] if before_arrest else [])

    def show_problems(self, problems):
        """Each problem beside its field; a timing conflict also says how an HCP override
        lets the dose through, unless the override is already ticked."""
        add_problems(self, problems)
        timing = any(problem.code in TIMING_CONFLICTS for problem in problems)
        if timing and not self.cleaned_data.get("hcp_override"):
            self.add_error("hcp_override", OVERRIDE_HINT)

    def service_fields(self):
        data = self.cleaned_data
        return {"at": data["at"], "outcome": data["outcome"], "witness": data["witness"],
                "hcp_override": data["hcp_override"],
                "override_reason": data["override_reason"] if data["hcp_override"] else "",
                "notes": data["notes"], "client_id": data["client_id"],
                "hcp_name": data.get("hcp_name", ""), "hcp_role": data.get("hcp_role", "")}
