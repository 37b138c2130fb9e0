"""What the page explorer may offer on controlled documents and their indexes.

Controlled documents are evidence (ISO 9001:2015 7.5.3.2): they are withdrawn with a reason,
never deleted or moved out of their agency's tree by an agency user. Saying so here, before
Wagtail asks, also spares the explorer the two queries per row its delete and move buttons
made to find out (issue 12: 134 queries for 50 rows).
"""

from __future__ import annotations

from typing import Any

from wagtail.models import PagePermissionTester


class EvidencePagePermissionTester(PagePermissionTester):
    """Wagtail's tester, with delete and move refused to everyone but system administrators."""

    def can_delete(self, ignore_bulk: bool = False) -> bool:  # noqa: FBT001, FBT002
        return bool(self.user.is_superuser) and super().can_delete(ignore_bulk)

    def can_move(self) -> bool:
        return bool(self.user.is_superuser) and super().can_move()

    def can_move_to(self, destination: Any) -> bool:
        return bool(self.user.is_superuser) and super().can_move_to(destination)
