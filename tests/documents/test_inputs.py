"""Input hardening of controlled documents and the legal register (issue 10, part 5)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.models import LegalDocument, ProcedurePage
from documents.services.drafting import document_draft
from documents.services.legal import legal_document_save
from tests.documents.conftest import birth_procedure, procedure_form_data

LOOKALIKES = [
    "QT\u2011HT\u201101",
    "QT-HT-01\u200b",
    "qt-ht-01",
    " QT\u2013HT\u221201 ",
]


@pytest.mark.parametrize("typed", LOOKALIKES, ids=repr)
def test_a_lookalike_document_code_is_refused_by_the_service(draft, tree, typed):
    """GIVEN QT-HT-01 exists WHEN the same code is drafted with a non-breaking hyphen, a
    zero-width space, lower case or dashes THEN it is refused in Vietnamese, nothing stored
    (ISO 9001:2015 7.5.2(a): a document is identified by its code)."""
    with pytest.raises(ValidationError) as exc:
        document_draft(
            parent=tree["index"],
            page=birth_procedure(slug="ban-sao", code=typed),
            user=tree["officer"],
        )
    assert "đã dùng mã hiệu" in " ".join(exc.value.message_dict["code"])
    assert ProcedurePage.objects.filter(agency=tree["agency"]).count() == 1


@pytest.mark.parametrize("typed", LOOKALIKES[:2], ids=repr)
def test_a_lookalike_document_code_is_refused_by_the_page_editor(
    client, draft, tree, typed
):
    client.force_login(tree["officer"])
    add_url = reverse(
        "wagtailadmin_pages:add", args=("documents", "procedurepage", tree["index"].pk)
    )
    page = birth_procedure(slug="ban-sao", code=typed)
    response = client.post(add_url, procedure_form_data(page, "Bản sao"))
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert ProcedurePage.objects.filter(agency=tree["agency"]).count() == 1


def test_a_new_code_is_stored_normalised(tree):
    page = document_draft(
        parent=tree["index"],
        page=birth_procedure(
            code="QT\u2011HT\u201102\u200b ", national_code="1.00\u20130"
        ),
        user=tree["officer"],
    )
    page.refresh_from_db()
    assert (page.code, page.national_code) == ("QT-HT-02", "1.00-0")


def test_a_title_of_invisible_characters_is_refused_by_the_service(tree):
    with pytest.raises(ValidationError) as exc:
        document_draft(
            parent=tree["index"],
            page=birth_procedure(title="\u200b\xa0 \u2060", slug="trong"),
            user=tree["officer"],
        )
    assert "bắt buộc" in exc.value.message_dict["title"][0]


def test_a_title_of_invisible_characters_is_refused_by_the_page_editor(client, tree):
    client.force_login(tree["officer"])
    add_url = reverse(
        "wagtailadmin_pages:add", args=("documents", "procedurepage", tree["index"].pk)
    )
    page = birth_procedure(slug="trong", code="QT-TRONG")
    response = client.post(add_url, procedure_form_data(page, "\u200b\u200b\xa0"))
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not ProcedurePage.objects.filter(code="QT-TRONG").exists()


def test_a_legal_time_limit_beyond_a_year_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        document_draft(
            parent=tree["index"],
            page=birth_procedure(legal_time_limit=Decimal(99999), slug="x"),
            user=tree["officer"],
        )
    assert exc.value.error_dict["legal_time_limit"][0].code == "max_value"


def _law(number: str, **fields) -> LegalDocument:
    return LegalDocument(
        number=number,
        title=fields.pop("title", "Nghị định về thực hiện cơ chế một cửa"),
        issuer="Chính phủ",
        issue_date=fields.pop("issue_date", dt.date(2024, 1, 1)),
        **fields,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["01/2024/NĐ\u2011CP", "01/2024/nđ-cp", "\u202a01/2024/NĐ-CP\u202c"]
)
def test_a_lookalike_legal_number_collides(typed):
    legal_document_save(document=_law("01/2024/NĐ-CP"))
    with pytest.raises(ValidationError) as exc:
        legal_document_save(document=_law(typed))
    message = " ".join(exc.value.message_dict["number"])
    assert "đã được sử dụng" in message
    assert LegalDocument.objects.count() == 1


@pytest.mark.django_db
def test_a_legal_document_issued_tomorrow_or_titled_blank_is_refused():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        legal_document_save(
            document=_law("02/2024/NĐ-CP", issue_date=tomorrow, title="\u200b")
        )
    errors = exc.value.message_dict
    assert "không được sau ngày hôm nay" in errors["issue_date"][0]
    assert "title" in errors
    # It may take effect later; only an absurd year is refused there.
    law = legal_document_save(document=_law("03/2024/NĐ-CP", effective_date=tomorrow))
    law.effective_date = dt.date(2205, 1, 1)
    with pytest.raises(ValidationError) as exc:
        legal_document_save(document=law)
    assert "năm" in exc.value.message_dict["effective_date"][0]


def test_codes_with_vietnamese_letters_compare_without_case(tree):
    """Land procedures are coded QT-ĐĐ-xx: "qt-đđ-05" is the same code on every database."""
    document_draft(
        parent=tree["index"],
        page=birth_procedure(code="QT-ĐĐ-05", slug="dat-dai"),
        user=tree["officer"],
    )
    with pytest.raises(ValidationError):
        document_draft(
            parent=tree["index"],
            page=birth_procedure(code="qt\u2011đđ-05", slug="dat-dai-2"),
            user=tree["officer"],
        )
