"""Admin of the planning registers ("Rủi ro và cơ hội"): scoped lists, forms, inspect screens.

Who sees what: every role reads its agency's registers (an action's owner must open it to
record it done); supervisors read every agency's; the ISO secretary adds and changes through
the services, giving a reason for each change. Nothing is deleted: a record is closed, an
action cancelled, with the reason (ISO 9001:2015 7.5.3.2 c).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import HeaderButton

from planning import services
from planning.forms import RiskForm, RiskLevelScaleForm, TreatmentActionForm
from planning.heatmap import LIVE
from planning.models import (
    Band,
    ContextIssue,
    InterestedParty,
    Risk,
    RiskLevelScale,
    TreatmentAction,
)
from qms.admin_viewsets import (
    RefusedDeleteView,
    ScopedForm,
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
    ServiceCreateView,
)
from qms.lib.columns import EMPTY, AbsoluteDateColumn, PersonColumn, absolute_date
from qms.lib.history import printed_name
from qms.models import Agency
from qms.scoping import AgencyScopedPermissionPolicy, NoDeletePolicyMixin

REASON = FieldPanel("change_reason")


class PlanningPolicy(NoDeletePolicyMixin, AgencyScopedPermissionPolicy):
    """Model permissions of the role, within the agency scope; nobody deletes."""

    def __init__(self, model: Any) -> None:
        super().__init__(model, agency_lookups=("agency",))


class _PolicyMixin:
    model: Any

    @property
    def permission_policy(self) -> PlanningPolicy:
        return PlanningPolicy(self.model)


def _levels(first: int | None, second: int | None, rating: int | None) -> str:
    return EMPTY if rating is None else f"{first} × {second} = {rating}"


def band_badge(band: str, label: str) -> Any:
    if not band:
        return EMPTY
    return format_html('<span class="risk-band risk-band--{}">{}</span>', band, label)


# --- Context issues and interested parties ----------------------------------------------


class ContextIssueViewSet(_PolicyMixin, ScopedModelViewSet):
    """ "Bối cảnh của tổ chức" (4.1): internal and external issues."""

    model = ContextIssue
    name = "planning_context"
    url_prefix = "planning/context"
    icon = "globe"
    menu_label = gettext_lazy("Context issues")
    save_service = staticmethod(services.context_issue_save)
    delete_view_class = RefusedDeleteView
    list_display = [
        "description",
        "agency",
        "kind",
        AbsoluteDateColumn("recorded_on", label=gettext_lazy("Recorded on")),
        AbsoluteDateColumn("reviewed_on", label=gettext_lazy("Last reviewed on")),
        "is_active",
    ]
    list_filter = ["kind", "agency", "is_active"]
    search_fields = ["description"]
    list_export = [
        "agency",
        "kind",
        "description",
        "effect",
        "recorded_on",
        "reviewed_on",
        "is_active",
    ]
    export_filename = "boi-canh-to-chuc"
    edit_handler = ObjectList(
        [
            FieldPanel("agency"),
            FieldPanel("kind"),
            FieldPanel("description"),
            FieldPanel("effect"),
            FieldRowPanel([FieldPanel("recorded_on"), FieldPanel("reviewed_on")]),
            FieldPanel("is_active"),
            REASON,
        ],
        base_form_class=ScopedForm,
    )


class InterestedPartyViewSet(_PolicyMixin, ScopedModelViewSet):
    """ "Các bên quan tâm" (4.2): parties, their needs and how they are monitored."""

    model = InterestedParty
    name = "planning_parties"
    url_prefix = "planning/parties"
    icon = "group"
    menu_label = gettext_lazy("Interested parties")
    save_service = staticmethod(services.interested_party_save)
    delete_view_class = RefusedDeleteView
    list_display = [
        "party",
        "agency",
        "needs",
        AbsoluteDateColumn("reviewed_on", label=gettext_lazy("Last reviewed on")),
        "is_active",
    ]
    list_filter = ["agency", "is_active"]
    search_fields = ["party", "needs"]
    list_export = [
        "agency",
        "party",
        "needs",
        "monitoring",
        "recorded_on",
        "reviewed_on",
        "is_active",
    ]
    export_filename = "cac-ben-quan-tam"
    edit_handler = ObjectList(
        [
            FieldPanel("agency"),
            FieldPanel("party"),
            FieldPanel("needs"),
            FieldPanel("monitoring"),
            FieldRowPanel([FieldPanel("recorded_on"), FieldPanel("reviewed_on")]),
            FieldPanel("is_active"),
            REASON,
        ],
        base_form_class=ScopedForm,
    )


class RiskLevelScaleViewSet(_PolicyMixin, ScopedModelViewSet):
    """The agency's likelihood and impact levels and band thresholds."""

    model = RiskLevelScale
    name = "planning_scales"
    url_prefix = "planning/scales"
    icon = "cogs"
    menu_label = gettext_lazy("Risk rating scales")
    save_service = staticmethod(services.scale_save)
    save_service_arg = "scale"
    delete_view_class = RefusedDeleteView
    list_display = ["agency", "medium_from", "high_from"]
    edit_handler = ObjectList(
        [
            FieldPanel("agency"),
            FieldPanel("likelihood_labels"),
            FieldPanel("impact_labels"),
            FieldRowPanel([FieldPanel("medium_from"), FieldPanel("high_from")]),
            REASON,
        ],
        base_form_class=RiskLevelScaleForm,
    )


