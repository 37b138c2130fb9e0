"""The sections of a procedure's public page, built in Python (issue 14 part 6).

The procedure page is the portal's most read page; node by node its template spent more
on the sections below the control block than on all the page's queries. The sections
follow QĐ 101/QĐ-BKHCN and the TTHC posting rules (documents.outline): the administrative
procedure's facts, purpose, scope, legal basis, definitions, the procedure itself with its
total time, forms to download and records to keep; an empty one is left out and the
numbers follow what is shown. Every value is escaped; rich text is Wagtail's own
rendering and the body's blocks render with their own templates.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import date, floatformat
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from wagtail.templatetags.wagtailcore_tags import richtext

register = template.Library()


@register.simple_tag(takes_context=True)
def procedure_sections(context: Any) -> SafeString:
    """Everything between a procedure's control block and its amendment record.

    Reads ``page``, ``outline`` (section numbers, legal bases, forms, time) and
    ``is_preview`` (a preview offers no download) from the context.
    """
    page, outline = context["page"], context["outline"]
    numbers = outline["numbers"]
    html = [_tthc(page)] if page.kind == "tthc" else []
    for name, build in _SECTIONS:
        if numbers.get(name):
            html.append(build(context, page, outline, numbers[name]))
    return mark_safe("".join(html))  # noqa: S308 - every value is escaped


def _text(value: Any) -> str:
    """A value as ``{{ value }}`` prints it: escaped unless already safe."""
    return str(conditional_escape(value))


def _tthc(page: Any) -> str:
    facts = []
    if page.national_code:
        term = gettext("National procedure code")
        facts.append((term, _text(page.national_code)))
    if page.field:
        facts.append((gettext("Field of activity"), _text(page.field)))
    if page.legal_time_limit:
        limit = floatformat(page.legal_time_limit, "-2")
        unit = _text(page.get_legal_time_unit_display())
        facts.append((gettext("Legal processing time limit"), f"{limit} {unit}"))
    if page.fees:
        facts.append((gettext("Fees and charges"), _text(page.fees)))
    dossier = ""
    if page.dossier:
        heading = escape(gettext("Required dossier components"))
        dossier = f"<h3>{heading}</h3>{richtext(page.dossier)}"
    heading = escape(gettext("Administrative procedure"))
    return (
        '<section aria-labelledby="tthc-heading">'
        f'<h2 id="tthc-heading">{heading}</h2><dl class="facts">'
        + "".join(f"<dt>{escape(term)}</dt><dd>{value}</dd>" for term, value in facts)
        + f"</dl>{dossier}</section>"
    )


def _heading(number: int, title: str, anchor: str = "") -> str:
    attribute = f' id="{anchor}"' if anchor else ""
    return f"<h2{attribute}>{number}. {escape(title)}</h2>"


def _purpose(context: Any, page: Any, outline: Any, number: int) -> str:
    return _heading(number, gettext("Purpose")) + richtext(page.purpose)


def _scope(context: Any, page: Any, outline: Any, number: int) -> str:
    return _heading(number, gettext("Scope")) + richtext(page.scope)


def _legal_basis(context: Any, page: Any, outline: Any, number: int) -> str:
    html = [_heading(number, gettext("Legal basis and references"), "legal-heading")]
    if outline["legal_bases"]:
        items = "".join(_legal_item(basis) for basis in outline["legal_bases"])
        html.append(
            f'<ul class="legal-bases" aria-labelledby="legal-heading">{items}</ul>'
        )
    if page.references:
        html.append(richtext(page.references))
    return "".join(html)


def _legal_item(basis: Any) -> str:
    day = date(basis.issue_date, "SHORT_DATE_FORMAT")
    replaced = ""
    if basis.replaced_by_number:
        # As {% blocktranslate %}: the value is escaped, the translation is not.
        replaced = " — " + gettext("replaced by %(number)s") % {
            "number": _text(basis.replaced_by_number)
        }
    return (
        f"<li><strong>{_text(basis.number)}</strong> — {_text(basis.title)} "
        f"({_text(basis.issuer)}, {escape(day)}) "
        f'<span class="legal-status legal-{_text(basis.status)}">'
        f"{_text(basis.get_status_display())}</span>{replaced}</li>"
    )


def _definitions(context: Any, page: Any, outline: Any, number: int) -> str:
    title = gettext("Definitions and abbreviations")
    return _heading(number, title) + richtext(page.definitions)


def _procedure(context: Any, page: Any, outline: Any, number: int) -> str:
    html = [_heading(number, gettext("Content of the procedure"))]
    if page.body:
        # As {% include_block %}: each block sees the page's context.
        flat = context.flatten()
        html += [str(block.render_as_block(context=flat)) for block in page.body]
    time = outline["time"]
    if time:
        html.append(_time_check(page, time))
    return "".join(html)


def _time_check(page: Any, time: Any) -> str:
    total = gettext(
        "Total time of the steps: %(hours)s working hours (%(days)s working days)."
    ) % {
        "hours": floatformat(time.total_hours, "-2"),
        "days": floatformat(time.total_days, "-2"),
    }
    limit = ""
    if page.legal_time_limit:
        limit = " " + gettext("Legal time limit: %(limit)s %(unit)s.") % {
            "limit": floatformat(page.legal_time_limit, "-2"),
            "unit": _text(page.get_legal_time_unit_display()),
        }
        if time.over_limit:
            over = gettext("The steps take longer than the legal time limit.")
            limit += f" <strong>{escape(over)}</strong>"
    over_class = " time-over" if time.over_limit else ""
    return f'<p class="time-check{over_class}">{total}{limit}</p>'


def _forms(context: Any, page: Any, outline: Any, number: int) -> str:
    preview = context.get("is_preview")
    items = []
    for form in outline["forms"]:
        link = ""
        if not preview and form.file:
            url = reverse("documents:form_download", args=[form.pk])
            label = gettext("Download (%(kind)s)") % {"kind": _text(form.kind_label)}
            link = f' <a href="{escape(url)}" download>{label}</a>'
        items.append(f"<li>{_text(form.code)} — {_text(form.name)}{link}</li>")
    return (
        _heading(number, gettext("Forms"), "forms-heading")
        + f'<ul class="forms" aria-labelledby="forms-heading">{"".join(items)}</ul>'
    )


def _records(context: Any, page: Any, outline: Any, number: int) -> str:
    # Literal gettext calls: makemessages extracts only those.
    labels = [
        escape(gettext("Record")),
        escape(gettext("Kept by")),
        escape(gettext("Retention period")),
    ]
    head = "".join(f'<th scope="col">{label}</th>' for label in labels)
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{label}">{_text(value)}</td>'
            for label, value in zip(
                labels,
                (
                    record.value["name"],
                    record.value["keeper"],
                    record.value["retention"],
                ),
                strict=True,
            )
        )
        + "</tr>"
        for record in page.records
    )
    return (
        _heading(number, gettext("Records to keep"))
        + f'<table class="stack"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


_SECTIONS = (
    ("purpose", _purpose),
    ("scope", _scope),
    ("legal_basis", _legal_basis),
    ("definitions", _definitions),
    ("procedure", _procedure),
    ("forms", _forms),
    ("records", _records),
)
