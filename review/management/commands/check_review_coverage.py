"""List the agencies with no management review held in a year (QĐ 19/2014, R5)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from review.reminders import unreviewed_agencies_flag
from review.services import agencies_without_review


class Command(BaseCommand):
    help = (
        "Liệt kê cơ quan chưa họp xem xét của lãnh đạo trong năm (mặc định: năm nay)."
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
        for agency in agencies_without_review(year=year):
            self.stdout.write(agency.name)
        if options["notify"]:
            sent = unreviewed_agencies_flag(year=year)
            self.stdout.write(f"{sent}")
