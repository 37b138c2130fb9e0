"""Template tags the portal's agency and unit pages use to list their documents in force."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from wagtail.models import Page

from documents.selectors import PublicDocument, public_documents

register = template.Library()

# The page-number parameter of every portal list ("trang" is Vietnamese for page).
PAGE_PARAM = "trang"


@register.inclusion_tag(
    "documents/includes/documents_in_force.html", takes_context=True
)
def documents_in_force(context: Any, page: Page) -> dict[str, Any]:
    """List, a page at a time, the released documents of the indexes directly below ``page``."""
    request = context.get("request")
    number = request.GET.get(PAGE_PARAM, 1) if request is not None else 1
    return {
        "documents": public_documents(page, request, number),
        "page_param": PAGE_PARAM,
        "request": request,
    }


@register.simple_tag
def document_table_rows(documents: Iterable[PublicDocument]) -> SafeString:
    """The ``<tr>`` rows of a portal document table, every value escaped.

    Built in Python, as Django's admin builds its result list: fifty rows rendered node by
    node cost an agency page more than all its queries (issue 14 part 6). ``data-label``
    names each cell when the table becomes cards on a phone.
    """
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
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
