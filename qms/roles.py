"""The five QMS roles and the model permissions each one holds.

Role values are the names of the Django groups, so an administrator sees the same words in
the Groups screen. Agency scope is applied on top of these permissions by ``qms.scoping``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    QUALITY_OFFICER = "Thư ký ISO", _("ISO secretary (quality officer)")
    HEAD = "Lãnh đạo", _("Head (leadership)")
    AUDITOR = "Đánh giá viên nội bộ", _("Internal auditor")
    STAFF = "Công chức", _("Staff")
    SUPERVISOR = (
        "Giám sát",
        _(
            "Supervisor (Department of Home Affairs, Department of Science and Technology)"
        ),
    )


_VIEW_ORG = [
    "qms.view_agency",
    "qms.view_receivingunit",
    "qms.view_position",
    "qms.view_staffprofile",
    "qms.view_succession",
    # Document control registers (documents app; named by string, qms imports no app).
    "documents.view_legaldocument",
    "documents.view_documentrelease",
    "documents.view_reviewflag",
]

# Training records (ISO 9001:2015 7.2, 7.3); which rows each role sees is narrowed further by
# training.scoping (plain staff: their own).
_VIEW_TRAINING = [
    "training.view_acknowledgment",
    "training.view_attendance",
    "training.view_trainingcourse",
    "training.view_trainingsession",
    "training.view_competencerequirement",
    "training.view_quiz",
]

# Records are never deleted by agency users (ISO 9001:2015 7.5.3.2(d) retention): staff are
# deactivated and agencies dissolved with a date; only a wrongly created unit can be removed.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.QUALITY_OFFICER: [
        *_VIEW_ORG,
        "qms.change_agency",
        "qms.add_receivingunit",
        "qms.change_receivingunit",
        "qms.delete_receivingunit",
        "qms.add_staffprofile",
        "qms.change_staffprofile",
        "documents.add_legaldocument",
        "documents.change_legaldocument",
        *_VIEW_TRAINING,
        "training.add_trainingcourse",
        "training.change_trainingcourse",
        "training.add_trainingsession",
        "training.change_trainingsession",
        "training.add_attendance",
        "training.add_quiz",
        "training.change_quiz",
    ],
    Role.HEAD: [
        *_VIEW_ORG,
        *_VIEW_TRAINING,
        "qms.change_agency",
        "qms.change_receivingunit",
    ],
    Role.AUDITOR: [*_VIEW_ORG, *_VIEW_TRAINING],
    Role.STAFF: [
        "qms.view_agency",
        "qms.view_receivingunit",
        "qms.view_staffprofile",
        "training.view_acknowledgment",
        "training.view_attendance",
    ],
    Role.SUPERVISOR: [*_VIEW_ORG, *_VIEW_TRAINING],
}

# Internal audit and nonconformity registers (audits app), kept in one block. Which records
# a role reaches is narrowed further by audits.scoping: auditors their assigned audits,
# action owners their actions, quality officers and heads their agency.
_VIEW_AUDITS = [
    "audits.view_clause",
    "audits.view_checklisttemplate",
    "audits.view_auditprogramme",
    "audits.view_audit",
    "audits.view_nonconformity",
    "audits.view_correctiveaction",
]
_AUDIT_PERMISSIONS: dict[Role, list[str]] = {
    Role.QUALITY_OFFICER: [
        *_VIEW_AUDITS,
        "audits.add_checklisttemplate",
        "audits.change_checklisttemplate",
        "audits.add_auditprogramme",
        "audits.change_auditprogramme",
        "audits.add_audit",
        "audits.change_audit",
        "audits.add_nonconformity",
        "audits.change_nonconformity",
    ],
    Role.HEAD: [
        *_VIEW_AUDITS,
        "audits.add_nonconformity",
        "audits.change_nonconformity",
    ],
    Role.AUDITOR: [*_VIEW_AUDITS, "audits.add_nonconformity"],
    Role.STAFF: ["audits.view_nonconformity", "audits.view_correctiveaction"],
    Role.SUPERVISOR: list(_VIEW_AUDITS),
}
for _role, _names in _AUDIT_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_names]

# Records list, holdings and disposal minutes (documents app; ISO 9001:2015 7.5.3.2, M40).
# Agency staff read their agency's list; the ISO secretary keeps it and drafts minutes; the
# head signs them through the service (no model permission needed to sign). No delete.
_VIEW_RECORDS = [
    "documents.view_recordseries",
    "documents.view_recordbatch",
    "documents.view_disposalminute",
]
_RECORD_PERMISSIONS: dict[Role, list[str]] = {
    Role.QUALITY_OFFICER: [
        *_VIEW_RECORDS,
        "documents.add_recordseries",
        "documents.change_recordseries",
        "documents.add_recordbatch",
        "documents.change_recordbatch",
        "documents.add_disposalminute",
        "documents.change_disposalminute",
    ],
    Role.HEAD: list(_VIEW_RECORDS),
    Role.AUDITOR: list(_VIEW_RECORDS),
    Role.STAFF: ["documents.view_recordseries"],
    Role.SUPERVISOR: list(_VIEW_RECORDS),
}
for _role, _names in _RECORD_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_names]

# Every role may open the Wagtail admin.
ADMIN_ACCESS = "wagtailadmin.access_admin"

# Page permissions granted to a role's per-agency group on the agency's page subtree.
ROLE_PAGE_PERMISSIONS: dict[Role, list[str]] = {
    Role.QUALITY_OFFICER: ["add_page", "change_page", "lock_page", "unlock_page"],
    Role.HEAD: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# Collection permissions granted to a role's per-agency group on the agency's own collection
# of Wagtail files and images (never on Root, never on another agency's). No delete: files
# are evidence and are never removed or replaced in place (ISO 9001:2015 7.5.3.2).
ROLE_COLLECTION_PERMISSIONS: dict[Role, list[str]] = {
    role: [
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
    ]
    for role in (Role.QUALITY_OFFICER, Role.HEAD)
}

# Context, interested parties, risks and opportunities (planning app; ISO 9001:2015 4.1,
# 4.2, 6.1). The ISO secretary keeps the registers; heads, auditors and staff read their
# agency's (staff own treatment actions and record them done through the service, which
# needs no model permission); supervisors read every agency's. No delete.
_VIEW_PLANNING = [
    "planning.view_contextissue",
    "planning.view_interestedparty",
    "planning.view_risklevelscale",
    "planning.view_risk",
    "planning.view_treatmentaction",
]
_PLANNING_PERMISSIONS: dict[Role, list[str]] = {
    Role.QUALITY_OFFICER: [
        *_VIEW_PLANNING,
        "planning.add_contextissue",
        "planning.change_contextissue",
        "planning.add_interestedparty",
        "planning.change_interestedparty",
        "planning.add_risklevelscale",
        "planning.change_risklevelscale",
        "planning.add_risk",
        "planning.change_risk",
        "planning.add_treatmentaction",
        "planning.change_treatmentaction",
    ],
    Role.HEAD: list(_VIEW_PLANNING),
    Role.AUDITOR: list(_VIEW_PLANNING),
    Role.STAFF: list(_VIEW_PLANNING),
    Role.SUPERVISOR: list(_VIEW_PLANNING),
}
for _role, _names in _PLANNING_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_names]

# Dossier statistics of the one-stop system (dossiers app; ISO 9001:2015 9.1.1, M34). The
# ISO secretary and the head import their agency's exports; auditors read them; supervisors
# read every agency's. Rows are never added, changed or deleted by hand: only the import
# service writes them (the screens check roles and scope themselves).
_VIEW_DOSSIERS = ["dossiers.view_dossierstatistic", "dossiers.view_dossierimport"]
_DOSSIER_PERMISSIONS: dict[Role, list[str]] = {
    Role.QUALITY_OFFICER: [*_VIEW_DOSSIERS, "dossiers.add_dossierimport"],
    Role.HEAD: [*_VIEW_DOSSIERS, "dossiers.add_dossierimport"],
    Role.AUDITOR: list(_VIEW_DOSSIERS),
    Role.SUPERVISOR: list(_VIEW_DOSSIERS),
}
for _role, _names in _DOSSIER_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_names]
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_names]

# Quality objectives (performance app; ISO 9001:2015 6.2, 9.1). Read by the ISO secretary,
# the head, auditors and supervisors (every agency); writing goes through the services,
# which check the role and the agency themselves, so only view permissions are granted.
_PERFORMANCE_VIEW = [
    "performance.view_indicator",
    "performance.view_qualityobjective",
    "performance.view_measurement",
]
for _role in (Role.QUALITY_OFFICER, Role.HEAD, Role.AUDITOR, Role.SUPERVISOR):
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_PERFORMANCE_VIEW]
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_names]

# Management review (review app; ISO 9001:2015 9.3, QĐ 19/2014). The ISO secretary plans
# and prepares it, the head chairs and signs (signing needs no model permission: the
# service checks the chair); supervisors read every agency's. Actions are reached by their
# owners through their own screen. No delete.
_REVIEW_PERMISSIONS: dict[Role, list[str]] = {
    Role.QUALITY_OFFICER: [
        "review.view_managementreview",
        "review.add_managementreview",
        "review.change_managementreview",
    ],
    Role.HEAD: [
        "review.view_managementreview",
        "review.add_managementreview",
        "review.change_managementreview",
    ],
    Role.SUPERVISOR: ["review.view_managementreview"],
}
for _role, _names in _REVIEW_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_names]