# --- Risks --------------------------------------------------------------------------------


class RiskFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"), choices=Risk.Kind.choices
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=Risk.Status.choices
    )
    band = django_filters.ChoiceFilter(
        label=gettext_lazy("Level"), choices=Band.choices
    )
    residual_band = django_filters.ChoiceFilter(
        label=gettext_lazy("Residual level"), choices=Band.choices
    )
    agency = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Agency"), queryset=Agency.objects.all()
    )
    # The heat map's cells link here with their coordinates.
    likelihood = django_filters.NumberFilter(label=gettext_lazy("Likelihood"))
    impact = django_filters.NumberFilter(label=gettext_lazy("Impact"))
    residual_likelihood = django_filters.NumberFilter(
        label=gettext_lazy("Residual likelihood")
    )
    residual_impact = django_filters.NumberFilter(label=gettext_lazy("Residual impact"))
    # The heat map counts open and treated records only; its links say so (live=true).
    live = django_filters.ChoiceFilter(
        label=gettext_lazy("Open or treated only"),
        choices=[("true", gettext_lazy("Yes"))],
        method="filter_live",
    )

    class Meta:
        model = Risk
        fields = ["kind", "status", "band", "agency"]

    def filter_live(
        self, queryset: QuerySet[Any], name: str, value: Any
    ) -> QuerySet[Any]:
        return queryset.filter(status__in=LIVE) if value == "true" else queryset


