"""Citizens' feedback and petitions ("Phản ánh, kiến nghị", PAKN), ISO 9001:2015 8.2.1(e).

A citizen writes about a one-stop unit on its public page; the unit's ISO secretary triages
it (answers directly, or raises a nonconformity when it reveals one, ISO 10.2) and answers
it. The answer is what the citizen reads on the tracking page; the response time against the
due date feeds the QĐ 766 indicator "PAKN handled on time" (ISO 9.1.2).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

TRACKING_PREFIX = "PA-"


def add_working_days(start: dt.date, days: int) -> dt.date:
    """``start`` plus ``days`` working days (Monday to Friday; holidays are not known here)."""
    current = start
    while days > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days (Monday to Friday) after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    whole_weeks, rest = divmod((end - start).days, 7)
    count = whole_weeks * 5
    for offset in range(1, rest + 1):
        if (start + dt.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


class Feedback(models.Model):
    """One citizen's feedback or complaint about a unit, from receipt to the answer."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Newly received")
        IN_PROGRESS = "in_progress", _("Being handled")
        ANSWERED = "answered", _("Answered")

    class Outcome(models.TextChoices):
        DIRECT = "direct", _("Answered directly")
        NONCONFORMITY = "nonconformity", _("Nonconformity raised")

    tracking_code = models.CharField(
        _("tracking code"), max_length=20, unique=True, editable=False
    )
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    unit = models.ForeignKey(
        "qms.ReceivingUnit",
        verbose_name=_("one-stop unit"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    procedure = models.ForeignKey(
        "documents.ProcedurePage",
        verbose_name=_("procedure concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("feedback"))
    # Never shown on a public page: only the unit's officers read it, to reply.
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    due_on = models.DateField(_("answer due on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.RECEIVED,
        editable=False,
    )
    outcome = models.CharField(
        _("triage"), max_length=20, choices=Outcome.choices, blank=True, editable=False
    )
    nonconformity = models.OneToOneField(
        "audits.Nonconformity",
        verbose_name=_("nonconformity raised"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citizen_feedback",
        editable=False,
    )
    answer = models.TextField(_("answer"), blank=True, editable=False)
    answered_at = models.DateTimeField(
        _("answered at"), null=True, blank=True, editable=False
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citizen feedback")
        verbose_name_plural = _("citizens' feedback")
        ordering = ["-received_at", "-pk"]
        constraints = [
            # An answered feedback carries its answer and when it was given.
            models.CheckConstraint(
                condition=~models.Q(status="answered")
                | (models.Q(answered_at__isnull=False) & ~models.Q(answer="")),
                name="feedback_feedback_answered_ck",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="nonconformity")
                | models.Q(nonconformity__isnull=False),
                name="feedback_feedback_nc_linked_ck",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status"], name="feedback_agency_st_idx"),
            models.Index(fields=["status", "due_on"], name="feedback_st_due_idx"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def received_on(self) -> dt.date:
        return timezone.localdate(self.received_at)

    @property
    def answered_on(self) -> dt.date | None:
        return timezone.localdate(self.answered_at) if self.answered_at else None

    @property
    def on_time(self) -> bool | None:
        """Answered by the due date; ``None`` while unanswered (QĐ 766 "PAKN on time")."""
        answered = self.answered_on
        return None if answered is None else answered <= self.due_on

    @property
    def is_overdue(self) -> bool:
        return self.answered_at is None and timezone.localdate() > self.due_on

    @property
    def response_days(self) -> int | None:
        """Working days from receipt to the answer."""
        answered = self.answered_on
        if answered is None:
            return None
        return working_days_between(self.received_on, answered)
