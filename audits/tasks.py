"""Celery tasks of the audits app: thin wrappers that call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_action_reminders() -> int:
    """Daily: remind owners of corrective actions due soon or overdue; escalate after 7 days."""
    from audits.services.reminders import action_reminders_send

    return action_reminders_send()