class RiskIndexView(ScopedIndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        # Every column is joined: one query whatever the number of rows.
        return (
            super()
            .get_base_queryset()
            .select_related("agency", "process", "owner__staff_profile")
        )

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons: list[Any] = list(super().header_buttons)
        buttons.append(
            HeaderButton(
                _("Heat map"), url=reverse("planning_heat:index"), icon_name="table"
            )
        )
        return buttons


def _process(risk: Risk) -> str:
    return risk.process_label or EMPTY


class RiskInspectView(ScopedInspectView):
    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons: list[Any] = list(super().header_buttons)
        risk = self.object
        if (
            services.may_edit(self.request.user, risk.agency_id)
            and risk.status != Risk.Status.CLOSED
        ):
            url = reverse("planning_actions:add") + f"?risk={risk.pk}"
            buttons.append(HeaderButton(_("Plan an action"), url=url, icon_name="plus"))
        url = reverse("planning_heat:index") + f"?agency={risk.agency_id}"
        buttons.append(HeaderButton(_("Heat map"), url=url, icon_name="table"))
        return buttons

    def get_field_label(self, field_name: str, field: Any) -> str:
        if field_name == "actions":
            return _("Treatment actions")
        return str(super().get_field_label(field_name, field))

    def get_process_display_value(self) -> str:
        return _process(self.object)

    def get_owner_display_value(self) -> str:
        return printed_name(self.object.owner) if self.object.owner else EMPTY

    def get_review_on_display_value(self) -> str:
        return absolute_date(self.object.review_on)

    def get_rating_display_value(self) -> Any:
        r = self.object
        return format_html(
            "{} {}",
            _levels(r.likelihood, r.impact, r.rating),
            band_badge(r.band, r.get_band_display()),
        )

    def get_residual_rating_display_value(self) -> Any:
        r = self.object
        return format_html(
            "{} {}",
            _levels(r.residual_likelihood, r.residual_impact, r.residual_rating),
            band_badge(r.residual_band, r.get_residual_band_display()),
        )

    def get_actions_display_value(self) -> Any:
        actions = self.object.actions.select_related("owner__staff_profile").order_by(
            "due_on", "pk"
        )
        if not actions:
            return EMPTY
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse("planning_actions:inspect", args=[a.pk]),
                    a.action,
                    printed_name(a.owner),
                    absolute_date(a.due_on),
                    a.get_status_display(),
                )
                for a in actions
            ),
        )
        return format_html(
            '<table class="listing"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            _("Action"),
            _("Person responsible"),
            _("Completion due date"),
            _("Status"),
            rows,
        )


class RiskViewSet(_PolicyMixin, ScopedModelViewSet):
    """ "Sổ đăng ký rủi ro và cơ hội" (6.1): per process, rated on the agency's scale."""

    model = Risk
    name = "planning_risks"
    url_prefix = "planning/risks"
    icon = "warning"
    menu_label = gettext_lazy("Risk and opportunity register")
    save_service = staticmethod(services.risk_save)
    index_view_class = RiskIndexView
    inspect_view_class = RiskInspectView
    delete_view_class = RefusedDeleteView
    filterset_class = RiskFilterSet
    list_display = [
        # The risk's page, with its actions, whoever reads it (not the edit form).
        TitleColumn(
            "title", label=gettext_lazy("Title"), url_name="planning_risks:inspect"
        ),
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        Column("agency", label=gettext_lazy("Agency"), accessor="agency"),
        Column("process", label=gettext_lazy("Process"), accessor=_process),
        Column(
            "rating",
            label=gettext_lazy("Rating"),
            accessor=lambda r: f"{r.rating} ({r.get_band_display()})",
        ),
        Column(
            "residual_rating",
            label=gettext_lazy("Residual rating"),
            accessor=lambda r: (
                f"{r.residual_rating} ({r.get_residual_band_display()})"
                if r.residual_rating
                else EMPTY
            ),
        ),
        PersonColumn("owner", label=gettext_lazy("Person responsible")),
        AbsoluteDateColumn("review_on", label=gettext_lazy("Next review on")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
    ]
    search_fields = ["title", "cause", "consequence", "process_name"]
    list_export = [
        "agency",
        "kind",
        "title",
        "process_label",
        "cause",
        "consequence",
        "likelihood",
        "impact",
        "rating",
        "band",
        "residual_likelihood",
        "residual_impact",
        "residual_rating",
        "residual_band",
        "owner",
        "review_on",
        "status",
    ]
    export_headings = {"process_label": gettext_lazy("Process")}
    export_filename = "so-dang-ky-rui-ro-co-hoi"
    inspect_view_fields = [
        "agency",
        "kind",
        "title",
        "process",
        "cause",
        "consequence",
        "rating",
        "residual_rating",
        "owner",
        "review_on",
        "status",
        "actions",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("agency"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("process"), FieldPanel("process_name")]),
            FieldPanel("cause"),
            FieldPanel("consequence"),
            FieldRowPanel([FieldPanel("likelihood"), FieldPanel("impact")]),
            FieldRowPanel(
                [FieldPanel("residual_likelihood"), FieldPanel("residual_impact")]
            ),
            FieldRowPanel([FieldPanel("owner"), FieldPanel("review_on")]),
            REASON,
        ],
        base_form_class=RiskForm,
    )


