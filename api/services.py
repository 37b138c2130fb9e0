"""Creating and revoking system keys: province administrators only (issue 17 part 3)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from api.models import SystemKey
from qms.lib.changes import record_change
from qms.lib.text import is_blank


def _require_admin(user: Any) -> None:
    if not getattr(user, "is_superuser", False):
        raise PermissionDenied(_("Only a province administrator manages system keys."))


@transaction.atomic
def system_key_create(
    *, name: str, agency: Any, scopes: list[str], user: Any
) -> tuple[SystemKey, str]:
    """A new key and its secret, which is shown once and stored only as a hash."""
    _require_admin(user)
    if is_blank(name):
        raise ValidationError({"name": _("Name the system that will use the key.")})
    unknown = set(scopes) - set(SystemKey.Scope.values)
    if not scopes or unknown:
        raise ValidationError({"scopes": _("Choose at least one scope.")})
    key = SystemKey(
        name=name.strip(), agency=agency, scopes=sorted(scopes), created_by=user
    )
    secret = SystemKey.objects.assign_key(key)
    record_change(key, user=user, reason=_("System key created"), action=None)
    return key, secret


@transaction.atomic
def system_key_revoke(*, key: SystemKey, user: Any, reason: str) -> SystemKey:
    _require_admin(user)
    if is_blank(reason):
        raise ValidationError({"reason": _("Say why the key is revoked.")})
    key = SystemKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked:
        raise ValidationError(_("This key has already been revoked."))
    key.revoked = True
    record_change(key, user=user, reason=reason, action=None, update_fields=["revoked"])
    return key
