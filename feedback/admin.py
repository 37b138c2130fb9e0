"""Admin of the feedback register: scoped listing, inspect with its actions, the action screens.

Who sees which feedback: the ISO secretary and the head their agency's (another agency's
answers 404); supervisors every agency's, read only. Nobody adds, edits or deletes feedback
through the generic views: answering, raising a nonconformity and reopening are services
with their own screens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton

from feedback.forms import AnswerForm, RaiseNonconformityForm, ReopenForm
from feedback.models import Feedback
from feedback.services import (
    feedback_answer,
    feedback_raise_nonconformity,
    feedback_reopen,
    may_handle,
)
from qms.admin_viewsets import (
    RefusedDeleteView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
)
from qms.lib.admin import run_service
from qms.lib.columns import EMPTY, AbsoluteDateColumn, absolute_date, yes_no
from qms.lib.history import printed_name
from qms.models import ReceivingUnit
from qms.roles import Role
from qms.scoping import (
    AgencyScopedPermissionPolicy,
    may_read_register,
    register_readable_ids,
)

READER_ROLES = frozenset({Role.QUALITY_OFFICER, Role.HEAD, Role.SUPERVISOR})


class FeedbackPermissionPolicy(AgencyScopedPermissionPolicy):
    """Read by role within the agency scope; every write goes through a service screen."""

    def __init__(self) -> None:
        super().__init__(Feedback, agency_lookups=("agency",))

    def user_has_permission(self, user: Any, action: str) -> bool:
        # An inspection team reads the inspected agencies' feedback (qms.scoping grants).
        return action == "view" and may_read_register(user, READER_ROLES)

    def scope_ids(self, user: Any, action: str) -> frozenset[int] | None:
        return register_readable_ids(user, READER_ROLES)


def _years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, this_year - 6, -1)]


class FeedbackFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=Feedback.Status.choices
    )
    unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("One-stop unit"), queryset=ReceivingUnit.objects.all()
    )
    # Choices, not a BooleanFilter: Wagtail's active-filter chip printed "True".
    overdue = django_filters.ChoiceFilter(
        label=gettext_lazy("Overdue"),
        choices=[("true", gettext_lazy("Yes")), ("false", gettext_lazy("No"))],
        method="filter_overdue",
    )
    year = django_filters.TypedChoiceFilter(
        label=gettext_lazy("Year received"),
        choices=_years,
        coerce=int,
        field_name="received_at__year",
    )

    class Meta:
        model = Feedback
        fields = ["status", "unit"]

    def filter_overdue(
        self,
        queryset: QuerySet[Feedback],
        name: str,
        value: str,
    ) -> QuerySet[Feedback]:
        if value not in ("true", "false"):
            return queryset
        late = Q(answered_at__isnull=True, due_on__lt=timezone.localdate())
        return queryset.filter(late) if value == "true" else queryset.exclude(late)


class FeedbackIndexView(ScopedIndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        # Every column is joined: one query whatever the number of rows.
        return (
            super()
            .get_base_queryset()
            .select_related("unit", "procedure", "answered_by__staff_profile")
        )


def _procedure(feedback: Feedback) -> str:
    procedure = feedback.procedure
    if procedure is None:
        return EMPTY
    return f"{procedure.code} {procedure.title}".strip()


class FeedbackInspectView(ScopedInspectView):
    extra_labels = {
        "on_time": gettext_lazy("Answered on time"),
        "response_days": gettext_lazy("Response time (working days)"),
    }

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons: list[Any] = list(super().header_buttons)
        feedback = self.object
        if not may_handle(self.request.user, feedback):
            return buttons
        if feedback.status != Feedback.Status.ANSWERED:
            buttons.append(
                _button(_("Answer directly"), "feedback_answer", feedback, "mail", 10)
            )
            if feedback.nonconformity_id is None:
                buttons.append(
                    _button(
                        _("Raise a nonconformity"),
                        "feedback_raise_nc",
                        feedback,
                        "warning",
                        20,
                    )
                )
        else:
            buttons.append(
                _button(_("Reopen"), "feedback_reopen", feedback, "rotate", 30)
            )
        return buttons

    def get_field_label(self, field_name: str, field: Any) -> str:
        if field_name in self.extra_labels:
            return str(self.extra_labels[field_name])
        return str(super().get_field_label(field_name, field))

    def get_received_at_display_value(self) -> str:
        return absolute_date(self.object.received_at)

    def get_due_on_display_value(self) -> str:
        return absolute_date(self.object.due_on)

    def get_answered_at_display_value(self) -> str:
        return absolute_date(self.object.answered_at)

    def get_answered_by_display_value(self) -> str:
        user = self.object.answered_by
        return printed_name(user) if user else EMPTY

    def get_procedure_display_value(self) -> str:
        return _procedure(self.object)

    def get_outcome_display_value(self) -> str:
        return self.object.get_outcome_display() or EMPTY

    def get_contact_display_value(self) -> str:
        return self.object.contact or EMPTY

    def get_answer_display_value(self) -> str:
        return self.object.answer or EMPTY

    def get_nonconformity_display_value(self) -> Any:
        from django.utils.html import format_html

        nc = self.object.nonconformity
        if nc is None:
            return EMPTY
        url = reverse("audits_nc_workflow", args=[nc.pk])
        return format_html(
            '<a href="{}">{}</a> ({})', url, nc.code, nc.get_status_display()
        )

    def get_on_time_display_value(self) -> str:
        return yes_no(self.object.on_time)

    def get_response_days_display_value(self) -> str:
        days = self.object.response_days
        return EMPTY if days is None else str(days)


def _button(
    label: str, url_name: str, feedback: Feedback, icon: str, order: int
) -> HeaderButton:
    return HeaderButton(
        label, url=reverse(url_name, args=[feedback.pk]), icon_name=icon, priority=order
    )


class FeedbackViewSet(ScopedModelViewSet):
    """ "Phản ánh, kiến nghị": the register of citizens' feedback, scoped by agency."""

    model = Feedback
    name = "feedback_register"
    url_prefix = "feedback"
    icon = "mail"
    menu_label = gettext_lazy("Citizens' feedback")
    menu_order = 165
    add_to_admin_menu = True
    index_view_class = FeedbackIndexView
    inspect_view_class = FeedbackInspectView
    # Evidence (ISO 9001:2015 7.5.3.2 c): never deleted by any screen.
    delete_view_class = RefusedDeleteView
    filterset_class = FeedbackFilterSet
    list_display = [
        # A string: Wagtail links the first column to the inspect screen.
        "tracking_code",
        AbsoluteDateColumn("received_at", label=gettext_lazy("Received at")),
        Column("unit", label=gettext_lazy("One-stop unit"), accessor="unit"),
        Column(
            "procedure", label=gettext_lazy("Procedure concerned"), accessor=_procedure
        ),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        AbsoluteDateColumn("due_on", label=gettext_lazy("Answer due by")),
        AbsoluteDateColumn("answered_on", label=gettext_lazy("Answered on")),
        Column(
            "on_time",
            label=gettext_lazy("On time"),
            accessor=lambda f: yes_no(f.on_time),
        ),
        Column(
            "response_days",
            label=gettext_lazy("Working days"),
            accessor=lambda f: EMPTY if f.response_days is None else f.response_days,
        ),
    ]
    search_fields = ["tracking_code"]
    list_export = [
        "tracking_code",
        "received_at",
        "unit",
        "procedure",
        "status",
        "outcome",
        "due_on",
        "answered_on",
        "on_time",
        "response_days",
        "answered_by",
    ]
    export_headings = {
        "tracking_code": gettext_lazy("Tracking code"),
        "received_at": gettext_lazy("Received at"),
        "unit": gettext_lazy("One-stop unit"),
        "procedure": gettext_lazy("Procedure concerned"),
        "status": gettext_lazy("Status"),
        "outcome": gettext_lazy("Triage"),
        "due_on": gettext_lazy("Answer due by"),
        "answered_on": gettext_lazy("Answered on"),
        "on_time": gettext_lazy("On time"),
        "response_days": gettext_lazy("Working days"),
        "answered_by": gettext_lazy("Answered by"),
    }
    export_filename = "so-phan-anh-kien-nghi"
    inspect_view_fields = [
        "tracking_code",
        "received_at",
        "unit",
        "procedure",
        "description",
        "contact",
        "status",
        "outcome",
        "nonconformity",
        "due_on",
        "answer",
        "answered_at",
        "answered_by",
        "on_time",
        "response_days",
    ]
    form_fields: list[str] = []

    @property
    def permission_policy(self) -> FeedbackPermissionPolicy:
        return FeedbackPermissionPolicy()


