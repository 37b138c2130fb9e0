"""An agency's public page lists its documents in force (Directive 09/CT-UBND item 3: posted
fully, easy to reach).

Implements qms's ``qms_agency_public_sections`` hook: one statement, sent with the page's
others (``qms.lib.sql.read_together``), after the ISO announcement. A release published,
superseded or withdrawn invalidates the portal cache (``documents.apps``).
"""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from documents.selectors import public_documents_read
from documents.templatetags.documents_tags import PAGE_PARAM, documents_section
from qms.lib.sql import Read
from qms.selectors import PUBLIC_SECTIONS_HOOK


@hooks.register(PUBLIC_SECTIONS_HOOK, order=10)
def documents_in_force_section(page: Any, request: Any) -> Read[str]:
    """The page of the agency's documents the visitor asked for (``?trang=N``)."""
    number = request.GET.get(PAGE_PARAM, 1) if request is not None else 1
    return public_documents_read(page, request, number).then(documents_section)
