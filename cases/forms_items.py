"""Forms for one witness statement or exhibit, with the exhibit upload check."""

from django import forms
from django.conf import settings

from cases.forms import section_form_class
from cases.sections import SectionKind

# What an exhibit file must start with to be what it says it is.
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
_EXTENSIONS = {"pdf": {".pdf"}, "png": {".png"}, "jpeg": {".jpg", ".jpeg"}}


def sniff_file_type(upload):
    """The file's real type from its first bytes, whatever its name says; None if it is
    none of PDF, PNG or JPEG."""
    head = upload.read(16)
    upload.seek(0)
    for file_type, signatures in _SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return file_type
    return None


class ExhibitFileField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is None or upload is False or not hasattr(upload, "read"):
            return upload
        limit = settings.ATHENA_EXHIBIT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file must be smaller than {limit // (1024 * 1024)} MB")
        file_type = sniff_file_type(upload)
        if file_type is None:
            raise forms.ValidationError("The file must be a PDF, JPEG or PNG")
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in _EXTENSIONS[file_type]:
            raise forms.ValidationError(
                f"The file's name says {suffix or 'no type'} but it is a "
                f"{file_type.upper()}: rename it or choose the right file")
        upload.athena_file_type = file_type
        return upload


def item_form(kind, *, data=None, files=None, item=None):
    base = section_form_class(kind)
    attrs = {"version": forms.IntegerField(widget=forms.HiddenInput, min_value=0,
                                           required=False)}
    if kind == SectionKind.EXHIBITS:
        attrs["file"] = ExhibitFileField(
            label="File", required=False,
            help_text="PDF, JPEG or PNG, for example a CCTV still. Leave empty for an "
                      "exhibit kept as a physical item.")
    form_class = type(f"{base.__name__}Item", (base,), attrs)
    if data is not None:
        return form_class(data, files)
    initial = dict(item.data) if item else {}
    initial["version"] = item.version if item else 0
    return form_class(initial=initial)

