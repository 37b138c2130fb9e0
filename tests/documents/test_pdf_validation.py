"""Upload validation of PDFs: reliability tests UP-02…UP-05 (reliability-tests.md §4.1)."""

import io
import multiprocessing
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import translation

from qms.lib.pdf import validation
from qms.lib.pdf.validation import (
    PdfRejected,
    RejectCode,
    pdf_file_validator,
    validate_pdf,
)
from tests.documents import pdf_fixtures as fx

# A functional bound for the kill path, far above the measured ~0.4 s / 3 s.
BOMB_WALL_SECONDS = 10.0


def rejection(data: bytes, **limits) -> PdfRejected:
    with pytest.raises(PdfRejected) as caught:
        validate_pdf(data, **limits)
    return caught.value


def test_it_accepts_a_clean_pdf_and_extracts_vietnamese_text():
    result = validate_pdf(fx.clean_pdf(pages=2))

    assert result.page_count == 2
    assert fx.CLEAN_TEXT in result.text
    assert "  " not in result.text
    assert len(result.sha256) == 64
    assert result.text_complete is True


def test_it_accepts_a_clean_pdf_whose_objects_sit_in_object_streams():
    """No false positive on the compressed layout most modern writers produce."""
    objects = fx._one_page(b"BT ET", extra_page=b"/Annots [5 0 R]")
    objects[5] = (
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://dichvucong.gov.vn) >> >>"
    )
    data = fx.raw_pdf(objects, root=1, in_objstm=frozenset({1, 2, 5}))

    assert validate_pdf(data).page_count == 1


def test_a_long_genuine_file_is_accepted_with_partial_text(monkeypatch):
    """Text feeds search, not safety: once its time share is spent, stop reading pages."""
    monkeypatch.setattr(validation, "TEXT_TIME_SHARE", 0.0)

    result = validate_pdf(fx.clean_pdf(pages=2))

    assert result.page_count == 2
    assert result.text == ""
    assert result.text_complete is False


def test_it_works_inside_a_database_test(db, django_user_model):
    """The forked child must neither need nor break the test database connection."""
    assert validate_pdf(fx.clean_pdf()).page_count == 2
    assert django_user_model.objects.count() == 0  # the parent's connection still works


def test_it_works_in_a_daemonic_worker_process(monkeypatch):
    """Celery's prefork workers are daemonic; multiprocessing normally refuses them children."""
    config = multiprocessing.current_process()._config
    monkeypatch.setitem(config, "daemon", True)

    assert validate_pdf(fx.clean_pdf()).page_count == 2
    assert config["daemon"] is True


def test_up02_nested_flate_bomb_is_refused_by_decompression_limit():
    """UP-02: a ~3 KB PDF expanding to 1 GiB ends as decompression_limit, quickly."""
    bomb = fx.flate_bomb()
    assert len(bomb) <= 10 * 1024

    started = time.monotonic()
    error = rejection(bomb)

    assert error.code == RejectCode.DECOMPRESSION_LIMIT
    assert time.monotonic() - started <= BOMB_WALL_SECONDS


def test_up03_token_bomb_is_killed_at_the_time_limit():
    """UP-03: ≤ 200 KB on disk, 50 MiB of operators; the child is killed at the deadline."""
    bomb = fx.token_bomb()
    assert len(bomb) <= 200 * 1024

    started = time.monotonic()
    error = rejection(bomb, time_limit=2.0)

    assert error.code == RejectCode.TIME_LIMIT
    assert time.monotonic() - started <= BOMB_WALL_SECONDS


def test_up03_memory_cap_turns_an_allocation_storm_into_a_verdict():
    """UP-03: a tight address-space cap ends in a refusal, never in a dead web process."""
    error = rejection(fx.token_bomb(), memory_limit_mb=64, time_limit=8.0)

    assert error.code in {RejectCode.DECOMPRESSION_LIMIT, RejectCode.TIME_LIMIT}


@pytest.mark.parametrize("name", sorted(fx.ACTIVE_CONTENT))
def test_up04_active_content_is_refused(name):
    """UP-04: JavaScript, actions, launch, embedded files, object streams: 0 false negatives."""
    error = rejection(fx.ACTIVE_CONTENT[name]())

    assert error.code == RejectCode.ACTIVE_CONTENT
    assert error.detail  # what was found, for the audit log


