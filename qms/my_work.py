"""Việc của tôi (My work): everything waiting for the signed-in person, from every app.

The core names no feature app (architecture: the dependency rule). Each app registers a
``qms_my_work`` hook that takes the user and returns its groups as plain dicts:

    {"key": "training.reading", "label": _("…"), "count": 12, "url": "/admin/…",
     "items": [{"title": "…", "url": "…", "due": date | None, "overdue": bool}, …],
     "roles": ["staff"]}

A group whose count is 0 is omitted; each hook makes a constant number of queries, so the
page and the dashboard panel cost the same whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

HOOK_NAME = "qms_my_work"
# At most this many items per group on the page; the group's link lists all of them.
ITEMS_SHOWN = 5
# A full list ("Xem tất cả") is paged like the other admin lists.
LIST_PER_PAGE = 50


def my_work_groups(user: Any) -> list[dict[str, Any]]:
    """The groups of every app, in hook order, without the empty ones."""
    if not getattr(user, "is_authenticated", False):
        return []
    groups: list[dict[str, Any]] = []
    for contribute in hooks.get_hooks(HOOK_NAME):
        for group in contribute(user) or []:
            if group.get("count"):
                group["items"] = list(group.get("items") or [])[:ITEMS_SHOWN]
                # Items come soonest due first: an overdue one is among those shown.
                group["overdue"] = any(entry["overdue"] for entry in group["items"])
                groups.append(group)
    return groups


def item(
    *, title: str, url: str, due: dt.date | None, today: dt.date | None = None
) -> dict[str, Any]:
    """One entry of a group: overdue when its due date is before today."""
    today = today or timezone.localdate()
    return {
        "title": title,
        "url": url,
        "due": due,
        "overdue": due is not None and due < today,
    }


def my_work(request: HttpRequest) -> HttpResponse:
    """The page "Việc của tôi": each group with its count, first items and full-list link."""
    return TemplateResponse(
        request,
        "qms/admin/my_work.html",
        {"title": _("My work"), "groups": my_work_groups(request.user)},
    )


def my_work_list(
    request: HttpRequest, *, title: str, rows: Any, to_item: Any
) -> HttpResponse:
    """A group's full list, paged: ``rows`` a queryset, ``to_item`` makes each an item."""
    page: Page[Any] = Paginator(rows, LIST_PER_PAGE).get_page(request.GET.get("p"))
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "qms/admin/my_work_list.html",
        {
            "title": title,
            "items": [to_item(row, today) for row in page],
            "page_obj": page,
            "elided_page_range": page.paginator.get_elided_page_range(page.number),
        },
    )


class MyWorkPanel(Component):
    """The first dashboard panel: the same groups as the page, one line each."""

    name = "qms_my_work"
    template_name = "qms/admin/my_work_panel.html"
    order = 10

    def __init__(self, groups: list[dict[str, Any]]) -> None:
        self.groups = groups

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"groups": self.groups}
