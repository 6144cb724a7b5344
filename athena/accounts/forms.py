from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django_otp import match_token


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
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError("The security code must be 6 digits")
        return token


class DeviceTokenForm(TokenForm):
    """Confirm a new authenticator by checking one of its codes."""

    def __init__(self, *args, device, **kwargs):
        self.device = device
        super().__init__(*args, submit_label="Confirm and continue", **kwargs)

    def clean_token(self):
        token = super().clean_token()
        if not self.device.verify_token(token):
            raise forms.ValidationError("That code is not right. Check the time on your "
                                        "phone and enter the newest code.")
        return token


class VerifyTokenForm(TokenForm):
    """Check a code against any of the user's confirmed authenticators."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = super().clean_token()
        self.device = match_token(self.user, token)
        if self.device is None:
            raise forms.ValidationError("That code is not right. Enter the newest code "
                                        "from your authenticator app.")
        return token
