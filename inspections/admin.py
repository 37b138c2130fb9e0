"""Admin of external inspections: the register, the findings and the inspection screen."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup

from audits.services.common import is_agency_manager
from inspections.models import Inspection, InspectionFinding
from inspections.policies import FINDING_POLICY, INSPECTION_POLICY
from inspections.services import (
    finding_raise_nonconformity,
    finding_save,
    inspection_save,
    may_record_inspections,
)
from qms.admin_viewsets import (
    RefusedDeleteView,
    ScopedEditView,
    ScopedForm,
    ScopedIndexView,
    ScopedModelViewSet,
    ServiceCreateView,
)
from qms.lib.admin import run_service
from qms.models import Agency

security_log = logging.getLogger("inspections.security")
REASON = FieldPanel("change_reason")


class InspectionForm(ScopedForm):
    """Any agency may be inspected: the recorder (a supervisor) writes no agency's registers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies: Any = self.fields.get("agencies")
        if agencies is not None:
            agencies.queryset = Agency.objects.order_by("name")
        team: Any = self.fields.get("team_users")
        if team is not None:
            team.queryset = (
                get_user_model()
                .objects.filter(is_active=True, staff_profile__isnull=False)
                .select_related("staff_profile")
                .order_by("staff_profile__full_name")
            )
            team.label_from_instance = _person_label


def _person_label(user: Any) -> str:
    profile = getattr(user, "staff_profile", None)
    return f"{profile.full_name} ({user.username})" if profile else user.username


class FindingForm(ScopedForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency: Any = self.fields.get("agency")
        if agency is not None:
            # The service checks that the agency is one of the inspection's.
            agency.queryset = Agency.objects.filter(
                inspections__isnull=False
            ).distinct()


class _InspectionSaveMixin:
    form: Any
    request: Any

    def save_instance(self) -> Any:
        inspection = self.form.save(commit=False)
        data = self.form.cleaned_data
        return inspection_save(
            inspection=inspection,
            agencies=list(data.get("agencies") or []),
            team_users=list(data.get("team_users") or []),
            user=self.request.user,
            reason=data.get("change_reason", ""),
        )


class InspectionCreateView(_InspectionSaveMixin, ServiceCreateView):
    pass


class InspectionEditView(_InspectionSaveMixin, ScopedEditView):
    pass


class ScreenColumn(Column):
    """The decision number, linking to the inspection screen."""

    def get_value(self, instance: Any) -> Any:
        url = reverse("inspections_screen", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, instance.decision_number)


class _Policy:
    policy: Any

    @property
    def permission_policy(self) -> Any:
        return self.policy


class InspectionViewSet(_Policy, ScopedModelViewSet):
    """Kiểm tra bên ngoài: inspections by the Sở KH&CN, the Sở Nội vụ and others."""

    model = Inspection
    policy = INSPECTION_POLICY
    icon = "view"
    menu_label = gettext_lazy("Inspections")
    add_view_class = InspectionCreateView
    edit_view_class = InspectionEditView
    index_view_class = ScopedIndexView
    delete_view_class = RefusedDeleteView
    list_display = [
        ScreenColumn(
            "decision_number", label=capfirst(gettext_lazy("decision number"))
        ),
        Column("body_label", label=capfirst(gettext_lazy("inspecting body"))),
        "decision_date",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["body", "starts_on"]
    search_fields = ["decision_number", "body_name", "subject"]
    list_export = [
        "decision_number",
        "body",
        "body_name",
        "decision_date",
        "starts_on",
        "ends_on",
    ]
    export_filename = "kiem-tra-ben-ngoai"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("body"), FieldPanel("body_name")]),
            FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("subject"),
            FieldPanel("agencies"),
            FieldPanel("team_names"),
            FieldPanel("team_users"),
            REASON,
        ],
        base_form_class=InspectionForm,
    )


class FindingViewSet(_Policy, ScopedModelViewSet):
    model = InspectionFinding
    policy = FINDING_POLICY
    icon = "warning"
    menu_label = gettext_lazy("Inspection findings")
    save_service = staticmethod(finding_save)
    save_service_arg = "finding"
    delete_view_class = RefusedDeleteView
    list_display = [
        "text",
        "inspection",
        "agency",
        "clause",
        "severity",
        "nonconformity",
    ]
    list_filter = ["severity"]
    search_fields = ["text"]
    edit_handler = ObjectList(
        [
            FieldPanel("inspection"),
            FieldPanel("agency"),
            FieldPanel("text"),
            FieldRowPanel([FieldPanel("clause"), FieldPanel("severity")]),
            REASON,
        ],
        base_form_class=FindingForm,
    )


class InspectionsGroup(ViewSetGroup):
    menu_label = gettext_lazy("External inspections")
    menu_icon = "view"
    menu_order = 170
    items = (InspectionViewSet, FindingViewSet)


def _get(policy: Any, model: type[Any], pk: int, user: Any) -> Any:
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None or not policy.user_has_permission_for_instance(user, "view", obj):
        if obj is not None:
            security_log.warning(
                "Out-of-scope access to %s %s by %s", model._meta.label, pk, user
            )
        raise Http404
    return obj


def inspection_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The inspection on one page: decision, team and its read access, findings."""
    inspection = _get(INSPECTION_POLICY, Inspection, pk, request.user)
    user = request.user
    findings = (
        FINDING_POLICY.instances_user_has_permission_for(user, "view")
        .filter(inspection=inspection)
        .select_related("agency", "clause", "nonconformity")
    )
    rows = [
        {
            "finding": finding,
            "may_raise": finding.nonconformity_id is None
            and is_agency_manager(user, finding.agency_id),
        }
        for finding in findings
    ]
    context = {
        "inspection": inspection,
        "agencies": inspection.agencies.order_by("name"),
        "team_users": inspection.team_users.select_related("staff_profile"),
        "access": inspection.access_state(),
        "rows": rows,
        "may_edit": may_record_inspections(user),
        "edit_url": reverse("inspection:edit", args=[pk]),
        "add_finding_url": reverse("inspectionfinding:add"),
    }
    return TemplateResponse(request, "inspections/admin/inspection.html", context)


@require_POST
def finding_raise(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Tạo phiếu SKPH" from a finding in one step."""
    finding = _get(FINDING_POLICY, InspectionFinding, pk, request.user)
    done: list[InspectionFinding] = []
    if run_service(
        request,
        lambda: done.append(
            finding_raise_nonconformity(finding=finding, user=request.user)
        ),
    ):
        nc = done[0].nonconformity
        assert nc is not None  # noqa: S101  (the service has just set it)
        messages.success(
            request, _("Nonconformity %(code)s created.") % {"code": nc.code}
        )
        return redirect("audits_nc_workflow", nc.pk)
    return redirect("inspections_screen", finding.inspection_id)
