"""Send corrective-action reminders and escalations (the daily beat task runs the same service)."""

from typing import Any

from django.core.management.base import BaseCommand

from audits.services.reminders import action_reminders_send


class Command(BaseCommand):
    help = "Nhắc hạn hành động khắc phục, báo quá hạn và báo cáo lãnh đạo sau 7 ngày."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = action_reminders_send()
        self.stdout.write(f"{sent}")
