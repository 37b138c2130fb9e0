"""Serializers for dumpdata/loaddata that survive the log of a deleted page (BR-02, BR-03).

Wagtail keeps the log entries of a deleted page on purpose: ``PageLogEntry.page`` has no
database constraint, so the audit trail outlives the page (AT-04, ISO 9001:2015 7.5.3.2 d).
Django's ``--natural-foreign`` fetches the target of every foreign key to write its natural
key and fails on such an entry. For a foreign key without a constraint whose target is gone,
these serializers write the raw id instead, which loaddata reads back unchanged.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models


class DanglingForeignKeyMixin:
    """Write the raw id of a constraint-free foreign key whose target no longer exists."""

    use_natural_foreign_keys: bool
    _current: dict[str, Any]

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        if self.use_natural_foreign_keys and not field.db_constraint:
            try:
                getattr(obj, field.name)  # cached on obj: the natural key reuses it
            except ObjectDoesNotExist:
                self._current[field.name] = getattr(obj, field.attname)
                return
        super().handle_fk_field(obj, field)  # type: ignore[misc]
