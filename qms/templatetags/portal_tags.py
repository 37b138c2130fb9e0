"""Template tags of the portal: the home's agency cards, every page's breadcrumb trail."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from qms.selectors import PortalAgency, PortalLink, breadcrumb_links

register = template.Library()


def _link(link: PortalLink) -> str:
    name = escape(link.name)
    return f'<a href="{escape(link.url)}">{name}</a>' if link.url else name


@register.simple_tag
def agency_cards(agencies: Iterable[PortalAgency]) -> SafeString:
    """One ``<li class="card">`` per agency: its name, kind and one-stop units, escaped.

    Built in Python, as Django's admin builds its result list: the home lists a province's
    100+ agencies, and rendering their cards node by node cost it more than its queries
    (issue 14 part 6).
    """
    cards = []
    for agency in agencies:
        units = "".join(f"<li>{_link(unit)}</li>" for unit in agency.units)
        cards.append(
            f'<li class="card"><h3><a href="{escape(agency.url)}">{escape(agency.name)}'
            f'</a></h3><p class="muted">{escape(agency.kind_label)}</p>'
            + (f'<ul class="unit-list">{units}</ul>' if units else "")
            + "</li>"
        )
    return mark_safe("\n".join(cards))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def breadcrumb_items(context: Any, page: Any) -> SafeString:
    """One ``<li>`` link per ancestor of ``page`` below the root, top first (escaped).

    The links the page read with its context (``breadcrumb_links``), else read here.
    """
    links = context.get("breadcrumb_links")
    if links is None:
        links = breadcrumb_links(page, context.get("request"))
    items = "".join(f"<li>{_link(link)}</li>" for link in links)
    return mark_safe(items)  # noqa: S308 - every value is escaped by _link
