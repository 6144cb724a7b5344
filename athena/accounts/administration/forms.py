"""Forms of user administration: validate and convert, no side effects."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib.auth import get_user_model

from athena.accounts.models import Force, Rank
from athena.accounts.roles import Role

User = get_user_model()
STATUS_CHOICES = [("", "Active and deactivated"), ("active", "Active"),
                  ("deactivated", "Deactivated")]


def _force_field(*, required, empty_label, label="Force", help_text=""):
    field = forms.ModelChoiceField(
        queryset=Force.objects.order_by("name"), required=required, label=label,
        empty_label=empty_label, help_text=help_text,
        error_messages={"required": "Choose the force",
                        "invalid_choice": "Choose a force from the list"})
    field.label_from_instance = lambda force: f"{force.name} ({force.code})"
    return field


class UserFilterForm(forms.Form):
    """Search and filters of the user list (GET)."""

    q = forms.CharField(label="Name, username or collar number", required=False,
                        max_length=100,
                        error_messages={"max_length": "Search for 100 characters or fewer"})
    role = forms.ChoiceField(label="Role", required=False,
                             choices=[("", "Any role"), *Role.choices],
                             error_messages={"invalid_choice": "Choose a role from the list"})
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES,
                               error_messages={"invalid_choice": "Choose a status from the list"})
    paused = forms.BooleanField(label="Only those whose sign-in is paused now", required=False)

    def __init__(self, *args, spans_forces=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(autocomplete="off", spellcheck="false")
        if not spans_forces:  # a force's administrator sees no national administrator
            self.fields["role"].choices = [
                (value, label) for value, label in self.fields["role"].choices
                if value != Role.NATIONAL_ADMINISTRATOR]
        layout = [Field.text("q", field_width=20), Field.select("role"),
                  Field.select("status")]
        if spans_forces:
            self.fields["force"] = _force_field(required=False, empty_label="Every force")
            layout.append(Field.select("force"))
        layout += [Field.checkbox("paused", small=True),
                   Button.secondary("filter", "Search")]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*layout)


class UserForm(forms.Form):
    """A new account's details and roles, or an account's changes. No password: the user
    sets their own with a one-time link."""

    username = forms.CharField(
        label="Username", max_length=150,
        validators=User._meta.get_field("username").validators,
        help_text="What they type to sign in, for example pc4512. Letters, digits and "
                  "@ . + - _ only. It cannot be changed later.",
        error_messages={"required": "Enter a username",
                        "max_length": "The username must be 150 characters or fewer"})
    first_name = forms.CharField(label="First name", max_length=150,
                                 error_messages={"required": "Enter their first name",
                                                 "max_length": "The first name must be 150 "
                                                               "characters or fewer"})
    last_name = forms.CharField(label="Last name", max_length=150,
                                error_messages={"required": "Enter their last name",
                                                "max_length": "The last name must be 150 "
                                                              "characters or fewer"})
    rank = forms.ChoiceField(label="Rank (optional)", required=False,
                             choices=[("", "No rank"), *Rank.choices],
                             error_messages={"invalid_choice": "Choose a rank from the list"})
    collar_number = forms.CharField(
        label="Collar or staff number (optional)", max_length=20, required=False,
        error_messages={"max_length": "The collar or staff number must be 20 characters "
                                      "or fewer"})
    team = forms.CharField(label="Team or unit (optional)", max_length=60, required=False,
                           help_text="For example Chelmsford CID.",
                           error_messages={"max_length": "The team must be 60 characters "
                                                         "or fewer"})
    email = forms.EmailField(
        label="Email address (optional)", required=False, max_length=254,
        help_text="Their work address. The link to set their password is sent here as well "
                  "as shown to you.",
        error_messages={"invalid": "Enter an email address like name@police.example.uk",
                        "max_length": "The email address must be 254 characters or fewer"})
    roles = forms.MultipleChoiceField(
        label="Roles", widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Each role opens its own pages.",
        error_messages={"required": "Select at least one role",
                        "invalid_choice": "Choose roles from the list"})

    def __init__(self, *args, user=None, roles=(), choose_force=False, force=None,
                 submit_label="Save", **kwargs):
        """``user``: the account being changed (None: a new one). ``roles``: those the
        administrator may give. ``choose_force``: a national administrator picks the new
        account's force; otherwise it is ``force``."""
        super().__init__(*args, **kwargs)
        self.user = user
        self.force = force
        self.fields["roles"].choices = [(role.value, role.label) for role in roles]
        for name in ("username", "email", "collar_number"):
            self.fields[name].widget.attrs.update(spellcheck="false")
        self.fields["username"].widget.attrs.update(autocomplete="off")
        self.fields["email"].widget.attrs.update(autocomplete="off")
        layout = []
        if user is None:
            layout.append(Field.text("username", field_width=20))
            if choose_force:
                self.fields["force"] = _force_field(
                    required=False, empty_label="No force (for example a CPS lawyer)",
                    help_text="The force whose administrators will manage the account.")
                layout.append(Field.select("force"))
        else:
            del self.fields["username"]
        layout += [Field.text("first_name", field_width=20),
                   Field.text("last_name", field_width=20),
                   Field.select("rank"),
                   Field.text("collar_number", field_width=10),
                   Field.text("team", field_width=20),
                   Field.text("email", field_width=30),
                   Field.checkboxes("roles", legend_size=Size.SMALL, small=True),
                   Button("submit", submit_label)]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*layout)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("There is already a user with this username")
        return username

    def clean(self):
        cleaned = super().clean()
        force = cleaned.get("force", self.force) if self.user is None else self.user.force
        number = (cleaned.get("collar_number") or "").strip()
        cleaned["collar_number"] = number
        if number and force is not None:
            others = User.objects.filter(force=force, collar_number__iexact=number)
            if self.user is not None:
                others = others.exclude(pk=self.user.pk)
            holder = others.first()
            if holder is not None:
                self.add_error("collar_number", f"{number} is already the number of "
                                                f"{holder.get_full_name() or holder.username}"
                                                f" in {force.name}")
        return cleaned

    def user_fields(self):
        """The cleaned details, as user_services takes them."""
        return {name: self.cleaned_data[name].strip() if isinstance(
                    self.cleaned_data[name], str) else self.cleaned_data[name]
                for name in ("first_name", "last_name", "rank", "collar_number", "team",
                             "email")}


class ReasonForm(forms.Form):
    """The reason for a deactivation, reactivation or reset, for the audit trail."""

    reason = forms.CharField(
        label="Reason", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the audit trail. For example, left the force on 3 March, "
                  "or service desk call 4471.",
        error_messages={"required": "Give the reason",
                        "max_length": "The reason must be 500 characters or fewer"})

    def __init__(self, *args, submit_label, warning=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.textarea("reason"),
            Button("submit", submit_label,
                   css_class="govuk-button--warning" if warning else ""),
        )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError("Give the reason")
        return reason
