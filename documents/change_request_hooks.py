"""Admin hooks of document change requests (issue 13 part 4).

Registered when documents.wagtail_hooks imports this module; the screens live in
documents.change_request_admin.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from documents import change_request_admin as _change_requests


@hooks.register("register_admin_urls")
def register_change_request_urls() -> list[Any]:
    from django.urls import path

    return [
        path(
            "change-requests/raise/<int:page_id>/",
            _change_requests.raise_request,
            name="change_request_raise",
        ),
        path(
            "change-requests/<int:pk>/accept/",
            _change_requests.accept,
            name="change_request_accept",
        ),
        path(
            "change-requests/<int:pk>/decline/",
            _change_requests.decline,
            name="change_request_decline",
        ),
    ]


@hooks.register("register_page_header_buttons")
def change_request_header_button(
    page: Any, user: Any, view_name: str = "", next_url: Any = None
) -> Any:
    """ "Đề nghị sửa đổi" on a controlled document, for members of its agency."""
    from django.urls import reverse
    from wagtail.admin.widgets.button import ListingButton

    from documents.services.change_requests import may_raise
    from documents.wagtail_hooks import _is_controlled

    if not _is_controlled(page) or not may_raise(user, page):
        return
    yield ListingButton(
        _("Request a change"),
        reverse("change_request_raise", args=[page.pk]),
        icon_name="edit",
        priority=63,
    )


@hooks.register("register_log_actions")
def register_change_request_log_actions(actions: Any) -> None:
    for action, label, message in (
        ("raise", _("Raise change request"), _("Change request raised")),
        ("accept", _("Accept change request"), _("Change request accepted")),
        ("decline", _("Decline change request"), _("Change request declined")),
        ("answer", _("Answer change request"), _("Change request answered")),
    ):
        actions.register_action(f"documents.change_request.{action}", label, message)


hooks.register("qms_my_work", _change_requests.my_work_to_triage)
hooks.register("qms_my_work", _change_requests.my_work_own_requests)
