from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    """External inspections by the Sở KH&CN and the Sở Nội vụ (QĐ 19/2014 art. 9, R7)."""

    name = "inspections"
    verbose_name = _("External inspections")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from inspections import access

        post_migrate.connect(_ensure_group, sender=self)
        access.register()


def _ensure_group(sender: Any, **kwargs: Any) -> None:
    from inspections.access import inspector_group_sync

    inspector_group_sync()
