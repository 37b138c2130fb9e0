"""The default review interval is a setting the quality officer edits (ISO 9001:2015 7.5.2)."""

import pytest
from django.utils import timezone

from documents.models import DocumentSettings
from tests.documents.conftest import approve


@pytest.mark.django_db
def test_release_schedules_the_review_from_the_settings_default(tree, draft):
    settings = DocumentSettings.load()
    settings.default_review_months = 6
    settings.save()
    page = approve(draft, tree)
    today = timezone.localdate()
    expected = page.review_due_from(today, 6)
    assert page.next_review_date == expected
    assert (expected.year * 12 + expected.month) - (today.year * 12 + today.month) == 6


@pytest.mark.django_db
def test_a_document_interval_overrides_the_default(tree, draft):
    draft = draft.get_latest_revision_as_object()
    draft.review_interval_months = 24
    draft.save_revision(user=tree["officer"])
    page = approve(draft, tree)
    today = timezone.localdate()
    assert page.next_review_date.year == today.year + 2
