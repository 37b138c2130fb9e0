"""Admin screens of the annual ISO report: register, report, its actions, province summary.

The ISO secretary and the head see their agency's reports and prepare them; the head signs
and submits; supervisors (the Sở Nội vụ, the Sở KH&CN) read every agency's; only the Sở
KH&CN account marks a report received and consolidates the province summary. Another
agency's report answers 404; a report one may read but not act on answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qms.lib.admin import run_service
from qms.lib.history import history_queryset, printed_name
from qms.models import Agency
from qms.scoping import agency_scope_for
from reporting import services
from reporting.docx_export import report_docx, table_docx
from reporting.models import AnnualReport
from reporting.pdf import report_pdf
from reporting.summary import province_summary, summary_xlsx
from reporting.texts import printed

PER_PAGE = 50
HISTORY_SHOWN = 20
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class NarrativeForm(forms.Form):
    """What the agency writes itself; the figures come from the registers."""

    number = forms.CharField(
        label=gettext_lazy("Document number"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("As registered by the office, e.g. 25/BC-UBND."),
    )
    assessment = _text(gettext_lazy("General assessment"))
    difficulties = _text(gettext_lazy("Difficulties and obstacles"))
    proposals = _text(gettext_lazy("Proposals and recommendations"))


class SignForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy(
            "Signing submits the report to the Department of Science and Technology; it "
            "can no longer be changed."
        ),
    )


class GenerateForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"), queryset=Agency.objects.none()
    )
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        writable = agency_scope_for(user).writable
        agencies = Agency.objects.order_by("name")
        agency_field = cast(forms.ModelChoiceField, self.fields["agency"])
        agency_field.queryset = (
            agencies if writable is None else agencies.filter(pk__in=writable)
        )
        this_year = timezone.localdate().year
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (y, y) for y in (this_year, this_year - 1)
        ]


def _visible(request: HttpRequest) -> QuerySet[AnnualReport]:
    if not services.may_read_reports(request.user):
        raise PermissionDenied
    reports = AnnualReport.objects.select_related("agency")
    readable = services.readable_report_agencies(request.user)
    return reports if readable is None else reports.filter(agency_id__in=readable)


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    """404 outside what the user may read (AC-03)."""
    return get_object_or_404(_visible(request), pk=pk)


def _managed(request: HttpRequest, pk: int) -> AnnualReport:
    report = _report(request, pk)
    if not services.may_manage(request.user, report.agency_id):
        raise PermissionDenied
    return report


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def index(request: HttpRequest) -> HttpResponse:
    """ "Báo cáo năm về ISO": the reports the user may read, filtered by year, agency, status."""
    reports = _visible(request).order_by("-year", "agency__name", "pk")
    year, agency = _int(request.GET.get("year")), _int(request.GET.get("agency"))
    status = request.GET.get("status", "")
    if year:
        reports = reports.filter(year=year)
    if agency:
        reports = reports.filter(agency_id=agency)
    if status in AnnualReport.Status.values:
        reports = reports.filter(status=status)
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("p"))
    user = request.user
    may_generate = services.may_generate(user)
    return TemplateResponse(
        request,
        "reporting/admin/index.html",
        {
            "page": page,
            "year": year,
            "agency": agency,
            "status": status,
            "statuses": AnnualReport.Status.choices,
            "generate_form": GenerateForm(user=user) if may_generate else None,
            "may_summarise": _may_summarise(user),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    user = request.user
    draft = report.status == AnnualReport.Status.DRAFT
    return TemplateResponse(
        request,
        "reporting/admin/report.html",
        {
            "report": report,
            "doc": printed(report),
            # Who did what and why (ISO 9001:2015 7.5.3.2): the latest history rows.
            "history": [
                (row, printed_name(row.history_user))
                for row in history_queryset(AnnualReport, report.pk)[:HISTORY_SHOWN]
            ],
            "may_edit": draft and services.may_manage(user, report.agency_id),
            "may_sign": draft and services.may_sign(user, report.agency_id),
            "may_receive": report.status == AnnualReport.Status.SUBMITTED
            and services.may_receive(user),
        },
    )


@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    """Generate a new draft (or regenerate one) for an agency and year."""
    _visible(request)
    form = GenerateForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose an agency and a year."))
        return redirect("reporting_index")
    found: list[AnnualReport] = []
    ok = run_service(
        request,
        lambda: found.append(
            services.report_generate(
                agency=form.cleaned_data["agency"],
                year=form.cleaned_data["year"],
                user=request.user,
            )
        ),
    )
    if not ok:
        return redirect("reporting_index")
    messages.success(request, _("The report was generated from current data."))
    return redirect("reporting_report", found[0].pk)


@require_POST
def regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    report = _managed(request, pk)
    if run_service(
        request,
        lambda: services.report_generate(
            agency=report.agency, year=report.year, user=request.user
        ),
    ):
        messages.success(request, _("The report was generated from current data."))
    return redirect("reporting_report", report.pk)


def _screen(
    request: HttpRequest,
    report: AnnualReport,
    form: forms.BaseForm,
    act: Callable[[], Any],
    texts: tuple[str, str, str],
) -> HttpResponse:
    title, submit_label, done = texts
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(request, act, form=form)
    ):
        messages.success(request, done)
        return redirect("reporting_report", report.pk)
    return TemplateResponse(
        request,
        "reporting/admin/form.html",
        {"report": report, "form": form, "title": title, "submit_label": submit_label},
    )


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The narrative parts: assessment, difficulties, proposals; and the number."""
    report = _managed(request, pk)
    form = NarrativeForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(report, name) for name in services.NARRATIVE},
    )
    return _screen(
        request,
        report,
        form,
        lambda: services.report_edit(
            report=report, user=request.user, values=form.cleaned_data
        ),
        (
            _("Edit the narrative parts"),
            _("Save"),
            _("The narrative parts were saved."),
        ),
    )


