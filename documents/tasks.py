"""Celery tasks of the documents app: thin wrappers that take ids and call one service.

Every task retries on transient errors with backoff (qms.jobs.RETRY_POLICY) and is
idempotent, so a redelivered or duplicated message has one effect (RL-01, RL-02).
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from qms.jobs import RETRY_POLICY, last_attempt


@shared_task(bind=True, soft_time_limit=120, time_limit=180, **RETRY_POLICY)
def render_release_pdf(self: Any, release_id: int) -> str:
    """Render, merge, stamp and store the controlled PDF of a release (idempotent)."""
    from documents.services.jobs import release_render_pdf

    return release_render_pdf(release_id=release_id, final=last_attempt(self))


@shared_task(soft_time_limit=300, time_limit=360, **RETRY_POLICY)
def announce_release(release_id: int) -> bool:
    """Tell the receivers of release_published (the fan-out) about a release, once."""
    from documents.services.jobs import release_announce

    return release_announce(release_id=release_id)


@shared_task(soft_time_limit=60, time_limit=90, **RETRY_POLICY)
def sweep_release_jobs() -> int:
    """Every minute: queue again PDFs stuck or lost, and announcements still owed."""
    from documents.services.jobs import release_jobs_sweep

    result = release_jobs_sweep()
    return len(result.renders) + len(result.announcements)


@shared_task(**RETRY_POLICY)
def send_review_reminders() -> int:
    """Daily: remind owners of documents due for periodic review."""
    from documents.services.reviews import review_reminders_send

    return review_reminders_send()


@shared_task(**RETRY_POLICY)
def check_integrity() -> int:
    """Weekly: verify stored files and signature chains; alert superusers on a fault."""
    from documents.services.integrity import integrity_check_and_alert

    return len(integrity_check_and_alert().problems)
