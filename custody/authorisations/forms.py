"""One form per kind of authorisation, each laid out for the detention form page
(custody/detention/forms.DetentionForm). The forms check only what could be mistyped; the
law is rules.py's, and its problems go beside the fields they name."""

from django import forms

from custody.authorisations.rules import (
    ARREST_NECESSITY,
    BAIL_EXTENSIONS,
    DELAY_GROUNDS,
    DETENTION_GROUNDS,
    REST_REASONS,
)
from custody.detention.forms import DetentionForm
from custody.models import AuthorisationKind
from custody.records.forms import LondonDateTimeField, text_field


def _choice(label, choices, message):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             error_messages={"required": message, "invalid_choice": message})


def _choices(label, choices, message, required=True):
    return forms.MultipleChoiceField(label=label, choices=choices, required=required,
                                     widget=forms.CheckboxSelectMultiple, error_messages={
                                         "required": message, "invalid_choice": message})


def _words(label, what, required=True):
    return text_field(label, 2000, required=required, what=what, widget=forms.Textarea)


class AuthorisationForm(DetentionForm):
    """Its fields are the service's arguments (``authorisation_record``)."""

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["reasons"] = tuple(data.pop("reasons", ()) or ())
        return data


class DetentionAuthorisationForm(AuthorisationForm):
    at = LondonDateTimeField(label="Time detention was authorised", what="the authorisation")
    reasons = _choices("Why the arrest was necessary, as the arresting officer gave it",
                       ARREST_NECESSITY, "Select why the arrest was necessary (PACE Code G "
                                         "2.9)")
    grounds = _choice("Grounds for detention", DETENTION_GROUNDS,
                      "Select the ground for detention (PACE s.37)")
    layout = (("at", "datetime"), ("reasons", "checkboxes"), ("grounds", "radios"))

    def service_kwargs(self):
        data = self.cleaned_data
        return {"at": data["at"], "grounds": data["grounds"], "necessity": data["reasons"]}


class DelayForm(AuthorisationForm):
    at = LondonDateTimeField(label="Time the delay was authorised", what="the authorisation")
    reasons = _choices("Grounds", DELAY_GROUNDS, "Select the grounds for the delay")
    grounds = _words("Why they apply in this case", "why the grounds apply")
    until = LondonDateTimeField(label="The delay ends", what="the end of the delay")
    layout = (("at", "datetime"), ("reasons", "checkboxes"), ("grounds", "textarea"),
              ("until", "datetime"))
    time_fields = ("at",)


class RestPeriodForm(AuthorisationForm):
    at = LondonDateTimeField(label="The rest period began", what="the start of the rest")
    until = LondonDateTimeField(label="The rest period ended", what="the end of the rest")
    reasons = _choices("If it was shorter than 8 hours or interrupted: why", REST_REASONS,
                       "Select why the rest period was shorter", required=False)
    layout = (("at", "datetime"), ("until", "datetime"), ("reasons", "checkboxes"))
    time_fields = ("at", "until")


class NextCourtForm(AuthorisationForm):
    at = LondonDateTimeField(label="Time of the decision", what="the decision")
    grounds = _words("Why the person is kept in custody after charge",
                     "why the person is kept in custody (PACE s.38(1))")
    court = text_field("Court", 200, what="the court")
    until = LondonDateTimeField(label="To be brought before the court at",
                                what="the hearing")
    layout = (("at", "datetime"), ("grounds", "textarea"), ("court", "text"),
              ("until", "datetime"))
    time_fields = ("at",)


class PreChargeBailForm(AuthorisationForm):
    at = LondonDateTimeField(label="Time bail was granted", what="the grant of bail")
    grounds = _words("Why pre-charge bail is necessary and proportionate",
                     "why pre-charge bail is necessary and proportionate")
    layout = (("at", "datetime"), ("grounds", "textarea"))


class BailExtensionForm(AuthorisationForm):
    at = LondonDateTimeField(label="Time of the extension", what="the extension")
    extension = _choice("Extension", BAIL_EXTENSIONS, "Select the extension")
    grounds = _words("Why the extension is needed (conditions A to D)",
                     "why the extension is needed")
    court = text_field("Magistrates' court (a court's extension only)", 200, required=False,
                       what="the court")
    until = LondonDateTimeField(label="New end of the bail period (a court's extension "
                                      "only)", what="the new end of bail", required=False)
    layout = (("at", "datetime"), ("extension", "radios"), ("grounds", "textarea"),
              ("court", "text"), ("until", "datetime"))
    time_fields = ("at",)


FORMS = {
    AuthorisationKind.DELAY_INFORMING: DelayForm,
    AuthorisationKind.DELAY_LEGAL_ADVICE: DelayForm,
    AuthorisationKind.REST_PERIOD: RestPeriodForm,
    AuthorisationKind.NEXT_COURT: NextCourtForm,
    AuthorisationKind.PRE_CHARGE_BAIL: PreChargeBailForm,
    AuthorisationKind.BAIL_EXTENSION: BailExtensionForm,
}
