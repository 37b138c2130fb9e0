"""Input rules every app applies: normalised fields, duplicate codes, sane dates and years.

The model fields normalise in ``to_python``, so ``full_clean`` (which the services run
before saving) stores the cleaned value and the uniqueness check compares it; and again in
``pre_save``, so a path that skips validation (bulk loads, ``objects.create``) still stores
the cleaned value, though only ``full_clean`` refuses a value that cleans to nothing. Their
form fields normalise too, so a form's own checks see what will be stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from qms.lib.text import clean_line, clean_text, normalize_code

# Nothing our agencies keep predates the state (2 September 1945): an earlier date is a typo.
EARLIEST_DATE = dt.date(1945, 9, 2)
# Plans, due dates and effective dates further ahead than this are typos ("2205" for "2025").
MAX_YEARS_AHEAD = 10


class _LineFormField(forms.CharField):
    normalizer: Callable[[str | None], str] = staticmethod(clean_line)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        # An all-invisible value becomes the empty value, so "required" is reported.
        if not value:
            return value
        return self.normalizer(value) or self.empty_value


class LineFormField(_LineFormField):
    """A one-line text input stored as ``clean_line`` makes it."""


class CodeFormField(_LineFormField):
    """A code input stored as ``normalize_code`` makes it."""

    normalizer = staticmethod(normalize_code)


class TextFormField(_LineFormField):
    """A multi-line input (reasons, descriptions) stored as ``clean_text`` makes it."""

    normalizer = staticmethod(clean_text)


class _NormalisedCharField(models.CharField):
    normalizer: Callable[[str | None], str] = staticmethod(clean_line)
    form_class: type[forms.CharField] = LineFormField

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return self.normalizer(value) if isinstance(value, str) else value

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:  # noqa: FBT001
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = self.normalizer(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(
        self,
        form_class: Any = None,
        choices_form_class: Any = None,
        **kwargs: Any,
    ) -> Any:
        if form_class is None and not self.choices:
            form_class = self.form_class
        return super().formfield(
            form_class=form_class, choices_form_class=choices_form_class, **kwargs
        )


class TitleField(_NormalisedCharField):
    """A name or title: NFC, invisible characters removed, spaces trimmed and collapsed.

    Unless ``blank=True``, a value that is empty after cleaning is refused as missing.
    """


class CodeField(_NormalisedCharField):
    """A code or number: as ``TitleField``, and look-alike dashes stored as "-"."""

    normalizer = staticmethod(normalize_code)
    form_class = CodeFormField


def field_label(model: type[models.Model], field_name: str) -> str:
    """The field's verbose name, capitalised, as error messages name it."""
    return str(capfirst(model._meta.get_field(field_name).verbose_name))  # type: ignore[union-attr]


def same_code(field_name: str, code: str) -> models.Q:
    """A filter for rows whose ``field_name`` is ``code`` regardless of case.

    ``iexact`` folds only ASCII on SQLite, so "nđ-cp" would miss "NĐ-CP"; a case-insensitive
    anchored regex runs Python's Unicode-aware ``re`` on SQLite and ``~*`` on PostgreSQL.
    """
    return models.Q(**{f"{field_name}__iregex": f"^{re.escape(code)}$"})


def required_error(label: object) -> str:
    """The message for a name or title left blank, or filled only with invisible characters."""
    return _(
        "%(field)s is required; spaces and invisible characters alone do not count."
    ) % {"field": capfirst(str(label))}


def duplicate_code_error(
    instance: models.Model,
    field_name: str,
    queryset: models.QuerySet[Any] | None = None,
) -> ValidationError | None:
    """Refuse a code another record already uses, ignoring case, dashes and invisible marks.

    ``queryset`` narrows where the code must be unique (one agency's documents, the current
    checklist templates); by default it is every record of the model.
    """
    model = type(instance)
    code = normalize_code(getattr(instance, field_name))
    if not code:
        return None
    others = queryset if queryset is not None else model._default_manager.all()
    others = others.filter(same_code(field_name, code))
    if instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    if not others.exists():
        return None
    return ValidationError(
        _(
            "%(field)s “%(code)s” is already in use. Codes that differ only in capital "
            "letters, dashes or invisible characters are the same code."
        )
        % {"field": field_label(model, field_name), "code": code},
        code="duplicate_code",
    )


def date_error(
    value: dt.date | None, *, label: object, past: bool = False
) -> str | None:
    """Why a date typed for ``label`` cannot be right, or None.

    Every date lies between 1945 and ten years from today; ``past`` dates (an event that has
    happened: a detection, an issue, a start of service) cannot be later than today.
    """
    if value is None:
        return None
    label = capfirst(str(label))
    today = timezone.localdate()
    if value < EARLIEST_DATE:
        return _("%(field)s cannot be before %(year)d; check the year.") % {
            "field": label,
            "year": EARLIEST_DATE.year,
        }
    if past and value > today:
        return _("%(field)s cannot be later than today.") % {"field": label}
    if value.year > today.year + MAX_YEARS_AHEAD:
        return _(
            "%(field)s cannot be more than %(years)d years ahead; check the year."
        ) % {"field": label, "years": MAX_YEARS_AHEAD}
    return None


def year_error(value: int | None, *, label: object) -> str | None:
    """Why a year typed for ``label`` cannot be right (before 1945 or > 10 years ahead)."""
    if value is None:
        return None
    return date_error(dt.date(min(max(value, 1), 9999), 12, 31), label=label)


def date_errors(
    instance: models.Model, *, past: Iterable[str] = (), planned: Iterable[str] = ()
) -> dict[str, Any]:
    """The date errors of a record's fields, keyed by field name, for ``Model.clean``."""
    model = type(instance)
    errors: dict[str, Any] = {}
    for names, is_past in ((past, True), (planned, False)):
        for name in names:
            error = date_error(
                getattr(instance, name), label=field_label(model, name), past=is_past
            )
            if error:
                errors[name] = error
    return errors
