"""Send read-and-understood reminders, overdue notices and escalations (same as the beat task)."""

from typing import Any

from django.core.management.base import BaseCommand

from training.services.reminders import acknowledgment_reminders_send


class Command(BaseCommand):
    help = (
        "Nhắc công chức xác nhận đã đọc tài liệu; báo quá hạn và báo lãnh đạo bộ phận."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = acknowledgment_reminders_send()
        self.stdout.write(f"{sent}")
