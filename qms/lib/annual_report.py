"""The sections of the annual ISO report to the Sở KH&CN (TT 26/2014/TT-BKHCN; issue 16
part 3), contributed by each app.

The reporting app generates the report without knowing every register: each app registers
a ``qms_annual_report_sections`` Wagtail hook, a function ``(agency, year) ->
list[ReportSection]`` giving its part for the calendar year from live data. ``collect``
gathers them in the report's order (SECTIONS); the narrative parts (difficulties,
proposals) are written by the agency in the report itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wagtail import hooks

HOOK = "qms_annual_report_sections"

# The report's order, following the sections of the TT 26/2014 reporting form.
SECTIONS = (
    "scope",  # phạm vi áp dụng HTQLCL
    "announcement",  # công bố HTQLCL phù hợp TCVN ISO 9001
    "documents",  # tài liệu ban hành, sửa đổi
    "training",  # đào tạo, phổ biến
    "internal_audits",  # đánh giá nội bộ
    "nonconformities",  # sự không phù hợp, hành động khắc phục
    "management_review",  # xem xét của lãnh đạo
    "objectives",  # mục tiêu chất lượng
    "feedback",  # phản ánh, kiến nghị
    "inspections",  # kiểm tra của cơ quan có thẩm quyền
)


@dataclass
class ReportSection:
    key: str  # one of SECTIONS
    title: str  # translated heading
    summary: list[str] = field(default_factory=list)  # plain-text paragraphs
    table: list[list[str]] = field(default_factory=list)  # first row is the heading
    figures: dict[str, int | str] = field(
        default_factory=dict
    )  # for the province summary


def collect(agency: Any, year: int) -> list[ReportSection]:
    """Every app's sections for ``agency`` and ``year``, in the report's order."""
    sections: list[ReportSection] = []
    for contribute in hooks.get_hooks(HOOK):
        sections.extend(contribute(agency, year))
    order = {key: rank for rank, key in enumerate(SECTIONS)}
    return sorted(sections, key=lambda item: order.get(item.key, len(order)))
