"""Admin hooks of the "Tài liệu" listing (issue 13 part 3).

Registered when documents.wagtail_hooks imports this module.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_admin_urls")
def register_listing_urls() -> list[Any]:
    from django.urls import path

    from documents.listing import DocumentListingView

    return [
        path("tai-lieu/", DocumentListingView.as_view(), name="documents_listing"),
        path(
            "tai-lieu/results/",
            DocumentListingView.as_view(results_only=True),
            name="documents_listing_results",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_listing_menu_item() -> Any:
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    # Beside Wagtail's "Pages" (order 100): documents are what agency users come for.
    return MenuItem(
        _("Controlled documents"),
        reverse("documents_listing"),
        name="controlled-documents",
        icon_name="doc-full",
        order=90,
    )
