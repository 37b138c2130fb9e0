"""Admin screens of the ISO scope and announcement ("Phạm vi và công bố HTQLCL").

Who sees what: the ISO secretary and the head keep their agency's scope and announcements
(another agency's answer 404); auditors read their agency's; supervisors read every
agency's registers (never a draft scope) and write nothing. Views stay thin: every change
is a service (conformity.services) behind a form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from conformity import selectors, services
from conformity.forms import AnnouncementForm, PasswordForm, ScopeForm, WithdrawForm
from conformity.models import Announcement, ScopeVersion
from qms.lib.admin import run_service
from qms.lib.history import printed_name
from qms.models import Agency
from qms.roles import Role
from qms.scoping import agency_scope_for, may_read_register, register_readable_ids

READER_ROLES = frozenset(
    {Role.QUALITY_OFFICER, Role.HEAD, Role.AUDITOR, Role.SUPERVISOR}
)
PER_PAGE = 50
HISTORY_SHOWN = 20


def may_read(user: Any) -> bool:
    """Whether the user opens these screens at all (scope narrows the agencies)."""
    # An inspection team reads the inspected agencies (qms.scoping read grants).
    return may_read_register(user, READER_ROLES)


def _readable(user: Any, agency_id: int) -> bool:
    readable = register_readable_ids(user, READER_ROLES)
    return may_read(user) and (readable is None or agency_id in readable)


def _sees_drafts(user: Any, agency_id: int) -> bool:
    """The agency's own people see its draft; a supervisor reads registers, not drafts."""
    if user.is_superuser:
        return True
    # An inspection team reads the agency's registers, not its drafts, like a supervisor.
    scope = agency_scope_for(user)
    readable = register_readable_ids(user, READER_ROLES)
    return (
        readable is not None
        and agency_id in readable
        and agency_id not in scope.granted
        and may_read(user)
    )


def _agency(request: HttpRequest, agency_id: int, *, manage: bool = False) -> Agency:
    """The agency if the user may read it (404 otherwise); 403 if they may not act."""
    agency = get_object_or_404(Agency, pk=agency_id)
    if not _readable(request.user, agency.pk):
        raise Http404
    if manage and not services.may_manage(request.user, agency.pk):
        raise PermissionDenied
    return agency


def _version(request: HttpRequest, pk: int) -> ScopeVersion:
    version = get_object_or_404(ScopeVersion.objects.select_related("agency"), pk=pk)
    visible = _readable(request.user, version.agency_id) and (
        version.status == ScopeVersion.Status.APPROVED
        or _sees_drafts(request.user, version.agency_id)
    )
    if not visible:
        raise Http404
    return version


def _announcement(request: HttpRequest, pk: int) -> Announcement:
    queryset = Announcement.objects.select_related("agency", "scope")
    announcement = get_object_or_404(queryset, pk=pk)
    if not _readable(request.user, announcement.agency_id):
        raise Http404
    return announcement


def _readable_agencies(user: Any) -> Any:
    readable = register_readable_ids(user, READER_ROLES)
    agencies = Agency.objects.order_by("name")
    return agencies if readable is None else agencies.filter(pk__in=readable)


def index(request: HttpRequest) -> HttpResponse:
    """Agencies with obliged?, current scope version and announcement state (filterable)."""
    if not may_read(request.user):
        raise PermissionDenied
    agencies = list(_readable_agencies(request.user).values("pk", "name"))
    statuses = selectors.agency_statuses([a["pk"] for a in agencies])
    state = request.GET.get("state", "")
    rows = [
        {**a, "status": statuses[a["pk"]]}
        for a in agencies
        if not state or statuses[a["pk"]].state == state
    ]
    if request.GET.get("obliged") == "1":
        rows = [row for row in rows if row["status"].obliged]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "conformity/admin/index.html",
        {
            "page": page,
            "state": state,
            "states": selectors.STATE_LABELS.items(),
            "obliged": request.GET.get("obliged") == "1",
        },
    )


