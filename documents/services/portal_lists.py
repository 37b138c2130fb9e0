"""Keep the portal's list entries (``PortalListEntry``) in step with the pages and releases.

A row says that a document may be listed on its agency's, unit's and index's public page
(issue 14 part 6): its page is live, carries no view restriction of its own and has a
release in force. Whatever changes one of these rewrites the rows concerned from the pages
and releases themselves, in the same transaction: a release made, superseded or withdrawn
(``documents.services.releases``), a page published, unpublished or moved and a view
restriction added or removed (``documents.handlers``). ``list_entries_rebuild`` rewrites
them all (the ``rebuild_portal_lists`` command, the migration that made the table, the
benchmark's generated province).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from wagtail.models import Page

from documents.models import DOCUMENT_PAGE_MODELS, DocumentRelease, PortalListEntry
from documents.selectors import releases_in_force

_BATCH = 1000


def _type_ranks() -> dict[int, int]:
    """Each document type's content type and its place in the lists (procedures first)."""
    types = ContentType.objects.get_for_models(*DOCUMENT_PAGE_MODELS)
    return {types[model].pk: rank for rank, model in enumerate(DOCUMENT_PAGE_MODELS)}


_Row = tuple[int, str, int, str, str, int, dt.date]


def _listed_releases(scope: Q) -> QuerySet[DocumentRelease, _Row]:
    """The releases in force of the live, unrestricted pages in ``scope``."""
    return (
        releases_in_force(DocumentRelease.objects.filter(scope, page__live=True))
        .exclude(page__view_restrictions__isnull=False)
        .values_list(
            "page_id",
            "page__path",
            "page__content_type_id",
            "code",
            "title",
            "number",
            "effective_date",
        )
        .order_by("page__path")
    )


def _entries(scope: Q) -> Iterator[PortalListEntry]:
    ranks = _type_ranks()
    steplen = Page.steplen
    rows = _listed_releases(scope).iterator(chunk_size=_BATCH)
    while batch := list(islice(rows, _BATCH)):
        parents = dict(
            Page.objects.filter(
                path__in={path[:-steplen] for _id, path, *_rest in batch}
            ).values_list("path", "id")
        )
        for page_id, path, type_id, code, title, number, effective in batch:
            if type_id in ranks and path[:-steplen] in parents:
                yield PortalListEntry(
                    page_id=page_id,
                    index_id=parents[path[:-steplen]],
                    rank=ranks[type_id],
                    code=code,
                    title=title,
                    number=number,
                    effective_date=effective,
                )


def _rewrite(scope: Q) -> None:
    PortalListEntry.objects.filter(scope).delete()
    entries = _entries(scope)
    while batch := list(islice(entries, _BATCH)):
        PortalListEntry.objects.bulk_create(batch)


@transaction.atomic
def list_entries_refresh(
    *, pages: Iterable[int] = (), under: Page | None = None
) -> None:
    """Rewrite the list entries of ``pages`` (ids) and of every page at or below ``under``."""
    scope = Q()
    if ids := list(pages):
        scope |= Q(page_id__in=ids)
    if under is not None:
        scope |= Q(page__path__startswith=under.path)
    if scope:
        _rewrite(scope)


@transaction.atomic
def list_entries_rebuild() -> int:
    """Rewrite every list entry from the pages and releases; returns how many there are."""
    _rewrite(Q())
    return PortalListEntry.objects.count()
