from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    """ISO 9001:2015 9.2 internal audit and 10.2 nonconformity and corrective action."""

    name = "audits"
    verbose_name = _("Internal audit")
    default_auto_field = "django.db.models.BigAutoField"
