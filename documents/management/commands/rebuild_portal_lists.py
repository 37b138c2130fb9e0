"""Rewrite the portal's lists of documents in force from the pages and releases."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from documents.services.portal_lists import list_entries_rebuild


class Command(BaseCommand):
    help = "Rebuild the portal's list entries (documents in force) from the pages."

    def handle(self, *args: Any, **options: Any) -> None:
        count = list_entries_rebuild()
        self.stdout.write(f"{count} documents in force listed on the portal.")
