"""The project's Wagtail document model: every file is a validated PDF with its text and hash."""

from __future__ import annotations

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

    class Meta(AbstractDocument.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")
