"""The annual ISO report to the Sở KH&CN (QĐ 19/2014/QĐ-TTg, TT 26/2014/TT-BKHCN; R6).

One report per agency and year. Its sections are generated from live data and frozen here
as data when (re)generated, so a submitted report never changes when the registers do; the
narrative parts are written by the agency. Draft → submitted (signed by the head with the
password) → received (by the Sở KH&CN account only).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="doc-full")
class ReportingSettings(BaseGenericSetting):
    """When the annual report is due and to whom it is addressed (a province may change it).

    ⚠️ The deadline of TT 26/2014/TT-BKHCN's annual report is not verified
    (domain-vn.md §7 item 1): 15 December of the reported year is the default provinces
    commonly use; check the circular and the province's own instruction before relying on it.
    """

    # Wagtail's settings base is untyped, so django-stubs cannot infer these fields.
    due_day: models.PositiveSmallIntegerField[int, int] = (
        models.PositiveSmallIntegerField(
            _("report due day"),
            default=15,
            validators=[MinValueValidator(1), MaxValueValidator(31)],
        )
    )
    due_month: models.PositiveSmallIntegerField[int, int] = (
        models.PositiveSmallIntegerField(
            _("report due month"),
            default=12,
            validators=[MinValueValidator(1), MaxValueValidator(12)],
            help_text=_(
                "The report of a year is due on this day and month of that year."
            ),
        )
    )
    remind_days: models.PositiveSmallIntegerField[int, int] = (
        models.PositiveSmallIntegerField(_("remind this many days before"), default=14)
    )
    place: models.CharField[str, str] = models.CharField(
        _("place printed on reports"), max_length=80, default="Hưng Yên"
    )
    recipient: models.CharField[str, str] = models.CharField(
        _("addressed to"),
        max_length=200,
        default="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
    )

    class Meta:
        verbose_name = _("annual ISO report settings")

    def due_on(self, year: int) -> dt.date:
        """The due date of ``year``'s report (a 31st in a short month falls back a day)."""
        day = self.due_day
        while True:
            try:
                return dt.date(year, self.due_month, day)
            except ValueError:
                day -= 1


class AnnualReport(models.Model):
    """One agency's annual report for one calendar year."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("annual report status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("annual report status", "Submitted")
        RECEIVED = "received", pgettext_lazy("annual report status", "Received")

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    year = models.PositiveIntegerField(_("year"), editable=False)
    number = models.CharField(
        _("document number"),
        max_length=40,
        blank=True,
        help_text=_("As registered by the office, e.g. 25/BC-UBND."),
    )
    due_on = models.DateField(_("due date"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    # [{"key", "title", "summary": [...], "table": [[...]], "figures": {...}}], frozen.
    sections = models.JSONField(_("sections"), default=list, editable=False)
    generated_at = models.DateTimeField(_("generated at"), editable=False)
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    assessment = models.TextField(_("other assessment"), blank=True)
    content_sha256 = models.CharField(
        _("content SHA-256"), max_length=64, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, editable=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    signer_name = models.CharField(
        _("printed name"), max_length=150, blank=True, editable=False
    )
    signer_position = models.CharField(
        _("position"), max_length=150, blank=True, editable=False
    )
    received_at = models.DateTimeField(
        _("received at"), null=True, blank=True, editable=False
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual ISO report")
        verbose_name_plural = _("annual ISO reports")
        ordering = ["-year", "agency__name", "pk"]
        permissions = [
            ("receive_annualreport", _("Can mark annual ISO reports received")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="reporting_report_agency_year_uq"
            ),
            # Submitted or received means signed by someone, at a time, over a hash.
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    models.Q(submitted_at__isnull=False)
                    & models.Q(submitted_by__isnull=False)
                    & ~models.Q(content_sha256="")
                ),
                name="reporting_report_signed_ck",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="received")
                | models.Q(received_at__isnull=False),
                name="reporting_report_received_ck",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "status"], name="reporting_year_status_idx")
        ]

    def __str__(self) -> str:
        return str(
            _("Annual ISO report %(year)s — %(agency)s")
            % {"year": self.year, "agency": self.agency.name}
        )

    @property
    def submitted_on(self) -> dt.date | None:
        return timezone.localdate(self.submitted_at) if self.submitted_at else None

    @property
    def is_late(self) -> bool:
        """Submitted after the due date, or still not submitted once it passed."""
        if self.submitted_at is not None:
            return timezone.localdate(self.submitted_at) > self.due_on
        return timezone.localdate() > self.due_on


class ReportReminder(models.Model):
    """A deadline reminder sent to one person about one agency's report on one day.

    Per agency rather than per report: an agency that has not even generated its report
    yet is the one that most needs reminding.
    """

    agency = models.ForeignKey("qms.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "user", "sent_on"],
                name="reporting_reminder_once_uq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.user_id} {self.sent_on}"
