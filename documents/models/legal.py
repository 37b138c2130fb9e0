"""Legal basis register (Căn cứ pháp lý): the external documents procedures rest on."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.lib.inputs import CodeField, TitleField, date_errors, duplicate_code_error


class LegalDocument(models.Model):
    """A law, decree, circular or decision (ISO 9001:2015 7.5.3.2: documents of external origin)."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        AMENDED = "amended", _("Amended")
        REPEALED = "repealed", _("Repealed")
        # An entry registered by mistake is withdrawn with a reason, never deleted: documents
        # may cite it and its history is evidence (ISO 9001:2015 7.5.3.2 c).
        WITHDRAWN = "withdrawn", _("Withdrawn from the register")

    # Compared as a code: "01/2024/NĐ-CP" typed with a non-breaking hyphen (U+2011) is "01/2024/NĐ-CP"; the
    # Vietnamese letters are kept, in NFC.
    number = CodeField(_("number"), max_length=80, unique=True)
    title = TitleField(_("title"), max_length=500)
    issuer = TitleField(_("issuer"), max_length=255)
    # Issued already (not later than today); takes effect from 1945 to ten years ahead.
    issue_date = models.DateField(_("issue date"))
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    withdrawal_reason = models.TextField(
        _("reason for withdrawal"), blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-issue_date", "number"]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def clean(self) -> None:
        errors = date_errors(self, past=("issue_date",), planned=("effective_date",))
        duplicate = duplicate_code_error(self, "number")
        if duplicate:
            errors["number"] = duplicate
        if errors:
            raise ValidationError(errors)


class ReviewFlag(models.Model):
    """A document to re-examine because a legal basis was amended or repealed ("cần rà soát")."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("controlled document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("legal document"),
        on_delete=models.PROTECT,
        related_name="flags",
    )
    status = models.CharField(
        _("new status of the legal document"),
        max_length=20,
        choices=LegalDocument.Status.choices,
    )
    due_date = models.DateField(_("review due date"))
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document to re-examine")
        verbose_name_plural = _("documents to re-examine")
        ordering = ["due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "legal_document", "status"],
                name="documents_reviewflag_once_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.page}: {self.legal_document.number}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
