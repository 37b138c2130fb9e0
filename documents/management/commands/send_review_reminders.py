"""Send due and overdue periodic-review reminders (the daily beat task runs the same service)."""

from typing import Any

from django.core.management.base import BaseCommand

from documents.services.reviews import review_reminders_send


class Command(BaseCommand):
    help = "Nhắc người phụ trách soát xét định kỳ các tài liệu đến hạn hoặc quá hạn."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = review_reminders_send()
        self.stdout.write(f"{sent}")
