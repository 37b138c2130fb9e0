"""A change in the law flags every dependent procedure, in every agency ("cần rà soát")."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.models import LegalDocument, ReviewFlag
from documents.services.drafting import (
    document_draft,
)
from documents.services.legal import legal_document_save
from qms.models import Notification
from tests.documents.conftest import approve, birth_procedure


@pytest.fixture
def law(db):
    return LegalDocument.objects.create(
        number="123/2015/NĐ-CP",
        title="Nghị định hộ tịch",
        issuer="Chính phủ",
        issue_date=dt.date(2015, 11, 15),
    )


def _cite(page, law, tree):
    page.legal_bases.set([law])
    page.save_revision(user=tree["officer"])
    return approve(page, tree)


@pytest.mark.django_db
def test_repealing_a_law_flags_dependants_through_the_admin(client, tree, law, draft):
    page = _cite(draft, law, tree)
    client.force_login(tree["officer"])
    response = client.post(
        reverse("legaldocument:edit", args=[law.pk]),
        {
            "number": law.number,
            "title": law.title,
            "issuer": law.issuer,
            "issue_date": "15/11/2015",
            "effective_date": "",
            "status": "repealed",
            "replaced_by": "",
        },
    )
    assert response.status_code == 302
    flag = ReviewFlag.objects.get()
    assert (flag.page_id, flag.agency, flag.status) == (
        page.pk,
        tree["agency"],
        "repealed",
    )
    assert flag.due_date > dt.date.today()
    assert Notification.objects.filter(
        recipient=tree["officer"], kind="reminder"
    ).exists()
    listing = client.get(reverse("reviewflag:index")).content.decode()
    assert "123/2015/NĐ-CP" in listing
    client.force_login(tree["outsider"])
    assert (
        "123/2015/NĐ-CP" not in client.get(reverse("reviewflag:index")).content.decode()
    )


@pytest.mark.django_db
def test_a_new_release_resolves_the_flag(tree, law, draft):
    page = _cite(draft, law, tree)
    law.status = LegalDocument.Status.AMENDED
    legal_document_save(document=law, user=tree["officer"])
    assert ReviewFlag.objects.get().is_open
    revision = page.get_latest_revision_as_object()
    revision.amendment_summary = "Cập nhật theo văn bản sửa đổi."
    revision.save_revision(user=tree["officer"])
    approve(page, tree)
    assert not ReviewFlag.objects.get().is_open


@pytest.mark.django_db
def test_a_repealed_law_cannot_come_back(tree, law):
    law.status = LegalDocument.Status.REPEALED
    legal_document_save(document=law)
    law.status = LegalDocument.Status.IN_FORCE
    with pytest.raises(ValidationError):
        legal_document_save(document=law)
    assert LegalDocument.objects.get(pk=law.pk).status == "repealed"


@pytest.mark.django_db
def test_flagging_twice_creates_nothing_twice(tree, law, draft):
    _cite(draft, law, tree)
    other = document_draft(
        parent=tree["index"],
        page=birth_procedure(title="Kết hôn", slug="qt-ht-02", code="QT-HT-02"),
        user=tree["officer"],
    )
    _cite(other, law, tree)
    law.status = LegalDocument.Status.AMENDED
    legal_document_save(document=law)
    legal_document_save(document=law)
    assert ReviewFlag.objects.count() == 2
