"""Celery tasks of the audits app: thin wrappers that call one service."""

from __future__ import annotations

from celery import shared_task

from qms.jobs import RETRY_POLICY


@shared_task(**RETRY_POLICY)
def send_action_reminders() -> int:
    """Daily: remind owners of corrective actions due soon or overdue; escalate after 7 days."""
    from audits.services.reminders import action_reminders_send

    return action_reminders_send()


@shared_task(**RETRY_POLICY)
def flag_unaudited_agencies() -> int:
    """Monthly in the last quarter: agencies owing an audit with none closed yet."""
    from audits.services.coverage import unaudited_agencies_flag

    return unaudited_agencies_flag()
