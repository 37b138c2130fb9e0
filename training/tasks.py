"""Celery tasks of the training app: thin wrappers that take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from qms.jobs import RETRY_POLICY


@shared_task(soft_time_limit=300, time_limit=360, **RETRY_POLICY)
def assign_release(release_id: int) -> int:
    """Fan a new release out to its distribution (idempotent; RL-01, RL-02)."""
    from training.services.assignments import release_assign

    return release_assign(release_id=release_id)


@shared_task(**RETRY_POLICY)
def close_withdrawn_release(release_id: int) -> int:
    from training.services.assignments import release_withdrawn_close

    return release_withdrawn_close(release_id=release_id)


@shared_task(**RETRY_POLICY)
def assign_staff(staff_id: int) -> int:
    """Bring a joiner's (or mover's, or leaver's) assignments in line."""
    from training.services.assignments import staff_assign

    return staff_assign(staff_id=staff_id)


@shared_task(**RETRY_POLICY)
def send_acknowledgment_reminders() -> int:
    """Daily: reminders, overdue notices and escalations of unread documents."""
    from training.services.reminders import acknowledgment_reminders_send

    return acknowledgment_reminders_send()
