"""Admin screens of the organisation: agencies, one-stop units, positions, staff, successions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.base import ViewSetGroup

from qms import accounts, services
from qms.admin_viewsets import ScopedForm, ScopedModelViewSet, ServiceModelViewSet
from qms.lib.history_view import FieldHistoryView
from qms.models import Agency, Position, ReceivingUnit, StaffProfile, Succession
from qms.staff_forms import StaffCreateView

REASON = FieldPanel("change_reason")


class AgencyViewSet(ScopedModelViewSet):
    model = Agency
    icon = "site"
    menu_label = _("Agencies")
    agency_lookups = ("id",)
    save_service = staticmethod(services.agency_save)
    save_service_arg = "agency"
    list_display = ["name", "kind", "parent", "admin_code", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "admin_code"]
    list_export = [
        "name",
        "kind",
        "parent",
        "admin_code",
        "valid_from",
        "valid_to",
        "legal_basis",
    ]
    export_filename = "co-quan"
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel(
                [FieldPanel("short_name"), FieldPanel("kind"), FieldPanel("admin_code")]
            ),
            FieldPanel("parent"),
            FieldPanel("address"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                    FieldPanel("legal_basis"),
                    FieldPanel("dissolution_basis"),
                ],
                heading=_("Validity"),
            ),
            REASON,
        ],
        base_form_class=ScopedForm,
    )


class ReceivingUnitViewSet(ScopedModelViewSet):
    model = ReceivingUnit
    icon = "home"
    menu_label = _("One-stop units")
    save_service = staticmethod(services.receiving_unit_save)
    save_service_arg = "unit"
    list_display = ["name", "agency", "kind", "address", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]
    list_export = [
        "name",
        "agency",
        "kind",
        "address",
        "opening_hours",
        "phone",
        "email",
    ]
    export_filename = "bo-phan-mot-cua"
    edit_handler = ObjectList(
        [
            FieldPanel("agency"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
            FieldPanel("address"),
            FieldPanel("opening_hours"),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            FieldPanel("head"),
            REASON,
        ],
        base_form_class=ScopedForm,
    )


class StaffProfileViewSet(ScopedModelViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = _("Staff")
    save_service = staticmethod(services.staff_profile_save)
    save_service_arg = "profile"
    add_view_class = StaffCreateView
    list_display = [
        "full_name",
        "agency",
        "receiving_unit",
        "position",
        "service_start",
        # "Có"/"Không" with an icon, not Python's True/False.
        BooleanColumn("is_active", label=_("In service")),
    ]
    list_filter = ["is_active", "position"]
    search_fields = ["full_name", "user__username", "user__email"]
    list_export = [
        "full_name",
        "agency",
        "receiving_unit",
        "position",
        "service_start",
        "is_active",
    ]
    export_filename = "cong-chuc"
    edit_handler = ObjectList(
        [
            FieldPanel("full_name"),
            FieldRowPanel([FieldPanel("agency"), FieldPanel("receiving_unit")]),
            FieldRowPanel([FieldPanel("position"), FieldPanel("service_start")]),
            FieldPanel("is_active"),
            REASON,
        ],
        base_form_class=ScopedForm,
    )


class SuccessionViewSet(ScopedModelViewSet):
    model = Succession
    icon = "arrow-right"
    menu_label = _("Agency successions")
    agency_lookups = ("predecessor", "successor")
    save_service = staticmethod(services.succession_save)
    save_service_arg = "succession"
    list_display = ["predecessor", "successor", "kind", "date", "legal_basis"]
    list_export = ["predecessor", "successor", "kind", "date", "legal_basis"]
    export_filename = "ke-thua-co-quan"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("predecessor"), FieldPanel("successor")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
            FieldPanel("legal_basis"),
            FieldPanel("note"),
            REASON,
        ],
        base_form_class=ScopedForm,
    )


class PositionViewSet(ServiceModelViewSet):
    """A province-wide catalogue of job titles; edited by administrators only."""

    model = Position
    history_view_class = FieldHistoryView
    icon = "tag"
    menu_label = _("Positions")
    save_service = staticmethod(services.position_save)
    save_service_arg = "position"
    list_display = ["name", "code", "is_one_stop", "is_head"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("code"),
            FieldRowPanel([FieldPanel("is_one_stop"), FieldPanel("is_head")]),
            REASON,
        ],
        base_form_class=ScopedForm,
    )
    inspect_view_enabled = True
    copy_view_enabled = False


class OrganisationGroup(ViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "group"
    menu_order = 150
    items = (
        AgencyViewSet,
        ReceivingUnitViewSet,
        StaffProfileViewSet,
        PositionViewSet,
        SuccessionViewSet,
    )


@hooks.register("register_admin_viewset")
def register_organisation() -> OrganisationGroup:
    return OrganisationGroup()


@hooks.register("construct_page_chooser_queryset")
def hide_other_agencies_drafts(pages: Any, request: Any) -> Any:
    """The chooser and its search list drafts only where the user may explore (AC-03)."""
    from django.db.models import Q
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if request.user.is_superuser:
        return pages
    explorable = PagePermissionPolicy().explorable_instances(request.user)
    return pages.filter(Q(live=True) | Q(pk__in=explorable.values("pk")))


@hooks.register("construct_reports_menu")
def hide_unscoped_reports(request: Any, menu_items: list[Any]) -> None:
    """Reports that list every agency (see qms.middleware.AdminScopeMiddleware) are not offered."""
    if request.user.is_superuser:
        return
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in {"site-history", "page-types-usage"}
    ]


@hooks.register("register_admin_urls")
def register_account_urls() -> list[Any]:
    from qms.views import credential_hold, credential_hold_lift, credential_holds

    return [
        path("account/confirm-identity/", credential_hold, name="qms_credential_hold"),
        path("account/holds/", credential_holds, name="qms_credential_holds"),
        path(
            "account/holds/<int:pk>/lift/",
            credential_hold_lift,
            name="qms_credential_hold_lift",
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_credential_holds_menu_item() -> Any:
    class SuperuserMenuItem(MenuItem):
        def is_shown(self, request: HttpRequest) -> bool:
            return bool(request.user.is_superuser)

    return SuperuserMenuItem(
        _("Accounts on hold"),
        reverse("qms_credential_holds"),
        icon_name="lock",
        order=610,
    )


@hooks.register("register_log_actions")
def register_account_log_actions(actions: Any) -> None:
    actions.register_action(
        "qms.account.deactivate", _("Deactivate account"), _("Account deactivated")
    )
    actions.register_action(
        "qms.account.reactivate", _("Reactivate account"), _("Account reactivated")
    )
    actions.register_action(
        "qms.account.email_change",
        _("Change e-mail"),
        _("E-mail address changed by another person"),
    )
    actions.register_action(
        "qms.account.password_change",
        _("Change password"),
        _("Password changed by another person"),
    )
    actions.register_action(
        "qms.account.hold_clear",
        _("Confirm identity"),
        _("Owner confirmed their identity"),
    )
    actions.register_action(
        "qms.account.hold_refused",
        _("Failed identity confirmation"),
        _("Identity confirmation refused: wrong previous password"),
    )
    actions.register_action(
        "qms.access_refused",
        _("Access refused"),
        _("Access refused to a record outside the user's scope"),
    )
    actions.register_action(
        "qms.account.hold_remove",
        _("Lift account hold"),
        _("Account hold lifted by a second administrator"),
    )


# Wagtail's user edit screen: remember the e-mail and password before the edit, so a change
# made to someone else's account can be logged and the owner told (ES-04).
@hooks.register("before_edit_user")
def remember_credentials(request: HttpRequest, user: User) -> None:
    request._qms_credentials = (user.email, user.password)  # type: ignore[attr-defined]


@hooks.register("after_edit_user")
def report_credentials_change(request: HttpRequest, user: User) -> None:
    remembered = getattr(request, "_qms_credentials", None)
    if remembered is None or not isinstance(request.user, User):
        return
    old_email, old_password = remembered
    user.refresh_from_db(fields=["email", "password"])
    accounts.credentials_changed(
        user=user,
        changed_by=request.user,
        old_email=old_email,
        old_password=old_password,
    )


# The notification centre (issue 11 part 2): a bell with the unread count for every user.
class NotificationsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.is_authenticated)

    def render_component(self, request: HttpRequest) -> Any:
        from wagtail.admin.ui.sidebar import LinkMenuItem

        from qms.selectors import notifications_unread_count

        # Menu items are cached across requests: build the per-user attrs afresh each time.
        attrs = {}
        unread = notifications_unread_count(request.user)
        if unread:
            attrs["data-qms-unread"] = "99+" if unread > 99 else str(unread)
            attrs["title"] = ngettext(
                "%(count)d unread notification",
                "%(count)d unread notifications",
                unread,
            ) % {"count": unread}
        return LinkMenuItem(
            self.name, self.label, self.url, icon_name=self.icon_name, attrs=attrs
        )


@hooks.register("register_admin_menu_item")
def register_notifications_menu_item() -> MenuItem:
    return NotificationsMenuItem(
        _("Notifications"),
        reverse("qms_notifications"),
        name="notifications",
        icon_name="bell",
        order=1,
    )


@hooks.register("register_admin_urls")
def register_notification_urls() -> list[Any]:
    from qms import notification_views as v

    return [
        path("notifications/", v.notifications, name="qms_notifications"),
        path(
            "notifications/<int:pk>/open/",
            v.notification_open,
            name="qms_notification_open",
        ),
        path(
            "notifications/read-all/",
            v.notifications_read_all,
            name="qms_notifications_read_all",
        ),
    ]


@hooks.register("register_admin_urls")
def register_export_urls() -> list[Any]:
    from qms import export_views as v

    return [
        path("exports/", v.exports, name="qms_exports"),
        path(
            "exports/<int:pk>/download/", v.export_download, name="qms_export_download"
        ),
    ]


@hooks.register("register_account_menu_item")
def register_exports_account_menu_item(request: HttpRequest) -> dict[str, Any]:
    # Where a person finds the files they asked for (issue 12): beside their account.
    return {
        "url": reverse("qms_exports"),
        "label": _("My exports"),
        "help_text": _("Export files prepared in the background, and their status."),
    }


@hooks.register("register_icons")
def register_bell_icon(icons: list[str]) -> list[str]:
    return [*icons, "qms/icons/bell.svg"]


@hooks.register("insert_global_admin_css")
def notifications_css() -> str:
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/admin-notifications.css")
    )


class NotificationsPanel(Component):
    """The promise of the welcome e-mail: the dashboard shows your latest notifications."""

    name = "qms_notifications"
    template_name = "qms/admin/notifications_panel.html"
    order = 50

    def __init__(self, latest: list[Any]) -> None:
        self.latest = latest

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"latest": self.latest}


@hooks.register("construct_homepage_panels")
def add_notifications_panel(request: HttpRequest, panels: list[Any]) -> None:
    from qms.selectors import notifications_for_user

    latest = list(notifications_for_user(request.user)[:5])
    if latest:
        panels.append(NotificationsPanel(latest))


# Việc của tôi (issue 13 part 1): one page and the first dashboard panel for every user,
# filled by the ``qms_my_work`` hooks of the apps (qms.my_work).
class MyWorkMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.is_authenticated)


@hooks.register("register_admin_menu_item")
def register_my_work_menu_item() -> MenuItem:
    return MyWorkMenuItem(
        _("My work"),
        reverse("qms_my_work"),
        name="my-work",
        icon_name="tasks",
        order=0,
    )


@hooks.register("register_admin_urls")
def register_my_work_urls() -> list[Any]:
    from qms.my_work import my_work

    return [path("viec-cua-toi/", my_work, name="qms_my_work")]


@hooks.register("construct_homepage_panels")
def add_my_work_panel(request: HttpRequest, panels: list[Any]) -> None:
    from qms.my_work import MyWorkPanel, my_work_groups

    panels.append(MyWorkPanel(my_work_groups(request.user)))


# Slugs in ASCII with the Vietnamese letters transliterated, in the editor as on the server
# (issue 13 part 3, qms.lib.slugs); branding and the user guide live in their own module.
def _vietnamese_slug_inputs() -> None:
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    from qms.lib.slugs import VietnameseSlugInput

    register_form_field_override(
        models.SlugField, override={"widget": VietnameseSlugInput}
    )


_vietnamese_slug_inputs()

from qms import branding_hooks  # noqa: E402, F401
