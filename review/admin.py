"""Admin of the management review: the register, the review screen and its action screens.

The agency's ISO secretary prepares (plan, input pack, meeting record, outputs) and the head
chairs and signs; supervisors read every agency's reviews. Another agency's review answers
404. An action's owner opens the action's own screen to record what was done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column

from qms.admin_viewsets import (
    RefusedDeleteView,
    ScopedInspectView,
    ScopedModelViewSet,
)
from qms.lib.admin import run_service
from qms.lib.columns import AbsoluteDateColumn
from qms.lib.history import printed_name
from qms.lib.review_inputs import CLAUSES
from qms.scoping import AgencyScopedPermissionPolicy, NoDeletePolicyMixin
from review import packs, services
from review.forms import (
    ActionForm,
    CancelForm,
    CompleteForm,
    MeetingForm,
    ReviewForm,
    SignForm,
)
from review.inputs import clause_title
from review.models import ManagementReview, ReviewAction


class ReviewPermissionPolicy(NoDeletePolicyMixin, AgencyScopedPermissionPolicy):
    """Model permissions by role, narrowed to the agency scope; reviews are never deleted."""

    def __init__(self) -> None:
        super().__init__(ManagementReview, agency_lookups=("agency",))


POLICY = ReviewPermissionPolicy()


class ReviewInspectView(ScopedInspectView):
    """The review screen: plan, input pack (sections, tables, charts), meeting, outputs."""

    template_name = "review/admin/review.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        review = self.object
        user = self.request.user
        manager = services.may_manage(user, review.agency_id)
        actions = list(
            review.actions.select_related("owner__staff_profile").order_by("pk")
        )
        context.update(
            review=review,
            chair=printed_name(review.chair),
            attendees=[
                printed_name(u)
                for u in review.attendees.select_related("staff_profile")
            ],
            discussion=[
                (f"{clause_title(c)} (9.3.2 {c})", review.discussion[c])
                for c in CLAUSES
                if review.discussion.get(c)
            ],
            sections=review.pack_data,
            actions=[(a, printed_name(a.owner)) for a in actions],
            may_manage=manager,
            may_request_pack=manager and packs.may_request(review),
            may_record=manager and review.status != ManagementReview.Status.CLOSED,
            may_add_action=manager and review.status == ManagementReview.Status.HELD,
            may_sign=review.chair_id == user.pk
            and review.status == ManagementReview.Status.HELD,
        )
        return context


class ReviewLinkColumn(Column):
    """The review's name, linked to its screen (the first column of the register)."""

    def get_value(self, instance: Any) -> Any:
        url = reverse("management_review:inspect", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, str(instance))


class ManagementReviewViewSet(ScopedModelViewSet):
    """ "Xem xét của lãnh đạo": the agency's management reviews (ISO 9001:2015 9.3)."""

    model = ManagementReview
    name = "management_review"
    url_prefix = "management-review"
    icon = "group"
    menu_label = gettext_lazy("Management review")
    menu_order = 170
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = ReviewInspectView
    delete_view_class = RefusedDeleteView
    save_service = staticmethod(services.review_save)
    edit_handler = ObjectList(
        [
            FieldPanel("agency"),
            FieldRowPanel([FieldPanel("planned_on"), FieldPanel("chair")]),
            FieldRowPanel([FieldPanel("data_start"), FieldPanel("data_end")]),
            FieldPanel("change_reason"),
        ],
        base_form_class=ReviewForm,
    )
    list_display = [
        ReviewLinkColumn("title", label=gettext_lazy("Management review")),
        "agency",
        AbsoluteDateColumn("planned_on", label=gettext_lazy("Planned date")),
        AbsoluteDateColumn("held_on", label=gettext_lazy("Meeting date")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column(
            "pack_status",
            label=gettext_lazy("Input pack"),
            accessor="get_pack_status_display",
        ),
    ]
    list_filter = ["status", "year", "agency"]

    @property
    def permission_policy(self) -> ReviewPermissionPolicy:
        return POLICY


# --- the review's action screens ---------------------------------------------------------


def _review(request: HttpRequest, pk: int, *, manage: bool = True) -> ManagementReview:
    """404 outside what the user may read (AC-03); 403 if they may read but not act."""
    visible = POLICY.instances_user_has_permission_for(request.user, "view")
    review = get_object_or_404(visible.select_related("agency", "chair"), pk=pk)
    if manage and not services.may_manage(request.user, review.agency_id):
        raise PermissionDenied
    return review


def _back(review: ManagementReview) -> HttpResponse:
    return redirect("management_review:inspect", review.pk)


def _screen(
    request: HttpRequest,
    review: ManagementReview,
    form: forms.Form,
    act: Callable[[dict[str, Any]], Any],
    texts: tuple[str, str, str],
) -> HttpResponse:
    title, submit_label, done = texts
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(request, lambda: act(form.cleaned_data), form=form)
    ):
        messages.success(request, done)
        return _back(review)
    return TemplateResponse(
        request,
        "review/admin/review_form.html",
        {
            "review": review,
            "form": form,
            "title": title,
            "submit_label": submit_label,
        },
    )


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the meeting: date, attendees, discussion per input, decisions."""
    review = _review(request, pk)
    initial = {
        # A review planned later may be held earlier, never recorded ahead of today.
        "held_on": review.held_on or min(review.planned_on, timezone.localdate()),
        "attendees": list(review.attendees.values_list("pk", flat=True)),
        "guests": review.guests,
        "decisions": review.decisions,
        **{f"discussion_{c}": t for c, t in review.discussion.items()},
    }
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        agency_id=review.agency_id,
    )

    def act(data: dict[str, Any]) -> Any:
        return services.review_record_meeting(
            review=review,
            user=request.user,
            held_on=data["held_on"],
            attendees=data["attendees"],
            guests=data["guests"],
            discussion=form.discussion(),
            decisions=data["decisions"],
        )

    texts = (_("Record the meeting"), _("Save"), _("Meeting recorded."))
    return _screen(request, review, form, act, texts)


def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an output (9.3.3) as an action with its owner and due date."""
    review = _review(request, pk)
    form = ActionForm(
        request.POST if request.method == "POST" else None, agency_id=review.agency_id
    )

    def act(data: dict[str, Any]) -> Any:
        return services.action_add(
            review=review,
            user=request.user,
            kind=data["kind"],
            description=data["description"],
            owner=data["owner"],
            due_on=data["due_on"],
        )

    texts = (_("Record an output"), _("Save"), _("Output recorded as an action."))
    return _screen(request, review, form, act, texts)


