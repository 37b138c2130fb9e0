"""The signing dialog names what is signed, in which role; a confirmation follows (issue 13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.models import ElectronicSignature
from documents.services.drafting import document_submit


def _action_url(page, state):
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]
    )


@pytest.mark.django_db
def test_the_dialog_names_document_release_and_role_and_a_confirmation_follows(
    tree, draft, client
):
    document_submit(page=draft, user=tree["officer"])
    draft.refresh_from_db()
    state = draft.current_workflow_task_state
    client.force_login(tree["deputy"])
    dialog = client.get(
        _action_url(draft, state), headers={"x-requested-with": "XMLHttpRequest"}
    ).json()["html"]
    expected = (
        f"Ký duyệt với vai trò Soát xét: {draft.code} {draft.title}, lần ban hành 01"
    )
    assert expected in dialog
    response = client.post(_action_url(draft, state), {"password": tree["password"]})
    signature = ElectronicSignature.objects.get(signer=tree["deputy"])
    assert response.url == reverse("documents_signed", args=[signature.pk])
    page = client.get(response.url, follow=True).content.decode()
    assert (
        f"Đã ký với vai trò Soát xét: {draft.code} {draft.title}, lần ban hành 01"
        in page
    )


@pytest.mark.django_db
def test_only_the_signer_sees_the_confirmation(tree, draft, client):
    document_submit(page=draft, user=tree["officer"])
    draft.refresh_from_db()
    state = draft.current_workflow_task_state
    client.force_login(tree["deputy"])
    client.post(_action_url(draft, state), {"password": tree["password"]})
    signature = ElectronicSignature.objects.get(signer=tree["deputy"])
    client.force_login(tree["officer"])
    assert (
        client.get(reverse("documents_signed", args=[signature.pk])).status_code == 404
    )
