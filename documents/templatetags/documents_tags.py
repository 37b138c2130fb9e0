"""Template tags of the portal's document pages and of the lists of documents in force.

Built in Python, as Django's admin builds its result list: node by node, the portal's
busiest pages spent more on rendering these tables than on all their queries (issue 14
part 6). Every value is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from itertools import groupby
from operator import attrgetter
from typing import Any

from django import template
from django.core.paginator import Page as DjangoPage
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.timezone import localtime
from django.utils.translation import gettext
from wagtail.models import Page

from documents.selectors import PublicDocument, public_documents

register = template.Library()

# The page-number parameter of every portal list ("trang" is Vietnamese for page).
PAGE_PARAM = "trang"


@register.simple_tag(takes_context=True)
def documents_in_force(context: Any, page: Page) -> SafeString:
    """List, a page at a time, the released documents of the indexes directly below ``page``."""
    request = context.get("request")
    number = request.GET.get(PAGE_PARAM, 1) if request is not None else 1
    return documents_section(public_documents(page, request, number))


def documents_section(documents: DjangoPage) -> SafeString:
    """The section listing a page of documents in force (``public_documents``); nothing at
    all when none is released: no heading over an empty list."""
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


def _cells(labels: list[str], values: Iterable[str]) -> str:
    """A table row's cells, each named by its column for a phone (``data-label``)."""
    return "".join(
        f'<td data-label="{label}">{value}</td>'
        for label, value in zip(labels, values, strict=True)
    )


def _head(labels: list[str]) -> str:
    return "".join(f'<th scope="col">{label}</th>' for label in labels)


def _day(value: Any) -> str:
    return escape(date_format(value, "SHORT_DATE_FORMAT")) if value else ""


@register.simple_tag(takes_context=True)
def document_control(context: Any) -> SafeString:
    """The control block of a document's public page (domain-vn.md §2.1): agency, code,
    release in force with its date, its approvals, the controlled PDF and the verify link.
    Reads ``page``, ``current_release`` and ``signatures`` from the context."""
    page, release = context["page"], context.get("current_release")
    facts = [
        (gettext("Agency"), escape(page.agency.name)),
        (gettext("Document code"), escape(page.code)),
    ]
    if release:
        facts.append((gettext("Release"), escape(release.number_label)))
        facts.append((gettext("Effective date"), _day(release.effective_date)))
    html = [
        '<section class="control-block" aria-labelledby="control-heading">'
        '<h2 id="control-heading" class="visually-hidden">'
        f'{escape(gettext("Document control"))}</h2><dl class="facts">',
        *(f"<dt>{escape(term)}</dt><dd>{value}</dd>" for term, value in facts),
        "</dl>",
    ]
    if release:
        html.append(_approvals(context.get("signatures") or []))
        html.append(_release_links(release))
    html.append("</section>")
    return mark_safe("".join(html))  # noqa: S308 - every value is escaped


def _approvals(signatures: Iterable[Any]) -> str:
    # Literal gettext calls: makemessages extracts only those.
    labels = [
        escape(label)
        for label in (
            gettext("Meaning"),
            gettext("Full name"),
            gettext("Position"),
            gettext("Signed at"),
        )
    ]
    rows = [
        "<tr>"
        + _cells(
            labels,
            (
                escape(signature.get_meaning_display()),
                escape(signature.printed_name),
                escape(signature.position),
                escape(
                    date_format(
                        localtime(signature.signed_at),
                        "SHORT_DATETIME_FORMAT",
                    )
                )
                + " (GMT+7)",
            ),
        )
        + "</tr>"
        for signature in signatures
    ]
    if not rows:
        before = gettext("Approved before electronic signatures were recorded.")
        rows = [f'<tr><td colspan="4">{escape(before)}</td></tr>']
    return (
        f'<table class="approvals stack"><caption>{escape(gettext("Approvals"))}'
        f"</caption><thead><tr>{_head(labels)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _release_links(release: Any) -> str:
    if release.pdf_status == "ready":
        pdf_url = reverse("documents:release_pdf", args=[release.verify_token])
        pdf = (
            f'<a class="button" href="{escape(pdf_url)}">'
            f"{escape(gettext('Download the controlled PDF'))}</a>"
        )
    else:
        waiting = gettext("The controlled PDF is being prepared.")
        pdf = f'<span class="muted">{escape(waiting)}</span>'
    # The page the QR code of a printed copy opens: whoever holds a copy can check it here.
    verify_url = reverse("documents:verify", args=[release.verify_token])
    verify = gettext("Check whether a printed copy is in force")
    return (
        f'<p class="release-links">{pdf} '
        f'<a href="{escape(verify_url)}">{escape(verify)}</a></p>'
    )


@register.simple_tag
def amendment_record(releases: list[Any]) -> SafeString:
    """Every release of a document, newest first (ISO 9001:2015 7.5.3.2: changes identified);
    nothing when it has none."""
    if not releases:
        return mark_safe("")
    labels = [
        escape(label)
        for label in (
            gettext("Release"),
            gettext("Effective date"),
            gettext("Amendment summary"),
            gettext("Status"),
        )
    ]
    rows = "".join(
        "<tr>"
        + _cells(
            labels,
            (
                escape(release.number_label),
                _day(release.effective_date),
                _lines(release.amendment_summary),
                escape(release.status_label),
            ),
        )
        + "</tr>"
        for release in releases
    )
    heading = escape(gettext("Amendment record"))
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<section aria-labelledby="amend-heading"><h2 id="amend-heading">{heading}</h2>'
        f'<table class="amendments stack"><thead><tr>{_head(labels)}</tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def _lines(text: str) -> str:
    """As the ``linebreaksbr`` filter: escaped, each line break a ``<br>``."""
    return escape(normalize_newlines(text or "")).replace("\n", "<br>")
