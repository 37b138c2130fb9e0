"""The project's Wagtail document model: every file is a validated PDF with its text and hash."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index


class QmsDocument(AbstractDocument):
    """Form templates, scanned signed originals, evidence. Files are never replaced in place."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    page_count = models.PositiveIntegerField(
        _("page count"), null=True, blank=True, editable=False
    )
    # Text extracted from the original (not the stamped copy) so search finds PDF contents.
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields
    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("extracted_text"),
    ]

    def clean(self) -> None:
        # Wagtail checks WAGTAILDOCS_EXTENSIONS (PDF) here. A form file may also be DOCX or
        # XLSX (documents.form_files): its stored extension comes from its validated type,
        # so the extension is trusted only for the kinds a form may be.
        from qms.lib.filetypes import FORM_KINDS, kind_of_stored_name

        if kind_of_stored_name(self.file.name or "") in FORM_KINDS:
            return
        super().clean()

    @property
    def kind(self) -> Any:
        """The file's type (``qms.lib.filetypes.FileKind``) from its stored name, or None."""
        from qms.lib.filetypes import kind_of_stored_name

        return kind_of_stored_name(self.file.name or "")

    class Meta(AbstractDocument.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")
