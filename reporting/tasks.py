"""Celery tasks of the reporting app: thin wrappers that call one service."""

from __future__ import annotations

from celery import shared_task

from qms.jobs import RETRY_POLICY


@shared_task(**RETRY_POLICY)
def send_report_deadline_reminders() -> int:
    """Daily: remind heads and ISO secretaries of the annual report's due date."""
    from reporting.reminders import deadline_reminders_send

    return deadline_reminders_send()
