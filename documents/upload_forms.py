"""Upload forms of Wagtail files and images: check every upload before anything is stored.

The stored name takes its extension from the detected type, never from the uploader's name
(a PNG+HTML polyglot named ``x.html`` is stored as ``.png``; UP-05). Image bombs, oversized and
unknown files get a Vietnamese form error, never a 500 (UP-01, UP-06…UP-08). A document file
is never replaced in place: a release that used the old file still needs it (ISO 9001:2015
7.5.3.2).
"""

from __future__ import annotations

import warnings
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image
from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from qms.lib.filetypes import IMAGE_KINDS, PDF, sniff_upload, stored_name

NOT_AN_IMAGE = _(
    "The file is not a JPEG, PNG, GIF or WebP image (its content matches none of these "
    "formats). Save the picture in one of these formats and upload it again."
)
TOO_MANY_PIXELS = _(
    "The image is too large in pixels (%(width)s × %(height)s, more than %(limit)s million "
    "pixels): it could exhaust the server when processed. Reduce its resolution and upload "
    "it again."
)


def _replace_file_field(form: forms.BaseForm, field_class: type[forms.Field]) -> None:
    """Swap Wagtail's file field for ours, keeping its label, widget and help text."""
    old = form.fields.get("file")
    if old is None:
        return  # the multiple-upload edit form has no file field
    new = field_class(label=old.label, required=old.required, widget=old.widget)
    form.fields["file"] = new


class QmsDocumentField(WagtailDocumentField):
    """Wagtail's document field, which names the stored file after the detected type."""

    def to_python(self, data: Any) -> Any:
        from qms.lib.pdf.validation import MESSAGES, RejectCode

        # Wagtail's size check comes first: a huge file is refused before it is read.
        upload = super().to_python(data)
        if upload is None:
            return None
        if sniff_upload(upload) != PDF:
            raise ValidationError(MESSAGES[RejectCode.NOT_PDF], code="not_pdf")
        # Before the extension validators: the content, not the name, says what it is.
        upload.name = stored_name(upload.name, PDF)
        return upload


class QmsDocumentForm(BaseDocumentForm):
    """Refuses hostile or broken PDFs with a Vietnamese message (UP-02…UP-05); keeps old files."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _replace_file_field(self, QmsDocumentField)

    def _post_clean(self) -> None:
        # A refused file leaves the instance without one, and Wagtail's model check would add
        # a second, misleading error under ours ("File extension “” is not allowed").
        refused = len(self._errors.get("file", []))
        super()._post_clean()
        if refused:
            del self._errors["file"][refused:]

    def clean_file(self) -> Any:
        from qms.lib.pdf.validation import PdfRejected, validate_pdf

        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        upload.seek(0)
        try:
            self._validated = validate_pdf(upload.read())
        except PdfRejected as exc:
            raise ValidationError(str(exc.message), code=exc.code) from None
        finally:
            upload.seek(0)
        return upload

    def save(self, commit: bool = True) -> Any:  # noqa: FBT001, FBT002 - Django's signature
        validated = getattr(self, "_validated", None)
        if validated is not None:
            self.instance.sha256 = validated.sha256
            self.instance.page_count = validated.page_count
            self.instance.extracted_text = validated.text
        # Files are never replaced in place: a release that used the old file still needs it.
        self.original_file = None
        return super().save(commit=commit)


class QmsImageField(WagtailImageField):
    """Wagtail's image field, which checks size, type and pixels before decoding anything."""

    def to_python(self, data: Any) -> Any:
        if data in self.empty_values or not hasattr(data, "seek"):
            return super().to_python(data)
        self.check_image_file_size(data)
        kind = sniff_upload(data)
        if kind not in IMAGE_KINDS:
            raise ValidationError(NOT_AN_IMAGE, code="invalid_image")
        self._check_pixels(data)
        # Before Wagtail's extension checks: the content, not the name, says what it is.
        data.name = stored_name(data.name, kind)
        return super().to_python(data)

    def _check_pixels(self, data: Any) -> None:
        # Pillow reads only the header here. A bomb beyond Pillow's own limit raises, one
        # just under it only warns: both become the same form error (never a 500).
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(data) as image:
                    width, height = image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            width = height = 0  # unknown but too many
        except Exception:  # noqa: BLE001 - any decoder error means "not a usable image"
            raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from None
        finally:
            data.seek(0)
        limit = self.max_image_pixels
        if limit is not None and (width * height > limit or width == 0):
            raise ValidationError(
                TOO_MANY_PIXELS
                % {
                    "width": number_format(width) if width else "?",
                    "height": number_format(height) if height else "?",
                    "limit": number_format(limit // 1_000_000),
                },
                code="file_too_many_pixels",
            )


class QmsImageForm(BaseImageForm):
    """Wagtail's image form with our file field (no image is part of a release)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _replace_file_field(self, QmsImageField)