def agency_screen(request: HttpRequest, agency_id: int) -> HttpResponse:
    """One agency: obliged?, current scope, draft, versions, announcements, what is due."""
    agency = _agency(request, agency_id)
    status = selectors.agency_statuses([agency.pk])[agency.pk]
    versions = ScopeVersion.objects.filter(agency=agency).select_related("approved_by")
    if not _sees_drafts(request.user, agency.pk):
        versions = versions.filter(status=ScopeVersion.Status.APPROVED)
    versions = versions.order_by("-number")
    return TemplateResponse(
        request,
        "conformity/admin/agency.html",
        {
            "agency": agency,
            "status": status,
            "current": services.current_scope(agency.pk),
            "versions": versions,
            "announcements": selectors.announcements_of(agency.pk),
            "may_manage": services.may_manage(request.user, agency.pk),
        },
    )


def _screen(
    request: HttpRequest,
    form: forms.Form,
    act: Callable[[dict[str, Any]], Any],
    context: dict[str, Any],
) -> HttpResponse | None:
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(request, lambda: act(form.cleaned_data), form=form)
    ):
        return None
    return TemplateResponse(
        request, "conformity/admin/form.html", {"form": form, **context}
    )


def scope_new(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Start the next scope version (a copy of the current one)."""
    agency = _agency(request, agency_id, manage=True)
    if request.method != "POST":
        return redirect("conformity_agency", agency.pk)
    draft: list[ScopeVersion] = []
    if run_service(
        request,
        lambda: draft.append(
            services.scope_draft_start(agency=agency, user=request.user)
        ),
    ):
        return redirect("conformity_scope_edit", draft[0].pk)
    return redirect("conformity_agency", agency.pk)


def _reannounce_notice(version: ScopeVersion) -> str:
    """On a draft of an announced scope: approving it makes a new announcement due."""
    if version.status != ScopeVersion.Status.DRAFT:
        return ""
    if not selectors.latest_announcements([version.agency_id]):
        return ""
    return _(
        "The QMS has been announced for an earlier scope: once this version is "
        "approved, a new announcement is due (TT 26/2014)."
    )


def _history(record: ScopeVersion | Announcement) -> list[dict[str, Any]]:
    """Who changed the record, when and why (ISO 9001:2015 7.5.3.2 c), newest first."""
    rows = record.history.select_related("history_user").order_by("-history_id")
    return [
        {
            "at": row.history_date,
            "who": printed_name(row.history_user),
            "why": row.history_change_reason or "",
        }
        for row in rows[:HISTORY_SHOWN]
    ]


def scope_screen(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    return TemplateResponse(
        request,
        "conformity/admin/scope.html",
        {
            "version": version,
            "history": _history(version),
            "notice": _reannounce_notice(version),
            "may_manage": services.may_manage(request.user, version.agency_id),
            "may_approve": services.may_approve(request.user, version.agency_id),
        },
    )


def scope_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    if not services.may_manage(request.user, version.agency_id):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = ScopeForm(data, version=version)

    def act(cleaned: dict[str, Any]) -> Any:
        return services.scope_draft_save(
            version=version,
            user=request.user,
            procedures=form.procedures(),
            processes=cleaned["processes"],
            units=form.unit_rows(),
            exclusions=form.exclusion_rows(),
            changes=cleaned["changes"],
        )

    context = {
        "title": _("Change the scope draft"),
        "subject": version,
        "agency": version.agency,
        "notice": _reannounce_notice(version),
    }
    response = _screen(request, form, act, context)
    if response is None:
        messages.success(request, _("Scope draft saved."))
        return redirect("conformity_scope", version.pk)
    return response


def scope_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The head approves the draft with the password."""
    version = _version(request, pk)
    if not services.may_approve(request.user, version.agency_id):
        raise PermissionDenied
    form = PasswordForm(request.POST if request.method == "POST" else None)

    def act(cleaned: dict[str, Any]) -> Any:
        return services.scope_approve(
            version=version, user=request.user, password=cleaned["password"]
        )

    context = {
        "title": _("Approve the scope"),
        "subject": version,
        "agency": version.agency,
        "notice": _reannounce_notice(version),
    }
    response = _screen(request, form, act, context)
    if response is None:
        messages.success(request, _("Scope approved: it is now the scope in force."))
        return redirect("conformity_agency", version.agency_id)
    return response


def announce(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Record an announcement: a generated decision signed now, or the scanned one."""
    agency = _agency(request, agency_id, manage=True)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = AnnouncementForm(data, files, agency_id=agency.pk)

    def act(cleaned: dict[str, Any]) -> Any:
        upload = cleaned.get("file") if cleaned["mode"] == form.UPLOAD else None
        return services.announcement_create(
            agency=agency,
            user=request.user,
            scope=cleaned["scope"],
            decision_number=cleaned["decision_number"],
            decision_date=cleaned["decision_date"],
            signer=cleaned["signer"],
            standard=cleaned["standard"],
            is_public=cleaned["is_public"],
            upload=upload.read() if upload else None,
            password=cleaned["password"],
        )

    context = {"title": _("Announce the QMS"), "subject": agency, "agency": agency}
    response = _screen(request, form, act, context)
    if response is None:
        messages.success(request, _("Announcement recorded and posted."))
        return redirect("conformity_agency", agency.pk)
    return response


def announcement_screen(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _announcement(request, pk)
    return TemplateResponse(
        request,
        "conformity/admin/announcement.html",
        {
            "announcement": announcement,
            "history": _history(announcement),
            "may_manage": services.may_manage(request.user, announcement.agency_id),
        },
    )


def announcement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _announcement(request, pk)
    if not services.may_manage(request.user, announcement.agency_id):
        raise PermissionDenied
    form = WithdrawForm(request.POST if request.method == "POST" else None)

    def act(cleaned: dict[str, Any]) -> Any:
        return services.announcement_withdraw(
            announcement=announcement, user=request.user, reason=cleaned["reason"]
        )

    context = {
        "title": _("Withdraw the announcement"),
        "subject": announcement,
        "agency": announcement.agency,
    }
    response = _screen(request, form, act, context)
    if response is None:
        messages.success(request, _("Announcement withdrawn; it stays in the history."))
        return redirect("conformity_announcement", announcement.pk)
    return response


def announcement_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The decision from private storage, for those who read the agency's register."""
    announcement = _announcement(request, pk)
    return FileResponse(
        announcement.file.open("rb"),
        content_type="application/pdf",
        filename=f"quyet-dinh-cong-bo-iso-{announcement.pk}.pdf",
    )


def admin_urls() -> list[Any]:
    from django.urls import path

    return [
        path("conformity/", index, name="conformity_index"),
        path(
            "conformity/agency/<int:agency_id>/",
            agency_screen,
            name="conformity_agency",
        ),
        path(
            "conformity/agency/<int:agency_id>/scope/new/",
            scope_new,
            name="conformity_scope_new",
        ),
        path(
            "conformity/agency/<int:agency_id>/announce/",
            announce,
            name="conformity_announce",
        ),
        path("conformity/scope/<int:pk>/", scope_screen, name="conformity_scope"),
        path(
            "conformity/scope/<int:pk>/edit/", scope_edit, name="conformity_scope_edit"
        ),
        path(
            "conformity/scope/<int:pk>/approve/",
            scope_approve,
            name="conformity_scope_approve",
        ),
        path(
            "conformity/announcement/<int:pk>/",
            announcement_screen,
            name="conformity_announcement",
        ),
        path(
            "conformity/announcement/<int:pk>/withdraw/",
            announcement_withdraw,
            name="conformity_announcement_withdraw",
        ),
        path(
            "conformity/announcement/<int:pk>/decision.pdf",
            announcement_pdf,
            name="conformity_announcement_pdf",
        ),
    ]
