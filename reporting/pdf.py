"""The annual report as PDF, on the shared Vietnamese report scaffold (qms.lib.pdf.report).

Pure layout over ``reporting.texts.Printed``: no models, no database.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from qms.lib.pdf.report import (
    Metadata,
    PageSetup,
    Signature,
    admin_header,
    build_report,
    para,
    signature_blocks,
    table,
)
from reporting.texts import Printed, roman

PAGE = PageSetup()
WIDTH = PAGE.width


def _widths(rows: list[list[str]]) -> list[float]:
    """Wider columns for longer text, none below a fair floor."""
    longest = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    weights = [min(max(n, 12), 60) for n in longest]
    return [WIDTH * w / sum(weights) for w in weights]


def _number_and_date(doc: Printed) -> Table:
    return Table(
        [[para(doc.number_line, "cell_center"), para(doc.place_date, "cell_center")]],
        colWidths=[WIDTH * 0.42, WIDTH * 0.58],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
    )


def _sections(doc: Printed) -> list[Flowable]:
    story: list[Flowable] = [para(f"{roman(1)}. {doc.part_one}", "heading")]
    for number, section in enumerate(doc.sections, start=1):
        story.append(para(f"{number}. {section['title']}", "label"))
        story += [para(text, "body_justified") for text in section["summary"]]
        rows = section["table"]
        if len(rows) >= 2:
            head, *body = rows
            story += [table(head, body, _widths(rows)), Spacer(1, 3 * mm)]
    return story


def report_pdf(doc: Printed) -> bytes:
    """Báo cáo tình hình áp dụng HTQLCL năm YYYY, for the Sở KH&CN."""
    story: list[Flowable] = [admin_header(doc.agency, WIDTH, parent=doc.parent)]
    story += [_number_and_date(doc), Spacer(1, 5 * mm)]
    if doc.draft_mark:
        story.append(para(doc.draft_mark, "center"))
    story += [para(doc.title, "title"), para(doc.subtitle, "center"), Spacer(1, 3 * mm)]
    story += [para(doc.recipient, "center"), Spacer(1, 4 * mm)]
    story += _sections(doc)
    for offset, (heading, text) in enumerate(doc.narrative, start=2):
        story += [
            para(f"{roman(offset)}. {heading}", "heading"),
            para(text, "body_justified"),
        ]
    story.append(Spacer(1, 6 * mm))
    head = Signature(
        role=doc.signer_role,
        name=doc.signer_name,
        position=doc.signer_position,
        note=doc.signed_note,
    )
    # "Nơi nhận" on the left, the signature on the right (Nghị định 30/2020, Phụ lục I).
    recipients = [para(doc.recipients_heading, "label")]
    recipients += [para(line, "cell") for line in doc.recipients]
    story.append(
        Table(
            [[recipients, signature_blocks([head], WIDTH * 0.55)]],
            colWidths=[WIDTH * 0.45, WIDTH * 0.55],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
        )
    )
    story += [Spacer(1, 6 * mm), para(f"(*) {doc.footnote}", "cell")]
    return build_report(
        story,
        metadata=Metadata(
            title=doc.subtitle, author=doc.agency, subject=doc.metadata_subject
        ),
    )
