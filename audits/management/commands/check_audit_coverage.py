"""List the agencies of a year's programmes with no internal audit completed (ISO 9001:2015 9.2.1)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from audits.services.audits import agencies_without_completed_audit


class Command(BaseCommand):
    help = (
        "Liệt kê cơ quan chưa hoàn thành đánh giá nội bộ trong năm (mặc định: năm nay)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        for agency in agencies_without_completed_audit(year=year):
            self.stdout.write(agency.name)
