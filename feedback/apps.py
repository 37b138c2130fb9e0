from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """ISO 9001:2015 8.2.1(e) customer feedback, complaints included, and 9.1.2 satisfaction."""

    name = "feedback"
    verbose_name = _("Citizens' feedback")
    default_auto_field = "django.db.models.BigAutoField"
