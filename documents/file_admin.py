"""Wagtail's generic doors to files and images, narrowed to the user's collections (AC-03).

The admin API lists every file to anyone who may open the admin: it is replaced here by a
version that shows only what the user may choose or change, their agency's files. (Bulk
actions given another agency's ids answer 404 before Wagtail names them: qms.middleware.)
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.permissions import permission_policy as document_policy
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.permissions import permission_policy as image_policy


def _usable(queryset: QuerySet[Any], policy: Any, user: Any) -> QuerySet[Any]:
    usable = policy.instances_user_has_any_permission_for(user, ["choose", "change"])
    return queryset.filter(pk__in=usable.values("pk"))


class ScopedDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self) -> QuerySet[Any]:
        return _usable(super().get_queryset(), document_policy, self.request.user)


class ScopedImagesAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self) -> QuerySet[Any]:
        return _usable(super().get_queryset(), image_policy, self.request.user)
