from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """ISO 9001:2015 4.1 context, 4.2 interested parties, 6.1 risks and opportunities."""

    name = "planning"
    verbose_name = _("Risks and opportunities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from qms.scoping import register_choice_scope, scope_queryset

        # A nonconformity or a checklist item offers only the user's agencies' risks.
        register_choice_scope(
            "planning.Risk",
            lambda queryset, user: scope_queryset(queryset, user, lookups=("agency",)),
        )
