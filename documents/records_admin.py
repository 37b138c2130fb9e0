"""Admin of records retention: the records list, holdings, due batches, disposal minutes.

Registered from documents/wagtail_hooks.py. Every listing is scoped to the user's agency
(``ScopedModelViewSet``); nothing here is ever deleted (``NoDeletePolicyMixin``); the minute
is saved and signed through documents.services.records only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from documents.models import DisposalMinute, ProcedurePage, RecordBatch, RecordSeries
from documents.services import records
from qms.admin_viewsets import (
    RefusedDeleteView,
    ScopedEditView,
    ScopedForm,
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
    ServiceCreateView,
)
from qms.lib.admin import run_service
from qms.scoping import (
    AgencyScopedPermissionPolicy,
    NoDeletePolicyMixin,
    register_choice_scope,
    scope_queryset,
)

REASON = FieldPanel("change_reason")


class RecordsPolicy(NoDeletePolicyMixin, AgencyScopedPermissionPolicy):
    """Agency scope, and no delete for anyone: the list and its holdings are evidence."""


class MinutePolicy(RecordsPolicy):
    """A signed minute is kept as signed: nobody edits it (M40)."""

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Any
    ) -> bool:
        if action == "change" and getattr(instance, "is_signed", False):
            return False
        return super().user_has_permission_for_instance(user, action, instance)


class ReadOnlyRecordsPolicy(RecordsPolicy):
    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)


register_choice_scope(
    "documents.RecordSeries",
    lambda queryset, user: scope_queryset(queryset, user, lookups=("agency",)),
)
register_choice_scope(
    "documents.RecordBatch",
    lambda queryset, user: scope_queryset(
        queryset, user, lookups=("series__agency",)
    ).filter(disposed_at__isnull=True),
)


# --- the records list ---------------------------------------------------------------------


class RecordSeriesForm(ScopedForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("procedure")
        user = getattr(self, "for_user", None)
        if field is not None and user is not None:
            # Only the procedures of the agencies the user writes (no other agency's titles).
            field.queryset = scope_queryset(
                ProcedurePage.objects.order_by("code"),
                user,
                lookups=("agency",),
                action="change",
            )


class RecordSeriesViewSet(ScopedModelViewSet):
    """ "Danh mục hồ sơ": what the agency keeps, where, by whom and for how long."""

    model = RecordSeries
    name = "recordseries"
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Records list")
    save_service = staticmethod(records.record_series_save)
    save_service_arg = "series"
    delete_view_class = RefusedDeleteView
    list_display = [
        "code",
        "name",
        "agency",
        "procedure",
        "location",
        "responsible_unit",
        Column("retention_label", label=gettext_lazy("Retention")),
        "is_active",
    ]
    list_filter = ["permanent", "is_active"]
    search_fields = ["code", "name", "location", "responsible_unit"]
    list_export = [
        "code",
        "name",
        "agency",
        "procedure",
        "location",
        "responsible_unit",
        "retention_label",
        "legal_basis",
        "legal_document",
        "is_active",
    ]
    export_headings = {"retention_label": gettext_lazy("Retention")}
    export_filename = "danh-muc-ho-so"
    edit_handler = ObjectList(
        [
            FieldPanel("agency"),
            FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
            FieldPanel("procedure"),
            FieldRowPanel([FieldPanel("location"), FieldPanel("responsible_unit")]),
            FieldRowPanel([FieldPanel("retention_years"), FieldPanel("permanent")]),
            FieldPanel("legal_basis"),
            FieldPanel("legal_document"),
            FieldPanel("is_active"),
            REASON,
        ],
        base_form_class=RecordSeriesForm,
    )

    @property
    def permission_policy(self) -> AgencyScopedPermissionPolicy:
        return RecordsPolicy(self.model, agency_lookups=("agency",))


# --- holdings -----------------------------------------------------------------------------


_BATCH_COLUMNS: list[Any] = [
    "series",
    "year",
    "end_date",
    "quantity",
    Column("due_year", label=gettext_lazy("Due for disposal from")),
    "disposed_at",
]


class RecordBatchViewSet(ScopedModelViewSet):
    """Holdings: one batch per series and year ("hồ sơ năm 2015")."""

    model = RecordBatch
    name = "recordbatch"
    icon = "folder-inverse"
    menu_label = gettext_lazy("Record batches")
    agency_lookups = ("series__agency",)
    save_service = staticmethod(records.record_batch_save)
    save_service_arg = "batch"
    delete_view_class = RefusedDeleteView
    list_display = _BATCH_COLUMNS
    list_filter = ["year", "series__permanent"]
    search_fields = ["series__code", "series__name"]
    list_export = ["series", "year", "end_date", "quantity", "due_year", "disposed_at"]
    export_headings = {"due_year": gettext_lazy("Due for disposal from")}
    export_filename = "lo-ho-so"
    edit_handler = ObjectList(
        [
            FieldPanel("series"),
            FieldRowPanel([FieldPanel("year"), FieldPanel("end_date")]),
            FieldPanel("quantity"),
            REASON,
        ],
        base_form_class=ScopedForm,
    )

    @property
    def permission_policy(self) -> AgencyScopedPermissionPolicy:
        return RecordsPolicy(self.model, agency_lookups=self.agency_lookups)


class DueIndexView(ScopedIndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        due = records.due_batches(super().get_base_queryset(), timezone.localdate())
        return due.select_related("series").order_by("year", "series__code")

    @property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        user = self.request.user
        if user.has_perm("documents.add_disposalminute"):
            buttons.append(
                HeaderButton(
                    _("Draft a disposal minute"),
                    url=reverse("disposalminute:add"),
                    icon_name="doc-full-inverse",
                )
            )
        return buttons


class DueBatchViewSet(RecordBatchViewSet):
    """ "Hồ sơ đến hạn hủy": each year's batches whose retention has run out."""

    name = "recordsdue"
    icon = "warning"
    menu_label = gettext_lazy("Records due for disposal")
    index_view_class = DueIndexView
    list_filter = ["year"]
    export_filename = "ho-so-den-han-huy"

    @property
    def permission_policy(self) -> AgencyScopedPermissionPolicy:
        return ReadOnlyRecordsPolicy(self.model, agency_lookups=self.agency_lookups)


