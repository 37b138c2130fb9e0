"""Admin of change requests: the scoped register, the raise form, accept and decline screens.

Who sees which request (issue 13 part 4): staff their own; the ISO secretary and the head
their agency's; supervisors every agency's. Nobody adds, edits or deletes a request through
the generic views: raising, accepting and declining are services with their own screens.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button

from documents.models import ChangeRequest
from documents.services.change_requests import (
    change_request_accept,
    change_request_decline,
    change_request_raise,
    may_decide,
    may_raise,
)
from qms.admin_viewsets import ScopedIndexView, ScopedInspectView, ScopedModelViewSet
from qms.lib.admin import run_service
from qms.lib.dates import format_date, format_datetime
from qms.lib.history import printed_name
from qms.roles import Role
from qms.scoping import AgencyScopedPermissionPolicy, agency_scope_for, user_roles

AGENCY_READERS = frozenset({Role.QUALITY_OFFICER, Role.HEAD})


class ChangeRequestPermissionPolicy(AgencyScopedPermissionPolicy):
    """Read by role (agency or own requests); every write goes through a service screen."""

    def __init__(self) -> None:
        super().__init__(ChangeRequest, agency_lookups=("agency",))

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and user.is_authenticated and user.is_active

    def _agency_ids(self, user: Any) -> frozenset[int] | None:
        """Agencies read wholesale; ``None`` is all, empty means only one's own requests."""
        if user.is_superuser or Role.SUPERVISOR in user_roles(user):
            return None
        if user_roles(user) & AGENCY_READERS:
            return agency_scope_for(user).readable or frozenset()
        return frozenset()

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Any
    ) -> bool:
        if not self.user_has_permission(user, action):
            return False
        ids = self._agency_ids(user)
        return (
            ids is None
            or instance.agency_id in ids
            or instance.requested_by_id == user.pk
        )

    def instances_user_has_any_permission_for(
        self, user: Any, actions: Any
    ) -> QuerySet[Any]:
        if "view" not in actions or not self.user_has_permission(user, "view"):
            return ChangeRequest.objects.none()
        ids = self._agency_ids(user)
        if ids is None:
            return ChangeRequest.objects.all()
        return ChangeRequest.objects.filter(
            Q(agency_id__in=list(ids)) | Q(requested_by_id=user.pk)
        )