# --- Action screens: answer, raise a nonconformity, reopen -------------------------------


def _handled(request: HttpRequest, pk: int) -> Feedback:
    """404 outside what the user may read (AC-03); 403 if they may read but not handle."""
    visible = FeedbackPermissionPolicy().instances_user_has_permission_for(
        request.user, "view"
    )
    feedback = get_object_or_404(
        visible.select_related("unit", "procedure", "nonconformity"), pk=pk
    )
    if not may_handle(request.user, feedback):
        raise PermissionDenied
    return feedback


def _action_screen(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    act: Callable[[Feedback, dict[str, Any]], Any],
    texts: tuple[str, str, str],
) -> HttpResponse:
    """One screen per action: the feedback, a form, and the service behind the button."""
    feedback = _handled(request, pk)
    title, submit_label, done = texts
    form = form_class(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(request, lambda: act(feedback, form.cleaned_data), form=form)
    ):
        messages.success(request, done % {"code": feedback.tracking_code})
        return redirect("feedback_register:inspect", feedback.pk)
    return TemplateResponse(
        request,
        "feedback/admin/feedback_action.html",
        {
            "feedback": feedback,
            "form": form,
            "title": title,
            "submit_label": submit_label,
        },
    )


def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Trả lời trực tiếp": the answer the citizen reads on the tracking page."""
    return _action_screen(
        request,
        pk,
        AnswerForm,
        lambda f, data: feedback_answer(
            feedback=f, user=request.user, answer=data["answer"]
        ),
        (
            _("Answer the citizen"),
            _("Send the answer"),
            _(
                "Feedback %(code)s answered; the citizen sees the answer on the tracking page."
            ),
        ),
    )


def raise_nonconformity(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Tạo điểm không phù hợp": a nonconformity prefilled from the feedback."""
    return _action_screen(
        request,
        pk,
        RaiseNonconformityForm,
        lambda f, data: feedback_raise_nonconformity(
            feedback=f, user=request.user, severity=data["severity"]
        ),
        (
            _("Raise a nonconformity from the feedback"),
            _("Raise the nonconformity"),
            _(
                "A nonconformity was raised from feedback %(code)s. Answer the citizen too."
            ),
        ),
    )


def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an answered feedback back in hand, with a reason."""
    return _action_screen(
        request,
        pk,
        ReopenForm,
        lambda f, data: feedback_reopen(
            feedback=f, user=request.user, reason=data["reason"]
        ),
        (
            _("Reopen the feedback"),
            _("Reopen"),
            _("Feedback %(code)s reopened."),
        ),
    )
