from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConformityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conformity"
    verbose_name = _("ISO scope and announcement")

    def ready(self) -> None:
        from conformity.models import Announcement
        from qms.lib import portal_cache

        # The agency's public page shows its current announcement (QĐ 19/2014 Art. 4):
        # a new, changed or withdrawn one starts a new portal version.
        portal_cache.invalidate_on_change(Announcement)