class ChangeRequestIndexView(ScopedIndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        # Names are printed from the staff profile: joined, one query whatever the rows.
        return (
            super()
            .get_base_queryset()
            .select_related("document", "requested_by__staff_profile")
        )


class ChangeRequestInspectView(ScopedInspectView):
    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons: list[Any] = list(super().header_buttons)
        request = self.object
        if request.status == ChangeRequest.Status.SUBMITTED and may_decide(
            self.request.user, request
        ):
            buttons += [
                Button(
                    gettext_lazy("Accept and start a draft"),
                    url=reverse("change_request_accept", args=[request.pk]),
                    icon_name="check",
                    priority=10,
                ),
                Button(
                    gettext_lazy("Decline"),
                    url=reverse("change_request_decline", args=[request.pk]),
                    icon_name="cross",
                    priority=20,
                ),
            ]
        return buttons

    def get_document_display_value(self) -> str:
        document = self.object.document.specific_deferred
        return f"{getattr(document, 'code', '')} {document.title}".strip()

    def get_requested_by_display_value(self) -> str:
        return printed_name(self.object.requested_by)

    def get_decided_by_display_value(self) -> str:
        decided = self.object.decided_by
        return printed_name(decided) if decided else "—"

    def get_created_at_display_value(self) -> str:
        return format_datetime(self.object.created_at)

    def get_decided_at_display_value(self) -> str:
        return format_datetime(self.object.decided_at)

    def get_draft_revision_display_value(self) -> str:
        revision = self.object.draft_revision
        if revision is None:
            return "—"
        return _("Draft saved %(when)s") % {
            "when": format_datetime(revision.created_at)
        }

    def get_answered_by_release_display_value(self) -> str:
        release = self.object.answered_by_release
        return str(release) if release else "—"

    def get_proposed_text_display_value(self) -> str:
        return self.object.proposed_text or "—"

    def get_decline_reason_display_value(self) -> str:
        return self.object.decline_reason or "—"


class ChangeRequestViewSet(ScopedModelViewSet):
    """ "Phiếu đề nghị sửa đổi": the register of change requests, scoped by role."""

    model = ChangeRequest
    name = "change_requests"
    url_prefix = "change-requests"
    icon = "edit"
    menu_label = gettext_lazy("Change requests")
    index_view_class = ChangeRequestIndexView
    inspect_view_class = ChangeRequestInspectView
    list_display = [
        "code",
        Column(
            "document_title",
            accessor=lambda r: r.document.title,
            label=gettext_lazy("Controlled document"),
        ),
        "what",
        Column(
            "requester",
            accessor=lambda r: printed_name(r.requested_by),
            label=gettext_lazy("Raised by"),
        ),
        "status",
        Column(
            "raised",
            accessor=lambda r: format_date(r.created_at),
            label=gettext_lazy("Raised at"),
        ),
    ]
    list_filter = ["status"]
    search_fields = ["code", "what"]
    inspect_view_fields = [
        "code",
        "document",
        "requested_by",
        "created_at",
        "what",
        "why",
        "proposed_text",
        "status",
        "decided_by",
        "decided_at",
        "decline_reason",
        "draft_revision",
        "answered_by_release",
    ]
    form_fields: list[str] = []

    @property
    def permission_policy(self) -> ChangeRequestPermissionPolicy:
        return ChangeRequestPermissionPolicy()


# --- Function screens: raise, accept, decline -----------------------------------------------


class RaiseForm(forms.Form):
    what = forms.CharField(
        label=gettext_lazy("Part or section to change"), max_length=255
    )
    why = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposed_text = forms.CharField(
        label=gettext_lazy("Proposed text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=gettext_lazy("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AcceptForm(forms.Form):
    pass


def _posted(request: HttpRequest) -> Any:
    # An empty POST (the accept button) must still bind the form.
    return request.POST if request.method == "POST" else None


def _visible_request(request: HttpRequest, pk: int) -> ChangeRequest:
    """404 outside what the user may read (AC-03); 403 if they may read but not decide."""
    visible = ChangeRequestPermissionPolicy().instances_user_has_permission_for(
        request.user, "view"
    )
    change_request = get_object_or_404(visible.select_related("document"), pk=pk)
    if not may_decide(request.user, change_request):
        raise PermissionDenied
    return change_request


def _render(
    request: HttpRequest, form: forms.Form, title: str, context: dict[str, Any]
) -> HttpResponse:
    return TemplateResponse(
        request,
        "documents/admin/change_request_form.html",
        {"form": form, "title": title, **context},
    )


def raise_request(request: HttpRequest, page_id: int) -> HttpResponse:
    """ "Đề nghị sửa đổi" on a document: what, why, the proposed text."""
    from documents.selectors import document_pages_in_scope

    page = get_object_or_404(document_pages_in_scope(request.user), pk=page_id)
    if not may_raise(request.user, page):
        raise PermissionDenied
    form = RaiseForm(_posted(request))
    created: list[ChangeRequest] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: created.append(
                change_request_raise(
                    document=page, user=request.user, **form.cleaned_data
                )
            ),
            form=form,
        )
    ):
        messages.success(
            request,
            _("Change request %(code)s was sent to the ISO secretary.")
            % {"code": created[0].code},
        )
        return redirect("change_requests:inspect", created[0].pk)
    return _render(
        request,
        form,
        _("Request a change to a document"),
        {"document": page.specific, "submit_label": _("Send the request")},
    )


def accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the request: a draft of the document starts, linked to it."""
    change_request = _visible_request(request, pk)
    form = AcceptForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: change_request_accept(request=change_request, user=request.user),
            form=form,
        )
    ):
        messages.success(
            request,
            _("Change request %(code)s accepted: edit the draft and submit it.")
            % {"code": change_request.code},
        )
        return redirect("wagtailadmin_pages:edit", change_request.document_id)
    return _render(
        request,
        form,
        _("Accept the change request"),
        {
            "document": change_request.document.specific,
            "change_request": change_request,
            "submit_label": _("Accept and start a draft"),
        },
    )


def decline(request: HttpRequest, pk: int) -> HttpResponse:
    """Decline the request with a reason the requester reads."""
    change_request = _visible_request(request, pk)
    form = DeclineForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: change_request_decline(
                request=change_request,
                user=request.user,
                reason=form.cleaned_data["decline_reason"],
            ),
            form=form,
        )
    ):
        messages.success(
            request,
            _("Change request %(code)s declined.") % {"code": change_request.code},
        )
        return redirect("change_requests:inspect", change_request.pk)
    return _render(
        request,
        form,
        _("Decline the change request"),
        {
            "document": change_request.document.specific,
            "change_request": change_request,
            "submit_label": _("Decline"),
        },
    )


# --- My work (the qms_my_work hook contract) ------------------------------------------------

MY_WORK_ITEMS = 5


def _items(queryset: QuerySet[ChangeRequest]) -> list[dict[str, Any]]:
    rows = queryset.select_related("document").order_by("created_at", "pk")
    return [
        {
            "title": f"{r.code}: {r.what} ({r.document.title})",
            "url": reverse("change_requests:inspect", args=[r.pk]),
            "due": None,
            "overdue": False,
        }
        for r in rows[:MY_WORK_ITEMS]
    ]


def my_work_to_triage(user: Any) -> list[dict[str, Any]]:
    """ "Phiếu đề nghị cần xử lý": submitted requests of the secretary's agency (3 queries)."""
    from qms.models import StaffProfile

    if not user.is_active or Role.QUALITY_OFFICER not in user_roles(user):
        return []
    agencies = StaffProfile.objects.filter(user=user, is_active=True).values(
        "agency_id"
    )
    queryset = ChangeRequest.objects.filter(
        agency_id__in=agencies, status=ChangeRequest.Status.SUBMITTED
    )
    count = queryset.count()
    if not count:
        return []
    return [
        {
            "key": "documents.change_requests.triage",
            "label": gettext_lazy("Change requests to decide"),
            "count": count,
            "url": reverse("change_requests:index") + "?status=submitted",
            "items": _items(queryset),
            "roles": ["quality_officer"],
        }
    ]


def my_work_own_requests(user: Any) -> list[dict[str, Any]]:
    """The requester's own requests still open (waiting for a decision or a release)."""
    if not user.is_active:
        return []
    queryset = ChangeRequest.objects.filter(
        requested_by_id=user.pk,
        status__in=[ChangeRequest.Status.SUBMITTED, ChangeRequest.Status.ACCEPTED],
    )
    count = queryset.count()
    if not count:
        return []
    return [
        {
            "key": "documents.change_requests.mine",
            "label": gettext_lazy("My open change requests"),
            "count": count,
            "url": reverse("change_requests:index"),
            "items": _items(queryset),
            "roles": ["staff"],
        }
    ]