@pytest.mark.parametrize(
    "data",
    [fx.HTML_AS_PDF, fx.SVG_AS_PDF, fx.HTML_POLYGLOT, b"", b"PK\x03\x04 a zip file"],
    ids=["html", "svg", "html-polyglot", "empty", "zip"],
)
def test_up05_markup_or_other_bytes_named_pdf_are_refused(data):
    """UP-05: the magic bytes decide, not the .pdf extension."""
    assert rejection(data).code == RejectCode.NOT_PDF


def test_it_refuses_an_oversized_file_before_parsing():
    error = rejection(fx.clean_pdf(), max_bytes=100)

    assert error.code == RejectCode.TOO_LARGE


def test_it_refuses_too_many_pages():
    error = rejection(fx.clean_pdf(pages=3), max_pages=2)

    assert error.code == RejectCode.TOO_MANY_PAGES


def test_it_refuses_an_encrypted_pdf():
    assert rejection(fx.encrypted_pdf()).code == RejectCode.ENCRYPTED


def test_it_refuses_a_damaged_pdf():
    assert rejection(fx.damaged_pdf()).code == RejectCode.DAMAGED


def test_every_refusal_carries_a_message_for_the_uploader():
    with translation.override("vi"):
        messages = {
            code: rejection(data, **limits).message
            for code, data, limits in _refusals()
        }

    assert set(messages) == set(RejectCode)
    assert all(messages.values())
    assert not any("%(" in message for message in messages.values())


def _refusals():
    yield RejectCode.TOO_LARGE, fx.clean_pdf(), {"max_bytes": 100}
    yield RejectCode.NOT_PDF, fx.HTML_AS_PDF, {}
    yield RejectCode.ENCRYPTED, fx.encrypted_pdf(), {}
    yield RejectCode.ACTIVE_CONTENT, fx.openaction_js(), {}
    yield RejectCode.TOO_MANY_PAGES, fx.clean_pdf(pages=3), {"max_pages": 1}
    yield RejectCode.DECOMPRESSION_LIMIT, fx.flate_bomb(), {}
    yield RejectCode.TIME_LIMIT, fx.token_bomb(), {"time_limit": 0.5}
    yield RejectCode.DAMAGED, fx.damaged_pdf(), {}


def test_form_validator_raises_validation_error_with_the_code():
    upload = SimpleUploadedFile(
        "quy-trinh.pdf", fx.openaction_js(), content_type="application/pdf"
    )

    with pytest.raises(ValidationError) as caught:
        pdf_file_validator(upload)

    assert caught.value.code == "active_content"


def test_form_validator_accepts_a_clean_upload_and_rewinds_it():
    data = fx.clean_pdf()
    upload = SimpleUploadedFile("quy-trinh.pdf", data, content_type="application/pdf")

    pdf_file_validator(upload)

    assert upload.read() == data


def test_form_validator_refuses_by_declared_size_without_reading():
    class Unreadable(io.BytesIO):
        def read(self, *args):
            pytest.fail("read an oversized upload")

    upload = UploadedFile(
        Unreadable(),
        name="lon.pdf",
        content_type="application/pdf",
        size=200 * 1024 * 1024,
    )

    with pytest.raises(ValidationError) as caught:
        pdf_file_validator(upload)

    assert caught.value.code == "too_large"


def test_the_validating_process_survives_a_bomb():
    """After a refusal the caller keeps working: the next clean file validates."""
    rejection(fx.flate_bomb())

    assert validate_pdf(io.BytesIO(fx.clean_pdf()).getvalue()).page_count == 2


def test_up03_token_bomb_is_refused_whatever_the_time_budget():
    """UP-03: a page with megabytes of content operators is refused on its size, not on timing."""
    import time

    start = time.monotonic()
    refused = rejection(fx.token_bomb(), time_limit=60.0)
    assert refused.code == RejectCode.TIME_LIMIT
    assert "page content" in refused.detail
    assert time.monotonic() - start < 30
