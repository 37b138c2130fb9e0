"""The document editor for agency users (issue 13 part 3): URLs from the code, no Promote tab,
choices of the document's agency only, and no review without a distribution."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from documents.models import DocumentIndexPage, LegalDocument, ProcedurePage
from documents.services.drafting import document_draft, document_submit
from qms.models import Position
from tests.documents.conftest import approve, birth_procedure, procedure_form_data
from tests.factories import AgencyFactory, ReceivingUnitFactory, StaffProfileFactory

MISSING = "Chọn ít nhất một bộ phận hoặc chức danh nhận tài liệu trước khi gửi soát xét"


def _add_url(tree) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=["documents", "procedurepage", tree["index"].pk]
    )


def _edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _new_form(code: str, title: str, **fields):
    return procedure_form_data(
        ProcedurePage(slug="", code=code, kind="system"), title, **fields
    )


def _posted_form(page, **fields):
    """The editor's form for ``page`` as typed, with ``fields`` changed."""
    latest = page.get_latest_revision_as_object()
    latest.code = fields.pop("code", latest.code)
    title = fields.pop("title", latest.title)
    chosen = {
        name: [str(item.pk) for item in getattr(latest, name).all()]
        for name in ("distribution_units", "distribution_positions", "legal_bases")
    }
    return procedure_form_data(latest, title, **{**chosen, **fields})


# --- URLs from the code ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_documents_url_is_its_code_in_ascii(client, tree):
    client.force_login(tree["officer"])
    form = _new_form(
        "QT-HT-05",
        "Quy trình giải quyết TTHC: Đăng ký tạm trú",
        distribution_units=[str(tree["desk"].pk)],
    )
    response = client.post(_add_url(tree), form)
    assert response.status_code == 302
    page = ProcedurePage.objects.get(code="QT-HT-05")
    assert page.slug == "qt-ht-05"
    assert page.url_path.endswith("/tai-lieu-iso/qt-ht-05/")


@pytest.mark.django_db
def test_a_drafts_slug_follows_its_code_and_a_released_one_keeps_it(
    client, tree, draft
):
    client.force_login(tree["officer"])
    renamed = _posted_form(draft, code="QT-HT-06")
    assert client.post(_edit_url(draft), renamed).status_code == 302
    draft.refresh_from_db()
    assert draft.slug == "qt-ht-06"

    live = approve(draft, tree)
    assert live.slug == "qt-ht-06"
    changed = _posted_form(live, code="QT-HT-07", amendment_summary="Đổi mã hiệu.")
    assert client.post(_edit_url(live), changed).status_code == 302
    assert ProcedurePage.objects.get(
        pk=live.pk
    ).get_latest_revision_as_object().code == ("QT-HT-07")
    # Printed QR codes and links point at the released URL: it stays, even in the draft.
    released = approve(ProcedurePage.objects.get(pk=live.pk), tree)
    assert released.code == "QT-HT-07"
    assert released.slug == "qt-ht-06"


@pytest.mark.django_db
def test_two_agencies_may_both_have_qt_ht_01_and_siblings_never_share_a_slug(
    tree, draft
):
    other_page = tree["home"].get_children().get(slug="khac")
    other_index = other_page.add_child(
        instance=DocumentIndexPage(title="Hệ thống tài liệu ISO", slug="tai-lieu-iso")
    )
    elsewhere = document_draft(
        parent=other_index, page=birth_procedure(), user=tree["outsider"]
    )
    assert (draft.slug, elsewhere.slug) == ("qt-ht-01", "qt-ht-01")
    # Another code of the same agency that reads the same in a URL gets a suffix.
    twin = document_draft(
        parent=tree["index"],
        page=birth_procedure(code="QT HT 01", slug=""),
        user=tree["officer"],
    )
    assert twin.slug == "qt-ht-01-2"


@pytest.mark.django_db
def test_other_pages_get_vietnamese_letters_transliterated(tree):
    agency_page = Page.objects.get(slug="pho-hien")
    index = agency_page.add_child(
        instance=DocumentIndexPage(title="Đăng ký hộ tịch – Lưu trữ", slug="")
    )
    assert index.slug == "dang-ky-ho-tich-luu-tru"


def test_the_editors_slug_formatters_transliterate_as_the_server_does():
    """The regex formatters run by Wagtail's JavaScript give anyascii's letters."""
    import re
    import unicodedata

    from anyascii import anyascii

    from qms.lib.slugs import SLUG_FORMATTERS, VIETNAMESE_LETTERS

    def in_browser(text: str) -> str:
        for pattern, replacement in SLUG_FORMATTERS:
            text = re.sub(pattern, replacement, text)
        return text.lower()

    for letter in VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper():
        assert in_browser(letter) == anyascii(letter).lower(), letter
        assert in_browser(unicodedata.normalize("NFD", letter)).isascii(), letter


@pytest.mark.django_db
def test_slug_inputs_carry_the_vietnamese_formatters(client, tree, django_user_model):
    admin = django_user_model.objects.create_superuser("quan-tri", "a@x.vn", "x")
    client.force_login(admin)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["documents", "documentindexpage", tree["index"].get_parent().pk],
    )
    html = client.get(url).content.decode()
    assert 'data-controller="w-slug"' in html
    assert "data-w-slug-formatters-value" in html


# --- The Promote tab ------------------------------------------------------------------------


