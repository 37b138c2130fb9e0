"""Check every uploaded PDF before anything is stored (reliability tests UP-02…UP-05).

Parsing a hostile PDF can exhaust memory (a 7 KB file expands to 1 GiB) or CPU (a 155 KB
file costs pypdf ~10 s). So the parse, the object walk and the text extraction run in a
forked child with a CPU and address-space limit, killed at the wall-clock deadline; the
web or worker process only ever sees a verdict through a pipe.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import math
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from multiprocessing.connection import Connection
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, LimitReachedError

from qms.lib.pdf.active_content import find_active_content
from qms.lib.pdf.text import extract_reader_text

logger = logging.getLogger(__name__)

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MIB
DEFAULT_MAX_PAGES = 500
DEFAULT_TIME_LIMIT = 20.0
DEFAULT_MEMORY_LIMIT_MB = 512
# Text is for search, not safety: after this share of the time limit no new page is
# started, so a long genuine file is accepted with partial text instead of refused. One
# page that alone outlasts the rest of the limit (a token bomb) is still killed.
TEXT_TIME_SHARE = 0.5
# Acrobat accepts the header anywhere in the first 1024 bytes; so do we, but not after markup.
HEADER_WINDOW = 1024


class RejectCode(StrEnum):
    TOO_LARGE = "too_large"
    NOT_PDF = "not_pdf"
    ENCRYPTED = "encrypted"
    ACTIVE_CONTENT = "active_content"
    TOO_MANY_PAGES = "too_many_pages"
    DECOMPRESSION_LIMIT = "decompression_limit"
    TIME_LIMIT = "time_limit"
    DAMAGED = "damaged"


MESSAGES = {
    RejectCode.TOO_LARGE: _(
        "The file is %(size)s MB, larger than the %(limit)s MB limit. Reduce its size "
        "(for example, scan at 150–200 dpi or split it into parts) and upload it again."
    ),
    RejectCode.NOT_PDF: _(
        "The file is not a PDF document (its content does not start with a PDF header). "
        "Export or print the document to PDF and upload that file."
    ),
    RejectCode.ENCRYPTED: _(
        "The PDF is password-protected or encrypted. Save a copy without a password and "
        "upload it again."
    ),
    RejectCode.ACTIVE_CONTENT: _(
        "The PDF contains active content (JavaScript, automatic actions, commands that "
        "open programs, or embedded files), which is not allowed. Print the document to a "
        "new PDF (for example with “Microsoft Print to PDF”) and upload that copy."
    ),
    RejectCode.TOO_MANY_PAGES: _(
        "The PDF has %(count)s pages, more than the %(limit)s-page limit. Split it into "
        "smaller files and upload them separately."
    ),
    RejectCode.DECOMPRESSION_LIMIT: _(
        "The PDF expands to an abnormally large size when opened, a sign of a damaged or "
        "malicious file, so it was refused. Create the PDF again from the original "
        "document and upload it again."
    ),
    RejectCode.TIME_LIMIT: _(
        "The PDF is too complex to check within %(seconds)s seconds, so it was refused. "
        "Create the PDF again from the original document and upload it again."
    ),
    RejectCode.DAMAGED: _(
        "The PDF is damaged and cannot be read. Open it in a PDF reader, save or print it "
        "to a new PDF, and upload it again."
    ),
}


@dataclass(frozen=True)
class ValidatedPdf:
    page_count: int
    text: str
    sha256: str
    # False when the size cap or the time budget stopped text extraction early: the
    # file is safe, but a background job may want to index the rest.
    text_complete: bool = True


class PdfRejected(Exception):
    """An upload refused by ``validate_pdf``; ``message`` is for the uploader."""

    def __init__(self, code: RejectCode, message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail or message}")
        self.code = str(code)
        self.message = message
        # For the audit log (e.g. "/JS"); never shown to the uploader.
        self.detail = detail


@dataclass(frozen=True)
class _Outcome:
    """What the child sends back through the pipe."""

    code: RejectCode | None
    page_count: int = 0
    text: str = ""
    text_complete: bool = True
    params: dict[str, Any] = field(default_factory=dict)
    detail: str = ""


class _Reject(Exception):
    def __init__(self, code: RejectCode, detail: str = "", **params: Any) -> None:
        super().__init__(code)
        self.code, self.detail, self.params = code, detail, params


def validate_pdf(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    time_limit: float = DEFAULT_TIME_LIMIT,
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
) -> ValidatedPdf:
    """Accept ``data`` as a safe PDF or raise ``PdfRejected``. ISO 9001:2015 7.5.3.2(b)."""
    # The cheap checks run here, before any parser touches the bytes.
    if len(data) > max_bytes:
        raise _rejection(
            RejectCode.TOO_LARGE, size=_mb(len(data)), limit=_mb(max_bytes)
        )
    if not _has_pdf_header(data):
        raise _rejection(RejectCode.NOT_PDF)
    outcome = _run_sandboxed(
        data,
        max_pages=max_pages,
        time_limit=time_limit,
        memory_limit_mb=memory_limit_mb,
    )
    if outcome.code is RejectCode.TIME_LIMIT:
        raise _rejection(
            outcome.code, detail=outcome.detail, seconds=number_format(time_limit)
        )
    if outcome.code is not None:
        raise _rejection(outcome.code, detail=outcome.detail, **outcome.params)
    return ValidatedPdf(
        page_count=outcome.page_count,
        text=outcome.text,
        sha256=hashlib.sha256(data).hexdigest(),
        text_complete=outcome.text_complete,
    )


def pdf_file_validator(file: File) -> None:
    """Django form-field validator: ``validators=[pdf_file_validator]``."""
    # Refuse oversized uploads from their declared size, before reading them into memory.
    if (file.size or 0) > DEFAULT_MAX_BYTES:
        error = _rejection(
            RejectCode.TOO_LARGE, size=_mb(file.size), limit=_mb(DEFAULT_MAX_BYTES)
        )
        raise ValidationError(error.message, code=error.code)
    file.seek(0)
    data = file.read(DEFAULT_MAX_BYTES + 1)
    file.seek(0)  # leave the upload readable for storage
    try:
        validate_pdf(data)
    except PdfRejected as error:
        raise ValidationError(error.message, code=error.code) from error


def _rejection(code: RejectCode, *, detail: str = "", **params: Any) -> PdfRejected:
    message = MESSAGES[code] % params if params else str(MESSAGES[code])
    logger.info("PDF rejected: %s %s", code, detail)
    return PdfRejected(code, message, detail)


def _mb(size: int) -> str:
    return number_format(round(size / MIB, 1))


def _has_pdf_header(data: bytes) -> bool:
    head = data[:HEADER_WINDOW]
    start = head.find(b"%PDF-")
    # Markup before the header makes an HTML/SVG polyglot a browser could render (UP-05).
    return start >= 0 and b"<" not in head[:start]


# --- parent side of the sandbox --------------------------------------------------------


def _run_sandboxed(
    data: bytes, *, max_pages: int, time_limit: float, memory_limit_mb: int
) -> _Outcome:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main,
        args=(sender, data, max_pages, time_limit, memory_limit_mb),
        name="qms-pdf-validate",
    )
    with _children_allowed():
        child.start()
    # Close our copy of the sending end, so a dead child reads as EOF instead of a hang.
    sender.close()
    try:
        if not receiver.poll(time_limit):
            child.kill()
            return _Outcome(RejectCode.TIME_LIMIT, detail="wall-clock deadline")
        outcome: _Outcome = receiver.recv()
    except EOFError:
        child.join()
        return _Outcome(
            _code_for_exit(child.exitcode), detail=f"child exit {child.exitcode}"
        )
    finally:
        receiver.close()
        _reap(child)
    return outcome


@contextlib.contextmanager
def _children_allowed() -> Iterator[None]:
    """Let a daemonic process (a Celery prefork worker) start the validation child.

    multiprocessing refuses children to daemonic processes so that none is orphaned when
    the daemon is terminated. Ours cannot outlive its purpose: it is killed at the
    deadline, and its CPU rlimit ends it even if this process dies first.
    """
    config: dict[str, Any] = getattr(multiprocessing.current_process(), "_config", {})
    daemon = config.pop("daemon", None)
    try:
        yield
    finally:
        if daemon is not None:
            config["daemon"] = daemon


def _reap(child: multiprocessing.process.BaseProcess) -> None:
    child.join(timeout=2.0)
    if child.is_alive():
        child.kill()
        child.join()


def _code_for_exit(exitcode: int | None) -> RejectCode:
    if exitcode == -signal.SIGXCPU:
        return RejectCode.TIME_LIMIT
    if exitcode == -signal.SIGKILL:  # the kernel's OOM killer, in practice
        return RejectCode.DECOMPRESSION_LIMIT
    return RejectCode.DAMAGED


# --- child side ----------------------------------------------------------------------


def _child_main(
    sender: Connection,
    data: bytes,
    max_pages: int,
    time_limit: float,
    memory_limit_mb: int,
) -> None:
    """Inspect ``data`` in the forked child; never touches the database or the parent's state."""
    # The verdict is the only output: pypdf's warnings about a hostile file must not
    # reach the parent's log handlers (files, Sentry) from a half-copied process.
    logging.disable(logging.CRITICAL)
    try:
        _limit_resources(time_limit, memory_limit_mb)
        outcome = _inspect(
            data,
            max_pages,
            text_deadline=time.monotonic() + time_limit * TEXT_TIME_SHARE,
        )
    except _Reject as reject:
        outcome = _Outcome(reject.code, params=reject.params, detail=reject.detail)
    except BaseException as error:  # noqa: BLE001  # every failure must become a verdict
        outcome = _Outcome(
            _code_for_error(error), detail=f"{type(error).__name__}: {error}"[:500]
        )
    sender.send(outcome)
    sender.close()


