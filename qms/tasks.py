"""Celery tasks of the core app: thin wrappers that take ids and call one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.management import call_command

from qms.jobs import RETRY_POLICY, last_attempt


@shared_task(bind=True, **RETRY_POLICY)
def send_welcome_email(self: Any, profile_id: int) -> dict[str, Any]:
    """Send the welcome e-mail of a new staff account (idempotent)."""
    from qms.services import staff_send_welcome

    sent = staff_send_welcome(profile_id=profile_id)
    # The delivery facts let the services test prove a worker, not the caller, ran it.
    return {
        "sent": sent,
        "eager": bool(self.request.is_eager),
        "hostname": self.request.hostname,
    }


@shared_task(**RETRY_POLICY)
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come (the effective date of a release)."""
    call_command("publish_scheduled")


# Below the visibility timeout (RL-04); 5,000 rows take seconds, a province list a minute.
@shared_task(bind=True, soft_time_limit=600, time_limit=660, **RETRY_POLICY)
def build_export(self: Any, job_id: int) -> str:
    """Build a background export as its requester and notify them (idempotent)."""
    from qms.lib.export_jobs import export_build

    return export_build(job_id=job_id, final=last_attempt(self))


@shared_task(**RETRY_POLICY)
def purge_expired_exports() -> int:
    """Daily: delete the files of expired exports; fail jobs lost on the way."""
    from qms.lib.export_jobs import exports_purge

    return exports_purge()
