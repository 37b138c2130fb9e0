"""The "Rủi ro và cơ hội" admin menu: the register, actions, heat map, context, scale."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from planning.admin import (
    ContextIssueViewSet,
    InterestedPartyViewSet,
    RiskLevelScaleViewSet,
    RiskViewSet,
    TreatmentActionViewSet,
)
from planning.views import HeatMapViewSet


class PlanningGroup(ViewSetGroup):
    menu_label = _("Risks and opportunities")
    menu_icon = "warning"
    menu_order = 162
    items = (
        RiskViewSet,
        HeatMapViewSet,
        TreatmentActionViewSet,
        ContextIssueViewSet,
        InterestedPartyViewSet,
        RiskLevelScaleViewSet,
    )
