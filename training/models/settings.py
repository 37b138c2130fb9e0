"""Settings a quality officer changes without a deploy (Wagtail settings menu)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="date")
class TrainingSettings(BaseGenericSetting):
    acknowledgment_due_days = models.PositiveSmallIntegerField(
        _("days to read a new release"),
        default=14,
        # At least a day to read; beyond a quarter the change has long been applied unread.
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "Staff must confirm they have read and understood a new release within this many days."
        ),
    )

    class Meta:
        verbose_name = _("training settings")
