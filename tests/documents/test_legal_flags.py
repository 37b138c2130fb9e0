"""A change in the law flags every dependent procedure, in every agency ("cần rà soát")."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
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
def _repeal_form(law):
    return {
        "number": law.number,
        "title": law.title,
        "issuer": law.issuer,
        "issue_date": "15/11/2015",
        "effective_date": "",
        "status": "repealed",
        "replaced_by": "",
    }


def _justice_officer():
    """The register is maintained at province level, e.g. by the Department of Justice."""
    from qms.roles import Role
    from tests.factories import AgencyFactory, staff_user

    justice = AgencyFactory(name="Sở Tư pháp", kind="so")
    return staff_user(Role.QUALITY_OFFICER, justice, username="thuky-so-tu-phap")


@pytest.mark.django_db
def test_repealing_a_law_flags_dependants_through_the_admin(client, tree, law, draft):
    page = _cite(draft, law, tree)
    client.force_login(_justice_officer())
    response = client.post(
        reverse("legaldocument:edit", args=[law.pk]), _repeal_form(law)
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
    legal_document_save(document=law, user=_justice_officer())
    assert ReviewFlag.objects.get().is_open
    revision = page.get_latest_revision_as_object()
    revision.amendment_summary = "Cập nhật theo văn bản sửa đổi."
    revision.save_revision(user=tree["officer"])
    release = approve(page, tree).current_release()
    flag = ReviewFlag.objects.get()
    assert not flag.is_open
    # AT-02: resolved in bulk, yet with its own history row naming the release.
    record = flag.history.latest()
    assert record.resolved_at == flag.resolved_at
    assert release.number_label in record.history_change_reason


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


@pytest.mark.django_db
def test_a_wards_officer_reads_but_cannot_change_the_register(client, tree, law, draft):
    """Issue 10: a ward's ISO secretary marked a national law repealed for everyone."""
    from documents.services.legal import legal_document_save

    _cite(draft, law, tree)
    client.force_login(tree["officer"])
    assert client.get(reverse("legaldocument:index")).status_code == 200
    response = client.post(
        reverse("legaldocument:edit", args=[law.pk]), _repeal_form(law)
    )
    assert response.status_code in (302, 403)
    law.refresh_from_db()
    assert law.status == "in_force"
    assert not ReviewFlag.objects.exists()
    law.status = "repealed"
    with pytest.raises(PermissionDenied):
        legal_document_save(document=law, user=tree["officer"], reason="nhầm")


@pytest.mark.django_db
def test_a_mistaken_repeal_is_undone_with_a_reason_and_clears_its_flags(
    client, tree, law, draft
):
    from documents.services.legal import legal_document_save

    _cite(draft, law, tree)
    maintainer = _justice_officer()
    law.status = "repealed"
    legal_document_save(document=law, user=maintainer, reason="Bãi bỏ")
    assert ReviewFlag.objects.filter(resolved_at__isnull=True).count() == 1
    url = reverse("documents_legal_revert", args=[law.pk])
    client.force_login(tree["officer"])
    assert client.post(url, {"reason": "Nhầm"}).status_code in (302, 403)
    client.force_login(maintainer)
    response = client.post(url, {"reason": " "})
    assert response.status_code == 200  # a reason is required
    response = client.post(url, {"reason": "Nhập nhầm: luật vẫn còn hiệu lực."})
    assert response.status_code == 302
    law.refresh_from_db()
    assert law.status == "in_force"
    assert not ReviewFlag.objects.filter(resolved_at__isnull=True).exists()
    assert law.history.first().history_change_reason == (
        "Nhập nhầm: luật vẫn còn hiệu lực."
    )


@pytest.mark.django_db
def test_the_register_and_its_flags_log_who_changed_them(tree, law, draft):
    """Before, the service kept history only; the admin log came from its screen alone."""
    from wagtail.models import ModelLogEntry

    from documents.services.legal import legal_document_withdraw

    _cite(draft, law, tree)
    maintainer = _justice_officer()
    law.status = LegalDocument.Status.AMENDED
    legal_document_save(document=law, user=maintainer, reason="Sửa đổi")
    legal_document_withdraw(document=law, user=maintainer, reason="Nhập trùng")
    logged = ModelLogEntry.objects.filter(user=maintainer)
    assert set(logged.values_list("content_type__model", "action")) == {
        ("legaldocument", "wagtail.edit"),
        ("reviewflag", "wagtail.edit"),
    }
    assert logged.filter(content_type__model="legaldocument").count() == 2
    assert ReviewFlag.objects.get().history.latest().history_user == maintainer
