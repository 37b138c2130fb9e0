"""The ISO 9001:2015 clause library: numbers and short titles only, loaded as data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.lib.inputs import CodeField, TitleField


def clause_sort_key(number: str) -> str:
    """Zero-pad each part so that 10.2 sorts after 9.3 and 7.1.6 after 7.1.5."""
    return ".".join(part.zfill(3) for part in number.split("."))


class Clause(models.Model):
    """One clause of TCVN ISO 9001:2015 (the standard's text is copyrighted and never stored)."""

    number = CodeField(_("clause"), max_length=12, unique=True)
    title = TitleField(_("clause title"), max_length=255)
    amendment = models.CharField(
        _("amendment"),
        max_length=80,
        blank=True,
        help_text=_("An amendment that changed this clause, e.g. Amd 1:2024."),
    )
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ISO 9001 clause")
        verbose_name_plural = _("ISO 9001 clauses")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.sort_key = clause_sort_key(self.number)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
