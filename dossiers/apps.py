from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    """ISO 9001:2015 9.1.1: the one-stop system's dossier statistics, by procedure and month."""

    name = "dossiers"
    verbose_name = _("Dossier statistics")
    default_auto_field = "django.db.models.BigAutoField"