def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair signs the minutes with the password."""
    review = _review(request, pk, manage=False)
    if review.chair_id != request.user.pk:
        raise PermissionDenied
    form = SignForm(request.POST if request.method == "POST" else None)

    def act(data: dict[str, Any]) -> Any:
        return services.minutes_sign(
            review=review, user=request.user, password=data["password"]
        )

    texts = (
        _("Sign the minutes"),
        _("Sign"),
        _("Minutes signed and kept; the review is closed."),
    )
    return _screen(request, review, form, act, texts)


@require_POST
def request_pack(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    if run_service(
        request, lambda: packs.pack_request(review=review, user=request.user)
    ):
        messages.success(request, _("The input pack is being generated."))
    return _back(review)


def _pdf(field: Any, name: str) -> FileResponse:
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), content_type="application/pdf", filename=name)


def pack_pdf(request: HttpRequest, pk: int) -> FileResponse:
    review = _review(request, pk, manage=False)
    return _pdf(review.pack_pdf, f"ho-so-dau-vao-xem-xet-{review.year}.pdf")


def minutes_pdf(request: HttpRequest, pk: int) -> FileResponse:
    review = _review(request, pk, manage=False)
    return _pdf(review.minutes_pdf, f"bien-ban-xem-xet-{review.year}.pdf")


# --- actions: the owner's screen and list -------------------------------------------------


def _visible_actions(user: Any) -> QuerySet[ReviewAction]:
    reviews = POLICY.instances_user_has_permission_for(user, "view")
    return ReviewAction.objects.filter(review__in=reviews.values("pk")) | (
        ReviewAction.objects.filter(owner_id=user.pk)
    )


def action_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """An action of a review: its owner (or a manager) records what was done; a manager may
    cancel it with a reason."""
    action = get_object_or_404(
        _visible_actions(request.user).select_related("review__agency", "owner"), pk=pk
    )
    is_open = action.status == ReviewAction.Status.OPEN
    may = is_open and services.may_complete(request.user, action)
    may_cancel = is_open and services.may_manage(request.user, action.review.agency_id)
    cancelling = request.method == "POST" and "cancel" in request.POST
    if request.method == "POST" and not (may_cancel if cancelling else may):
        raise PermissionDenied
    posted = request.POST if request.method == "POST" else None
    form = CompleteForm(None if cancelling else posted)
    cancel_form = CancelForm(posted if cancelling else None)
    if cancelling and cancel_form.is_valid():
        done = run_service(
            request,
            lambda: services.action_cancel(
                action=action,
                user=request.user,
                reason=cancel_form.cleaned_data["reason"],
            ),
            form=cancel_form,
        )
        if done:
            messages.success(request, _("Action cancelled."))
            return redirect("review_action", action.pk)
    elif (
        posted is not None
        and not cancelling
        and form.is_valid()
        and run_service(
            request,
            lambda: services.action_complete(
                action=action, user=request.user, result=form.cleaned_data["result"]
            ),
            form=form,
        )
    ):
        messages.success(request, _("Action recorded as done."))
        return redirect("review_action", action.pk)
    return TemplateResponse(
        request,
        "review/admin/action.html",
        {
            "action": action,
            "owner": printed_name(action.owner),
            "form": form if may else None,
            "cancel_form": cancel_form if may_cancel else None,
            "may_open_review": POLICY.user_has_permission_for_instance(
                request.user, "view", action.review
            ),
        },
    )


def my_actions(request: HttpRequest) -> HttpResponse:
    """The review actions the user owns, open first."""
    actions = (
        ReviewAction.objects.filter(owner_id=request.user.pk)
        .select_related("review__agency")
        .order_by("status", "due_on", "pk")
    )
    return TemplateResponse(
        request, "review/admin/my_actions.html", {"actions": actions}
    )


def review_urls() -> list[Any]:
    from django.urls import path

    return [
        path("management-review/<int:pk>/meeting/", meeting, name="review_meeting"),
        path(
            "management-review/<int:pk>/outputs/add/",
            add_action,
            name="review_add_action",
        ),
        path("management-review/<int:pk>/sign/", sign, name="review_sign"),
        path("management-review/<int:pk>/pack/", request_pack, name="review_pack"),
        path("management-review/<int:pk>/pack.pdf", pack_pdf, name="review_pack_pdf"),
        path(
            "management-review/<int:pk>/minutes.pdf",
            minutes_pdf,
            name="review_minutes_pdf",
        ),
        path(
            "management-review/actions/<int:pk>/", action_screen, name="review_action"
        ),
        path("management-review/my-actions/", my_actions, name="review_my_actions"),
    ]
