"""Celery tasks of the dossiers app: thin wrappers that call one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from qms.jobs import RETRY_POLICY, last_attempt


@shared_task(bind=True, soft_time_limit=600, time_limit=660, **RETRY_POLICY)
def run_dossier_import(self: Any, batch_id: int) -> str:
    """Import a confirmed statistics file (idempotent: a re-run replaces, never duplicates)."""
    from dossiers.services import dossier_import_run

    return dossier_import_run(batch_id=batch_id, final=last_attempt(self))
