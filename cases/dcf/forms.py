"""The form for uploading a Digital Case File, and the upload handler that stops reading
a file as soon as it is larger than a DCF may be."""

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


def max_megabytes():
    return settings.ATHENA_DCF_MAX_BYTES // (1024 * 1024)


def too_large_message():
    return (f"The file must be {max_megabytes()} MB or smaller: a Digital Case File is "
            "never larger. Check that you chose the right file.")


class DcfSizeLimitHandler(FileUploadHandler):
    """Counts the bytes of each uploaded file and abandons the upload past the DCF size
    limit, so a 50 MB file is never stored whole. ``too_large`` tells the view."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.ATHENA_DCF_MAX_BYTES:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


class DcfUploadForm(forms.Form):
    file = forms.FileField(
        label="Digital Case File", help_text="A DCF 1.2.2 file (.json), up to "
                                             "10 MB, as exported from another force's system.",
        error_messages={"required": "Choose the Digital Case File to upload",
                        "empty": "The file is empty: choose the Digital Case File to upload"})

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.fields["file"].help_text = (f"A DCF 1.2.2 file (.json), up to {max_megabytes()} "
                                         "MB, as exported from another force's system.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ATHENA_DCF_MAX_BYTES:
            raise forms.ValidationError(too_large_message())
        return upload

    def full_clean(self):
        super().full_clean()
        if self.too_large and self.is_bound:
            self._errors.pop("file", None)
            self.add_error("file", too_large_message())
