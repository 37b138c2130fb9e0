"""The input pack and the minutes of a management review, on the shared report scaffold.

Pure functions over plain data: no models, no database. Both are Vietnamese administrative
documents (``qms.lib.pdf.report``: agency and national motto, title block, tables whose
heading repeats, signature blocks, "Trang x/y"); the caller renders them with Vietnamese
active, so the translated headings print in Vietnamese whatever the screen language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from qms.lib.pdf.report import (
    Metadata,
    PageSetup,
    Signature,
    admin_header,
    build_report,
    facts,
    para,
    signature_blocks,
    table,
    title_block,
)
from qms.lib.review_inputs import ReviewInput

PAGE = PageSetup()
WIDTH = PAGE.width


def _section_table(rows: list[list[str]]) -> list[Flowable]:
    if len(rows) < 2:
        return []
    head, *body = rows
    return [table(head, body, column_widths(rows)), Spacer(1, 3 * mm)]


def column_widths(rows: list[list[str]]) -> list[float]:
    """Wider columns for longer text (an action's description), none below a fair floor."""
    longest = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    weights = [min(max(n, 8), 60) for n in longest]
    total = sum(weights)
    return [WIDTH * w / total for w in weights]


def section_flowables(number: int, section: ReviewInput) -> list[Flowable]:
    """One input: numbered heading with its clause, data range, text, table, charts."""
    story: list[Flowable] = [
        para(f"{number}. {section.title} (9.3.2 {section.clause})", "heading"),
        para(section.data_range, "body"),
    ]
    story += [para(text, "body_justified") for text in section.summary]
    story += _section_table(section.table)
    for chart in section.charts:
        # A chart and its caption stay on one page.
        story.append(KeepTogether([chart.drawing, para(chart.description, "center")]))
    return story


def pack_pdf(
    *, agency: str, title: str, lines: Sequence[str], sections: Sequence[ReviewInput]
) -> bytes:
    """The input pack (9.3.2): one section per input, each with its data range."""
    story: list[Flowable] = [admin_header(agency, WIDTH)]
    story += title_block(title, *lines)
    for number, section in enumerate(sections, start=1):
        story += section_flowables(number, section)
    return build_report(
        story,
        metadata=Metadata(title=title, author=agency, subject=_("Management review")),
    )


@dataclass(frozen=True)
class MinutesAction:
    kind: str
    description: str
    owner: str
    due: str


@dataclass(frozen=True)
class Minutes:
    """What the minutes say, as text."""

    agency: str
    title: str
    held_on: str
    chair: str
    chair_position: str
    attendees: list[str]
    guests: list[str]
    data_range: str
    discussion: list[tuple[str, str]]  # (input heading, text)
    decisions: str
    actions: list[MinutesAction] = field(default_factory=list)
    signed_note: str = ""


def minutes_pdf(minutes: Minutes) -> bytes:
    """Biên bản họp xem xét của lãnh đạo, signed by the chair."""
    story: list[Flowable] = [admin_header(minutes.agency, WIDTH)]
    story += title_block(minutes.title, minutes.held_on)
    people = ", ".join(minutes.attendees) or "—"
    story.append(
        facts(
            [
                (_("Chair"), minutes.chair),
                (_("Attendees"), people),
                (_("Guests"), ", ".join(minutes.guests) or "—"),
                (_("Input data"), minutes.data_range),
            ],
            WIDTH,
        )
    )
    story.append(para(_("Discussion of the inputs"), "heading"))
    for heading, text in minutes.discussion:
        story += [para(heading, "label"), para(text, "body_justified")]
    if not minutes.discussion:
        story.append(para("—", "body"))
    story += [para(_("Decisions"), "heading"), para(minutes.decisions or "—", "body")]
    story.append(para(_("Outputs and actions"), "heading"))
    if minutes.actions:
        head = [
            _("Output"),
            _("Action"),
            _("Person responsible"),
            pgettext("review action", "Due date"),
        ]
        rows = [[a.kind, a.description, a.owner, a.due] for a in minutes.actions]
        story.append(table(head, rows, [WIDTH * w for w in (0.2, 0.45, 0.2, 0.15)]))
    else:
        story.append(para("—", "body"))
    story.append(Spacer(1, 8 * mm))
    story.append(
        # The chair signs on the right, as Nghị định 30/2020 lays out a signature.
        signature_blocks(
            [
                Signature(role=""),
                Signature(
                    role=_("Chair"),
                    name=minutes.chair,
                    position=minutes.chair_position,
                    note=minutes.signed_note,
                ),
            ],
            WIDTH,
        )
    )
    return build_report(
        story,
        metadata=Metadata(
            title=minutes.title, author=minutes.agency, subject=minutes.held_on
        ),
    )
