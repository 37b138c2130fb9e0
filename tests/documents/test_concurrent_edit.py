"""RL-07: two officers edit the same document; the second save never silently overwrites."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from documents.services.drafting import document_draft
from tests.documents.conftest import birth_procedure


def _form(page, base_revision_id, title):
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "code": page.code,
            "kind": page.kind,
            "purpose": rich_text("<p>Mục đích</p>"),
            "scope": rich_text("<p>Phạm vi</p>"),
            "legal_time_limit": "1",
            "legal_time_unit": "days",
            "base_revision_id": base_revision_id,
            "body": streamfield([("text", rich_text("<p>Nội dung</p>"))]),
            "records": streamfield([]),
            "form_attachments-TOTAL_FORMS": 0,
            "form_attachments-INITIAL_FORMS": 0,
            "form_attachments-MIN_NUM_FORMS": 0,
            "form_attachments-MAX_NUM_FORMS": 1000,
        }
    )


def _base_revision(client, url):
    html = client.get(url).content.decode()
    return int(re.search(r'name="base_revision_id" value="(\d+)"', html).group(1))


@pytest.mark.django_db
def test_second_save_gets_a_conflict_and_keeps_its_input(client, tree):
    """GIVEN A and B open the same draft WHEN A saves, then B saves THEN B gets a conflict, keeps
    their input, nothing of A is lost; B's deliberate second save is kept as a new revision."""
    page = document_draft(
        parent=tree["index"], page=birth_procedure(), user=tree["officer"]
    )
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    a, b = tree["officer"], tree["deputy"]
    client.force_login(a)
    base_a = _base_revision(client, url)
    client.force_login(b)
    base_b = _base_revision(client, url)
    assert base_a == base_b

    client.force_login(a)
    assert client.post(url, _form(page, base_a, "Tiêu đề của A")).status_code == 302

    client.force_login(b)
    response = client.post(url, _form(page, base_b, "Tiêu đề của B"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tiêu đề của B" in html  # B's input is still in the form
    latest = Revision.page_revisions.filter(object_id=str(page.pk)).latest("created_at")
    assert latest.content["title"] == "Tiêu đề của A"  # A's save survived

    # B read the conflict and saves again on top of A's revision.
    new_base = int(re.search(r'name="base_revision_id" value="(\d+)"', html).group(1))
    assert new_base == latest.pk
    assert client.post(url, _form(page, new_base, "Tiêu đề của B")).status_code == 302
    titles = [
        r.content["title"]
        for r in Revision.page_revisions.filter(object_id=str(page.pk)).order_by(
            "created_at"
        )
    ]
    assert titles[-2:] == ["Tiêu đề của A", "Tiêu đề của B"]
