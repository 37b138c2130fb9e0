"""Wagtail's generic doors to files and images, narrowed to the user's collections (AC-03).

The admin API lists every file to anyone who may open the admin, and the bulk-action
confirmation names every id it is given ("you may not delete: <title>"). Both are replaced
here by versions that show only what the user may choose or change: their agency's files.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.permissions import permission_policy as document_policy
from wagtail.documents.views import bulk_actions as document_bulk
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.permissions import permission_policy as image_policy
from wagtail.images.views import bulk_actions as image_bulk


def _usable(queryset: QuerySet[Any], policy: Any, user: Any) -> QuerySet[Any]:
    usable = policy.instances_user_has_any_permission_for(user, ["choose", "change"])
    return queryset.filter(pk__in=usable.values("pk"))


class ScopedDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self) -> QuerySet[Any]:
        return _usable(super().get_queryset(), document_policy, self.request.user)


class ScopedImagesAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self) -> QuerySet[Any]:
        return _usable(super().get_queryset(), image_policy, self.request.user)


class _NamesOnlyPermittedItems:
    """A bulk action that does not list (by title) the items the user may not act on."""

    def get_actionable_objects(self) -> tuple[list[Any], dict[str, Any]]:
        objects, _refused = super().get_actionable_objects()  # type: ignore[misc]
        return objects, {"items_with_no_access": []}


def _scoped(action_class: type) -> type:
    return type(
        f"Scoped{action_class.__name__}", (_NamesOnlyPermittedItems, action_class), {}
    )


SCOPED_BULK_ACTIONS = [
    _scoped(action_class)
    for module in (document_bulk, image_bulk)
    for action_class in (
        module.AddTagsBulkAction,
        module.AddToCollectionBulkAction,
        module.DeleteBulkAction,
    )
]
