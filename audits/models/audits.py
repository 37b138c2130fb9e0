"""Audit programmes, audits, their checklist items and report signatures (ISO 9001:2015 9.2)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from qms.lib.inputs import (
    EARLIEST_DATE,
    CodeField,
    TitleField,
    date_errors,
    duplicate_code_error,
    field_label,
    year_error,
)

from .checklists import ChecklistTemplate
from .clauses import Clause


class AuditProgramme(models.Model):
    """The yearly internal audit programme (Chương trình đánh giá), approved by the head."""

    # The static bounds size the input; clean() refuses years over ten years ahead.
    year = models.PositiveIntegerField(
        _("year"),
        validators=[MinValueValidator(EARLIEST_DATE.year), MaxValueValidator(2100)],
    )
    title = TitleField(_("title"), max_length=255)
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency issuing the programme"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agencies_in_scope = models.ManyToManyField(
        "qms.Agency",
        verbose_name=_("agencies in scope"),
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(
        _("approved at"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(m2m_fields=[agencies_in_scope])

    class Meta:
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="audits_auditprogramme_agency_year_uniq"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        error = year_error(self.year, label=field_label(AuditProgramme, "year"))
        if error:
            raise ValidationError({"year": error})


class Audit(models.Model):
    """One internal audit of an agency or one-stop unit."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("audit status", "In progress")
        REPORTING = "reporting", _("Reporting")
        CLOSED = "closed", _("Closed")

    programme = models.ForeignKey(
        AuditProgramme,
        verbose_name=_("audit programme"),
        on_delete=models.PROTECT,
        related_name="audits",
    )
    # Unique as a code (qms.lib.text.code_key), not only byte for byte.
    code = CodeField(_("audit code"), max_length=40, unique=True)
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("auditee"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "qms.ReceivingUnit",
        verbose_name=_("one-stop unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.TextField(_("audit scope"))
    criteria = models.TextField(_("audit criteria"))
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist template"),
        on_delete=models.PROTECT,
        related_name="audits",
    )
    lead_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("audit team leader"),
        on_delete=models.PROTECT,
        related_name="led_audits",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("audit team members"),
        blank=True,
        related_name="team_audits",
    )
    # Plans: 1945 to ten years ahead (qms.lib.inputs.date_error).
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        editable=False,
    )
    started_at = models.DateTimeField(_("started at"), null=True, editable=False)
    fieldwork_ended_at = models.DateTimeField(
        _("fieldwork ended at"), null=True, editable=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, editable=False)
    conclusion = models.TextField(_("audit conclusion"), blank=True)
    report_pdf = models.FileField(
        _("audit report"), upload_to="audits/reports/%Y/", blank=True, editable=False
    )
    report_sha256 = models.CharField(
        _("report SHA-256"), max_length=64, blank=True, editable=False
    )

    history = HistoricalRecords(m2m_fields=[team])

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-planned_start", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="audits_audit_end_after_start_check",
                violation_error_message=_(
                    "The planned end must be on or after the planned start."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.agency_id and self.agency}"

    def clean(self) -> None:
        errors = date_errors(self, planned=("planned_start", "planned_end"))
        duplicate = duplicate_code_error(self, "code")
        if duplicate:
            errors["code"] = duplicate
        if errors:
            raise ValidationError(errors)

    @property
    def auditee_label(self) -> str:
        return f"{self.agency} – {self.unit}" if self.unit_id else str(self.agency)


class AuditItem(models.Model):
    """A checklist question copied into an audit, with the auditor's result and evidence."""

    class Result(models.TextChoices):
        CONFORMING = "conforming", _("Conforming")
        MAJOR = "major", _("Major nonconformity")
        MINOR = "minor", _("Minor nonconformity")
        OBSERVATION = "observation", _("Recommendation")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="items"
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
    guidance = models.TextField(_("guidance for the auditor"), blank=True)
    # ISO 9001:2015 6.1.2 b): audits evaluate how risks are addressed; one of the audited
    # agency's risks may be what this question checks.
    risk = models.ForeignKey(
        "planning.Risk",
        verbose_name=_("risk or opportunity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_items",
    )
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, blank=True
    )
    evidence = models.TextField(_("audit evidence"), blank=True)
    sampled_dossiers = models.TextField(
        _("sampled dossiers"),
        blank=True,
        help_text=_("Dossier numbers examined, one per line."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["audit", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.question[:80]

    def clean(self) -> None:
        # A forged id of another agency's risk is refused, whatever the form offered.
        if self.risk is not None and self.risk.agency_id != self.audit.agency_id:
            raise ValidationError(
                {"risk": _("Choose a risk or opportunity of the audited agency.")}
            )

    @property
    def is_finding(self) -> bool:
        return self.result in (self.Result.MAJOR, self.Result.MINOR)


class AuditAttachment(models.Model):
    """A photo or PDF taken as evidence for a checklist item; checked before it is stored."""

    item = models.ForeignKey(
        AuditItem,
        verbose_name=_("checklist item"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="audits/evidence/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence attachment")
        verbose_name_plural = _("evidence attachments")

    def __str__(self) -> str:
        return self.name


class AuditSignature(models.Model):
    """A signature on the audit report, given by re-entering the password."""

    class Meaning(models.TextChoices):
        LEAD_AUDITOR = "lead_auditor", _("Audit team leader")
        AUDITEE_HEAD = "auditee_head", _("Head of the auditee")

    audit = models.ForeignKey(
        Audit, on_delete=models.PROTECT, related_name="signatures"
    )
    meaning = models.CharField(_("signed as"), max_length=20, choices=Meaning.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    printed_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    content_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit report signature")
        verbose_name_plural = _("audit report signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "meaning"], name="audits_auditsignature_meaning_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.printed_name} ({self.get_meaning_display()})"