@pytest.mark.django_db
def test_agency_users_have_no_promote_tab_and_cannot_post_its_fields(
    client, tree, draft
):
    client.force_login(tree["officer"])
    html = client.get(_edit_url(draft)).content.decode()
    assert "Quảng bá" not in html
    assert 'name="seo_title"' not in html
    assert 'name="slug"' not in html
    form = _posted_form(draft, seo_title="Tiêu đề SEO giả mạo", slug="gia-mao")
    assert client.post(_edit_url(draft), form).status_code == 302
    latest = ProcedurePage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert (latest.seo_title, latest.slug) == ("", "qt-ht-01")


@pytest.mark.django_db
def test_superusers_keep_the_seo_fields(client, draft, django_user_model):
    admin = django_user_model.objects.create_superuser("quan-tri", "a@x.vn", "x")
    client.force_login(admin)
    html = client.get(_edit_url(draft)).content.decode()
    assert 'name="seo_title"' in html
    assert "Quảng bá" in html


# --- Choices of the document's agency ------------------------------------------------------


@pytest.fixture
def choices(tree):
    other = AgencyFactory(name="UBND xã Khác")
    held = Position.objects.create(
        code="kiem-thu-dang-giu", name="Chức danh đang có người giữ"
    )
    StaffProfileFactory(agency=tree["agency"], position=held)
    elsewhere = Position.objects.create(
        code="kiem-thu-noi-khac", name="Chức danh chỉ có ở xã khác"
    )
    StaffProfileFactory(agency=other, position=elsewhere)
    legal = {
        status: LegalDocument.objects.create(
            number=f"{n}/2020/NĐ-CP",
            title=f"Nghị định số {n}",
            issuer="Chính phủ",
            issue_date="2020-01-01",
            status=status,
        )
        for n, status in enumerate(LegalDocument.Status.values, start=1)
    }
    return {
        "other_unit": ReceivingUnitFactory(agency=other, name="Bộ phận xã Khác"),
        "held": held,
        "elsewhere": elsewhere,
        "legal": legal,
    }


@pytest.mark.django_db
def test_checkboxes_list_only_the_documents_agency(client, tree, draft, choices):
    client.force_login(tree["officer"])
    html = client.get(_edit_url(draft)).content.decode()
    assert html.count('type="checkbox" name="distribution_units"') == 1
    assert tree["desk"].name in html
    assert choices["other_unit"].name not in html
    assert choices["held"].name in html
    assert choices["elsewhere"].name not in html
    legal = choices["legal"]
    assert legal[LegalDocument.Status.REPEALED].title in html
    assert legal[LegalDocument.Status.WITHDRAWN].title not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "key"),
    [
        ("distribution_units", "other_unit"),
        ("distribution_positions", "elsewhere"),
        ("legal_bases", "withdrawn"),
    ],
)
def test_a_forged_id_outside_the_choices_is_refused(
    client, tree, draft, choices, field, key
):
    forged = (
        choices["legal"][LegalDocument.Status.WITHDRAWN]
        if key == "withdrawn"
        else choices[key]
    )
    client.force_login(tree["officer"])
    before = draft.get_latest_revision().pk
    form = _posted_form(draft, **{field: [str(forged.pk)]})
    response = client.post(_edit_url(draft), form)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert ProcedurePage.objects.get(pk=draft.pk).get_latest_revision().pk == before


# --- No review without a distribution ------------------------------------------------------


def _submit(**fields):
    return {"action-submit": "1", **fields}


@pytest.mark.django_db
def test_submitting_with_an_empty_distribution_is_refused_and_keeps_the_draft(
    client, tree, draft
):
    client.force_login(tree["officer"])
    before = draft.get_latest_revision().pk
    form = _posted_form(
        draft, title="Đã sửa nhưng chưa gửi", distribution_units=[], **_submit()
    )
    response = client.post(_edit_url(draft), form)
    assert response.status_code == 200
    assert MISSING in response.content.decode()
    page = ProcedurePage.objects.get(pk=draft.pk)
    assert page.get_latest_revision().pk == before
    assert page.current_workflow_state is None
    assert not WorkflowState.objects.exists()


@pytest.mark.django_db
def test_submitting_with_a_unit_starts_the_review(client, tree, draft):
    client.force_login(tree["officer"])
    form = _posted_form(draft, distribution_units=[str(tree["desk"].pk)], **_submit())
    assert client.post(_edit_url(draft), form).status_code == 302
    page = ProcedurePage.objects.get(pk=draft.pk)
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.django_db
def test_create_and_submit_without_a_distribution_creates_nothing(client, tree):
    client.force_login(tree["officer"])
    form = _new_form("QT-HT-08", "Quy trình mới", **_submit())
    response = client.post(_add_url(tree), form)
    assert response.status_code == 200
    assert MISSING in response.content.decode()
    assert not ProcedurePage.objects.filter(code="QT-HT-08").exists()


@pytest.mark.django_db
def test_every_other_door_to_review_is_closed_without_a_distribution(tree):
    page = document_draft(
        parent=tree["index"],
        page=birth_procedure(code="QT-HT-09", slug="", distribution_units=[]),
        user=tree["officer"],
    )
    with pytest.raises(ValidationError, match="bộ phận hoặc chức danh"):
        document_submit(page=page, user=tree["officer"])
    # Below the service: Wagtail's own Workflow.start, as any other door would call it.
    with pytest.raises(ValidationError, match="bộ phận hoặc chức danh"):
        page.get_workflow().start(page, tree["officer"])
    assert not WorkflowState.objects.exists()
    page.distribution_positions = [tree["officer"].staff_profile.position]
    page.save_revision(user=tree["officer"])
    assert document_submit(page=page, user=tree["officer"]).status == "in_progress"