def _limit_resources(time_limit: float, memory_limit_mb: int) -> None:
    # A CPU limit makes the kernel stop the child even if the parent dies before killing it.
    cpu_seconds = math.ceil(time_limit) + 1
    resource.setrlimit(
        resource.RLIMIT_CPU,
        _within_hard(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1),
    )
    # The fork inherits the parent's whole address space (Django, Wagtail, test runner), so
    # the cap is what the child may add on top of it, not an absolute size.
    limit = _address_space() + memory_limit_mb * MIB
    resource.setrlimit(
        resource.RLIMIT_AS, _within_hard(resource.RLIMIT_AS, limit, limit)
    )


def _within_hard(which: int, soft: int, hard: int) -> tuple[int, int]:
    current_hard = resource.getrlimit(which)[1]
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    return soft, hard


def _address_space() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:  # noqa: PTH123
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def _inspect(data: bytes, max_pages: int, *, text_deadline: float) -> _Outcome:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise _Reject(RejectCode.ENCRYPTED)
    page_count = len(reader.pages)
    if page_count == 0:
        raise _Reject(RejectCode.DAMAGED, detail="no pages")
    if page_count > max_pages:
        raise _Reject(RejectCode.TOO_MANY_PAGES, count=page_count, limit=max_pages)
    if (reason := find_active_content(reader, data)) is not None:
        raise _Reject(RejectCode.ACTIVE_CONTENT, detail=reason)
    _check_content_sizes(reader)
    # The walk above already decoded every page's content, so stopping the text early
    # leaves no page unchecked for decompression bombs.
    text, complete = extract_reader_text(reader, deadline=text_deadline)
    return _Outcome(None, page_count=page_count, text=text, text_complete=complete)


