"""Reactions to Wagtail's page events; each hands over to a service at once."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from documents.models import ControlledDocumentPage
from documents.services.portal_lists import list_entries_refresh
from documents.services.releases import release_publish, release_withdraw
from documents.services.search import index_page, remove_page


def on_page_published(
    sender: Any, instance: Any, revision: Any = None, **kwargs: Any
) -> None:
    # Wagtail also sends page_published when it merely schedules a future go-live; the release
    # (and its effective date) comes when the revision really goes live.
    if (
        isinstance(instance, ControlledDocumentPage)
        and revision is not None
        and instance.live
        and instance.live_revision_id == revision.pk
    ):
        release_publish(page=instance, revision=revision)
        index_page(instance)


def on_page_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, ControlledDocumentPage):
        remove_page(instance)
        release_withdraw(
            page=instance, user=kwargs.get("user"), reason=_("Unpublished in the admin")
        )


def on_page_moved(sender: Any, instance: Any, **kwargs: Any) -> None:
    # A document moved to another index is listed under that index (issue 14 part 6).
    list_entries_refresh(under=instance)


def on_view_restriction_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    # A document restricted to some viewers leaves the public lists; lifted, it comes back.
    list_entries_refresh(pages=[instance.page_id])
