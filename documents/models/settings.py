"""Document-control settings a quality officer changes without a deploy."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="doc-full")
class DocumentSettings(BaseGenericSetting):
    # ISO 9001:2015 7.5.2/7.5.3: documents are reviewed for adequacy at planned intervals.
    default_review_months = models.PositiveSmallIntegerField(
        _("default review interval (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Used for documents that do not set their own review interval."),
    )

    # ISO 9001:2015 7.5.2(c): review and approval are two people; a unit with one signer may
    # allow one person to do both, by an explicit, logged setting.
    allow_single_signer = models.BooleanField(
        _("allow one person to review and approve"),
        default=False,
        help_text=_(
            "Only for very small units with a single signer. Off: the reviewer and the approver "
            "of a release must be different people."
        ),
    )

    class Meta:
        verbose_name = _("document control settings")


def default_review_months() -> int:
    return DocumentSettings.load().default_review_months
