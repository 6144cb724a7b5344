"""The quick file's one page: the case as the officer tells it, in that order.

Only what the case needs and the app cannot know is asked; what it knows or what is
nearly always one answer is filled in (``answers.py``) and shown on the check page. A
field a kind of case does not need is left off the form (``QuickFileForm(crime=...)``).
Everything typed comes back with the page when something needs putting right.
"""

from datetime import date

from django import forms
from django.utils import timezone

from athena.people.forms import DateOfBirthField, NameField
from cases.constants import Plea
from cases.forms import DATE_INPUT_FORMATS, FullNameField, TimeOfDayField
from cases.sections import INTERVIEW_TYPES, VPS_READING

YES_NO = [("yes", "Yes"), ("no", "No")]
VPS_CHOICES = [
    ("made", "Offered, and the victim made one"),
    ("declined", "Offered, and the victim did not want to make one"),
    ("not_offered", "Not offered yet"),
]


class Outcome:
    """How the suspect left the station: charged and bailed (with or without conditions)
    or kept in custody for court, or to be sent a written charge and requisition."""

    BAIL = "bail"
    CONDITIONAL_BAIL = "conditional_bail"
    REMAND = "remand"
    REQUISITION = "requisition"
    CHOICES = [
        (BAIL, "Charged and bailed to court"),
        (CONDITIONAL_BAIL, "Charged and bailed with conditions"),
        (REMAND, "Charged and kept in custody for court"),
        (REQUISITION, "Released: a written charge and requisition will be posted"),
    ]
    CHARGED = (BAIL, CONDITIONAL_BAIL, REMAND)


def _required(message):
    return {"required": message, "invalid_choice": message}


def _text(label, *, max_length=200, hint="", required=False, message=""):
    return forms.CharField(label=label, max_length=max_length, required=required,
                           help_text=hint, error_messages={
                               "required": message,
                               "max_length": f"{label} must be {max_length:,} characters or "
                                             "fewer"})


def _long_text(label, *, max_length=4000, hint="", required=False, message=""):
    field = _text(label, max_length=max_length, hint=hint, required=required,
                  message=message)
    field.widget = forms.Textarea(attrs={"rows": 4})
    return field


def _date(label, message, hint="For example, 27/11/2026"):
    return forms.DateField(label=label, input_formats=DATE_INPUT_FORMATS, required=False,
                           help_text=hint, error_messages={
                               "invalid": f"{label} must be a real date, for example "
                                          "27/11/2026"})


