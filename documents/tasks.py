"""Celery tasks of the documents app: thin wrappers that take ids and call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180, max_retries=2)
def render_release_pdf(release_id: int) -> str:
    """Render, merge, stamp and store the controlled PDF of a release (idempotent)."""
    from documents.services.pdf import release_render_pdf

    return release_render_pdf(release_id=release_id)


@shared_task
def send_review_reminders() -> int:
    """Daily: remind owners of documents due for periodic review."""
    from documents.services.reviews import review_reminders_send

    return review_reminders_send()
