"""Template tags the portal's agency and unit pages use to list their documents in force."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from itertools import groupby
from operator import attrgetter
from typing import Any

from django import template
from django.core.paginator import Page as DjangoPage
from django.utils.formats import date_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from wagtail.models import Page

from documents.selectors import PublicDocument, public_documents

register = template.Library()

# The page-number parameter of every portal list ("trang" is Vietnamese for page).
PAGE_PARAM = "trang"


@register.simple_tag(takes_context=True)
def documents_in_force(context: Any, page: Page) -> SafeString:
    """List, a page at a time, the released documents of the indexes directly below ``page``.

    Nothing at all when none is released: no heading over an empty list.
    """
    request = context.get("request")
    number = request.GET.get(PAGE_PARAM, 1) if request is not None else 1
    documents = public_documents(page, request, number)
    if not documents.paginator.count:
        return mark_safe("")
    heading = escape(gettext("Procedures, internal rules and policy in force"))
    return mark_safe(  # noqa: S308 - the heading is escaped, the list escapes its values
        f'<section aria-labelledby="docs-heading"><h2 id="docs-heading">{heading}</h2>'
        f"{document_list(documents)}</section>"
    )


@register.simple_tag
def document_list(documents: DjangoPage, level: int = 3) -> SafeString:
    """A page of PublicDocument rows (``public_documents``): a table per type, then the pager.

    Built in Python, as Django's admin builds its result list: the portal's busiest page
    spent more on rendering fifty rows node by node than on all its queries (issue 14
    part 6). Every value is escaped.
    """
    parts = []
    for group, rows in groupby(documents.object_list, key=attrgetter("group")):
        parts.append(
            f'<h{level} class="document-group">{escape(group)}</h{level}>'
            f'<table class="register stack"><thead><tr>{_header_cells()}</tr></thead>'
            f"<tbody>{_table_rows(rows)}</tbody></table>"
        )
    parts.append(_pager(documents))
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


def _header_cells() -> str:
    return "".join(
        f'<th scope="col">{escape(label)}</th>'
        for label in (
            gettext("Document code"),
            gettext("Document title"),
            gettext("Release"),
            gettext("Effective date"),
        )
    )


def _table_rows(documents: Iterable[PublicDocument]) -> str:
    """The ``<tr>`` rows of a document table; ``data-label`` names each cell on a phone."""
    code = escape(gettext("Document code"))
    title = escape(gettext("Document title"))
    release = escape(gettext("Release"))
    effective = escape(gettext("Effective date"))
    days: dict[Any, str] = {}
    rows = []
    for document in documents:
        day = days.get(document.effective_date)
        if day is None:
            day = days[document.effective_date] = escape(
                date_format(document.effective_date, "SHORT_DATE_FORMAT")
            )
        rows.append(
            f'<tr><td data-label="{code}">{escape(document.code)}</td>'
            f'<td data-label="{title}"><a href="{escape(document.url)}">'
            f"{escape(document.title)}</a></td>"
            f'<td data-label="{release}">{escape(document.number_label)}</td>'
            f'<td data-label="{effective}">{day}</td></tr>'
        )
    return "".join(rows)


def _pager(documents: DjangoPage) -> str:
    """Links to the list's other pages (``?trang=N``), when it has more than one."""
    paginator = documents.paginator
    if paginator.num_pages <= 1:
        return ""
    summary = gettext("Documents %(first)s–%(last)s of %(total)s") % {
        "first": localize(documents.start_index()),
        "last": localize(documents.end_index()),
        "total": localize(paginator.count),
    }
    items = []
    if documents.has_previous():
        items.append(
            f'<li><a href="?{PAGE_PARAM}={documents.previous_page_number()}" '
            f'rel="prev">{escape(gettext("Previous"))}</a></li>'
        )
    for number in paginator.get_elided_page_range(documents.number):
        if number == documents.number:
            items.append(f'<li><span aria-current="page">{number}</span></li>')
        elif number == paginator.ELLIPSIS:
            items.append("<li><span>…</span></li>")
        else:
            items.append(f'<li><a href="?{PAGE_PARAM}={number}">{number}</a></li>')
    if documents.has_next():
        items.append(
            f'<li><a href="?{PAGE_PARAM}={documents.next_page_number()}" '
            f'rel="next">{escape(gettext("Next"))}</a></li>'
        )
    label = escape(gettext("Pages of the list"))
    return (
        f'<nav class="pager" aria-label="{label}"><p>{escape(summary)}</p>'
        f"<ul>{''.join(items)}</ul></nav>"
    )
