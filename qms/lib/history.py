"""Turn django-simple-history rows into what a reader of the audit trail needs.

ISO 9001:2015 7.5.3.2(c) asks that changes to documented information are controlled; an
auditor checks that by reading who changed what, when and why. Each row becomes an entry with
the printed name of the person, the local time, the action, every changed field as
"old → new" under the field's translated label, and the reason. Labels of foreign keys, m2m
targets and people are fetched in one query per related model, so a page of entries costs the
same number of queries whatever its length.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMPTY = "—"
MAX_VALUE_CHARS = 300

ACTION_LABELS = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Deleted"),
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One history row as shown on a history screen."""

    record: Any
    who: str
    when: dt.datetime
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def pk(self) -> Any:
        # Wagtail's table rows ask their instance for a pk.
        return self.record.pk


def printed_name(user: Any) -> str:
    """The person's name as printed on records: the staff profile's, else the account's."""
    if user is None:
        return _("System")
    try:
        profile = user.staff_profile
    except ObjectDoesNotExist:
        profile = None
    if profile is not None and profile.full_name:
        return str(profile.full_name)
    return str(user.get_full_name() or user.get_username())


def history_queryset(model: type[models.Model], pk: Any) -> models.QuerySet[Any]:
    """The history rows of one object, newest first, with the people and m2m rows joined."""
    manager: Any = model.history  # type: ignore[attr-defined]
    queryset = manager.filter(id=pk).select_related("history_user__staff_profile")
    m2m_names = [
        m2m_accessor(manager.model, f)
        for f in getattr(manager.model, "_history_m2m_fields", [])
    ]
    if m2m_names:
        queryset = queryset.prefetch_related(*m2m_names)
    return queryset.order_by("-history_date", "-history_id")


def m2m_accessor(history_model: Any, m2m: models.ManyToManyField[Any, Any]) -> str:
    """The reverse accessor from a history row to its rows of the m2m history model.

    simple-history's own ``record.<field>`` descriptor builds a fresh manager each time, which
    prefetch_related cannot fill; the plain reverse relation of the ``history`` key can.
    """
    through = m2m.remote_field.through
    for rel in history_model._meta.related_objects:
        if getattr(rel.related_model, "instance_type", None) is through:
            return str(rel.get_accessor_name())
    raise LookupError(m2m.name)


def tracked_fields(history_model: Any) -> list[models.Field[Any, Any]]:
    """The original model's fields that history keeps, in declaration order, without the pk."""
    return [
        f
        for f in history_model.tracked_fields
        if not f.primary_key and f.name != "history"
    ]


