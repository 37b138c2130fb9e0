"""The agency's public page shows its ISO announcement (QĐ 19/2014 Art. 4: posted publicly).

Implements qms's ``qms_agency_public_sections`` hook with one statement, sent with the
page's others; the portal cache is invalidated when an announcement changes (``conformity.apps``). The few lines are built in
Python: the agency page is the portal's busiest, and a template cost it more than the query
(issue 14 part 6).
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from conformity.selectors import public_announcement_read
from qms.lib.sql import Read


def announcement_section(page: Any, request: Any) -> Read[str]:
    """The agency page's ISO section (qms's ``qms_agency_public_sections`` hook)."""
    return public_announcement_read(page_id=page.pk).then(announcement_html)


def announcement_html(row: dict[str, Any] | None) -> SafeString | str:
    """ "Đã công bố HTQLCL phù hợp TCVN ISO 9001:2015 — Quyết định số … ngày …"."""
    if row is None:
        return ""
    text = gettext(
        "Quality management system announced as conforming to %(standard)s — "
        "Decision No. %(number)s of %(date)s"
    ) % {
        "standard": escape(row["standard"]),
        "number": escape(row["decision_number"]),
        "date": escape(date_format(row["decision_date"], "SHORT_DATE_FORMAT")),
    }
    if row["is_public"]:
        url = reverse("conformity:public_decision", args=[row["pk"]])
        link = escape(gettext("read the decision (PDF)"))
        text += f' (<a href="{escape(url)}">{link}</a>)'
    heading = escape(gettext("ISO quality management system"))
    return mark_safe(  # noqa: S308 - every value is escaped
        '<section class="iso-status" aria-labelledby="iso-heading">'
        f'<h2 id="iso-heading">{heading}</h2><p>{text}</p></section>'
    )
