"""Form files (biểu mẫu): the one upload path that accepts Word and Excel besides PDF.

How "Office for forms only" is enforced:

- Wagtail's generic file upload (Tệp tài liệu → Thêm, the multiple uploader, the generic
  file chooser and its "Tải lên" tab) uses ``documents.upload_forms.QmsDocumentForm``, whose
  file field refuses anything whose content is not a PDF. Nothing there changes.
- The "Tệp biểu mẫu" field of a procedure's form row uses its own chooser
  (``form_file_chooser_viewset`` below, not registered as the default document widget).
  Its "Tải lên" tab uploads through ``FormFileForm``, which also accepts a DOCX or XLSX that
  ``qms.lib.office.validate_office`` proves safe, by type, never by name.
- The stored name takes its extension from the detected type, and ``QmsDocument.clean``
  trusts the extension only for these kinds; so an Office file can only have come in
  through this path.
- A release freezes only form rows (``documents.services.form_freeze``), and the PDF of a
  release appends only PDF forms; Office forms are listed in it.

The chooser lists the files of the user's own agency collections, like Wagtail's (the
collection permissions of ``qms.roles.ROLE_COLLECTION_PERMISSIONS``), and an upload lands in
the uploader's agency collection (``BaseCollectionMemberForm`` keeps only collections the
user may add to). Nothing is stored when a file is refused: validation runs in the form,
before the model is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms.models import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model, get_document_model_string
from wagtail.documents.forms import formfield_for_dbfield
from wagtail.documents.views.chooser import (
    DocumentChooseResultsView,
    DocumentChooserUploadView,
    DocumentChooserViewSet,
    DocumentChooseView,
)

from documents.upload_forms import (
    QmsDocumentField,
    QmsDocumentForm,
    _replace_file_field,
)
from qms.lib.filetypes import PDF, sniff_upload, stored_name
from qms.lib.office import OfficeRejected, looks_like_zip, validate_office


class FormFileField(QmsDocumentField):
    """A PDF, or a file that starts like a zip (checked as DOCX/XLSX by the form)."""

    def to_python(self, data: Any) -> Any:
        try:
            return super().to_python(data)
        except ValidationError as error:
            if error.code != "not_pdf":
                raise
        upload = data
        upload.seek(0)
        head = upload.read(4)
        upload.seek(0)
        if not looks_like_zip(head):
            raise ValidationError(_office_message("not_office"), code="not_office")
        return upload


def _office_message(code: str) -> str:
    from qms.lib.office import MESSAGES, OfficeRejectCode

    return str(MESSAGES[OfficeRejectCode(code)])


class FormFileForm(QmsDocumentForm):
    """Upload of a form file: a validated PDF, DOCX or XLSX (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _replace_file_field(self, FormFileField)
        if "file" in self.fields:
            self.fields["file"].label = _("Form file (PDF, DOCX or XLSX)")
            self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.xlsx"

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        if sniff_upload(upload) == PDF:
            return super().clean_file()
        upload.seek(0)
        try:
            self._office = validate_office(upload.read())
        except OfficeRejected as exc:
            raise ValidationError(str(exc.message), code=exc.code) from None
        finally:
            upload.seek(0)
        upload.name = stored_name(upload.name, self._office.kind)
        return upload

    def save(self, commit: bool = True) -> Any:  # noqa: FBT001, FBT002 - Django's signature
        office = getattr(self, "_office", None)
        if office is not None:
            self.instance.sha256 = office.sha256
            self.instance.page_count = None
            self.instance.extracted_text = office.text
        return super().save(commit=commit)


def form_file_form_class(model: Any) -> Any:
    """Wagtail's document form for ``model``, built on ``FormFileForm``."""
    fields = list(model.admin_form_fields)
    if "collection" not in fields:
        fields.append("collection")
    return modelform_factory(
        model,
        form=FormFileForm,
        fields=fields,
        formfield_callback=formfield_for_dbfield,
    )


class _FormFileCreation:
    def get_creation_form_class(self) -> Any:
        return form_file_form_class(get_document_model())


class FormFileChooseView(_FormFileCreation, DocumentChooseView):
    pass


class FormFileChooseResultsView(_FormFileCreation, DocumentChooseResultsView):
    pass


class FormFileUploadView(_FormFileCreation, DocumentChooserUploadView):
    pass


class FormFileChooserViewSet(DocumentChooserViewSet):
    choose_view_class = FormFileChooseView
    choose_results_view_class = FormFileChooseResultsView
    create_view_class = FormFileUploadView
    # Only the form row's file field uses it: every other file field keeps Wagtail's
    # PDF-only chooser.
    register_widget = False
    choose_one_text = _("Choose a form file")
    choose_another_text = _("Choose another form file")


form_file_chooser_viewset = FormFileChooserViewSet(
    "qms_form_file_chooser",
    model=get_document_model_string(),
    url_prefix="documents/chooser/forms",
)
