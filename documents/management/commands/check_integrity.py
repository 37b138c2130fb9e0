"""Check stored files, orphans, signature chains and release PDFs (BR-01): exit 1 on a fault."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from documents.services.integrity import integrity_check, integrity_check_and_alert


class Command(BaseCommand):
    help = (
        "Kiểm tra mọi tệp lưu trữ theo mã SHA-256 đã ghi, tệp bị thiếu hoặc mồ côi, chuỗi chữ "
        "ký và tệp PDF của mọi lần ban hành đang có hiệu lực."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--alert",
            action="store_true",
            help="Báo cho quản trị viên (thông báo và e-mail) khi có lỗi, như tác vụ hằng tuần.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check = integrity_check_and_alert if options["alert"] else integrity_check
        with translation.override("vi"):
            report = check()
            for problem in report.problems:
                self.stderr.write(problem)
            self.stdout.write(report.summary())
            if report.ok:
                self.stdout.write(self.style.SUCCESS(_("Integrity check passed.")))
        if not report.ok:
            # BR-01: a non-zero exit lets cron and the restore drill notice the fault.
            raise SystemExit(1)
