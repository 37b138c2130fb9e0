"""Management review (ISO 9001:2015 9.3): the yearly meeting, its input pack, outputs, minutes.

QĐ 19/2014/QĐ-TTg asks every agency for at least one review a year. A review is planned
(date, chair, range of the input data), held (attendees, discussion per 9.3.2 input,
decisions) and closed when the chair signs the minutes with the password; the minutes are
then kept as a PDF with its SHA-256 and never change. Each output of 9.3.3 becomes a
``ReviewAction`` followed up to completion like a corrective action.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy as pgettext
from simple_history.models import HistoricalRecords


class ManagementReview(models.Model):
    """One management review meeting of an agency."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CLOSED = "closed", pgettext("review status", "Closed")

    class PackStatus(models.TextChoices):
        NONE = "none", _("Not generated")
        PENDING = "pending", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveIntegerField(_("year"))
    planned_on = models.DateField(_("planned date"))
    held_on = models.DateField(_("meeting date"), null=True, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        blank=True,
        related_name="+",
    )
    guests = models.TextField(
        _("guests"),
        blank=True,
        help_text=_("People from outside the agency, one a line."),
    )
    # Left empty, the service fills the default: since the previous review, else 1 January.
    data_start = models.DateField(
        _("input data from"),
        null=True,
        blank=True,
        help_text=_("Leave empty: since the previous review, else 1 January."),
    )
    data_end = models.DateField(
        _("input data to"),
        null=True,
        blank=True,
        help_text=_("Leave empty: the meeting date."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        editable=False,
    )
    # Discussion per 9.3.2 input: {"c1": "text", ...}; the clause codes of qms.lib.review_inputs.
    discussion = models.JSONField(
        _("discussion"), default=dict, blank=True, editable=False
    )
    decisions = models.TextField(_("decisions"), blank=True, editable=False)
    pack_status = models.CharField(
        _("input pack"),
        max_length=20,
        choices=PackStatus.choices,
        default=PackStatus.NONE,
        editable=False,
    )
    pack_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    pack_generated_at = models.DateTimeField(
        _("input pack generated at"), null=True, blank=True, editable=False
    )
    pack_error = models.TextField(blank=True, editable=False)
    pack_pdf = models.FileField(
        _("input pack"), upload_to="review/packs/%Y/", blank=True, editable=False
    )
    # What the PDF printed, for the review screen: sections with tables and chart SVGs.
    pack_data = models.JSONField(default=list, blank=True, editable=False)
    pack_sha256 = models.CharField(
        _("input pack SHA-256"), max_length=64, blank=True, editable=False
    )
    minutes_pdf = models.FileField(
        _("minutes"), upload_to="review/minutes/%Y/", blank=True, editable=False
    )
    minutes_sha256 = models.CharField(
        _("minutes SHA-256"), max_length=64, blank=True, editable=False
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    signed_at = models.DateTimeField(
        _("signed at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-planned_on", "-pk"]
        constraints = [
            # Closed means signed minutes are kept.
            models.CheckConstraint(
                condition=~models.Q(status="closed")
                | (models.Q(signed_at__isnull=False) & ~models.Q(minutes_sha256="")),
                name="review_closed_signed_ck",
            ),
            models.CheckConstraint(
                condition=models.Q(data_start__lte=models.F("data_end")),
                name="review_data_range_ck",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "year"], name="review_agency_year_idx")
        ]

    def __str__(self) -> str:
        return str(_("Management review %(year)s") % {"year": self.year})

    @property
    def meeting_on(self):  # type: ignore[no-untyped-def]
        return self.held_on or self.planned_on


class ReviewAction(models.Model):
    """An output of the review (9.3.3) with its owner and due date, followed to completion."""

    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", _("Improvement opportunity")
        CHANGE = "change", _("Change to the quality management system")
        RESOURCE = "resource", _("Resource need")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", pgettext("review action status", "Cancelled")

    review = models.ForeignKey(
        ManagementReview,
        verbose_name=_("management review"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    kind = models.CharField(_("output"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person responsible"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(pgettext("review action", "due date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        editable=False,
    )
    result = models.TextField(_("result"), blank=True, editable=False)
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("management review action")
        verbose_name_plural = _("management review actions")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_on__isnull=False),
                name="review_action_done_ck",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="review_action_st_due_idx")
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class ReviewActionReminder(models.Model):
    """A reminder sent for an action and a due date: the marker the daily digest records."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    action = models.ForeignKey(
        ReviewAction, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_on"], name="review_reminder_once_uq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.kind} {self.due_on}"
