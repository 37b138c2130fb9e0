"""Admin hooks of supervision: the province overview's URL, menu entry and columns."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from qms.lib.province_overview import HOOK
from supervision import views
from supervision.columns import overview_columns


@hooks.register("register_admin_urls")
def register_supervision_urls() -> list[Any]:
    return [
        path(
            "tong-quan-toan-tinh/",
            views.province_overview,
            name="supervision_overview",
        )
    ]


class OverviewMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return views.may_view(request.user)


# "Tổng quan toàn tỉnh" under Báo cáo (Wagtail's Reports menu), for supervisors.
@hooks.register("register_reports_menu_item")
def register_overview_menu_item() -> MenuItem:
    return OverviewMenuItem(
        _("Province overview"),
        reverse("supervision_overview"),
        name="province-overview",
        icon_name="table",
        order=50,
    )


hooks.register(HOOK, overview_columns)
