"""Keys of the systems that call the API (issue 17 part 3).

A key belongs to one agency (or to the province when ``agency`` is empty) and carries
scopes. It is created and revoked by a province administrator, shown once, and stored
hashed (djangorestframework-api-key); every call is logged with the key's name. This is the
API app's one model: the permission to call, not business data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey
from simple_history.models import HistoricalRecords


class SystemKey(AbstractAPIKey):
    class Scope(models.TextChoices):
        PUSH_STATISTICS = "statistics", _("Push dossier statistics")
        SUBMIT_FEEDBACK = "feedback", _("Submit citizens' feedback")
        READ_REGISTERS = "registers", _("Read the agency's registers")

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the key works for every agency of the province."),
    )
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("system key")  # type: ignore[assignment]
        verbose_name_plural = _("system keys")  # type: ignore[assignment]

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def covers(self, agency_id: int) -> bool:
        return self.agency_id is None or self.agency_id == agency_id
