"""StreamField blocks of controlled documents: rich text, the step table, records, articles."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.defaultfilters import floatformat, linebreaksbr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
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

    def render(self, value: Any, context: Any = None) -> SafeString:
        """The step table, built in Python with every value escaped.

        A procedure page rendered node by node spent more on its step rows than on its
        queries (issue 14 part 6); ``data-label`` names each cell when the table becomes
        cards on a phone.
        """
        labels = [
            gettext("Step"),
            gettext("Description"),
            gettext("Responsible position"),
            gettext("Time limit"),
            gettext("Forms / outputs"),
        ]
        head = "".join(f'<th scope="col">{escape(label)}</th>' for label in labels)
        cells = [escape(label) for label in labels]
        rows = []
        for step in value["steps"]:
            time = ""
            if step["time_limit"]:
                # Literal gettext calls: makemessages extracts only those.
                unit = (
                    gettext("working days")
                    if step["time_unit"] == TimeUnit.DAYS
                    else gettext("working hours")
                )
                time = f"{floatformat(step['time_limit'], '-2')} {escape(unit)}"
            values = [
                escape(step["step"]),
                linebreaksbr(step["description"], autoescape=True),
                escape(step["responsible"]),
                time,
                escape(step["forms"] or ""),
            ]
            rows.append(
                "<tr>"
                + "".join(
                    f'<td data-label="{label}">{cell}</td>'
                    for label, cell in zip(cells, values, strict=True)
                )
                + "</tr>"
            )
        heading = f"<h3>{escape(value['heading'])}</h3>" if value["heading"] else ""
        return mark_safe(  # noqa: S308 - every value above is escaped
            f'{heading}<div class="table-scroll"><table class="steps stack">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )


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
