"""Reactions to Django and Wagtail events; each hands over to a service at once."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db import transaction

from qms import services
from qms.models import AgencyPage


def sync_roles_after_migrate(
    sender: Any, using: str = "default", **kwargs: Any
) -> None:
    # post_migrate reaches qms before the apps listed after it have their permissions.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    services.roles_sync()
    # Agencies created before collections existed (or by a data import) get theirs here.
    services.agency_collections_ensure()


def grant_agency_page_permissions(
    sender: Any, instance: AgencyPage, *, created: bool, **kwargs: Any
) -> None:
    if created and not kwargs.get("raw"):
        transaction.on_commit(lambda: services.agency_page_groups_sync(page=instance))
