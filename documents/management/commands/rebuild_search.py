"""Refill the public search table from the live controlled documents."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from documents.services.search import rebuild


class Command(BaseCommand):
    help = "Rebuild the public document search entries from the live pages."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild()
        self.stdout.write(f"{count} live documents indexed for the public search.")
