"""Models of internal audit (ISO 9001:2015 9.2) and nonconformity (10.2)."""

from .auditors import AuditorCertificate, AuditSettings
from .audits import Audit, AuditAttachment, AuditItem, AuditProgramme, AuditSignature
from .checklists import ChecklistTemplate, ChecklistTemplateItem
from .clauses import Clause
from .nonconformities import (
    ActionReminder,
    CorrectiveAction,
    Nonconformity,
    NonconformitySequence,
)

__all__ = [
    "ActionReminder",
    "Audit",
    "AuditAttachment",
    "AuditItem",
    "AuditProgramme",
    "AuditSettings",
    "AuditSignature",
    "AuditorCertificate",
    "ChecklistTemplate",
    "ChecklistTemplateItem",
    "Clause",
    "CorrectiveAction",
    "Nonconformity",
    "NonconformitySequence",
]
