"""Freeze a procedure's forms with its release (issue 13 part 2; ISO 9001:2015 7.5.3.2).

Called by ``release_publish`` in its transaction: the form rows of the published revision,
with the stored file each one pointed at and that file's SHA-256, become ``ReleaseForm``
rows. Later edits of the procedure's form rows, or a new file uploaded into the same file
object, leave them as they were.
"""

from __future__ import annotations

import hashlib
from typing import Any

from documents.models import DocumentRelease, ReleaseForm


def _file_sha256(document: Any) -> str:
    """The hash of the stored bytes now (the truth), or the one recorded at upload."""
    digest = hashlib.sha256()
    try:
        with document.file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(64 * 1024), b""):
                digest.update(chunk)
    except FileNotFoundError:
        # The controlled PDF's job reports a missing form file (MissingFormFileError).
        return document.sha256
    return digest.hexdigest()


def release_forms_freeze(
    *, release: DocumentRelease, document: Any
) -> list[ReleaseForm]:
    """Record the forms of ``document`` (the revision released) as ``release``'s forms."""
    attachments = getattr(document, "form_attachments", None)
    frozen = []
    for position, form in enumerate(attachments.all() if attachments else [], 1):
        file = form.file if form.file_id else None
        kind = file.kind if file is not None else None
        frozen.append(
            ReleaseForm.objects.create(
                release=release,
                position=position,
                code=form.code,
                name=form.name,
                document=file,
                file=file.file.name if file is not None else "",
                kind=kind.extension if kind is not None else "",
                sha256=_file_sha256(file) if file is not None else "",
            )
        )
    return frozen
