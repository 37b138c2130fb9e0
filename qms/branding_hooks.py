"""The product's own face in the admin (issue 13 part 3): name, emblem, user guide.

The sign-in page, the sidebar, the browser tab and the favicon say "Một Cửa QMS" (templates
in qms/templates/wagtailadmin/). Wagtail's "Help" menu, whose entries open Wagtail's English
pages on the internet, is kept for superusers only; everyone gets the Vietnamese user guide.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

WAGTAIL_HELP_MENU = "help"


@hooks.register("insert_global_admin_css")
def branding_css() -> str:
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/admin-branding.css")
    )


@hooks.register("register_admin_urls")
def register_user_guide_url() -> list[Any]:
    from qms.guide import user_guide

    return [path("huong-dan/", user_guide, name="qms_user_guide")]


@hooks.register("register_admin_menu_item")
def register_user_guide_menu_item() -> MenuItem:
    return MenuItem(
        _("User guide"),
        reverse("qms_user_guide"),
        name="user-guide",
        icon_name="help",
        order=10990,
    )


@hooks.register("construct_main_menu")
def keep_wagtail_help_for_superusers(
    request: HttpRequest, menu_items: list[Any]
) -> None:
    if request.user.is_superuser:
        return
    menu_items[:] = [item for item in menu_items if item.name != WAGTAIL_HELP_MENU]


@hooks.register("construct_homepage_panels")
def hide_site_summary_from_agency_users(
    request: HttpRequest, panels: list[Any]
) -> None:
    """ "18 Trang, 0 Hình ảnh, 0 Tệp tài liệu" counts Wagtail's pages, not documents."""
    from wagtail.admin.site_summary import SiteSummaryPanel

    if not request.user.is_superuser:
        panels[:] = [p for p in panels if not isinstance(p, SiteSummaryPanel)]
