"""The dossier statistics register, its import batches and the late-dossier flags.

One ``DossierStatistic`` is one procedure's figures for one month at one agency, as the
provincial one-stop information system exported them. A ``DossierImport`` is one uploaded
file, checked in full before anything is stored. A ``LateDossierFlag`` remembers the
nonconformity a month's late dossiers raised, so it is raised once, also on re-import.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.lib.storage import private_storage

DEFAULT_LATE_THRESHOLD = Decimal("5.00")


def import_upload_to(instance: DossierImport, filename: str) -> str:
    """A random stored name: the uploader's name is kept in ``filename``, never trusted."""
    suffix = PurePath(filename).suffix.lower()
    suffix = suffix if suffix in (".xlsx", ".csv") else ""
    return f"dossier-imports/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class DossierSettings(models.Model):
    """An agency's settings for its dossier statistics (one row per agency, made on demand)."""

    agency = models.OneToOneField(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    late_threshold = models.DecimalField(
        _("late-dossier threshold (%)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_LATE_THRESHOLD,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_(
            "A procedure whose late dossiers exceed this share of its resolved dossiers "
            "in a month raises a nonconformity."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier statistics settings")
        verbose_name_plural = _("dossier statistics settings")

    def __str__(self) -> str:
        return str(self.agency)


class DossierImport(models.Model):
    """One uploaded statistics file: checked, previewed, then imported in the background."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        PREVIEWED = "previewed", _("Checked, awaiting confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Private storage: a citizen-facing web server that publishes MEDIA_URL never reaches it.
    file = models.FileField(
        _("file"),
        upload_to=import_upload_to,
        storage=private_storage,
        max_length=200,
    )
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.UPLOADED,
        editable=False,
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows imported"), default=0)
    # [{"row": 14, "column": "Quá hạn", "message": "..."}], capped; ``error_count`` is all.
    row_errors = models.JSONField(_("row errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    preview = models.JSONField(default=list, blank=True, editable=False)
    periods = models.JSONField(default=list, blank=True, editable=False)
    failure = models.CharField(_("failure"), max_length=500, blank=True)
    created = models.PositiveIntegerField(_("rows added"), default=0)
    updated = models.PositiveIntegerField(_("rows changed"), default=0)
    removed = models.PositiveIntegerField(_("rows removed"), default=0)
    flags_raised = models.PositiveIntegerField(_("nonconformities raised"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["rows_done", "preview"])

    class Meta:
        verbose_name = _("dossier statistics import")
        verbose_name_plural = _("dossier statistics imports")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status"], name="dossiers_import_ag_st_idx")
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def percent_done(self) -> int:
        if not self.rows_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.rows_done * 100 // self.rows_total)


class DossierStatistic(models.Model):
    """One procedure's dossiers in one month at one agency, as the one-stop system counts them.

    ``national_code`` and ``procedure_name`` are kept as the file gave them; ``procedure`` is
    the agency's procedure with that national TTHC code, when there is one.
    """

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
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
    national_code = models.CharField(_("national procedure code"), max_length=40)
    procedure_name = models.CharField(_("procedure name"), max_length=500)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    carried_over = models.PositiveIntegerField(_("carried over"), default=0)
    received = models.PositiveIntegerField(_("received"))
    resolved_early = models.PositiveIntegerField(_("resolved early"))
    resolved_on_time = models.PositiveIntegerField(_("resolved on time"))
    resolved_late = models.PositiveIntegerField(_("resolved late"))
    pending = models.PositiveIntegerField(_("being processed"))
    returned = models.PositiveIntegerField(_("returned"))
    apology_letters = models.PositiveIntegerField(_("apology letters"))
    online = models.PositiveIntegerField(_("received online"), null=True, blank=True)
    import_batch = models.ForeignKey(
        DossierImport,
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        related_name="statistics",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier statistic")
        verbose_name_plural = _("dossier statistics")
        ordering = ["-period_start", "national_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "national_code", "period_start"],
                name="dossiers_stat_agency_code_period_uniq",
            )
        ]
        indexes = [
            models.Index(
                fields=["agency", "period_start"], name="dossiers_stat_ag_period_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.national_code} {self.period_start:%m/%Y}"

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def late_rate(self) -> Decimal | None:
        """Late dossiers as a percentage of resolved ones; None when nothing was resolved."""
        if not self.resolved:
            return None
        return Decimal(self.resolved_late * 100) / Decimal(self.resolved)


class LateDossierFlag(models.Model):
    """The nonconformity raised for one procedure's late dossiers in one month: never twice."""

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    national_code = models.CharField(_("national procedure code"), max_length=40)
    period_start = models.DateField(_("period start"))
    nonconformity = models.OneToOneField(
        "audits.Nonconformity",
        verbose_name=_("nonconformity"),
        on_delete=models.PROTECT,
        related_name="late_dossier_flag",
    )
    late_rate = models.DecimalField(_("late rate (%)"), max_digits=6, decimal_places=2)
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("late-dossier flag")
        verbose_name_plural = _("late-dossier flags")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "national_code", "period_start"],
                name="dossiers_lateflag_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.national_code} {self.period_start:%m/%Y}"
