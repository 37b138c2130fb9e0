"""Template tags the portal's agency and unit pages use to list their documents in force."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

from documents.models import DocumentIndexPage
from documents.selectors import public_documents_under

register = template.Library()


@register.inclusion_tag("documents/includes/documents_in_force.html")
def documents_in_force(page: Page) -> dict[str, Any]:
    """List the released documents in the document indexes directly below ``page``."""
    indexes = page.get_children().live().type(DocumentIndexPage)
    documents: list[Any] = []
    for index in indexes:
        documents.extend(public_documents_under(index))
    return {"documents": sorted(documents, key=lambda d: d.code)}
