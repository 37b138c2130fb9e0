"""Quality objectives and their measurements (ISO 9001:2015 6.2 and 9.1).

An agency sets its objectives for a year (6.2.1), each measured by an indicator of the
province's catalogue against a target, and plans how it will reach them (6.2.2). The head
approves them with the password. Measurements per period (9.1.1) are entered by hand or
imported from the one-stop system's statistics; each period's status (on track, at risk,
missed) is computed from the target and the indicator's direction (9.1.3).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# A value that misses its target by at most this share of the target is "at risk", not yet
# "missed" (one constant for the province, not a per-agency setting: 5 % of the target,
# e.g. 95 % on-time target → 90,25 % to 95 % is at risk). Kept small on purpose: a margin an
# agency could widen would let it hide a missed objective.
AT_RISK_MARGIN = Decimal("0.05")


class Indicator(models.Model):
    """One entry of the indicator catalogue ("Chỉ số đo lường"), shared by the province."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class DossierMetric(models.TextChoices):
        ON_TIME_RATE = "on_time_rate", _("On-time rate of dossiers")
        EARLY_RATE = "early_rate", _("Early rate of dossiers")
        LATE_COUNT = "late_count", _("Late dossiers")
        LATE_RATE = "late_rate", _("Late rate of dossiers")
        APOLOGY_COUNT = "apology_count", _("Apology letters")
        ONLINE_SHARE = "online_share", _("Online share of dossiers")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=40)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices
    )
    source = models.TextField(_("source"), blank=True)
    # Blank: measured by hand. Set: the dossier statistics import fills its measurements.
    dossier_metric = models.CharField(
        _("dossier statistic"),
        max_length=20,
        choices=DossierMetric.choices,
        blank=True,
    )
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class QualityObjective(models.Model):
    """One quality objective of an agency for a year, with its 6.2.2 plan."""

    class Frequency(models.TextChoices):
        MONTH = "month", _("Monthly")
        QUARTER = "quarter", _("Quarterly")
        YEAR = "year", _("Yearly")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("objective"))
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="objectives",
    )
    target = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    frequency = models.CharField(
        _("measurement frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.MONTH,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_unit = models.ForeignKey(
        "qms.ReceivingUnit",
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # ISO 9001:2015 6.2.2 a) to e).
    plan_what = models.TextField(_("what will be done"))
    plan_resources = models.TextField(_("resources required"), blank=True)
    plan_who = models.TextField(_("who will be responsible"), blank=True)
    plan_when = models.TextField(_("when it will be completed"), blank=True)
    plan_evaluation = models.TextField(_("how results will be evaluated"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
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

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")
        ordering = ["agency_id", "-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | models.Q(approved_at__isnull=False, approved_by__isnull=False),
                name="performance_objective_approved_ck",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="performance_objective_year_ck",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "year"], name="performance_obj_ag_yr_idx")
        ]

    def __str__(self) -> str:
        # The text alone: the generated access test looks for it on every screen.
        return self.text[:100]


class Measurement(models.Model):
    """The indicator's value for one period of one objective (ISO 9001:2015 9.1.1)."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported")

    objective = models.ForeignKey(
        QualityObjective,
        verbose_name=_("quality objective"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["objective_id", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "period_start", "period_end"],
                name="performance_measurement_period_uniq",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="performance_measurement_period_ck",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.objective_id} {self.period_start}–{self.period_end}: {self.value}"
        )


class MeasurementReminder(models.Model):
    """One row per reminder sent for a period's measurement: never the same one twice."""

    objective = models.ForeignKey(
        QualityObjective, on_delete=models.CASCADE, related_name="reminders"
    )
    period_end = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "period_end"],
                name="performance_reminder_once_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.objective_id} {self.period_end}"
