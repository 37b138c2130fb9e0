"""List the agencies owing an internal audit with none completed in the year (ISO 9001:2015 9.2.1)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from audits.services.audits import agencies_without_completed_audit
from audits.services.coverage import unaudited_agencies_flag


class Command(BaseCommand):
    help = (
        "Liệt kê cơ quan chưa hoàn thành đánh giá nội bộ trong năm (mặc định: năm nay)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument(
            "--notify",
            action="store_true",
            help="Báo lãnh đạo và thư ký ISO của từng cơ quan (như tác vụ định kỳ).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        for agency in agencies_without_completed_audit(year=year):
            self.stdout.write(agency.name)
        if options["notify"]:
            sent = unaudited_agencies_flag(year=year)
            self.stdout.write(f"{sent}")
