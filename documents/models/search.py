"""The public search table: one row per live controlled document (issue 3, item 6).

Wagtail's search index serves the admin. The public search reads this purpose-built,
denormalised copy instead: agency, kind, code and title for the result list, plus the text
to match, already folded to ASCII ("Đăng ký" -> "dang ky") so a query typed without
diacritics finds the document. On PostgreSQL the migration adds a stored, generated
``vector`` tsvector column (code and title weighted A, body weighted B) with a GIN index;
it is not a model field, so SQLite (development) keeps a plain-text fallback.

Rows are written only by ``documents.services.search``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from qms.models import Agency


class DocumentSearchEntry(models.Model):
    """What the public search matches and shows for one live controlled document."""

    page = models.OneToOneField(
        Page,
        verbose_name=_("page"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    # The page model's name: procedurepage, internalrulepage or policypage.
    kind = models.CharField(_("kind"), max_length=40)
    code = models.CharField(_("document code"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    # Lower-case ASCII folds of "code title" and of the body (with attached PDF text).
    heading = models.TextField(_("folded code and title"))
    body = models.TextField(_("folded text"), blank=True)
    # The body as written, for the snippet under each result (issue 14: the folded text
    # would show "dang ky" where the document says "đăng ký").
    text = models.TextField(_("text"), blank=True)
    unit_name = models.CharField(_("one-stop unit"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("document search entry")
        verbose_name_plural = _("document search entries")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
