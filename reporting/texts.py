"""What the annual report prints, as plain text shared by its DOCX and its PDF.

The layout follows the sections of the TT 26/2014/TT-BKHCN reporting form as far as they
are known (domain-vn.md R6); the form's exact layout is not verified ⚠️, which the report
says in its footnote. The administrative parts follow Nghị định 30/2020/NĐ-CP: agency and
national motto, number, place and date, title, "Kính gửi", signature, "Nơi nhận".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from reporting.models import AnnualReport, ReportingSettings

SECTION_TITLES = {
    "scope": gettext_noop("Scope of the quality management system"),
    "announcement": gettext_noop("Announcement of conformity with TCVN ISO 9001"),
    "documents": gettext_noop("Documents issued and revised"),
    "training": gettext_noop("Training and dissemination"),
    "internal_audits": gettext_noop("Internal audits"),
    "nonconformities": gettext_noop("Nonconformities and corrective actions"),
    "management_review": gettext_noop("Management review"),
    "objectives": gettext_noop("Quality objectives"),
    "feedback": gettext_noop("Citizens' feedback and complaints"),
    "inspections": gettext_noop("Inspections by competent authorities"),
}


def section_title(key: str) -> str:
    return _(SECTION_TITLES.get(key, key))


@dataclass
class Printed:
    """The whole report as text: what both renderers lay out."""

    agency: str
    parent: str
    number_line: str
    place_date: str
    title: str
    subtitle: str
    recipient: str
    part_one: str
    sections: list[dict[str, Any]]
    narrative: list[tuple[str, str]]
    signer_role: str
    signer_name: str
    signer_position: str
    signed_note: str
    recipients_heading: str
    recipients: list[str]
    footnote: str
    metadata_subject: str = ""
    draft_mark: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _place_date(place: str, report: AnnualReport) -> str:
    moment = report.submitted_at or report.generated_at or timezone.now()
    day = timezone.localtime(moment).date()
    return _("%(place)s, day %(d)02d month %(m)02d year %(y)s") % {
        "place": place,
        "d": day.day,
        "m": day.month,
        "y": day.year,
    }


def printed(report: AnnualReport) -> Printed:
    """The report's text in Vietnamese, whatever the reader's screen language."""
    with translation.override("vi"):
        return _printed(report)


def _printed(report: AnnualReport) -> Printed:
    config = ReportingSettings.load()
    agency = report.agency
    parent = agency.parent.name if agency.parent is not None else ""
    narrative = [
        (_("General assessment"), report.assessment),
        (_("Difficulties and obstacles"), report.difficulties),
        (_("Proposals and recommendations"), report.proposals),
    ]
    signed = report.submitted_at is not None
    note = (
        _("Signed electronically with the password on %(date)s; SHA-256 %(hash)s")
        % {
            "date": timezone.localtime(report.submitted_at).strftime("%d/%m/%Y %H:%M"),
            "hash": report.content_sha256[:16],
        }
        if signed
        else ""
    )
    return Printed(
        agency=agency.name,
        parent=parent,
        number_line=_("No.: %(number)s") % {"number": report.number or "…/BC-…"},
        place_date=_place_date(config.place, report),
        title=_("REPORT"),
        subtitle=_(
            "On building, applying, maintaining and improving the quality management "
            "system under TCVN ISO 9001:2015 in %(year)s"
        )
        % {"year": report.year},
        recipient=_("To: %(recipient)s") % {"recipient": config.recipient},
        part_one=_("Results of applying the quality management system"),
        sections=[
            {**section, "title": section_title(section["key"])}
            if section["key"] in SECTION_TITLES
            else section
            for section in report.sections
        ],
        narrative=[(h, t or "—") for h, t in narrative],
        signer_role=_("Head of the agency"),
        signer_name=report.signer_name,
        signer_position=report.signer_position,
        signed_note=note,
        recipients_heading=_("Recipients:"),
        recipients=[_("- As above;"), _("- Filed: office.")],
        footnote=_(
            "This report follows the sections of the reporting form of Circular "
            "26/2014/TT-BKHCN; the exact layout of the form has not been verified, so its "
            "sections are followed rather than its layout. Figures generated from the "
            "system's registers on %(date)s."
        )
        % {"date": timezone.localtime(report.generated_at).strftime("%d/%m/%Y")},
        metadata_subject=_("Annual ISO report %(year)s") % {"year": report.year},
        draft_mark="" if signed else _("DRAFT — not signed"),
    )


def roman(number: int) -> str:
    """I, II, III… for the report's parts (administrative reports number parts so)."""
    values = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in values:
        while number >= value:
            out, number = out + letters, number - value
    return out
