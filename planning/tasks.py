"""Celery tasks of the planning app: thin wrappers that call one service."""

from __future__ import annotations

from celery import shared_task

from qms.jobs import RETRY_POLICY


@shared_task(**RETRY_POLICY)
def send_treatment_reminders() -> int:
    """Daily: remind owners of treatment actions due soon, due today or overdue."""
    from planning.reminders import treatment_reminders_send

    return treatment_reminders_send()
