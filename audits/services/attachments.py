"""Evidence files: PDFs through the document upload validator, photos through Pillow."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from audits.models import Audit, AuditAttachment, AuditItem
from qms.lib.changes import record_change
from qms.lib.filetypes import JPEG, PDF, PNG, WEBP, FileKind, sniff_upload, stored_name
from qms.lib.pdf.validation import pdf_file_validator

from .common import lock, require, require_status

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP}


def validate_attachment(upload: Any) -> str:
    """Accept a safe PDF or photo and return its SHA-256, or raise ValidationError."""
    kind = sniff_upload(upload)
    if kind == PDF:
        pdf_file_validator(upload)
    else:
        kind = _validate_image(upload)
    # The stored name takes the detected type's extension: a PNG+HTML polyglot named
    # x.html is stored as .png, never .html (issue 10 part 2, UP-05).
    upload.name = stored_name(upload.name, kind)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _validate_image(upload: Any) -> FileKind:
    if (upload.size or 0) > MAX_IMAGE_BYTES:
        raise ValidationError(
            _(
                "The photo is larger than 10 MB. Take it at a lower resolution and try again."
            )
        )
    try:
        with Image.open(upload) as image:
            fmt = image.format
            width, height = image.size
            image.verify()
    except Exception:  # noqa: BLE001 - any decoder error means "not a usable image"
        raise ValidationError(
            _(
                "The file is neither a PDF nor a JPEG, PNG or WebP photo. Upload a PDF or a photo."
            )
        ) from None
    finally:
        upload.seek(0)
    if fmt not in IMAGE_FORMATS or width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "The file is neither a PDF nor a JPEG, PNG or WebP photo. Upload a PDF or a photo."
            )
        )
    return IMAGE_FORMATS[fmt]


@transaction.atomic
def audit_item_attach(*, item: AuditItem, user: Any, upload: Any) -> AuditAttachment:
    """Attach a checked evidence file to a checklist item of an audit in progress."""
    from .audits import is_on_team

    audit = lock(item.audit)
    require(is_on_team(audit, user), _("Only the audit team can attach evidence."))
    require_status(
        audit,
        (Audit.Status.IN_PROGRESS,),
        _("Evidence can be attached only while the audit is in progress."),
    )
    sha256 = validate_attachment(upload)
    attachment = AuditAttachment(
        item=item, file=upload, name=upload.name[:255], sha256=sha256, uploaded_by=user
    )
    return record_change(attachment, user=user, reason=_("Evidence attached"))
