"""The import screens: upload → preview (first rows, every error) → confirm → progress → done.

Progress is a page that refreshes itself every two seconds (no JavaScript, no CDN) and a small
JSON endpoint for scripts. Each screen reads only the batches of the user's agency scope
(another agency's batch answers 404); uploading and confirming are for the agency's ISO
secretary and head, checked again by the services.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dossiers.admin import imports_policy, may_read
from dossiers.models import DossierImport
from dossiers.parsing import COLUMNS, MAX_BYTES
from dossiers.services import (
    dossier_import_confirm,
    dossier_import_upload,
    dossier_settings_save,
    late_threshold,
    may_import,
)
from qms.lib.admin import run_service
from qms.models import Agency
from qms.scoping import agency_scope_for

PREVIEW_HEADINGS = [
    gettext_lazy("Row"),
    COLUMNS["national_code"],
    COLUMNS["procedure_name"],
    COLUMNS["period"],
    COLUMNS["received"],
    COLUMNS["resolved_early"],
    COLUMNS["resolved_on_time"],
    COLUMNS["resolved_late"],
    COLUMNS["pending"],
    COLUMNS["returned"],
    COLUMNS["apology_letters"],
]


def writable_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies whose statistics the user may import (none for readers only)."""
    ids = agency_scope_for(user).writable
    agencies = Agency.objects.order_by("name")
    agencies = agencies if ids is None else agencies.filter(pk__in=ids)
    return agencies.filter(pk__in=[a.pk for a in agencies if may_import(user, a.pk)])


class UploadForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"), queryset=Agency.objects.none()
    )
    file = forms.FileField(
        label=gettext_lazy("Statistics file (XLSX or CSV)"),
        help_text=gettext_lazy(
            "The export of the one-stop information system: one row per procedure and "
            "month, with the columns Mã TTHC, Tên thủ tục, Kỳ (MM/YYYY), Tiếp nhận, Trước "
            "hạn, Đúng hạn, Quá hạn, Đang giải quyết, Trả lại, Thư xin lỗi."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - for mypy
        field.queryset = agencies
        if len(agencies) == 1:
            field.initial = agencies[0]
            field.widget = forms.HiddenInput()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(size)s MB. Split it by period and import each part."
                )
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class SettingsForm(forms.Form):
    late_threshold = forms.DecimalField(
        label=gettext_lazy("Late-dossier threshold (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        localize=True,
        help_text=gettext_lazy(
            "A procedure whose late dossiers exceed this share of its resolved dossiers "
            "in a month raises a nonconformity."
        ),
    )


def _require_reader(request: HttpRequest) -> None:
    if not may_read(request.user):
        raise PermissionDenied


def _visible(request: HttpRequest, pk: int) -> DossierImport:
    """The batch if the user may read it; 404 outside their scope (AC-03)."""
    _require_reader(request)
    visible = imports_policy().instances_user_has_permission_for(request.user, "view")
    return get_object_or_404(visible.select_related("agency", "requested_by"), pk=pk)


def imports(request: HttpRequest) -> HttpResponse:
    """The latest imports of the user's agencies and, for importers, the upload form."""
    _require_reader(request)
    agencies = writable_agencies(request.user)
    form: UploadForm | None = None
    if agencies:
        form = UploadForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            agencies=agencies,
        )
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form is not None and form.is_valid():
        created: list[DossierImport] = []
        upload = form.cleaned_data["file"]
        if run_service(
            request,
            lambda: created.append(
                dossier_import_upload(
                    agency=form.cleaned_data["agency"],
                    data=upload.read(),
                    filename=upload.name,
                    user=request.user,
                )
            ),
            form=form,
        ):
            return redirect("dossiers_import", created[0].pk)
    batches = (
        imports_policy()
        .instances_user_has_permission_for(request.user, "view")
        .select_related("agency", "requested_by")
        .order_by("-uploaded_at", "-pk")[:30]
    )
    return TemplateResponse(
        request,
        "dossiers/admin/imports.html",
        {"form": form, "batches": batches, "title": _("Import dossier statistics")},
    )


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One batch: its preview and errors, the confirm button, its progress or its result."""
    batch = _visible(request, pk)
    importing = batch.status == DossierImport.Status.IMPORTING
    return TemplateResponse(
        request,
        "dossiers/admin/import_detail.html",
        {
            "batch": batch,
            "title": batch.filename,
            "headings": PREVIEW_HEADINGS,
            "may_confirm": batch.status == DossierImport.Status.PREVIEWED
            and not batch.error_count
            and may_import(request.user, batch.agency_id),
            "more_errors": batch.error_count - len(batch.row_errors),
            "refresh": importing,
        },
    )


@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _visible(request, pk)
    if not may_import(request.user, batch.agency_id):
        raise PermissionDenied
    if run_service(
        request, lambda: dossier_import_confirm(batch=batch, user=request.user)
    ):
        messages.success(request, _("The import has started."))
    return redirect("dossiers_import", batch.pk)


def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    batch = _visible(request, pk)
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "rows_done": batch.rows_done,
            "rows_total": batch.rows_total,
            "percent": batch.percent_done,
        }
    )


def dossier_settings(request: HttpRequest) -> HttpResponse:
    """The late-dossier threshold of the user's agency (the first one they import for)."""
    agency = writable_agencies(request.user).first()
    if agency is None:
        raise PermissionDenied
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"late_threshold": late_threshold(agency.pk)},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: dossier_settings_save(
                agency=agency,
                late_threshold=form.cleaned_data["late_threshold"],
                user=request.user,
            ),
            form=form,
        )
    ):
        messages.success(request, _("Late-dossier threshold saved."))
        return redirect("dossiers_settings")
    return TemplateResponse(
        request,
        "dossiers/admin/settings.html",
        {"form": form, "agency": agency, "title": _("Dossier statistics settings")},
    )
