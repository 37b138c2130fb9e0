"""Document-control settings a quality officer changes without a deploy."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="doc-full")
class DocumentSettings(BaseGenericSetting):
    # ISO 9001:2015 7.5.2/7.5.3: documents are reviewed for adequacy at planned intervals.
    default_review_months = models.PositiveSmallIntegerField(
        _("default review interval (months)"),
        default=12,
        help_text=_("Used for documents that do not set their own review interval."),
    )

    class Meta:
        verbose_name = _("document control settings")


def default_review_months() -> int:
    return DocumentSettings.load().default_review_months
