"""Celery tasks of the review app: thin wrappers that call one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from qms.jobs import RETRY_POLICY, last_attempt


@shared_task(bind=True, **RETRY_POLICY)
def build_pack(self: Any, review_id: int) -> bool:
    """Compile and store a review's input pack; a failure is recorded on the review."""
    from review.packs import pack_build

    return pack_build(review_id, final=last_attempt(self))


@shared_task(**RETRY_POLICY)
def send_review_action_reminders() -> int:
    """Daily: remind owners of review actions due soon or overdue (one digest a day)."""
    from review.reminders import action_reminders_send

    return action_reminders_send()


@shared_task(**RETRY_POLICY)
def flag_agencies_without_review() -> int:
    """Monthly in the last quarter: agencies with no management review held this year."""
    from review.reminders import unreviewed_agencies_flag

    return unreviewed_agencies_flag()
