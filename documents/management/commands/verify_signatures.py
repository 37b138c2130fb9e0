"""Check every signature and every release in force (ES-03, issue 9): exit non-zero on a fault."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from documents.services.signing import (
    releases_without_signature_chain,
    signature_mismatches,
)


class Command(BaseCommand):
    help = (
        "Kiểm tra lại mã băm SHA-256 của mọi chữ ký điện tử so với nội dung đã ký, và chuỗi "
        "chữ ký (soát xét, phê duyệt) của mọi lần ban hành đang có hiệu lực."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        mismatches = signature_mismatches()
        for signature in mismatches:
            self.stderr.write(
                f"Chữ ký {signature.pk}: {signature.printed_name}, trang {signature.page_id}, "
                f"phiên bản {signature.revision_id}: mã băm không khớp nội dung."
            )
        unsigned = releases_without_signature_chain()
        for release, problems in unsigned:
            self.stderr.write(
                f"{release} (trang {release.page_id}): {' '.join(problems)}"
            )
        if mismatches or unsigned:
            raise CommandError(
                f"{len(mismatches)} chữ ký không khớp nội dung đã ký; "
                f"{len(unsigned)} lần ban hành đang hiệu lực thiếu chuỗi chữ ký hợp lệ."
            )
        self.stdout.write("0")
