from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Integration API")

    def ready(self) -> None:
        # Registers the OpenAPI description of the system-key authentication.
        from api import schema  # noqa: F401
