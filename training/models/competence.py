"""Competence required of each position (ISO 9001:2015 7.2 a); NĐ 61/2018 Art. 10)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CompetenceRequirement(models.Model):
    position = models.OneToOneField(
        "qms.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="competence",
    )
    min_service_years = models.PositiveSmallIntegerField(
        _("minimum years of civil service"),
        default=0,
        # A working life is about 40 years: more can never be met.
        validators=[MaxValueValidator(40)],
        help_text=_(
            "One-stop staff: at least 3 years (Decree 61/2018/NĐ-CP, Art. 10)."
        ),
    )
    courses = models.ManyToManyField(
        "training.TrainingCourse",
        verbose_name=_("required courses"),
        blank=True,
        related_name="required_by",
    )
    history = HistoricalRecords(m2m_fields=[courses])

    class Meta:
        verbose_name = _("competence requirement")
        verbose_name_plural = _("competence requirements")

    def __str__(self) -> str:
        return str(self.position)
