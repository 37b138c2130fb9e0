"""Template tags the portal's agency and unit pages use to list their documents in force."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

from documents.models import DocumentIndexPage
from documents.selectors import public_documents

register = template.Library()

# The page-number parameter of every portal list ("trang" is Vietnamese for page).
PAGE_PARAM = "trang"


@register.inclusion_tag(
    "documents/includes/documents_in_force.html", takes_context=True
)
def documents_in_force(context: Any, page: Page) -> dict[str, Any]:
    """List, a page at a time, the released documents of the indexes directly below ``page``."""
    request = context.get("request")
    indexes = list(page.get_children().live().type(DocumentIndexPage))
    number = request.GET.get(PAGE_PARAM, 1) if request is not None else 1
    return {
        "documents": public_documents(indexes, request, number),
        "page_param": PAGE_PARAM,
        "request": request,
    }
