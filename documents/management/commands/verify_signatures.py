"""Recompute every signature's content hash and report mismatches (reliability test ES-03)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from documents.services.signing import signature_mismatches


class Command(BaseCommand):
    help = "Kiểm tra lại mã băm SHA-256 của mọi chữ ký điện tử so với nội dung đã ký."

    def handle(self, *args: Any, **options: Any) -> None:
        mismatches = signature_mismatches()
        for signature in mismatches:
            self.stderr.write(
                f"{signature.pk}: {signature.printed_name} {signature.page_id} rev {signature.revision_id}"
            )
        if mismatches:
            raise CommandError(f"{len(mismatches)} chữ ký không khớp nội dung đã ký.")
        self.stdout.write("0")
