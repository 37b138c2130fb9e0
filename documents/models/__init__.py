"""Controlled documents (ISO 9001:2015 7.5): pages, releases, signatures, files, legal bases."""

from .blocks import ArticleBlock, ChapterBlock, RecordBlock, StepBlock, StepTableBlock
from .change_requests import ChangeRequest
from .legal import LegalDocument, ReviewFlag
from .listing import PortalListEntry
from .media import QmsDocument
from .pages import (
    DOCUMENT_PAGE_MODELS,
    ControlledDocumentPage,
    DocumentIndexPage,
    InternalRulePage,
    PolicyPage,
    ProcedureForm,
    ProcedurePage,
)
from .records import DisposalMinute, RecordBatch, RecordSeries
from .release_forms import ReleaseForm
from .releases import (
    DocumentRelease,
    DocumentReview,
    ElectronicSignature,
    ReviewReminder,
    SigningTask,
)
from .search import DocumentSearchEntry
from .settings import DocumentSettings, default_review_months

__all__ = [
    "DOCUMENT_PAGE_MODELS",
    "ArticleBlock",
    "ChangeRequest",
    "ChapterBlock",
    "ControlledDocumentPage",
    "DisposalMinute",
    "DocumentIndexPage",
    "DocumentRelease",
    "DocumentReview",
    "DocumentSearchEntry",
    "DocumentSettings",
    "ElectronicSignature",
    "InternalRulePage",
    "LegalDocument",
    "PolicyPage",
    "PortalListEntry",
    "ProcedureForm",
    "ProcedurePage",
    "QmsDocument",
    "RecordBatch",
    "RecordBlock",
    "RecordSeries",
    "ReleaseForm",
    "ReviewFlag",
    "ReviewReminder",
    "SigningTask",
    "StepBlock",
    "StepTableBlock",
    "default_review_months",
]
