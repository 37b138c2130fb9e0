"""The user guide ("Hướng dẫn sử dụng", /admin/huong-dan/): what each role does, screen by screen.

Wagtail's "Help" menu points to its English editor guide; agency users get this one instead
(qms.branding_hooks). The guide names screens and buttons by the labels they carry, so it is
kept beside them: change a label, change the step here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qms.roles import Role
from qms.scoping import user_roles


@dataclass(frozen=True)
class GuideSection:
    key: str
    title: Promise
    roles: frozenset[Role]
    steps: tuple[Promise, ...]


SECTIONS: tuple[GuideSection, ...] = (
    GuideSection(
        key="draft",
        title=_("Draft a document and send it for review"),
        roles=frozenset({Role.QUALITY_OFFICER}),
        steps=(
            _(
                "In the menu, open Pages, then your agency's document index "
                '("Hệ thống tài liệu ISO") and press the + button (Add child page); '
                "choose Procedure, Internal rules or Quality policy."
            ),
            _(
                "Type the title and the document code, e.g. QT-HT-05. The document's "
                "address is made from its code (…/qt-ht-05/) and does not change once "
                "the document is released."
            ),
            _(
                "Fill in the purpose, scope, steps, forms and records. Under "
                '"Distribution and legal bases", tick the one-stop units or positions '
                "who must read the document, and the legal documents it rests on: only "
                "your agency's are listed."
            ),
            _(
                'Press "Save draft" whenever you like; the editor also saves by itself '
                "while you type."
            ),
            _(
                'When the draft is ready, open the arrow beside "Save draft" and choose '
                'to submit it to the workflow "Soát xét → Phê duyệt". A document with no '
                "unit or position to receive it is not sent: tick at least one first."
            ),
            _(
                "Follow the document in My work and in Reports → Master list of "
                "documents; a reviewer's request for changes comes back to you there."
            ),
        ),
    ),
    GuideSection(
        key="sign",
        title=_("Review and sign a document"),
        roles=frozenset({Role.HEAD}),
        steps=(
            _(
                "My work lists the documents waiting for your review or approval; the "
                "dashboard shows the same list."
            ),
            _(
                "Open the document and read it; the history (clock icon) compares this "
                "draft with the release in force."
            ),
            _(
                "To accept, choose the signing action and confirm with your password: "
                "your name, position, the meaning of the signature and the time are "
                "recorded with the exact revision you signed."
            ),
            _(
                'To send it back, choose "Request changes" and say what to change; the '
                "secretary finds your comment in her My work."
            ),
            _(
                "After the last signature the document takes effect on its effective "
                "date and its controlled PDF is made; its readers are asked to confirm."
            ),
        ),
    ),
    GuideSection(
        key="read",
        title=_("Read and confirm a released document"),
        roles=frozenset({Role.STAFF, Role.HEAD, Role.QUALITY_OFFICER, Role.AUDITOR}),
        steps=(
            _(
                'My work, under "Read and confirm", lists the documents released to '
                "your unit or position, with the date to confirm by."
            ),
            _(
                "Open one, read it (the controlled PDF is there too), answer the short "
                "quiz if there is one, then confirm with your password."
            ),
            _(
                "Reminders stop once you have confirmed; the training matrix shows your "
                "confirmation to the secretary and to your head."
            ),
        ),
    ),
    GuideSection(
        key="audit",
        title=_("Run an internal audit"),
        roles=frozenset({Role.AUDITOR}),
        steps=(
            _(
                "In the menu, open Internal audits → Audits and choose an audit you lead "
                "or are on (My work lists them too)."
            ),
            _(
                'Press "Start audit": the checklist is copied from the template of the '
                "audit."
            ),
            _(
                "For each checklist item, record the result, the evidence seen and the "
                "dossiers sampled; attach files where useful."
            ),
            _(
                'When every item is recorded, press "Finish fieldwork", then sign the '
                "report; the team leader closes the audit and stores the report."
            ),
        ),
    ),
    GuideSection(
        key="nonconformity",
        title=_("Raise and follow a nonconformity"),
        roles=frozenset({Role.AUDITOR, Role.QUALITY_OFFICER, Role.HEAD}),
        steps=(
            _(
                'From a checklist item that does not conform, press "Create '
                'nonconformity report"; the finding statement is filled in for you to '
                "edit, and the evidence and sampled dossiers come with it."
            ),
            _(
                "The nonconformity appears in Internal audits → Nonconformities; its "
                "owner analyses the cause and plans corrective actions with due dates."
            ),
            _(
                "Each person responsible marks their action done; the auditor then "
                "verifies its effectiveness and closes the nonconformity."
            ),
        ),
    ),
    GuideSection(
        key="supervise",
        title=_("Supervise the agencies"),
        roles=frozenset({Role.SUPERVISOR}),
        steps=(
            _(
                "You read every agency's registers (documents in force, audits, "
                "nonconformities, training) and change nothing."
            ),
            _(
                "Reports → Master list of documents and the audit registers filter by "
                "agency and export to Excel."
            ),
        ),
    ),
)


def sections_for(user: Any) -> tuple[list[GuideSection], list[GuideSection]]:
    """The sections of the user's own roles first, then the others (for reference)."""
    if user.is_superuser:
        return list(SECTIONS), []
    roles = user_roles(user)
    own = [section for section in SECTIONS if section.roles & roles]
    return own, [section for section in SECTIONS if section not in own]


@login_required
def user_guide(request: HttpRequest) -> HttpResponse:
    own, others = sections_for(request.user)
    return render(
        request,
        "qms/admin/user_guide.html",
        {"own_sections": own, "other_sections": others},
    )
