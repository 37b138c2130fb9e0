"""Courses, sessions and attendance: evidence of competence (ISO 9001:2015 7.2 d)).

Attendance is evidence: it is never edited or deleted; a mistake is corrected by a new record
that points at the one it corrects and says why. The record in effect is the last of the chain.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.lib.dates import format_date
from qms.lib.inputs import TitleField, date_errors
from qms.lib.pdf.validation import pdf_file_validator


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


class TrainingCourse(models.Model):
    class Topic(models.TextChoices):
        ISO_AWARENESS = "iso_awareness", _("ISO 9001 awareness")
        INTERNAL_AUDITOR = "internal_auditor", _("Internal auditor")
        CITIZEN_CONDUCT = (
            "citizen_conduct",
            _("Communication and conduct with citizens"),
        )
        PROFESSIONAL = "professional", _("Professional skills")
        IT_SYSTEMS = (
            "it_systems",
            _("Information systems for administrative procedures"),
        )
        OTHER = "other", _("Other")

    title = TitleField(_("course title"), max_length=255)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal("0.5")),
            MaxValueValidator(Decimal(2000)),
        ],
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("For recurring training; leave empty if it never expires."),
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    course = models.ForeignKey(
        TrainingCourse,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("organising agency"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    # Sessions are planned ahead (1945 to ten years ahead); attendance is recorded only once
    # a session has started (training.services.records.attendance_record).
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    place = TitleField(_("place"), max_length=255)
    trainer = TitleField(_("trainer"), max_length=255)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="training_session_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} ({format_date(self.starts_on)})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = date_errors(self, planned=("starts_on", "ends_on"))
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors.setdefault("ends_on", _("The session cannot end before it starts."))
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not passed")
        NOT_ASSESSED = "not_assessed", _("Not assessed")

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    staff = models.ForeignKey(
        "qms.StaffProfile",
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    # The person's agency (not the organiser's): their head and quality officer see the record.
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    present = models.BooleanField(_("present"), default=True)
    # Scores are marked out of 10 or in percent: 0 to 100 covers both.
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, default=Result.PASSED
    )
    certificate = models.FileField(
        _("certificate (PDF)"),
        upload_to="training/certificates/%Y/",
        blank=True,
        validators=[pdf_file_validator],
    )
    certificate_sha256 = models.CharField(max_length=64, blank=True)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    correction_reason = models.TextField(_("reason for correction"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,  # empty when recorded by the system (imports, demo data)
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        ordering = ["session", "staff__full_name"]
        constraints = [
            # One original record per person and session; corrections chain from it.
            models.UniqueConstraint(
                fields=["session", "staff"],
                condition=Q(corrects__isnull=True),
                name="training_attendance_once_uniq",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="training_attendance_correction_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.session}"

    @property
    def counts(self) -> bool:
        """Attended and passed (or not assessed): the training counts toward competence."""
        return self.present and self.result != self.Result.FAILED

    def valid_until(self) -> dt.date | None:
        months = self.session.course.validity_months
        return add_months(self.session.ends_on, months) if months else None
