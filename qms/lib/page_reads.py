"""A portal page's own reads, sent with its row when it is served (issue 14 part 6).

Routing finds a page's generic row; serving it then needs its specific row, with what its
template follows (``serve_related``), and the busiest pages need a few statements of their
own: their lists and sections, the breadcrumb trail. Each was a round trip, and under a
crowd each round trip is also a wait and a wake-up for the worker. A page type names those
statements in ``serving_reads``, built from the generic row alone (id, path, depth, type),
so that routing sends them with the specific row in one round trip
(``qms.lib.sql.read_together``) and hands their answers to the instance it serves. A page
rendered another way (a preview, a test calling ``serve``) reads them in ``get_context``.

Wagtail checks the view restrictions after routing, as before: a restricted page's reads
are then made but never shown.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from qms.lib.sql import Read, fetch_with_related_read, read_together


class ServingReadsMixin:
    """For a page type whose public context reads statements of its own."""

    # The answers of ``serving_reads`` read when the page was routed, for one rendering.
    served_reads: dict[str, Any] | None = None

    @classmethod
    def serving_reads(cls, page: Page, request: Any) -> dict[str, Read[Any] | None]:
        """The page's own reads by context name; ``page`` may be the generic row only."""
        return {}

    def context_reads(self, request: Any) -> dict[str, Any]:
        """What ``serving_reads`` built for this page: read at routing, else now."""
        found, self.served_reads = self.served_reads, None
        if found is None:
            reads = type(self).serving_reads(self, request)
            found = dict(zip(reads, read_together(list(reads.values())), strict=True))
        return found


def specific_for_serving(page: Page, request: Any) -> Page:
    """``page.specific``, with what its template follows and its own reads, in one round
    trip when its type names them (``serve_related``, ``serving_reads``)."""
    model = page.specific_class
    related = getattr(model, "serve_related", None)
    if model is None or isinstance(page, model) or related is None:
        return page.specific
    reads_of = getattr(model, "serving_reads", None)
    reads = reads_of(page, request) if reads_of is not None else {}
    specific, *answers = read_together(
        [fetch_with_related_read(model, page.pk, related), *reads.values()]
    )
    if specific is None:  # gone since routing found it
        return page.specific
    if reads:
        specific.served_reads = dict(zip(reads, answers, strict=True))
    return specific