def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The head signs with the password and submits."""
    report = _report(request, pk)
    if not services.may_sign(request.user, report.agency_id):
        raise PermissionDenied
    form = SignForm(request.POST if request.method == "POST" else None)
    return _screen(
        request,
        report,
        form,
        lambda: services.report_submit(
            report=report, user=request.user, password=form.cleaned_data["password"]
        ),
        (
            _("Sign and submit the report"),
            _("Sign and submit"),
            _("The report was signed and submitted."),
        ),
    )


class ReceiveForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("The report was received"))


def receive(request: HttpRequest, pk: int) -> HttpResponse:
    """The Sở KH&CN marks a submitted report received."""
    report = _report(request, pk)
    if not services.may_receive(request.user):
        raise PermissionDenied
    form = ReceiveForm(request.POST if request.method == "POST" else None)
    return _screen(
        request,
        report,
        form,
        lambda: services.report_receive(report=report, user=request.user),
        (
            _("Mark the report received"),
            _("Mark received"),
            _("The report was marked received."),
        ),
    )


def _filename(report: AnnualReport, ext: str) -> str:
    return f"bao-cao-iso-{report.year}-{report.agency_id}.{ext}"


def download_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    response = HttpResponse(report_docx(printed(report)), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(report, "docx")}"'
    )
    return response


def download_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    response = HttpResponse(report_pdf(printed(report)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(report, "pdf")}"'
    return response


# --- the province summary (Sở KH&CN) -----------------------------------------------------


def _may_summarise(user: Any) -> bool:
    """The Sở KH&CN consolidates; supervisors and superusers read every agency too."""
    return services.may_receive(user) or (
        services.may_read_reports(user) and agency_scope_for(user).readable is None
    )


def _summary_year(request: HttpRequest) -> int:
    if not _may_summarise(request.user):
        raise PermissionDenied
    year = _int(request.GET.get("year")) or timezone.localdate().year - 1
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    return year


def summary(request: HttpRequest) -> HttpResponse:
    year = _summary_year(request)
    data = province_summary(year)
    table = data.table()
    this_year = timezone.localdate().year
    return TemplateResponse(
        request,
        "reporting/admin/summary.html",
        {
            "summary": data,
            "table": table,
            "rows": list(zip(data.rows, table[1:], strict=True)),
            "year": year,
            "years": list(range(this_year, this_year - 5, -1)),
        },
    )


def summary_export(request: HttpRequest, fmt: str) -> HttpResponse:
    year = _summary_year(request)
    data = province_summary(year)
    name = f"tong-hop-bao-cao-iso-{year}"
    if fmt == "xlsx":
        response = HttpResponse(summary_xlsx(data), content_type=XLSX)
    else:
        from django.utils import translation

        with translation.override("vi"):
            content = table_docx(
                title=_("Province summary of the annual ISO reports %(year)s")
                % {"year": year},
                subtitle=_("Due date: %(date)s")
                % {"date": data.due_on.strftime("%d/%m/%Y")},
                rows=data.table(),
                note=_("Figures as submitted by each agency in its signed report."),
            )
        response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def reporting_urls() -> list[Any]:
    from django.urls import path

    return [
        path("annual-reports/", index, name="reporting_index"),
        path("annual-reports/generate/", generate, name="reporting_generate"),
        path("annual-reports/summary/", summary, name="reporting_summary"),
        path(
            "annual-reports/summary.xlsx",
            summary_export,
            {"fmt": "xlsx"},
            name="reporting_summary_xlsx",
        ),
        path(
            "annual-reports/summary.docx",
            summary_export,
            {"fmt": "docx"},
            name="reporting_summary_docx",
        ),
        path("annual-reports/<int:pk>/", detail, name="reporting_report"),
        path("annual-reports/<int:pk>/edit/", edit, name="reporting_edit"),
        path(
            "annual-reports/<int:pk>/regenerate/",
            regenerate,
            name="reporting_regenerate",
        ),
        path("annual-reports/<int:pk>/submit/", submit, name="reporting_submit"),
        path("annual-reports/<int:pk>/receive/", receive, name="reporting_receive"),
        path(
            "annual-reports/<int:pk>/report.docx", download_docx, name="reporting_docx"
        ),
        path("annual-reports/<int:pk>/report.pdf", download_pdf, name="reporting_pdf"),
    ]
