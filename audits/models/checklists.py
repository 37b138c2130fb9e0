# mypy: disable-error-code="var-annotated"
"""Versioned checklist templates (Phiếu ghi chép đánh giá): revisions are new rows, never edits."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from qms.lib.inputs import CodeField, TitleField, duplicate_code_error

from .clauses import Clause
from .history import ClusterHistoricalRecords


class ChecklistTemplate(ClusterableModel):
    """A checklist; each revision is its own row (same ``code``, higher ``version``).

    An audit points at the exact revision it used, so changing a template never rewrites
    the record of an audit already done (ISO 9001:2015 7.5.3.2(c)).
    """

    # One current version per code, compared as codes (qms.lib.text.code_key).
    code = CodeField(_("template code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    name = TitleField(_("template name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    # Empty: shared by every agency (the seeded ISO templates).
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_current = models.BooleanField(_("current version"), default=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = ClusterHistoricalRecords()

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="audits_checklisttemplate_version_uniq"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(is_current=True),
                name="audits_checklisttemplate_one_current_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} – {self.name}"

    def clean(self) -> None:
        # Versions share their code; only another current template may not.
        others = ChecklistTemplate.objects.filter(is_current=True)
        duplicate = duplicate_code_error(self, "code", others)
        if duplicate:
            raise ValidationError({"code": duplicate})


class ChecklistTemplateItem(models.Model):
    """One question of a checklist template, tied to a clause and optionally a procedure."""

    template = ParentalKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="items"
    )
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, validators=[MaxValueValidator(9999)]
    )
    question = models.TextField(_("question"))
    clause = models.ForeignKey(
        Clause, verbose_name=_("clause"), on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(
        "documents.ProcedurePage",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    guidance = models.TextField(
        _("guidance for the auditor"),
        blank=True,
        help_text=_("Where to look for evidence and how many records to sample."),
    )

    history = ClusterHistoricalRecords()

    class Meta:
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.question[:80]
