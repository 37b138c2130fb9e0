"""The Vietnamese catalogue is complete: every project msgid and the Wagtail admin we use."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
SOURCES = [
    "qms",
    "documents",
    "training",
    "audits",
    "feedback",
    "performance",
    "templates",
]


def _extract_msgids(tmp_path: Path) -> polib.POFile:
    """Run makemessages over a copy of the sources, so the real catalogue is left untouched."""
    for name in SOURCES:
        shutil.copytree(
            ROOT / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("__pycache__", "migrations"),
        )
    (tmp_path / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-location"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return polib.pofile(str(tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"))


def test_every_project_msgid_has_a_vietnamese_translation(tmp_path):
    extracted = _extract_msgids(tmp_path)
    assert len(extracted) > 100  # the extraction really ran over the sources
    ours = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(CATALOGUE))}
    missing = [
        e.msgid
        for e in extracted
        if (e.msgctxt, e.msgid) not in ours
        or not (
            ours[(e.msgctxt, e.msgid)].msgstr
            or ours[(e.msgctxt, e.msgid)].msgstr_plural
        )
        or "fuzzy" in ours[(e.msgctxt, e.msgid)].flags
    ]
    assert missing == [], f"untranslated: {missing[:20]}"


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Save draft", "Lưu dự thảo"),
        ("Publish", "Xuất bản"),
        ("Pages", "Trang"),
        ("Documents", "Tệp tài liệu"),
        ("Images", "Hình ảnh"),
        ("Snippets", "Danh mục dữ liệu"),
        ("Reports", "Báo cáo"),
        ("Help", "Trợ giúp"),
        ("Settings", "Cài đặt"),
        ("Dashboard", "Bảng điều khiển"),
        ("Sign in", "Đăng nhập"),
        ("Log out", "Đăng xuất"),
    ],
)
def test_wagtail_admin_strings_read_in_vietnamese(english, vietnamese):
    """Wagtail's own vi catalogue is ~20% complete; ours fills the screens our users see."""
    with translation.override("vi"):
        assert translation.gettext(english) == vietnamese


def test_project_strings_switch_to_english():
    from qms.models import Agency

    with translation.override("vi"):
        assert str(Agency._meta.verbose_name) == "cơ quan"
    with translation.override("en"):
        assert str(Agency._meta.verbose_name) == "agency"


def test_project_catalogue_does_not_contradict_the_wagtail_one():
    """Our catalogue is loaded first: a shared msgid must keep Wagtail's (glossary) wording."""
    wagtail = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.pofile(str(ROOT / "locale/wagtail/vi/LC_MESSAGES/django.po"))
    }
    clashes = [
        (e.msgid, e.msgstr, wagtail[(e.msgctxt, e.msgid)])
        for e in polib.pofile(str(CATALOGUE))
        if (e.msgctxt, e.msgid) in wagtail and e.msgstr != wagtail[(e.msgctxt, e.msgid)]
    ]
    assert clashes == []
