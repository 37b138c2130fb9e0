"""StreamField blocks of controlled documents: rich text, the step table, records, articles."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class TimeUnit:
    HOURS = "hours"
    DAYS = "days"
    CHOICES = [(HOURS, _("working hours")), (DAYS, _("working days"))]
    # A working day is 8 working hours (Nghị định 118/2025/NĐ-CP counts in working days/hours).
    HOURS_PER_DAY = Decimal(8)


def to_working_hours(amount: Decimal | None, unit: str) -> Decimal:
    """Convert a time limit to working hours so steps and legal limits compare."""
    if amount is None:
        return Decimal(0)
    return amount * TimeUnit.HOURS_PER_DAY if unit == TimeUnit.DAYS else amount


def format_time_limit(amount: Decimal | None, unit: str) -> str:
    if amount is None:
        return ""
    label = _("working days") if unit == TimeUnit.DAYS else _("working hours")
    number = f"{amount.normalize():f}".replace(".", ",")
    return f"{number} {label}"


class StepBlock(blocks.StructBlock):
    """One row of a procedure's step table (Bước | Nội dung | Trách nhiệm | Thời gian | Biểu mẫu)."""

    step = blocks.CharBlock(label=_("Step"), max_length=20)
    description = blocks.TextBlock(label=_("Description"))
    responsible = blocks.CharBlock(label=_("Responsible position"), max_length=255)
    time_limit = blocks.DecimalBlock(
        label=_("Time limit"),
        required=False,
        min_value=0,
        # As the legal time limit: about a year in working hours at most.
        max_value=3000,
        max_digits=8,
        decimal_places=2,
    )
    time_unit = blocks.ChoiceBlock(
        label=_("Unit"), choices=TimeUnit.CHOICES, default=TimeUnit.HOURS
    )
    forms = blocks.CharBlock(label=_("Forms / outputs"), required=False, max_length=255)

    class Meta:
        icon = "list-ol"
        label = _("Step")


class StepTableBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=255)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Step table")
        template = "blocks/step_table.html"


def step_rows(body: Any) -> list[Any]:
    """Return every step of every step table in a StreamField value, in order."""
    rows: list[Any] = []
    for block in body or []:
        if block.block_type == "steps":
            rows.extend(block.value["steps"])
    return rows


class RecordBlock(blocks.StructBlock):
    """A record to keep (Hồ sơ lưu): name, keeper, retention (ISO 9001:2015 7.5.3.2(d))."""

    name = blocks.CharBlock(label=_("Record"), max_length=255)
    keeper = blocks.CharBlock(label=_("Kept by"), max_length=255)
    retention = blocks.CharBlock(label=_("Retention period"), max_length=100)

    class Meta:
        icon = "folder-open-inverse"
        label = _("Record")


class ArticleBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("Article number"), max_length=20)
    title = blocks.CharBlock(label=_("Article title"), max_length=255)
    body = blocks.RichTextBlock(
        label=_("Content"), features=["bold", "italic", "ol", "ul", "link"]
    )

    class Meta:
        icon = "doc-full"
        label = _("Article")


class ChapterBlock(blocks.StructBlock):
    """A chapter of the one-stop unit's internal rules (Quy chế hoạt động)."""

    number = blocks.CharBlock(label=_("Chapter number"), max_length=20)
    title = blocks.CharBlock(label=_("Chapter title"), max_length=255)
    articles = blocks.ListBlock(ArticleBlock(), label=_("Articles"))

    class Meta:
        icon = "doc-full-inverse"
        label = _("Chapter")
        template = "blocks/chapter.html"


RICH_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


def body_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("text", blocks.RichTextBlock(label=_("Text"), features=RICH_FEATURES)),
        ("steps", StepTableBlock()),
    ]
