"""The form that dismisses an entry refused on arrival."""

from django import forms

from custody.offline.services import REASON_MAX_LENGTH
from custody.records.forms import text_field


class DismissForm(forms.Form):
    reason = text_field("Why it is not recorded", REASON_MAX_LENGTH,
                        what="why the entry is not recorded",
                        widget=forms.Textarea(attrs={"rows": 3}))