# --- Treatment actions --------------------------------------------------------------------


class ActionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=TreatmentAction.Status.choices
    )
    mine = django_filters.ChoiceFilter(
        label=gettext_lazy("Mine"),
        choices=[("true", gettext_lazy("Yes"))],
        method="filter_mine",
    )

    class Meta:
        model = TreatmentAction
        fields = ["status"]

    def filter_mine(
        self, queryset: QuerySet[TreatmentAction], name: str, value: str
    ) -> QuerySet[TreatmentAction]:
        user = getattr(self.request, "user", None)
        if value != "true" or user is None:
            return queryset
        return queryset.filter(owner_id=user.pk)


class ActionIndexView(ScopedIndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .get_base_queryset()
            .select_related("risk", "agency", "owner__staff_profile")
        )


class ActionCreateView(ServiceCreateView):
    def get_initial_form_instance(self) -> Any:
        instance = TreatmentAction()
        risk = self.request.GET.get("risk", "")
        if risk.isdigit():
            instance.risk_id = int(risk)
        return instance


class ActionInspectView(ScopedInspectView):
    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons: list[Any] = list(super().header_buttons)
        action = self.object
        if action.status != TreatmentAction.Status.OPEN:
            return buttons
        user = self.request.user
        if services.may_complete(user, action):
            buttons.append(
                HeaderButton(
                    _("Record as done"),
                    url=reverse("planning_action_complete", args=[action.pk]),
                    icon_name="tick",
                )
            )
        if services.may_edit(user, action.agency_id):
            buttons.append(
                HeaderButton(
                    _("Cancel the action"),
                    url=reverse("planning_action_cancel", args=[action.pk]),
                    icon_name="cross",
                )
            )
        return buttons

    def get_risk_display_value(self) -> Any:
        risk = self.object.risk
        url = reverse("planning_risks:inspect", args=[risk.pk])
        return format_html('<a href="{}">{}</a>', url, risk.title)

    def get_owner_display_value(self) -> str:
        return printed_name(self.object.owner)

    def get_due_on_display_value(self) -> str:
        return absolute_date(self.object.due_on)

    def get_completed_on_display_value(self) -> str:
        return absolute_date(self.object.completed_on)

    def get_evidence_display_value(self) -> str:
        return self.object.evidence or EMPTY


class TreatmentActionViewSet(_PolicyMixin, ScopedModelViewSet):
    """Actions on risks and opportunities, followed up to their due date (6.1.2)."""

    model = TreatmentAction
    name = "planning_actions"
    url_prefix = "planning/actions"
    icon = "tick-inverse"
    menu_label = gettext_lazy("Treatment actions")
    save_service = staticmethod(services.action_save)
    index_view_class = ActionIndexView
    add_view_class = ActionCreateView
    inspect_view_class = ActionInspectView
    delete_view_class = RefusedDeleteView
    filterset_class = ActionFilterSet
    list_display = [
        TitleColumn(
            "action", label=gettext_lazy("Action"), url_name="planning_actions:inspect"
        ),
        Column("risk", label=gettext_lazy("Risk or opportunity"), accessor="risk"),
        Column("agency", label=gettext_lazy("Agency"), accessor="agency"),
        PersonColumn("owner", label=gettext_lazy("Person responsible")),
        AbsoluteDateColumn("due_on", label=gettext_lazy("Completion due date")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        AbsoluteDateColumn("completed_on", label=gettext_lazy("Completed on")),
    ]
    list_export = [
        "agency",
        "risk",
        "action",
        "owner",
        "due_on",
        "status",
        "completed_on",
        "evidence",
    ]
    export_filename = "hanh-dong-xu-ly-rui-ro"
    inspect_view_fields = [
        "risk",
        "action",
        "owner",
        "due_on",
        "status",
        "completed_on",
        "evidence",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("risk"),
            FieldPanel("action"),
            FieldRowPanel([FieldPanel("owner"), FieldPanel("due_on")]),
            REASON,
        ],
        base_form_class=TreatmentActionForm,
    )