# --- disposal minutes ---------------------------------------------------------------------


class DisposalMinuteForm(ScopedForm):
    class Meta:
        widgets = {"batches": forms.CheckboxSelectMultiple}


class _MinuteSaveMixin:
    """Save through ``disposal_minute_save``, which checks the batches (not ``save_m2m``)."""

    form: Any
    request: Any

    def save_instance(self) -> Model:
        return records.disposal_minute_save(
            minute=self.form.save(commit=False),
            batches=self.form.cleaned_data["batches"],
            user=self.request.user,
            reason=self.form.cleaned_data.get("change_reason", ""),
        )


class MinuteCreateView(_MinuteSaveMixin, ServiceCreateView):
    pass


class MinuteEditView(_MinuteSaveMixin, ScopedEditView):
    pass


class MinuteInspectView(ScopedInspectView):
    @property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        minute = self.object
        if minute.is_signed and minute.pdf:
            buttons.append(
                HeaderButton(
                    _("Download PDF"),
                    url=reverse("documents_minute_pdf", args=[minute.pk]),
                    icon_name="download",
                )
            )
        elif not minute.is_signed:
            buttons.append(
                HeaderButton(
                    _("Sign the minute"),
                    url=reverse("documents_minute_sign", args=[minute.pk]),
                    icon_name="success",
                )
            )
        return buttons


class MinuteIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance: Any) -> list[Any]:
        buttons = list(super().get_list_more_buttons(instance))
        if not instance.is_signed:
            buttons.append(
                ListingButton(
                    _("Sign the minute"),
                    url=reverse("documents_minute_sign", args=[instance.pk]),
                    icon_name="success",
                    priority=30,
                )
            )
        return buttons


class DisposalMinuteViewSet(ScopedModelViewSet):
    """ "Biên bản hủy hồ sơ": drafted by the ISO secretary, signed by the head, kept forever."""

    model = DisposalMinute
    name = "disposalminute"
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Disposal minutes")
    add_view_class = MinuteCreateView
    edit_view_class = MinuteEditView
    inspect_view_class = MinuteInspectView
    index_view_class = MinuteIndexView
    delete_view_class = RefusedDeleteView
    list_display = [
        "number",
        "agency",
        "meeting_date",
        "status",
        "signer_name",
        "signed_at",
    ]
    list_filter = ["status"]
    search_fields = ["number"]
    list_export = [
        "number",
        "agency",
        "meeting_date",
        "method",
        "status",
        "signer_name",
        "signed_at",
        "pdf_sha256",
    ]
    export_filename = "bien-ban-huy-ho-so"
    edit_handler = ObjectList(
        [
            FieldPanel("agency"),
            FieldRowPanel([FieldPanel("number"), FieldPanel("meeting_date")]),
            FieldPanel("council"),
            FieldPanel("method"),
            FieldPanel("batches"),
            REASON,
        ],
        base_form_class=DisposalMinuteForm,
    )

    @property
    def permission_policy(self) -> AgencyScopedPermissionPolicy:
        return MinutePolicy(self.model, agency_lookups=("agency",))


class RecordsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Records")
    menu_icon = "folder-open-inverse"
    items = (
        RecordSeriesViewSet,
        RecordBatchViewSet,
        DueBatchViewSet,
        DisposalMinuteViewSet,
    )


# --- signing and the PDF ------------------------------------------------------------------


MINUTE_POLICY = MinutePolicy(DisposalMinute, agency_lookups=("agency",))


class SignForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )


def _minute(user: Any, pk: int) -> DisposalMinute:
    minute = DisposalMinute.objects.select_related("agency").filter(pk=pk).first()
    if minute is None or not MINUTE_POLICY.user_has_permission_for_instance(
        user, "view", minute
    ):
        raise Http404
    return minute


def minute_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The head re-enters the password to sign; the service checks everything else."""
    minute = _minute(request.user, pk)
    form = SignForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: records.disposal_minute_sign(
                minute=minute,
                user=request.user,
                password=form.cleaned_data["password"],
            ),
            form=form,
        )
    ):
        messages.success(
            request,
            _("Minute %(number)s is signed; its batches are recorded as destroyed.")
            % {"number": minute.number},
        )
        return redirect("disposalminute:inspect", minute.pk)
    batches = minute.batches.select_related("series").order_by("series__code", "year")
    return TemplateResponse(
        request,
        "documents/admin/minute_sign.html",
        {"minute": minute, "batches": batches, "form": form},
    )


def minute_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    minute = _minute(request.user, pk)
    if not minute.pdf:
        raise Http404
    if not request.user.is_authenticated:
        raise PermissionDenied
    return FileResponse(
        minute.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"bien-ban-huy-ho-so-{minute.pk}.pdf",
    )
