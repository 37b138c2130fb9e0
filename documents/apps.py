from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """ISO 9001:2015 7.5 documented information: procedures, releases, public portal."""

    name = "documents"
    verbose_name = _("Controlled documents")
    default_auto_field = "django.db.models.BigAutoField"