# A dense page of text is ~50 KB of operators; megabytes of them are a "token bomb" (UP-03).
# Checked on the decoded size, without tokenising, so the refusal does not depend on timing.
MAX_PAGE_CONTENT_BYTES = 8 * MIB


def _check_content_sizes(reader: PdfReader) -> None:
    for page in reader.pages:
        contents = page.get("/Contents")
        if contents is None:
            continue
        contents = contents.get_object()
        streams = contents if isinstance(contents, list) else [contents]
        size = sum(len(stream.get_object().get_data()) for stream in streams)
        if size > MAX_PAGE_CONTENT_BYTES:
            raise _Reject(RejectCode.TIME_LIMIT, detail=f"page content {size} bytes")


def _code_for_error(error: BaseException) -> RejectCode:
    if isinstance(error, FileNotDecryptedError):
        return RejectCode.ENCRYPTED
    if isinstance(error, LimitReachedError):
        # pypdf's token budget trips after seconds of parsing: that is our time limit
        # firing early, not a decompression bomb.
        if "token" in str(error).lower():
            return RejectCode.TIME_LIMIT
        return RejectCode.DECOMPRESSION_LIMIT
    if isinstance(error, MemoryError):
        return RejectCode.DECOMPRESSION_LIMIT
    return RejectCode.DAMAGED
