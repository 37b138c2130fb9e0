"""Charts drawn once on the server, shown as SVG in the admin and drawn into PDFs (issue 15).

A chart is a reportlab ``Drawing``: ``svg()`` turns it into inline SVG for a page, and the
same object is a flowable for ``qms.lib.pdf.report`` documents, so a management-review pack
prints exactly what the screen showed. No JavaScript and no CDN. Every chart carries a text
equivalent (``Chart.description``) for screen readers and for the PDF's text layer
(WCAG 2.1 1.1.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from qms.lib.pdf.fonts import register_fonts

WIDTH, HEIGHT = 460, 220
MARGIN_LEFT, MARGIN_BOTTOM = 48, 42
SERIES = colors.HexColor("#1d4f91")  # the portal's blue
TARGET = colors.HexColor("#b3261e")  # a target line reads as a limit
GRID = colors.HexColor("#c8ccd2")

Number = float | int | Decimal | None


@dataclass
class Chart:
    """A drawing and what it says in words."""

    drawing: Drawing
    title: str
    description: str
    points: list[tuple[str, str]] = field(default_factory=list)

    def svg(self) -> SafeString:
        """Inline SVG with ``role="img"``, its title and a description for screen readers."""
        raw = renderSVG.drawToString(self.drawing)
        body = raw[raw.index("<svg") :]
        label = escape(f"{self.title}. {self.description}")
        body = body.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)
        body = body.replace(
            "<title>...</title>", f"<title>{escape(self.title)}</title>"
        )
        body = body.replace(
            "<desc>...</desc>", f"<desc>{escape(self.description)}</desc>"
        )
        return mark_safe(body)  # noqa: S308 - reportlab's markup; our text is escaped


def _value(number: Number) -> float | None:
    return None if number is None else float(number)


def _scale(
    values: Sequence[float | None], target: float | None, *, from_zero: bool
) -> tuple[float, float]:
    """The value axis: from zero for bars; around the data for a line, so that a rate moving
    between 96 % and 99 % is not drawn flat at the top of a 0–100 axis."""
    known = [v for v in values if v is not None]
    if target is not None:
        known.append(target)
    low, high = min(known, default=0.0), max(known, default=1.0)
    pad = (high - low) * 0.25 or abs(high) * 0.05 or 1.0
    if from_zero:
        return min(0.0, low), high + pad
    bottom = low - pad
    return (max(0.0, bottom) if low >= 0 else bottom), high + pad


def _frame(title: str) -> Drawing:
    _regular, bold = register_fonts()
    drawing = Drawing(WIDTH, HEIGHT)
    drawing.add(String(MARGIN_LEFT, HEIGHT - 14, title, fontName=bold, fontSize=10))
    return drawing


def _style_axes(chart: HorizontalLineChart | VerticalBarChart) -> None:
    regular, _bold = register_fonts()
    chart.x, chart.y = MARGIN_LEFT, MARGIN_BOTTOM
    chart.width, chart.height = WIDTH - MARGIN_LEFT - 16, HEIGHT - MARGIN_BOTTOM - 34
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = regular
        axis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID


def _describe(
    labels: Sequence[str], values: Sequence[float | None], unit: str
) -> list[tuple[str, str]]:
    return [
        (label, "—" if value is None else f"{_number(value)} {unit}".strip())
        for label, value in zip(labels, values, strict=True)
    ]


def _number(value: float) -> str:
    """As Vietnamese write it: 98,5 and 97 (not 97,0)."""
    return number_format(int(value) if value.is_integer() else round(value, 2))


def line_chart(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[Number],
    unit: str = "",
    target: Number = None,
    description: str,
) -> Chart:
    """Values over periods (e.g. an indicator by month), with its target as a red line."""
    drawing = _frame(title)
    plotted = [_value(v) for v in values]
    if all(v is None for v in plotted):
        # Nothing measured yet: reportlab cannot draw an empty line; the frame and the
        # text equivalent say so.
        return Chart(drawing, title, description, _describe(labels, plotted, unit))
    chart = HorizontalLineChart()
    _style_axes(chart)
    chart.data = [plotted]  # a None leaves a gap: a period not measured
    chart.categoryAxis.categoryNames = list(labels)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = _scale(
        plotted, _value(target), from_zero=False
    )
    chart.lines[0].strokeColor = SERIES
    chart.lines[0].strokeWidth = 2
    chart.lines.symbol = None
    drawing.add(chart)
    goal = _value(target)
    if goal is not None and labels:
        low, high = chart.valueAxis.valueMin, chart.valueAxis.valueMax
        y = chart.y + chart.height * (goal - low) / ((high - low) or 1)
        drawing.add(
            Line(
                chart.x, y, chart.x + chart.width, y, strokeColor=TARGET, strokeWidth=1
            )
        )
    return Chart(drawing, title, description, _describe(labels, plotted, unit))


def bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[Number],
    unit: str = "",
    description: str,
) -> Chart:
    """One bar per category (e.g. nonconformities by month or by process)."""
    drawing = _frame(title)
    plotted = [_value(v) for v in values]
    chart = VerticalBarChart()
    _style_axes(chart)
    chart.data = [[v or 0.0 for v in plotted]]
    chart.categoryAxis.categoryNames = list(labels)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = _scale(
        plotted, None, from_zero=True
    )
    chart.bars[0].fillColor = SERIES
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return Chart(drawing, title, description, _describe(labels, plotted, unit))
