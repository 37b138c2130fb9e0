from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    """ISO 9001:2015 6.2 quality objectives and 9.1 monitoring and measurement."""

    name = "performance"
    verbose_name = _("Quality objectives")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Objectives on dossier indicators are measured by each statistics import.
        from dossiers.signals import statistics_imported
        from performance.dossier_measures import on_statistics_imported

        statistics_imported.connect(
            on_statistics_imported, dispatch_uid="performance_dossier_measures"
        )
