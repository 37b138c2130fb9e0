from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """QĐ 19/2014/QĐ-TTg, TT 26/2014/TT-BKHCN: the annual ISO report to the Sở KH&CN (R6)."""

    name = "reporting"
    verbose_name = _("Annual ISO report")
    default_auto_field = "django.db.models.BigAutoField"
