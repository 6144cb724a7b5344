from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case sensitive.",
        "inactive": "This account is not active. Ask your administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck="false")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Button("submit", "Sign in"),
        )

    def clean_username(self):
        # AuthenticationForm sets max_length after the field is built, so it only reaches
        # the HTML; check it here too, before a huge value reaches authenticate().
        username = self.cleaned_data["username"]
        if len(username) > self.username_field.max_length:
            raise forms.ValidationError(
                f"Usernames are at most {self.username_field.max_length} characters"
            )
        return username


def _digits(value):
    token = "".join(value.split())
    if not token.isdigit():
        raise forms.ValidationError("The security code must be 6 digits")
    return token


class TokenForm(forms.Form):
    """A six-digit code from the user's authenticator app."""

    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app.",
        max_length=6,
        min_length=6,
        error_messages={
            "required": "Enter the 6-digit security code",
            "min_length": "The security code must be 6 digits",
            "max_length": "The security code must be 6 digits",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                      "inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args, submit_label="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("token", field_width=5, label_size=Size.MEDIUM),
            Button("submit", submit_label),
        )

    def clean_token(self):
        return _digits(self.cleaned_data["token"])


WRONG_CODE = "That code is not right. Enter the newest code from your authenticator app."
WRONG_NEW_CODE = ("That code is not right. Check the time on your phone and enter the "
                  "newest code.")


def _token_field(label, help_text, required_message):
    return forms.CharField(
        label=label, help_text=help_text, max_length=6, min_length=6,
        error_messages={"required": required_message,
                        "min_length": "The security code must be 6 digits",
                        "max_length": "The security code must be 6 digits"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                      "inputmode": "numeric", "spellcheck": "false"}))


class ReplaceAuthenticatorForm(forms.Form):
    """A code from the authenticator in use, and one from the new one. Checking them is
    the service's work (two_factor.authenticator_replace), not the form's."""

    current_token = _token_field("Code from the authenticator app you use now",
                                 "The 6-digit code your current app shows.",
                                 "Enter the code from the authenticator app you use now")
    token = _token_field("Code from the new authenticator app",
                         "The 6-digit code the new app shows after you scan the QR code.",
                         "Enter the code from the new authenticator app")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("current_token", field_width=5),
            Field.text("token", field_width=5),
            Button("submit", "Replace my authenticator app"),
        )

    def clean_current_token(self):
        return _digits(self.cleaned_data["current_token"])

    def clean_token(self):
        return _digits(self.cleaned_data["token"])


class TwoFactorResetForm(forms.Form):
    """An administrator's reset of a colleague's two-factor sign-in."""

    username = forms.CharField(
        label="Username", max_length=150,
        help_text="The username of the person whose authenticator app is lost or stolen.",
        error_messages={"required": "Enter the username of the person to reset"})
    reason = forms.CharField(
        label="Reason for the reset", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the audit trail. For example, phone lost on duty, reported "
                  "to the service desk as call 4471.",
        error_messages={"required": "Give the reason for the reset",
                        "max_length": "The reason must be 500 characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.textarea("reason"),
            Button("submit", "Reset two-factor sign-in", css_class="govuk-button--warning"),
        )


class SetPasswordForm(DjangoSetPasswordForm):
    """A user sets their own password with a one-time link (no old password to give).
    The password rules' messages go beside the first box, where the password is typed."""

    error_messages = {"password_mismatch": "The passwords do not match. Type the same "
                                           "password in both boxes."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.help_text = ("At least 12 characters. Not a common password, not only "
                           "numbers, and not like your name or username.")
        first.error_messages["required"] = "Enter a new password"
        second.label = "Type the new password again"
        second.help_text = ""
        second.error_messages["required"] = "Type the new password again"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("new_password1", field_width=20),
            Field.text("new_password2", field_width=20),
            Button("submit", "Set password"),
        )

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)
