"""Queue again stuck or lost release PDFs and owed announcements (the beat task runs it too).

For one machine without a beat process, run it from cron every few minutes.
"""

from typing import Any

from django.core.management.base import BaseCommand

from documents.services.jobs import release_jobs_sweep


class Command(BaseCommand):
    help = (
        "Đưa lại vào hàng đợi các bản PDF của lần ban hành bị kẹt hoặc thất lạc, "
        "và các thông báo ban hành chưa gửi."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = release_jobs_sweep()
        self.stdout.write(
            f"pdf={len(result.renders)} failed={len(result.gave_up)} "
            f"announce={len(result.announcements)}"
        )
