"""No English and no Python values on the Vietnamese screens each demo role uses (issue 13, 7).

Each demo person opens the admin screens of their daily work; the visible text of every page
that opens for them is scanned for "True", "False", "None" and for English labels that leaked
from field names ("Base revision id", "Number label", …).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from audits.models import Audit, AuditProgramme, Nonconformity
from documents.models import ProcedurePage
from qms.models import StaffProfile

PYTHON_VALUES = (">True<", ">False<", ">None<")
ENGLISH_LABELS = (
    "Base revision id",
    "Base revision at",
    "Conflict seen at",
    "Number label",
    "Status label",
    "Certificate sha256",
    "Kind label",
    "Release label",
    "Pdf status",
)
ROLES = ("admin", "thuky", "lanhdao", "phochutich", "danhgia", "congchuc", "giamsat")


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _Text(HTMLParser):
    """The text a reader sees: no scripts, styles, hidden elements or attribute values.

    (Wagtail's hidden side-panel counter holds "None" when there is nothing to count.)
    """

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0  # depth inside an element whose text nobody sees

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in VOID:
            return
        if self._skip:
            self._skip += 1
        elif tag in ("script", "style", "template") or any(
            name == "hidden" for name, _value in attrs
        ):
            self._skip = 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def _visible(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def _screens(user) -> list[str]:
    """The main screens of the demo, as URLs; the ones a role may not open are skipped."""
    urls = [
        reverse("wagtailadmin_home"),
        reverse("documents_master_list"),
        reverse("nonconformity:index"),
        reverse("training_matrix"),
        reverse("training_my_tasks"),
        reverse("documentrelease:index"),
        reverse("training_attendance:index"),
        reverse("correctiveaction:index"),
        reverse("audit:index"),
        reverse("auditprogramme:index"),
        reverse("staffprofile:index"),  # its boolean icons were titled "True"
        reverse("wagtailadmin_pages:search") + "?q=Quy+tr%C3%ACnh",  # "1-1 trên 1 None"
    ]
    nc = Nonconformity.objects.order_by("pk").first()
    if nc:
        urls.append(reverse("audits_nc_workflow", args=[nc.pk]))
    programme = AuditProgramme.objects.order_by("-pk").first()
    if programme:  # a 500 on editing a new programme (issue 13 part 6)
        urls.append(reverse("auditprogramme:edit", args=[programme.pk]))
    audit = Audit.objects.order_by("-pk").first()
    if audit:
        urls.append(reverse("audits_workspace", args=[audit.pk]))
    profile = StaffProfile.objects.filter(user=user).first()
    if profile:
        urls.append(reverse("training_staff_record", args=[profile.pk]))
    page = ProcedurePage.objects.order_by("pk").first()
    if page:
        urls.append(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return urls


def _problems(html: str) -> list[str]:
    found = [value for value in PYTHON_VALUES if value in html]
    text = "\n".join(_visible(html))
    found += [
        f"text {v!r}" for v in ("True", "False", "None") if re.search(rf"\b{v}\b", text)
    ]
    found += [label for label in ENGLISH_LABELS if label.casefold() in text.casefold()]
    found += [
        f"column {title!r}" for title in _column_titles(html) if title[0].islower()
    ]
    return found


def _column_titles(html: str) -> list[str]:
    """The visible headings of listing columns, e.g. "Tiêu đề", never "tiêu đề"."""
    titles = []
    for cell in re.findall(r"<th\b[^>]*>(.*?)</th>", html, re.S):
        text = " ".join(_visible(cell))
        if text:
            titles.append(text)
    return titles


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_the_screens_of_each_role_show_no_python_values_or_english_labels(
    seeded, client, username
):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    opened, problems = 0, {}
    for url in _screens(user):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code < 500, url
        if response.status_code != 200:
            continue  # not this role's screen (403, 404 out of scope, redirect)
        opened += 1
        found = _problems(response.content.decode())
        if found:
            problems[url] = found
    assert opened >= 2, f"{username} opened only {opened} screens"
    assert problems == {}