def build_entries(
    records: Sequence[Any], previous: Any | None = None
) -> list[HistoryEntry]:
    """Entries for ``records`` (newest first); ``previous`` is the row just older than the last."""
    if not records:
        return []
    history_model = type(records[0])
    fields = tracked_fields(history_model)
    m2m_fields = list(getattr(history_model, "_history_m2m_fields", []))
    chain = [*records, previous] if previous is not None else list(records)
    labels = _Labels(fields, m2m_fields, chain)
    entries = []
    for index, record in enumerate(records):
        older = chain[index + 1] if index + 1 < len(chain) else None
        entries.append(
            HistoryEntry(
                record=record,
                who=printed_name(record.history_user),
                when=timezone.localtime(record.history_date),
                action=str(ACTION_LABELS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=_changes(record, older, fields, m2m_fields, labels),
            )
        )
    return entries


def _changes(
    record: Any,
    older: Any | None,
    fields: list[models.Field[Any, Any]],
    m2m_fields: list[models.ManyToManyField[Any, Any]],
    labels: _Labels,
) -> list[FieldChange]:
    if record.history_type == "-":
        return []  # a deletion changes no field; the row itself says it is gone
    changes = []
    for f in fields:
        new = getattr(record, f.attname)
        old = getattr(older, f.attname) if older is not None else None
        if older is None and new in (None, "", [], {}):
            continue  # on creation, list only the values that were given
        if older is not None and _same(old, new):
            continue
        changes.append(
            FieldChange(
                capfirst(str(f.verbose_name)),
                labels.display(f, old) if older is not None else EMPTY,
                labels.display(f, new),
            )
        )
    for m2m in m2m_fields:
        new_ids = _m2m_ids(record, m2m)
        old_ids = _m2m_ids(older, m2m) if older is not None else set()
        if new_ids == old_ids:
            continue
        changes.append(
            FieldChange(
                capfirst(str(m2m.verbose_name)),
                labels.display_many(m2m, old_ids),
                labels.display_many(m2m, new_ids),
            )
        )
    return changes


def _m2m_ids(record: Any, m2m: models.ManyToManyField[Any, Any]) -> set[Any]:
    target = m2m.m2m_reverse_name()  # the through column pointing at the target
    rows = getattr(record, m2m_accessor(type(record), m2m))
    # .all() reads the prefetched rows: no query per entry.
    return {getattr(row, target) for row in rows.all()}


class _Labels:
    """Labels of every related object the entries mention, one query per related model."""

    def __init__(
        self,
        fields: Iterable[models.Field[Any, Any]],
        m2m_fields: Iterable[models.ManyToManyField[Any, Any]],
        records: Sequence[Any],
    ) -> None:
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        for f in fields:
            if f.is_relation and f.related_model is not None:
                for record in records:
                    value = getattr(record, f.attname)
                    if value is not None:
                        wanted[_related(f)].add(value)
        for m2m in m2m_fields:
            for record in records:
                wanted[_related(m2m)].update(_m2m_ids(record, m2m))
        self._labels: dict[tuple[type[models.Model], Any], str] = {}
        for model, ids in wanted.items():
            for obj in _fetch(model, ids):
                self._labels[(model, obj.pk)] = _label(obj)

    def label(self, model: type[models.Model], pk: Any) -> str:
        missing = _("#%(id)s (deleted)") % {"id": pk}
        return self._labels.get((model, pk), missing)

    def display(self, f: models.Field[Any, Any], value: Any) -> str:
        if value is None or value == "":
            return EMPTY
        if f.is_relation and f.related_model is not None:
            return self.label(_related(f), value)
        return display_value(f, value)

    def display_many(self, m2m: models.ManyToManyField[Any, Any], ids: set[Any]) -> str:
        if not ids:
            return EMPTY
        return ", ".join(sorted(self.label(_related(m2m), pk) for pk in ids))


def _related(f: models.Field[Any, Any]) -> type[models.Model]:
    model: Any = f.related_model
    return model._meta.concrete_model


def _fetch(model: type[models.Model], ids: set[Any]) -> list[models.Model]:
    queryset: Any = model._base_manager.filter(pk__in=ids)
    if model._meta.label == settings.AUTH_USER_MODEL:
        return list(queryset.select_related("staff_profile"))
    # One level of foreign keys: most labels (__str__) name a parent record.
    parents = [f.name for f in model._meta.concrete_fields if f.many_to_one]
    return list(queryset.select_related(*parents))


def _label(obj: models.Model) -> str:
    if obj._meta.label == settings.AUTH_USER_MODEL:
        return printed_name(obj)
    return str(obj)


def display_value(f: models.Field[Any, Any], value: Any) -> str:
    """A field value as a reader sees it: choice labels, local dates, Yes/No, file names."""
    choices = dict(f.flatchoices) if f.choices else {}
    if isinstance(
        value, list
    ):  # JSON lists (e.g. several choices): each as a reader sees it
        return "; ".join(str(_choice(choices, v)) for v in value) or EMPTY
    if _hashable(value) and value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if hasattr(value, "name") and isinstance(f, models.FileField):
        value = value.name
    text = formats.localize(value) if not isinstance(value, str) else value
    return Truncator(str(text)).chars(MAX_VALUE_CHARS)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _choice(choices: dict[Any, Any], value: Any) -> Any:
    return choices.get(value, value) if _hashable(value) else value


def _same(old: Any, new: Any) -> bool:
    """Equal, counting a text's Windows and Unix line breaks as one (browsers send CRLF)."""
    if isinstance(old, str) and isinstance(new, str):
        return old.replace("\r\n", "\n") == new.replace("\r\n", "\n")
    return bool(old == new)
