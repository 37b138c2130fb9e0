"""Context (ISO 9001:2015 4.1), interested parties (4.2), risks and opportunities (6.1).

Each agency keeps simple registers of its internal and external issues and of the parties
whose needs matter to its one-stop services, and a register of risks and opportunities per
process, rated likelihood × impact on the agency's own scale, with treatment actions that
are followed up to their due date like corrective actions. Every change has history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

# Default scale (5 levels each way). Data, not UI text: an agency rewrites them on its scale.
DEFAULT_LIKELIHOOD = [
    "Hiếm khi xảy ra",
    "Ít khi xảy ra",
    "Có thể xảy ra",
    "Thường xảy ra",
    "Gần như chắc chắn",
]
DEFAULT_IMPACT = [
    "Không đáng kể",
    "Nhỏ",
    "Trung bình",
    "Lớn",
    "Nghiêm trọng",
]
# Default bands on the 5 × 5 grid: 1–4 low, 5–11 medium, 12–25 high.
DEFAULT_MEDIUM_FROM = 5
DEFAULT_HIGH_FROM = 12
MIN_LEVELS, MAX_LEVELS = 3, 5


def _default_likelihood() -> list[str]:
    return list(DEFAULT_LIKELIHOOD)


def _default_impact() -> list[str]:
    return list(DEFAULT_IMPACT)


class Band(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RiskLevelScale(models.Model):
    """An agency's likelihood and impact levels and the thresholds of its bands (6.1.1).

    Rating = likelihood × impact; below ``medium_from`` is low, from ``high_from`` high.
    """

    agency = models.OneToOneField(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    likelihood_labels = models.JSONField(
        _("likelihood levels"),
        default=_default_likelihood,
        help_text=_("From the lowest level to the highest, 3 to 5 levels."),
    )
    impact_labels = models.JSONField(
        _("impact levels"),
        default=_default_impact,
        help_text=_("From the lowest level to the highest, 3 to 5 levels."),
    )
    medium_from = models.PositiveSmallIntegerField(
        _("medium band from rating"), default=DEFAULT_MEDIUM_FROM
    )
    high_from = models.PositiveSmallIntegerField(
        _("high band from rating"), default=DEFAULT_HIGH_FROM
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk rating scale")
        verbose_name_plural = _("risk rating scales")

    def __str__(self) -> str:
        return str(_("Risk rating scale of %(agency)s") % {"agency": self.agency})

    @property
    def likelihood_levels(self) -> int:
        return len(self.likelihood_labels)

    @property
    def impact_levels(self) -> int:
        return len(self.impact_labels)

    def band(self, rating: int | None) -> str:
        """The band of a rating on this scale ("" for no rating)."""
        if not rating:
            return ""
        if rating >= self.high_from:
            return Band.HIGH
        if rating >= self.medium_from:
            return Band.MEDIUM
        return Band.LOW


class ContextIssue(models.Model):
    """An internal or external issue relevant to the agency's purpose (4.1)."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("issue"))
    effect = models.TextField(_("effect on the quality system"), blank=True)
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    is_active = models.BooleanField(_("still relevant"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("context issue")
        verbose_name_plural = _("context issues")
        ordering = ["agency", "kind", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class InterestedParty(models.Model):
    """A party whose needs and expectations the agency monitors (4.2)."""

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    party = models.CharField(_("interested party"), max_length=255)
    needs = models.TextField(_("needs and expectations"))
    monitoring = models.TextField(_("how they are monitored"), blank=True)
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    is_active = models.BooleanField(_("still relevant"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interested party")
        verbose_name_plural = _("interested parties")
        ordering = ["agency", "party", "pk"]

    def __str__(self) -> str:
        return self.party


class Risk(models.Model):
    """A risk or an opportunity of one of the agency's processes (6.1.1, 6.1.2)."""

    class Kind(models.TextChoices):
        RISK = "risk", _("Risk")
        OPPORTUNITY = "opportunity", _("Opportunity")

    class Status(models.TextChoices):
        # "Đang theo dõi": the audits' "Open" reads "in progress", which a risk is not.
        OPEN = "open", pgettext_lazy("risk status", "Open")
        TREATED = "treated", _("Treated")
        CLOSED = "closed", _("Closed")

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.RISK
    )
    title = models.CharField(_("title"), max_length=255)
    process = models.ForeignKey(
        "documents.ProcedurePage",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    process_name = models.CharField(
        _("process"),
        max_length=255,
        blank=True,
        help_text=_("When the process has no procedure in the system."),
    )
    cause = models.TextField(_("cause"))
    consequence = models.TextField(_("consequence"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    rating = models.PositiveSmallIntegerField(_("rating"), editable=False)
    band = models.CharField(
        _("level"), max_length=10, choices=Band.choices, editable=False
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood"), null=True, blank=True
    )
    residual_impact = models.PositiveSmallIntegerField(
        _("residual impact"), null=True, blank=True
    )
    residual_rating = models.PositiveSmallIntegerField(
        _("residual rating"), null=True, blank=True, editable=False
    )
    residual_band = models.CharField(
        _("residual level"),
        max_length=10,
        choices=Band.choices,
        blank=True,
        editable=False,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_on = models.DateField(_("next review on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        ordering = ["agency", "-rating", "pk"]
        indexes = [
            models.Index(fields=["agency", "status"], name="planning_risk_ag_st_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(process__isnull=True, process_name=""),
                name="planning_risk_process_ck",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def process_label(self) -> str:
        if self.process is not None:
            return f"{self.process.code} {self.process.title}".strip()
        return self.process_name


class TreatmentAction(models.Model):
    """An action addressing a risk or taking an opportunity (6.1.2 a), tracked to its end."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    risk = models.ForeignKey(
        Risk,
        verbose_name=_("risk or opportunity"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    # The risk's agency, copied by the service: scoping and reminders need no join.
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    action = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person responsible"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("completion due date"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
        editable=False,
    )
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, editable=False
    )
    evidence = models.TextField(_("evidence"), blank=True, editable=False)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("treatment action")
        verbose_name_plural = _("treatment actions")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["status", "due_on"], name="planning_action_st_due_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done")
                | (models.Q(completed_on__isnull=False) & ~models.Q(evidence="")),
                name="planning_action_done_ck",
            ),
        ]

    def __str__(self) -> str:
        return self.action[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class TreatmentReminder(models.Model):
    """One row per reminder sent, so the daily task never sends the same one twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        DUE_TODAY = "due_today", _("Due today")
        OVERDUE = "overdue", _("Overdue")

    action = models.ForeignKey(
        TreatmentAction, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_on"],
                name="planning_reminder_once_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.kind} {self.due_on}"
