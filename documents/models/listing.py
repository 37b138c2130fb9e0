"""The portal's lists of documents in force: one row per listed document (issue 14 part 6).

An agency's, a unit's and an index's public page list the documents in force below them,
ordered by type and code and paged. Worked out from the page tree and the releases, a
ward's first page had to look up the release in force of each of its ~300 documents to
sort and count them; this denormalised copy holds, for each document that may be listed,
what the list shows (the release in force's frozen code and title, its number and
effective date), its type's rank and its parent index, so a page of the list reads fifty
rows by the index.

A row exists exactly while its page is live, carries no view restriction of its own and
has a release in force; whether the index above it is live and public is read with the
list (one or two index rows). Rows are written only by ``documents.services.portal_lists``,
on every release, withdrawal, publication, unpublication, move and view-restriction
change; deleting a page deletes its row.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class PortalListEntry(models.Model):
    """One document in force as the portal's lists show it."""

    page = models.OneToOneField(
        Page,
        verbose_name=_("page"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The page's parent (a document index); the lists are read by it.
    index = models.ForeignKey(
        Page, verbose_name=_("index"), on_delete=models.CASCADE, related_name="+"
    )
    # The page type's place in DOCUMENT_PAGE_MODELS: procedures, internal rules, policy.
    rank = models.PositiveSmallIntegerField(_("rank"))
    # The release in force, as released (ISO 9001:2015 7.5.3.2: what is in force is shown).
    code = models.CharField(_("document code"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    number = models.PositiveSmallIntegerField(_("release number"))
    effective_date = models.DateField(_("effective date"))

    class Meta:
        verbose_name = _("portal list entry")
        verbose_name_plural = _("portal list entries")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
