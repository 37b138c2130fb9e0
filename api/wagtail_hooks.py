"""The keys screen in the admin's settings menu, for province administrators only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def register_key_urls() -> list[Any]:
    from api.admin_views import keys, revoke

    return [
        path("api-keys/", keys, name="api_keys"),
        # The key is named by its public prefix, never by its hashed id.
        path("api-keys/<str:key_id>/revoke/", revoke, name="api_key_revoke"),
    ]


@hooks.register("register_settings_menu_item")
def register_keys_menu_item() -> Any:
    class SuperuserMenuItem(MenuItem):
        def is_shown(self, request: HttpRequest) -> bool:
            return bool(request.user.is_superuser)

    return SuperuserMenuItem(
        _("API keys"), reverse("api_keys"), icon_name="key", order=620
    )
