"""Upload form of the project's document model: validate every PDF before anything is stored."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm


class QmsDocumentForm(BaseDocumentForm):
    """Refuses hostile or broken PDFs with a Vietnamese message (UP-02…UP-05); keeps old files."""

    def clean_file(self) -> Any:
        from documents.pdf.validation import PdfRejected, validate_pdf

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
