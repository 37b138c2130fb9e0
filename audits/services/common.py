"""Helpers shared by the audit services: who may act, locking, guarding a state."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from qms.exceptions import TransitionError
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles

M = TypeVar("M", bound=models.Model)

MANAGER_ROLES = frozenset({Role.QUALITY_OFFICER, Role.HEAD})


def is_agency_manager(user: Any, agency_id: int | None) -> bool:
    """A quality officer or head whose writable scope holds the agency, or a superuser."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not (user_roles(user) & MANAGER_ROLES):
        return False
    writable = agency_scope_for(user).writable
    return writable is None or agency_id in writable


def is_auditor(user: Any) -> bool:
    return bool(user is not None and Role.AUDITOR in user_roles(user))


def require(condition: bool, message: str) -> None:  # noqa: FBT001
    if not condition:
        raise PermissionDenied(message)


def require_status(instance: Any, allowed: tuple[str, ...], message: str) -> None:
    if instance.status not in allowed:
        raise TransitionError(message)


def lock(instance: M) -> M:
    """Re-read the row under a lock: two people moving the same record make one change."""
    manager: Any = type(instance)._default_manager
    return manager.select_for_update().get(pk=instance.pk)


def no_permission() -> str:
    return _("You do not have permission to do this.")
