"""Nonconformities (Phiếu SKPH) and corrective actions (ISO 9001:2015 10.2)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from qms.lib.inputs import TitleField, date_errors, required_error
from qms.lib.text import clean_text

from .audits import Audit, AuditItem
from .clauses import Clause


class Nonconformity(models.Model):
    """A nonconformity, from any source, tracked to verified corrective action."""

    class Source(models.TextChoices):
        INTERNAL_AUDIT = "internal_audit", _("Internal audit")
        EXTERNAL_INSPECTION = "external_inspection", _("External inspection")
        CITIZEN_COMPLAINT = "citizen_complaint", _("Citizen feedback or complaint")
        LATE_DOSSIER = "late_dossier", _("Overdue dossier")
        MANAGEMENT_REVIEW = "management_review", _("Management review")
        SELF_DETECTED = "self_detected", _("Self-detected")

    class Severity(models.TextChoices):
        MAJOR = "major", _("Major")
        MINOR = "minor", _("Minor")
        OBSERVATION = "observation", _("Observation")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANALYSED = "analysed", _("Analysed")
        PLANNED = "planned", _("Action planned")
        IMPLEMENTED = "implemented", _("Implemented")
        VERIFIED = "verified", _("Verified")
        CLOSED = "closed", pgettext_lazy("nonconformity status", "Closed")
        CANCELLED = "cancelled", pgettext_lazy("nonconformity status", "Cancelled")

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    year = models.PositiveIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    severity = models.CharField(
        _("severity"), max_length=20, choices=Severity.choices, default=Severity.MINOR
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.NEW,
        editable=False,
        db_index=True,
    )
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
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
    clause = models.ForeignKey(
        Clause,
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "documents.ProcedurePage",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # ISO 9001:2015 10.2.1 e): the nonconformity may reveal a risk of the agency's register.
    risk = models.ForeignKey(
        "planning.Risk",
        verbose_name=_("risk revealed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformities",
    )
    audit = models.ForeignKey(
        Audit,
        verbose_name=_("audit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformities",
        editable=False,
    )
    audit_item = models.OneToOneField(
        AuditItem,
        verbose_name=_("audit finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformity",
        editable=False,
    )
    title = TitleField(_("title"), max_length=255)
    description = models.TextField(_("description"))
    evidence = models.TextField(_("evidence"), blank=True)
    detected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("detected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # Has happened: not later than today, not before 1945 (qms.lib.inputs.date_error).
    detected_on = models.DateField(_("detected on"), default=timezone.localdate)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_nonconformities",
        help_text=_("Analyses the cause and plans the corrective actions."),
    )
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned verifier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformities_to_verify",
        help_text=_(
            "An internal auditor who owns none of the actions. Leave empty to let any "
            "auditor of the audit verify."
        ),
    )
    # Analysis (ISO 9001:2015 10.2.1(a), (b)).
    correction = models.TextField(_("immediate correction"), blank=True, editable=False)
    why_chain = models.JSONField(
        _("root cause (5 whys)"), default=list, blank=True, editable=False
    )
    root_cause = models.TextField(_("root cause"), blank=True, editable=False)
    # Verification (10.2.1(d)).
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateTimeField(
        _("verified at"), null=True, blank=True, editable=False
    )
    verification_note = models.TextField(
        _("verification of effectiveness"), blank=True, editable=False
    )
    closed_at = models.DateTimeField(
        _("closed at"), null=True, blank=True, editable=False
    )
    cancel_reason = models.TextField(
        _("reason for cancellation"), blank=True, editable=False
    )
    escalated_at = models.DateTimeField(
        _("escalated to the head at"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="audits_nonconformity_year_seq_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    def clean(self) -> None:
        errors = date_errors(self, past=("detected_on",))
        self.description = clean_text(self.description)
        if not self.description:
            errors["description"] = required_error(_("description"))
        # A forged id of another agency's risk is refused, whatever the form offered.
        if self.risk is not None and self.risk.agency_id != self.agency_id:
            errors["risk"] = _("Choose a risk or opportunity of the same agency.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.CLOSED, self.Status.CANCELLED)


class CorrectiveAction(models.Model):
    """An action with an owner and a due date; done only with evidence (10.2.1(c))."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        INEFFECTIVE = "ineffective", _("Not effective")
        # Evidence is never deleted (ISO 9001:2015 7.5.3.2 c); an action planned by mistake
        # or no longer needed is cancelled, with the reason, and stays in the register.
        CANCELLED = "cancelled", pgettext_lazy("corrective action status", "Cancelled")

    nonconformity = models.ForeignKey(
        Nonconformity,
        verbose_name=_("nonconformity"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    description = models.TextField(_("corrective action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person responsible"),
        on_delete=models.PROTECT,
        related_name="corrective_actions",
    )
    due_date = models.DateField(pgettext_lazy("corrective action", "due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    evidence = models.TextField(_("evidence of implementation"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="audits/actions/%Y/", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cancel_reason = models.TextField(
        _("reason for cancellation"), blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due_date < (
            on or timezone.localdate()
        )


class NonconformitySequence(models.Model):
    """The last code number given out per year; locked while a new code is taken."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ActionReminder(models.Model):
    """One row per reminder sent, so the daily task never sends the same one twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        ESCALATED = "escalated", _("Escalated to the head")

    action = models.ForeignKey(
        CorrectiveAction, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_date"],
                name="audits_actionreminder_once_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.kind} {self.due_date}"
