"""Migration 0006: releases published before it count as announced, their PDF state dated."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from documents.models import DocumentRelease
from tests.documents.conftest import approve

migration = importlib.import_module("documents.migrations.0006_release_jobs")


@pytest.mark.django_db
def test_backfill_marks_existing_releases_announced_so_they_are_not_swept(
    tree, draft, django_capture_on_commit_callbacks
):
    """GIVEN a release from before the migration (no announcement date, no PDF date)
    WHEN the backfill runs THEN both take its publication date and the sweeper, run an hour
    later, fans nothing out again."""
    from documents.services.jobs import release_jobs_sweep

    approve(draft, tree)
    DocumentRelease.objects.update(
        announced_at=None, pdf_status_at=None, pdf_status="ready"
    )

    migration.backfill(apps, None)

    release = DocumentRelease.objects.get()
    assert release.announced_at == release.published_at
    assert release.pdf_status_at == release.published_at
    with django_capture_on_commit_callbacks(execute=False):
        swept = release_jobs_sweep(now=timezone.now() + dt.timedelta(hours=1))
    assert not swept
