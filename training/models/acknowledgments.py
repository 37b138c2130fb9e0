"""Read-and-understood acknowledgments bound to one release (ISO 9001:2015 7.3, 7.5.3).

An acknowledgment is an assignment until it is signed; once signed it is evidence and is never
changed again (on PostgreSQL a trigger refuses UPDATE and DELETE of signed rows, test AT-03).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.models import Orderable

from qms.lib.inputs import TitleField


class Acknowledgment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("acknowledgment", "Pending")
        ACKNOWLEDGED = "acknowledged", _("Read and understood")
        SUPERSEDED = "superseded", pgettext_lazy("acknowledgment", "Superseded")
        WITHDRAWN = "withdrawn", pgettext_lazy("acknowledgment", "Withdrawn")
        CANCELLED = "cancelled", pgettext_lazy("acknowledgment", "Cancelled")

    staff = models.ForeignKey(
        "qms.StaffProfile",
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="acknowledgments",
    )
    release = models.ForeignKey(
        "documents.DocumentRelease",
        verbose_name=_("release"),
        on_delete=models.PROTECT,
        related_name="acknowledgments",
    )
    # Denormalised from the release: the matrix and the supersession query filter on them.
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("controlled document"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_hash = models.CharField(_("release content SHA-256"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    assigned_at = models.DateTimeField(_("assigned at"))
    due_date = models.DateField(_("due date"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_hash = models.CharField(
        _("signed content SHA-256"), max_length=64, blank=True
    )
    signed_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    signed_user_agent = models.CharField(_("browser"), max_length=400, blank=True)
    printed_name = models.CharField(_("printed name"), max_length=150, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acknowledgment")
        verbose_name_plural = _("acknowledgments")
        ordering = ["due_date", "pk"]
        constraints = [
            # A redelivered fan-out assigns nothing twice (reliability tests RL-01, RL-02).
            models.UniqueConstraint(
                fields=["staff", "release"], name="training_ack_staff_release_uniq"
            ),
            models.CheckConstraint(
                condition=Q(status="acknowledged", signed_at__isnull=False)
                | (~Q(status="acknowledged") & Q(signed_at__isnull=True)),
                name="training_ack_signed_iff_acknowledged",
            ),
        ]
        indexes = [
            models.Index(fields=["staff", "status"], name="training_ack_staff_status"),
            models.Index(fields=["page", "status"], name="training_ack_page_status"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.release}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING


class AcknowledgmentNotice(models.Model):
    """One reminder, overdue notice or escalation sent for an acknowledgment (sent once)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Reminder before the due date")
        OVERDUE = "overdue", _("Overdue notice")
        ESCALATED = "escalated", _("Escalated to the unit head")

    acknowledgment = models.ForeignKey(
        Acknowledgment, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgment notice")
        verbose_name_plural = _("acknowledgment notices")
        constraints = [
            models.UniqueConstraint(
                fields=["acknowledgment", "kind"], name="training_ack_notice_once_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.acknowledgment_id}"


class Quiz(ClusterableModel):
    """An optional short quiz on a document: the acknowledgment needs a passing attempt."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("controlled document"),
        on_delete=models.PROTECT,
        related_name="training_quiz",
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of correct answers needed to pass, in percent."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return str(_("Quiz: %(document)s") % {"document": self.page.title})


class QuizQuestion(Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    text = TitleField(_("question"), max_length=500)
    choices = models.TextField(_("answer choices"), help_text=_("One choice per line."))
    # At most as many choices as anyone lists; clean() checks it against this question's.
    correct_choice = models.PositiveSmallIntegerField(
        _("number of the correct choice"),
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("1 for the first line, 2 for the second…"),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        count = len(self.choice_list)
        if count < 2:
            raise ValidationError({"choices": _("Give at least two choices.")})
        if not 1 <= (self.correct_choice or 0) <= count:
            raise ValidationError(
                {
                    "correct_choice": _("Choose a number between 1 and %(count)d.")
                    % {"count": count}
                }
            )


class QuizAttempt(models.Model):
    """Every attempt is kept, passed or not (evidence of awareness, ISO 9001:2015 7.3)."""

    acknowledgment = models.ForeignKey(
        Acknowledgment, on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    answers = models.JSONField(_("answers"))
    score = models.PositiveSmallIntegerField(
        _("score (%)"), validators=[MaxValueValidator(100)]
    )
    passed = models.BooleanField(_("passed"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.acknowledgment_id}: {self.score}%"
