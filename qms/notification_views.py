"""The notification centre of the admin: the list, open-and-mark-read, mark all read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms import selectors, services
from qms.models import Notification

PER_PAGE = 25


def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's notifications, newest first, paged; filter by kind or unread."""
    kind = request.GET.get("kind", "")
    unread = request.GET.get("unread") == "1"
    queryset = selectors.notifications_for_user(request.user, kind=kind, unread=unread)
    paginator = Paginator(queryset, PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "qms/admin/notifications.html",
        {
            "title": _("Notifications"),
            "page_obj": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "kinds": Notification.Kind.choices,
            "kind": kind,
            "unread": unread,
            "unread_count": selectors.notifications_unread_count(request.user),
        },
    )


def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to what it is about; only its recipient may."""
    try:
        notification = services.notification_open(user=request.user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    # Stored links are admin paths from reverse(); anything else goes back to the list.
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts=None
    ):
        return redirect(notification.url)
    return redirect("qms_notifications")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every notification of the signed-in person read (a POST, CSRF-checked)."""
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("qms_notifications")
