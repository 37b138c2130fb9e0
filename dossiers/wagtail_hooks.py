"""Admin hooks of the dossiers app: the "Thống kê hồ sơ" menu, its screens, review input."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from dossiers import admin as _admin
from dossiers import admin_views as views
from dossiers.selectors import review_input


class ReaderMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return _admin.may_read(request.user)


class ImporterMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return views.writable_agencies(request.user).exists()


class DossiersSubmenu(SubmenuMenuItem):
    def is_shown(self, request: Any) -> bool:
        return _admin.may_read(request.user)


@hooks.register("register_admin_viewset")
def register_statistics_viewset() -> Any:
    return _admin.DossierStatisticViewSet()


@hooks.register("register_admin_urls")
def register_dossiers_urls() -> list[Any]:
    return [
        path("dossiers/imports/", views.imports, name="dossiers_imports"),
        path("dossiers/imports/<int:pk>/", views.import_detail, name="dossiers_import"),
        path(
            "dossiers/imports/<int:pk>/confirm/",
            views.import_confirm,
            name="dossiers_import_confirm",
        ),
        path(
            "dossiers/imports/<int:pk>/progress.json",
            views.import_progress,
            name="dossiers_import_progress",
        ),
        path("dossiers/settings/", views.dossier_settings, name="dossiers_settings"),
    ]


@hooks.register("register_admin_menu_item")
def register_dossiers_menu() -> Any:
    menu = Menu(
        items=[
            ReaderMenuItem(
                _("Statistics by month"),
                reverse("dossier_statistics:index"),
                name="dossier-statistics",
                icon_name="table",
                order=10,
            ),
            ReaderMenuItem(
                _("Imports"),
                reverse("dossiers_imports"),
                name="dossier-imports",
                icon_name="upload",
                order=20,
            ),
            ImporterMenuItem(
                _("Late-dossier threshold"),
                reverse("dossiers_settings"),
                name="dossier-settings",
                icon_name="cog",
                order=30,
            ),
        ]
    )
    return DossiersSubmenu(
        _("Dossier statistics"),
        menu,
        name="dossier-statistics-menu",
        icon_name="table",
        order=170,
    )


hooks.register("qms_review_inputs", review_input)
