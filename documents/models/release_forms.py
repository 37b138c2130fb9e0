"""The forms (biểu mẫu) of a release, frozen when it is made (ISO 9001:2015 7.5.3.2).

A procedure's form rows and the files they point at may change after a release; what the
release published may not. Each row keeps the code, name, the stored file path, its type
and SHA-256 as they were at the release, and is never updated or deleted (a trigger refuses
it on PostgreSQL: migration 0014).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReleaseForm(models.Model):
    """One form of a release, as it was when the release was made."""

    release = models.ForeignKey(
        "documents.DocumentRelease",
        verbose_name=_("release"),
        on_delete=models.PROTECT,
        related_name="frozen_forms",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("form code"), max_length=40)
    name = models.CharField(_("form name"), max_length=255)
    # The file object the row chose (kept: a release's file is never deleted) and the
    # stored file it had then: a later upload replacing the object's file changes neither.
    document = models.ForeignKey(
        "documents.QmsDocument",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(_("stored file"), max_length=255, blank=True)
    kind = models.CharField(_("file type"), max_length=10, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("form of a release")
        verbose_name_plural = _("forms of releases")
        ordering = ["release_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "position"],
                name="documents_releaseform_position_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def kind_label(self) -> str:
        return self.kind.upper()

    @property
    def download_name(self) -> str:
        """The name a download is saved under: "BM-01-Tờ khai đăng ký….docx"."""
        name = f"{self.code}-{self.name}".replace("/", "-").replace("\\", "-")
        return f"{name}.{self.kind}"