class QuickFileForm(forms.Form):
    # --- The suspect: chosen on the index, or created here (after the duplicate check).
    person = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    forenames = NameField(label="Forenames", max_length=150, required=False)
    surname = NameField(label="Surname", max_length=100, required=False)
    date_of_birth = DateOfBirthField(required=False)
    address_line_1 = _text("Building and street", hint="Their home address, for example "
                                                       "3 Mill Lane")
    town = _text("Town or city", max_length=100)
    postcode = _text("Postcode", max_length=8)
    occupation = _text("Occupation", hint="As they gave it, or 'Unemployed'. Leave blank if "
                                          "not known.")
    # The duplicate check's answer: a person's id, or "new" for none of those listed.
    same_person = forms.CharField(required=False, max_length=20)
    confirm_not_duplicate = forms.CharField(required=False, max_length=32,
                                            widget=forms.HiddenInput)
    # --- The arrest, when no custody record holds it.
    arrest_date = _date("Date of arrest", "Enter the date of arrest")
    arrest_time = TimeOfDayField(label="Time of arrest", max_length=10, required=False,
                                 help_text="24-hour clock, for example 14:30")
    # --- What happened.
    offence_date = _date("Date of the offence", "Enter the date of the offence")
    offence_time = TimeOfDayField(label="Time", max_length=10, required=False,
                                  help_text="About when, 24-hour clock, for example 14:10")
    place = _text("Where it happened", max_length=300)
    goods = _text("What was taken or damaged", max_length=500,
                  hint="For example, two beef steaks")
    value = forms.DecimalField(label="Value (£)", required=False, min_value=0,
                               max_value=10_000_000, decimal_places=2, error_messages={
                                   "invalid": "Value must be an amount in pounds, for "
                                              "example 23.50",
                                   "min_value": "The value cannot be less than £0",
                                   "max_value": "The value must be £10,000,000 or less",
                                   "max_decimal_places": "Give the value to the penny, for "
                                                         "example 23.50"})
    recovered = forms.ChoiceField(label="Was it recovered?", choices=YES_NO, required=False,
                                  widget=forms.RadioSelect)
    reading = forms.IntegerField(label="Lower breath reading", required=False, min_value=1,
                                 max_value=500,
                                 help_text="Microgrammes of alcohol in 100 millilitres of "
                                           "breath, for example 52",
                                 error_messages={"invalid": "Lower breath reading must be a "
                                                            "whole number, for example 52",
                                                 "min_value": "Lower breath reading must be "
                                                              "1 or more",
                                                 "max_value": "Lower breath reading must be "
                                                              "500 or less"})
    particulars = _long_text("Particulars of the offence", max_length=2000,
                             hint="After the date, in the words of the charge, for example "
                                  "at Chelmsford, had with him an offensive weapon")
    points_to_prove = _long_text("How each point to prove is met",
                                 hint="Each element of the offence and the evidence that "
                                      "proves it, one a line")
    summary = _long_text("What happened", max_length=20000,
                         hint="A short, balanced account for the prosecutor: what the "
                              "suspect did and what proves it")
    # --- The witness (or, where there is one, the victim) and their statement.
    witness_name = FullNameField(label="Name", max_length=200, required=False,
                                 help_text="First name and surname")
    witness_involvement = _text("Who they are", max_length=500,
                                hint="For example, the store detective who stopped him")
    witness_under_18 = forms.BooleanField(label="They are under 18", required=False)
    statement_date = _date("Date of the statement", "Enter the date of the statement",
                           hint="Leave blank if it was taken today")
    statement = _long_text("Their statement (MG11)", max_length=20000,
                           hint="In their words, as they signed it")
    # --- A victim's rights under the Victims' Code (asked where a person is the victim).
    victims_code_met = forms.BooleanField(
        label="The victim was given what the Victims' Code entitles them to",
        required=False, help_text="The written information about the Code, a needs "
                                  "assessment and the offer of referral to support services")
    vps = forms.ChoiceField(label="Victim personal statement", choices=VPS_CHOICES,
                            required=False, widget=forms.RadioSelect)
    vps_reading = forms.ChoiceField(label="If they made one: do they wish to read it in "
                                          "court?", choices=VPS_READING, required=False,
                                    widget=forms.RadioSelect)
    # --- The interview, and the plea it points to.
    interview_type = forms.ChoiceField(
        label="Interview", choices=INTERVIEW_TYPES, required=False, widget=forms.RadioSelect)
    interview_account = _long_text(
        "The suspect's account", max_length=20000,
        hint="In your words. For a no comment interview, the questions put; if not "
             "interviewed, why not.")
    solicitor_name = FullNameField(label="Solicitor's name", max_length=200, required=False,
                                   help_text="Leave blank if they had no solicitor")
    solicitor_firm = _text("Solicitor's firm")
    # A first-hearing file is built for a plea: "not known" builds none, so it is not
    # offered; not guilty builds the file for a trial, which a later guilty plea needs
    # less of.
    anticipated_plea = forms.ChoiceField(
        label="Anticipated plea", choices=[(Plea.GUILTY, "Guilty"),
                                           (Plea.NOT_GUILTY, "Not guilty")],
        required=False, widget=forms.RadioSelect,
        help_text="Guilty only if the suspect admitted it clearly, with nothing amounting to "
                  "a defence, or the evidence is overwhelming. If you cannot tell, choose "
                  "not guilty.")
    # Asked where a not guilty plea sends the charging decision to the CPS (DG6).
    lines_of_enquiry = _long_text(
        "Reasonable lines of enquiry", hint="For a not guilty plea the CPS decides the "
                                            "charge: the enquiries made and any still to "
                                            "make, including any that point away from the "
                                            "suspect")
    # --- The charge.
    outcome = forms.ChoiceField(label="Charge and bail", choices=Outcome.CHOICES,
                                required=False, widget=forms.RadioSelect)
    reply_to_charge = _text("Reply to charge", max_length=2000,
                            hint="Exactly what they said, or 'No reply'")
    bail_conditions = _long_text("Bail conditions", max_length=2000,
                                 hint="One a line, as on the bail notice")
    # --- Kept in custody for court: the remand application (MG7).
    remand_grounds = _long_text("Grounds for objecting to bail", max_length=20000,
                                hint="For example, fail to surrender, commit further "
                                     "offences")
    remand_reasons = _long_text("Reasons, with the evidence for them", max_length=20000)
    remand_conditions = _long_text("Why bail conditions would not be enough",
                                   max_length=20000)
    witness_intimidation = _long_text("Risk of witness intimidation", max_length=20000,
                                      hint="For the prison service, or 'None known'")
    # --- Asked only when the app cannot know them.
    bail_history = _long_text("Bail history", max_length=20000,
                              hint="As on the PNC, for a remand application")
    previous_convictions = _long_text(
        "Previous convictions and cautions", max_length=20000,
        hint="As on the PNC print")
    unused_material = _long_text(
        "Unused material that might assist the defence or undermine the prosecution",
        hint="Write 'None' if there is none.")
    disclosure_certified = forms.BooleanField(
        label="I certify that I have complied with the disclosure duty", required=False)
    welsh = forms.ChoiceField(label="Has the defendant asked for the case to be heard in "
                                    "Welsh?", choices=YES_NO, required=False,
                              widget=forms.RadioSelect)

    def __init__(self, *args, crime=None, person=None, custody=None, welsh_force=False,
                 cps_decides_not_guilty=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.crime, self.known_person, self.custody = crime, person, custody
        for name in self.fields_left_off(crime, person, custody, welsh_force):
            del self.fields[name]
        if not cps_decides_not_guilty:
            del self.fields["lines_of_enquiry"]
        if crime is not None:
            self.fields["place"].label = crime.place_label
            self.fields["place"].help_text = crime.place_hint
        if crime is not None and crime.asks_victim:
            self.fields["witness_name"].label = "Victim's name"
            self.fields["statement"].label = "The victim's statement (MG11)"
            del self.fields["witness_involvement"]

    @staticmethod
    def fields_left_off(crime, person, custody, welsh_force):
        off = set()
        if person is not None:
            off |= {"forenames", "surname", "date_of_birth", "same_person",
                    "confirm_not_duplicate"}
            if not person.pnc_id:
                off |= {"previous_convictions", "bail_history"}
        else:  # a person new to the index has no PNC record
            off |= {"previous_convictions", "bail_history"}
        if custody is not None:
            off |= {"arrest_date", "arrest_time"}
        if crime is None or not crime.asks_property:
            off |= {"goods", "value", "recovered"}
        if crime is None or not crime.asks_reading:
            off.add("reading")
        if crime is not None:
            off |= {"particulars", "points_to_prove"}
        if crime is None or not crime.asks_victim:
            off |= {"victims_code_met", "vps", "vps_reading"}
        if not welsh_force:
            off.add("welsh")
        return off

    # --- Checks across fields: what is needed depends on the other answers.

    def _need(self, name, message):
        if name in self.fields and name not in self.errors and self.cleaned_data.get(
                name) in (None, "", False):
            self.add_error(name, message)

    def clean(self):
        data = super().clean()
        needs = [
            ("forenames", "Enter the suspect's forenames"),
            ("surname", "Enter the suspect's surname"),
            ("date_of_birth", "Enter the suspect's date of birth: the court needs it"),
            ("arrest_date", "Enter the date of arrest"),
            ("arrest_time", "Enter the time of arrest"),
            ("offence_date", "Enter the date of the offence"),
            ("place", f"Enter {self.fields['place'].label.lower()}" if "place" in self.fields
             else ""),
            ("goods", "Enter what was taken or damaged"),
            ("value", "Enter the value in pounds"),
            ("recovered", "Select yes if the property was recovered"),
            ("reading", "Enter the lower breath reading"),
            ("particulars", "Enter the particulars of the offence"),
            ("points_to_prove", "Enter how each point to prove is met"),
            ("summary", "Enter what happened"),
            ("witness_name", "Enter the name of the person who made the statement"),
            ("statement", "Enter the statement"),
            ("interview_type", "Select how the suspect was interviewed, or that they were "
                               "not"),
            ("interview_account", "Enter the suspect's account, the questions put, or why "
                                  "they were not interviewed"),
            ("anticipated_plea", "Select the anticipated plea"),
            ("outcome", "Select how the suspect was charged and bailed"),
            ("welsh", "Select yes if the defendant asked for the case to be heard in Welsh"),
            ("vps", "Select whether the victim was offered a victim personal statement"),
        ]
        for name, message in needs:
            self._need(name, message)
        self._check_dates(data)
        outcome = data.get("outcome")
        if outcome in Outcome.CHARGED:
            self._need("reply_to_charge", "Enter the reply to charge, or 'No reply'")
        if outcome == Outcome.CONDITIONAL_BAIL:
            self._need("bail_conditions", "Enter the bail conditions")
        if outcome == Outcome.REMAND:
            for name, message in (
                    ("remand_grounds", "Enter the grounds for objecting to bail"),
                    ("remand_reasons", "Enter the reasons for each ground, with the evidence"),
                    ("remand_conditions", "Enter why bail conditions would not be enough"),
                    ("witness_intimidation", "Enter the risk of witness intimidation, or "
                                             "'None known'"),
                    ("bail_history", "Enter the suspect's bail history")):
                self._need(name, message)
        if data.get("anticipated_plea") == Plea.NOT_GUILTY:
            self._need("lines_of_enquiry", "Enter the reasonable lines of enquiry: the CPS "
                                           "decides the charge on a not guilty plea")
        if data.get("anticipated_plea") in (Plea.NOT_GUILTY, Plea.NOT_KNOWN):
            self._need("unused_material", "Enter the unused material that might assist the "
                                          "defence, or 'None'")
            self._need("disclosure_certified", "Certify that you have complied with the "
                                               "disclosure duty: a not guilty plea needs "
                                               "the streamlined disclosure certificate")
        if data.get("vps") == "made":
            self._need("vps_reading", "Select whether the victim wishes to read their "
                                      "statement in court")
        if data.get("solicitor_firm") and not data.get("solicitor_name"):
            self._need("solicitor_name", "Enter the solicitor's name as well as their firm")
        if data.get("solicitor_name") and not data.get("solicitor_firm"):
            self._need("solicitor_firm", "Enter the solicitor's firm as well as their name")
        self._need("previous_convictions", "Enter the previous convictions and cautions on "
                                           "the PNC print, or 'None'")
        return data

    def _check_dates(self, data):
        today = timezone.localdate()
        for name in ("arrest_date", "offence_date", "statement_date"):
            day = data.get(name)
            if isinstance(day, date) and day > today:
                self.add_error(name, f"{self.fields[name].label} must be today or in the "
                                     "past")
        offence, arrest = data.get("offence_date"), data.get("arrest_date")
        if isinstance(offence, date) and isinstance(arrest, date) and arrest < offence:
            self.add_error("arrest_date", "Date of arrest must be on or after the date of "
                                          "the offence")

    # --- What the page shows

    @property
    def new_person(self):
        return "forenames" in self.fields
