"""Wagtail admin viewsets of the audits app, all scoped through audits.policies."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup

from audits.forms import (
    NC_FORM_FIELDS,
    AuditForm,
    AuditorCertificateForm,
    ChecklistTemplateForm,
    NonconformityForm,
)
from audits.models import (
    Audit,
    AuditorCertificate,
    AuditProgramme,
    ChecklistTemplate,
    CorrectiveAction,
    Nonconformity,
)
from audits.policies import (
    ACTION_POLICY,
    AUDIT_POLICY,
    CERTIFICATE_POLICY,
    NC_POLICY,
    PROGRAMME_POLICY,
    TEMPLATE_POLICY,
)
from audits.services.auditors import auditor_certificate_save
from audits.services.audits import audit_save, programme_save
from audits.services.checklists import checklist_template_save
from audits.services.nonconformities import nonconformity_save
from qms.admin_viewsets import (
    RefusedDeleteView,
    ScopedEditView,
    ScopedForm,
    ScopedIndexView,
    ScopedModelViewSet,
    ServiceCreateView,
)
from qms.lib.columns import PersonColumn
from qms.lib.filters import YesNoFilter, yes_no

REASON = FieldPanel("change_reason")


class LinkColumn(Column):
    """A column whose text links to one of our own screens (the workspace of a record)."""

    def __init__(self, name: str, url_name: str, **kwargs: Any) -> None:
        # The labels reuse the fields' lower-case verbose names; a column title is capitalised.
        if "label" in kwargs:
            kwargs["label"] = capfirst(kwargs["label"])
        super().__init__(name, **kwargs)
        self.url_name = url_name

    def get_value(self, instance: Any) -> Any:
        url = reverse(self.url_name, args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, super().get_value(instance))


class _PolicyMixin:
    policy: Any

    @property
    def permission_policy(self) -> Any:
        return self.policy


class TemplateIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance: Any) -> list[Any]:
        from wagtail.admin.ui.menus import MenuItem

        buttons: list[Any] = super().get_list_more_buttons(instance)
        if instance.is_current:
            buttons.append(
                MenuItem(
                    _("New version"),
                    reverse("audits_template_new_version", args=[instance.pk]),
                    icon_name="copy",
                    priority=40,
                )
            )
        buttons.append(
            MenuItem(
                _("Printable checklist (PDF)"),
                reverse("audits_template_pdf", args=[instance.pk]),
                icon_name="doc-full",
                priority=50,
            )
        )
        return buttons


class ChecklistTemplateViewSet(_PolicyMixin, ScopedModelViewSet):
    model = ChecklistTemplate
    index_view_class = TemplateIndexView
    policy = TEMPLATE_POLICY
    icon = "tasks"
    menu_label = _("Checklist templates")
    save_service = staticmethod(checklist_template_save)
    save_service_arg = "template"
    list_display = [
        "name",
        "code",
        "version",
        "agency",
        "is_current",
    ]
    list_filter = ["is_current"]
    search_fields = ["code", "name"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("agency")]),
            FieldPanel("name"),
            FieldPanel("description"),
            InlinePanel(
                "items",
                label=_("Questions"),
                panels=[
                    FieldPanel("sort_order"),
                    FieldPanel("clause"),
                    FieldPanel("question"),
                    FieldPanel("procedure"),
                    FieldPanel("guidance"),
                ],
            ),
            REASON,
        ],
        base_form_class=ChecklistTemplateForm,
    )


class ProgrammeViewSet(_PolicyMixin, ScopedModelViewSet):
    model = AuditProgramme
    policy = PROGRAMME_POLICY
    icon = "date"
    menu_label = _("Audit programmes")
    save_service = staticmethod(programme_save)
    save_service_arg = "programme"
    list_display = [
        LinkColumn("title", "audits_programme_calendar", label=_("title")),
        "year",
        "agency",
        "approved_at",
    ]
    list_filter = ["year"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("year"), FieldPanel("agency")]),
            FieldPanel("title"),
            FieldPanel("agencies_in_scope"),
            REASON,
        ],
        base_form_class=ScopedForm,
    )


class _AuditSaveMixin:
    """Plan through ``audit_save``: the team is checked for independence before saving."""

    form: Any
    request: Any

    def save_instance(self) -> Any:
        audit = self.form.save(commit=False)
        warnings = audit_save(
            audit=audit,
            team=list(self.form.cleaned_data.get("team") or []),
            user=self.request.user,
            reason=self.form.cleaned_data.get("change_reason", ""),
        )
        for warning in warnings:
            messages.warning(self.request, warning)
        return audit


class AuditCreateView(_AuditSaveMixin, ServiceCreateView):
    pass


class AuditEditView(_AuditSaveMixin, ScopedEditView):
    pass


class AuditIndexView(ScopedIndexView):
    def get_base_queryset(self) -> Any:
        return (
            super()
            .get_base_queryset()
            .select_related("agency", "lead_auditor__staff_profile")
        )


class AuditViewSet(_PolicyMixin, ScopedModelViewSet):
    model = Audit
    policy = AUDIT_POLICY
    icon = "clipboard-list"
    menu_label = _("Audits")
    add_view_class = AuditCreateView
    edit_view_class = AuditEditView
    index_view_class = AuditIndexView
    list_display = [
        LinkColumn("code", "audits_workspace", label=_("audit code")),
        "agency",
        "planned_start",
        "planned_end",
        PersonColumn("lead_auditor", label=_("Audit team leader")),
        "status",
    ]
    list_filter = ["status", "programme", "agency"]
    search_fields = ["code", "scope"]
    list_export = [
        "code",
        "agency",
        "unit",
        "planned_start",
        "planned_end",
        "lead_auditor",
        "status",
    ]
    export_filename = "cuoc-danh-gia"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("programme"), FieldPanel("code")]),
            FieldRowPanel([FieldPanel("agency"), FieldPanel("unit")]),
            FieldPanel("scope"),
            FieldPanel("criteria"),
            FieldPanel("template"),
            FieldRowPanel([FieldPanel("lead_auditor"), FieldPanel("team")]),
            FieldRowPanel([FieldPanel("planned_start"), FieldPanel("planned_end")]),
            REASON,
        ],
        base_form_class=AuditForm,
    )


class NonconformityIndexView(ScopedIndexView):
    def get_base_queryset(self) -> Any:
        return (
            super()
            .get_base_queryset()
            .select_related("agency", "unit", "clause", "owner")
        )


class CorrectiveActionIndexView(ScopedIndexView):
    def get_base_queryset(self) -> Any:
        # People by full name: the owner's staff profile joined, one query for all rows.
        return (
            super()
            .get_base_queryset()
            .select_related("nonconformity", "owner__staff_profile")
        )


def _filter_open(queryset: Any, name: str, choice: str) -> Any:
    closed = [Nonconformity.Status.CLOSED, Nonconformity.Status.CANCELLED]
    value = yes_no(choice)
    if value is None:
        return queryset
    return (
        queryset.exclude(status__in=closed)
        if value
        else queryset.filter(status__in=closed)
    )


def _filter_overdue(queryset: Any, name: str, choice: str) -> Any:
    from django.utils import timezone

    from audits.services.reminders import overdue_actions

    value = yes_no(choice)
    if value is None:
        return queryset
    late = overdue_actions(on=timezone.localdate()).values("nonconformity_id")
    return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


class NonconformityFilterSet(WagtailFilterSet):
    """The register's filters, with "open" and "overdue" as the dashboards and the province
    overview count them (issue 16), so their figures open the very rows they counted."""

    open = YesNoFilter(label=_("Not closed"), method=_filter_open)
    overdue = YesNoFilter(
        label=_("With an overdue corrective action"), method=_filter_overdue
    )

    class Meta:
        model = Nonconformity
        fields = ["status", "source", "severity", "agency", "detected_on"]


class NonconformityViewSet(_PolicyMixin, ScopedModelViewSet):
    """Sổ theo dõi SKPH: the nonconformity register, filtered and exported in scope."""

    model = Nonconformity
    policy = NC_POLICY
    icon = "warning"
    menu_label = _("Nonconformities")
    save_service = staticmethod(nonconformity_save)
    save_service_arg = "nc"
    index_view_class = NonconformityIndexView
    # Evidence (ISO 7.5.3.2 c): cancelled with a reason on its workflow screen, never deleted.
    delete_view_class = RefusedDeleteView
    list_display = [
        LinkColumn("code", "audits_nc_workflow", label=_("code")),
        "title",
        "agency",
        "clause",
        "severity",
        "source",
        "status",
        "detected_on",
    ]
    filterset_class = NonconformityFilterSet
    search_fields = ["code", "title", "description"]
    list_export = [
        "code",
        "title",
        "agency",
        "unit",
        "clause",
        "source",
        "severity",
        "status",
        "detected_on",
        "owner",
        "root_cause",
        "closed_at",
    ]
    export_filename = "so-theo-doi-skph"
    edit_handler = ObjectList(
        [FieldPanel(name) for name in NC_FORM_FIELDS] + [REASON],
        base_form_class=NonconformityForm,
    )


class CorrectiveActionViewSet(_PolicyMixin, ScopedModelViewSet):
    """Corrective actions; done through the nonconformity screen, with evidence."""

    model = CorrectiveAction
    policy = ACTION_POLICY
    icon = "tick-inverse"
    menu_label = _("Corrective actions")
    agency_lookups = ("nonconformity__agency",)
    index_view_class = CorrectiveActionIndexView
    delete_view_class = RefusedDeleteView
    list_display = [
        LinkColumn("description", "audits_action_nc", label=_("corrective action")),
        "nonconformity",
        PersonColumn("owner", label=_("Person responsible")),
        "due_date",
        "status",
    ]
    list_filter = ["status", "due_date"]
    list_export = [
        "nonconformity",
        "description",
        "owner",
        "due_date",
        "status",
        "done_at",
        "evidence",
    ]
    export_filename = "hanh-dong-khac-phuc"
    form_fields: list[str] = []


class CertificateIndexView(ScopedIndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("auditor__staff_profile")


class AuditorCertificateViewSet(_PolicyMixin, ScopedModelViewSet):
    """Chứng chỉ đánh giá viên: internal auditors' certificates (ISO 9001:2015 7.2)."""

    model = AuditorCertificate
    policy = CERTIFICATE_POLICY
    icon = "user"
    menu_label = _("Auditor certificates")
    save_service = staticmethod(auditor_certificate_save)
    save_service_arg = "certificate"
    index_view_class = CertificateIndexView
    # Evidence of competence (ISO 7.2 d, 7.5.3.2): corrected, never deleted.
    delete_view_class = RefusedDeleteView
    list_display = [
        PersonColumn("auditor", label=_("Internal auditor")),
        "course",
        "issuer",
        "number",
        "issued_on",
        "expires_on",
    ]
    list_filter = ["expires_on"]
    search_fields = ["course", "issuer", "number"]
    list_export = ["auditor", "course", "issuer", "number", "issued_on", "expires_on"]
    export_filename = "chung-chi-danh-gia-vien"
    edit_handler = ObjectList(
        [
            FieldPanel("auditor"),
            FieldRowPanel([FieldPanel("course"), FieldPanel("issuer")]),
            FieldRowPanel(
                [
                    FieldPanel("number"),
                    FieldPanel("issued_on"),
                    FieldPanel("expires_on"),
                ]
            ),
            FieldPanel("scan"),
            REASON,
        ],
        base_form_class=AuditorCertificateForm,
    )


class AuditsGroup(ViewSetGroup):
    menu_label = _("Internal audit")
    menu_icon = "clipboard-list"
    menu_order = 160
    items = (
        AuditViewSet,
        NonconformityViewSet,
        CorrectiveActionViewSet,
        ProgrammeViewSet,
        ChecklistTemplateViewSet,
        AuditorCertificateViewSet,
    )
