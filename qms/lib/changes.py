"""One way to record a change: validate, save with history, write the Wagtail log entry.

Every service of every app saves a row through ``record_change`` (ISO 9001:2015 7.5.3.2:
changes to documented information are controlled and traceable). django-simple-history
keeps the field values with the acting user and the reason; Wagtail's log keeps the verb
for the admin's "History" and "Logs" screens. Set-based writes (fan-out, sweeps) do not come
here: they write their history rows themselves, see tests/test_history_bypass.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final, TypeVar

from django.db import models
from wagtail.log_actions import log

M = TypeVar("M", bound=models.Model)

# "wagtail.create" for a row that is new, "wagtail.edit" for one that exists.
CREATE_OR_EDIT: Final = "create-or-edit"


def history_user(user: Any) -> Any:
    """The account to record as the author of a change; None for the system and anonymous."""
    return user if getattr(user, "pk", None) else None


def record_change(
    instance: M,
    *,
    user: Any,
    reason: str,
    action: str | None = CREATE_OR_EDIT,
    validate: bool = True,
    exclude: Iterable[str] | None = None,
    update_fields: Iterable[str] | None = None,
) -> M:
    """Validate ``instance``, save it with its history (user, reason) and log ``action``.

    ``validate=False`` is for the few callers that cannot run ``full_clean`` (they say why);
    ``exclude`` skips fields validated elsewhere (a many-to-many set after the save).
    ``action=None`` writes no log entry, for callers that write a richer one themselves. The
    log is skipped, too, when nobody acts (a system task, an anonymous citizen): Wagtail's
    log would otherwise attribute the change to whoever the request context holds.
    """
    if validate:
        instance.full_clean(exclude=list(exclude) if exclude is not None else None)
    created = instance._state.adding
    author = history_user(user)
    instance._history_user = author  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save(update_fields=list(update_fields) if update_fields else None)
    if action == CREATE_OR_EDIT:
        action = "wagtail.create" if created else "wagtail.edit"
    if action and author is not None:
        log(instance=instance, action=action, user=author, content_changed=True)
    return instance
