"""Records list, retention and disposal (ISO 9001:2015 7.5.3.2; issue 13 part 5, M40).

"Danh mục hồ sơ": each agency lists the kinds of record it keeps, where, by whom and for how
long. Holdings are counted in batches (one series, one year); a batch whose retention has
run out is destroyed only by a disposal minute ("Biên bản hủy hồ sơ") that the head signs
with the password. Minutes are kept permanently: never deleted, by anyone.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.lib.inputs import CodeField, TitleField, duplicate_code_error

MAX_RETENTION_YEARS = 70


class RecordSeries(models.Model):
    """One kind of record an agency keeps, with its retention period (a line of the list)."""

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = CodeField(_("code"), max_length=40, help_text=_("e.g. HS-01"))
    name = TitleField(_("record type"), max_length=255)
    procedure = models.ForeignKey(
        "documents.ProcedurePage",
        verbose_name=_("owning procedure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    location = TitleField(
        _("where kept"),
        max_length=255,
        help_text=_("Place and medium, e.g. “Tủ hồ sơ Bộ phận Một cửa (giấy)”."),
    )
    responsible_unit = TitleField(_("responsible unit"), max_length=255)
    retention_years = models.PositiveSmallIntegerField(
        _("retention (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_YEARS)],
        help_text=_("From 1 to 70 years; leave empty when kept permanently."),
    )
    permanent = models.BooleanField(_("kept permanently"), default=False)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    legal_document = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name=_("legal document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("record series")
        verbose_name_plural = _("records list")
        ordering = ["agency", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(permanent=True) & Q(retention_years__isnull=True))
                | (
                    Q(permanent=False)
                    & Q(retention_years__gte=1)
                    & Q(retention_years__lte=MAX_RETENTION_YEARS)
                ),
                name="documents_recordseries_retention_ck",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def retention_label(self) -> str:
        if self.permanent:
            return str(_("Permanent"))
        return str(_("%(years)s years") % {"years": self.retention_years})

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.permanent and self.retention_years is not None:
            errors["retention_years"] = _(
                "A series kept permanently has no number of years: leave it empty."
            )
        if not self.permanent and self.retention_years is None:
            errors["retention_years"] = _(
                "Give the retention in years (1–70) or tick “kept permanently”."
            )
        if self.agency_id:
            others = RecordSeries.objects.filter(agency_id=self.agency_id)
            duplicate = duplicate_code_error(self, "code", others)
            if duplicate:
                errors["code"] = duplicate
        procedure = self.procedure if self.procedure_id else None
        if procedure is not None and procedure.agency_id != self.agency_id:
            errors["procedure"] = _("Choose a procedure of the same agency.")
        if errors:
            raise ValidationError(errors)


class DisposalMinute(models.Model):
    """ "Biên bản hủy hồ sơ hết giá trị": drafted by the quality officer, signed by the head."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for the head's signature")
        SIGNED = "signed", _("Signed")

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = CodeField(_("minute number"), max_length=40, help_text=_("e.g. 01/BB-HHS"))
    meeting_date = models.DateField(_("date of the council meeting"))
    council = models.TextField(
        _("disposal council"), help_text=_("Members, one per line: name and position.")
    )
    method = TitleField(
        _("method of destruction"),
        max_length=255,
        help_text=_("e.g. “Nghiền bằng máy hủy tài liệu”."),
    )
    batches = models.ManyToManyField(
        "documents.RecordBatch",
        verbose_name=_("batches to destroy"),
        related_name="minutes",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    drafted_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    signed_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    signer_name = models.CharField(
        _("signer's name"), max_length=255, blank=True, editable=False
    )
    signer_position = models.CharField(
        _("signer's position"), max_length=255, blank=True, editable=False
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, editable=False)
    pdf = models.FileField(
        _("minute PDF"), upload_to="records/minutes/%Y/", blank=True, editable=False
    )
    pdf_sha256 = models.CharField(
        _("PDF SHA-256"), max_length=64, blank=True, editable=False
    )

    history = HistoricalRecords(m2m_fields=[batches])

    class Meta:
        verbose_name = _("disposal minute")
        verbose_name_plural = _("disposal minutes")
        ordering = ["-meeting_date", "number"]

    def __str__(self) -> str:
        return str(_("Minute %(number)s") % {"number": self.number})

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED


class RecordBatch(models.Model):
    """The records of one series for one year ("lô hồ sơ năm 2015"), kept until disposal."""

    series = models.ForeignKey(
        RecordSeries,
        verbose_name=_("record series"),
        on_delete=models.PROTECT,
        related_name="batches",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    end_date = models.DateField(
        _("end date"), help_text=_("Date of the last record in the batch.")
    )
    quantity = TitleField(
        _("quantity"),
        max_length=120,
        blank=True,
        help_text=_("e.g. “3 hộp, 120 hồ sơ”."),
    )
    disposed_at = models.DateTimeField(_("disposed at"), null=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("record batch")
        verbose_name_plural = _("record batches")
        ordering = ["series", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year"], name="documents_recordbatch_year_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series.code} — {self.series.name} ({self.year})"

    @property
    def due_year(self) -> int | None:
        """The first year the batch may be destroyed; None when kept permanently.

        Retention is counted in whole years from the end of the year the records belong to
        (archival practice), so 2015 records kept 10 years may go from 1 January 2026.
        """
        series = self.series
        if series.permanent or series.retention_years is None:
            return None
        return self.year + series.retention_years + 1

    def is_due(self, today: dt.date) -> bool:
        due = self.due_year
        return due is not None and due <= today.year

    def clean(self) -> None:
        if self.end_date and self.year and self.end_date.year != self.year:
            raise ValidationError(
                {"end_date": _("The end date must fall in the batch's year.")}
            )
