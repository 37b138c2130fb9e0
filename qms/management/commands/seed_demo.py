"""Load the demo province (idempotent). Refused under production settings."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qms.demo import seed_demo


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu tỉnh Hưng Yên (chạy lại nhiều lần không tạo trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "QMS_DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "Không được tạo dữ liệu mẫu trên hệ thống chính thức (production)."
            )
        seed_demo(log=lambda msg: self.stdout.write(self.style.SUCCESS(msg)))
