"""Celery tasks of quality objectives: thin wrappers that call one service."""

from __future__ import annotations

from celery import shared_task

from qms.jobs import RETRY_POLICY


@shared_task(**RETRY_POLICY)
def send_measurement_reminders() -> int:
    """Daily: remind owners of objectives whose period ended without a measurement."""
    from performance.reminders import measurement_reminders_send

    return measurement_reminders_send()
