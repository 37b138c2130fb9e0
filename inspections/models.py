"""External inspections (Kiểm tra bên ngoài) and their findings.

QĐ 19/2014/QĐ-TTg art. 9 and TT 26/2014/TT-BKHCN: the Sở KH&CN (with the Sở Nội vụ)
inspects how agencies apply and maintain their ISO system; Chỉ thị 09/CT-UBND item 7 gives
the Sở Nội vụ the inspection of the one-stop units. A finding of an agency becomes that
agency's nonconformity (ISO 9001:2015 10.2), once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.models import Nonconformity
from qms.lib.inputs import TitleField, date_errors, required_error
from qms.lib.text import is_blank


class Inspection(models.Model):
    """One inspection: who inspects, under which decision, when, whom, with which team."""

    class Body(models.TextChoices):
        SO_KHCN = "so_khcn", _("Department of Science and Technology")
        SO_NOI_VU = "so_noi_vu", _("Department of Home Affairs")
        OTHER = "other", _("Other inspecting body")

    body = models.CharField(_("inspecting body"), max_length=20, choices=Body.choices)
    body_name = TitleField(
        _("name of the inspecting body"),
        max_length=255,
        blank=True,
        help_text=_("Required when the body is not one of the two departments."),
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    subject = models.TextField(_("content of the inspection"), blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    agencies = models.ManyToManyField(
        "qms.Agency",
        verbose_name=_("agencies inspected"),
        related_name="inspections",
    )
    team_names = models.TextField(
        _("inspection team"),
        help_text=_("One member per line: name, position, agency."),
    )
    team_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team members with an account"),
        blank=True,
        related_name="inspections_on_team",
        help_text=_(
            "They read the inspected agencies' registers from the start date to the end "
            "date, and never change them."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[agencies, team_users])

    class Meta:
        verbose_name = _("external inspection")
        verbose_name_plural = _("external inspections")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="inspections_inspection_end_after_start_check",
            )
        ]

    def __str__(self) -> str:
        return _("Inspection %(number)s (%(body)s)") % {
            "number": self.decision_number,
            "body": self.body_label,
        }

    def clean(self) -> None:
        errors = date_errors(
            self, past=["decision_date"], planned=["starts_on", "ends_on"]
        )
        if self.body == self.Body.OTHER and is_blank(self.body_name):
            errors["body_name"] = required_error(_("name of the inspecting body"))
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The inspection cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def body_label(self) -> str:
        return (
            self.body_name if self.body == self.Body.OTHER else self.get_body_display()
        )

    def access_state(self, today: object = None) -> str:
        """Whether the team's read access is "pending", "open" or "ended" today."""
        day = today or timezone.localdate()
        if day < self.starts_on:  # type: ignore[operator]
            return "pending"
        return "open" if day <= self.ends_on else "ended"  # type: ignore[operator]


class InspectionFinding(models.Model):
    """What the team found at one inspected agency (Kết luận kiểm tra)."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("finding"))
    clause = models.ForeignKey(
        "audits.Clause",
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    severity = models.CharField(
        _("severity"),
        max_length=20,
        choices=Nonconformity.Severity.choices,
        default=Nonconformity.Severity.MINOR,
    )
    # Set once, by the service that raises it: one nonconformity per finding.
    nonconformity = models.OneToOneField(
        "audits.Nonconformity",
        verbose_name=_("nonconformity raised"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
