"""The language scan of issue 13: no True, False, None or English label on a Vietnamese screen.

Every page a browser test loads in Vietnamese (``<html lang="vi">``) reports its visible text
nodes (``VISIBLE_TEXT_JS``, again whenever the DOM changes, so dialogs and menus count); the
checks here flag:

* the Python literals True, False and None as whole words (a boolean or an empty value
  rendered as is);
* a text node that is, verbatim, an English message of the project's, Wagtail's or Django's
  catalogues whose Vietnamese translation, as Django resolves it with this project's
  LOCALE_PATHS first, differs from it (an untranslated label shows its English msgid), and a
  few known offenders that are no msgid (field names Django derives from attribute names).

Nothing is excluded as "user content" but typed input (textarea, rich text being edited).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import django
import wagtail

ROOT = Path(__file__).resolve().parents[2]
# Labels derived from attribute names, not msgids: seen on Vietnamese screens (issue 13).
KNOWN_OFFENDERS = frozenset(
    {"Base revision id", "Number label", "Status label", "Certificate sha256"}
)
PYTHON_LITERAL = re.compile(r"\b(True|False|None)\b")
# A text that could be an English label: two letters in a row, no placeholder.
_WORDLIKE = re.compile(r"[A-Za-z]{2}")
_PLACEHOLDER = re.compile(r"%\(|%[-#0 +.\d]*[a-zA-Z]|\{\w*\}")
_TRAILING = re.compile(r"\s*[:*]+$")

# Collects the visible text nodes of the document and hands them to the test process.
VISIBLE_TEXT_JS = """
(() => {
  const SKIP = 'script,style,noscript,template,textarea,[contenteditable="true"]';
  function visibleTexts() {
    const lang = (document.documentElement.lang || '').toLowerCase();
    if (!lang.startsWith('vi') || !document.body) { return []; }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const texts = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
      if (!text || !parent || parent.closest(SKIP)) { continue; }
      if (!parent.checkVisibility({ checkVisibilityCSS: true })) { continue; }
      texts.add(text);
    }
    return [...texts];
  }
  let timer = null;
  function report() {
    const texts = visibleTexts();
    if (texts.length && window.qmsLanguageScan) {
      return window.qmsLanguageScan(location.pathname + location.search, texts);
    }
    return null;
  }
  // The test's teardown reports the final state too (a dialog opened just before the end).
  window.qmsLanguageReport = report;
  function later() { clearTimeout(timer); timer = setTimeout(report, 250); }
  window.addEventListener('load', () => {
    report();
    new MutationObserver(later).observe(document.body, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ['hidden', 'class', 'style', 'open'],
    });
  });
})();
"""


def _po_entries(path: Path) -> Iterator[tuple[str | None, str, str | None]]:
    """(msgctxt, msgid, msgid_plural) of each entry of a .po file."""
    entry: dict[str, str] = {}
    key = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line or line.startswith("#"):
            if "msgid" in entry:
                yield entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural")
            if not line:
                entry, key = {}, None
            continue
        if line.startswith('"'):
            if key:
                entry[key] += ast.literal_eval(line)
            continue
        keyword, _space, value = line.partition(" ")
        key = keyword if not keyword.startswith("msgstr") else None
        if key:
            entry[key] = ast.literal_eval(value)


def catalogues() -> list[tuple[str, Path]]:
    """(domain, catalogue) whose English msgids may show: the project's, Wagtail's, Django's."""
    wagtail_root = Path(wagtail.__file__).parent
    django_root = Path(django.__file__).parent
    return [
        ("django", ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"),
        *(
            (path.stem, path)
            for path in sorted(wagtail_root.glob("**/locale/en/LC_MESSAGES/*.po"))
        ),
        (
            "django",
            django_root / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
        ),
    ]


def _may_be_label(msgid: str) -> bool:
    return bool(_WORDLIKE.search(msgid)) and not _PLACEHOLDER.search(msgid)


def _translated(
    catalogue: Any, context: str | None, msgid: str, plural: str | None, number: int
) -> str:
    if plural:
        if context:
            return str(catalogue.npgettext(context, msgid, plural, number))
        return str(catalogue.ngettext(msgid, plural, number))
    return str(
        catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
    )


@lru_cache(maxsize=1)
def english_labels() -> frozenset[str]:
    """English msgids whose Vietnamese translation (as Django resolves it) is different.

    The server's JavaScript catalogue (domain djangojs) answers for the admin's scripts.
    """
    from django.utils.translation import trans_real

    labels = set(KNOWN_OFFENDERS)
    domains = {
        domain: trans_real.DjangoTranslation("vi", domain=domain)
        for domain in ("django", "djangojs")
    }
    for domain, path in catalogues():
        for context, msgid, plural in _po_entries(path):
            forms = [(msgid, 1)] + ([(plural, 5)] if plural else [])
            for text, number in forms:
                shown = " ".join(text.split())
                if not _may_be_label(shown):
                    continue
                vi = _translated(domains[domain], context, msgid, plural, number)
                if " ".join(vi.split()) != shown:
                    labels.add(shown)
    return frozenset(labels)


def offending(texts: Iterable[str], labels: frozenset[str] | None = None) -> list[str]:
    """The texts that must not be on a Vietnamese screen, each with why."""
    labels = english_labels() if labels is None else labels
    found = []
    for text in texts:
        if PYTHON_LITERAL.search(text):
            found.append(f"Python value in {text!r}")
        elif text in labels or _TRAILING.sub("", text) in labels:
            found.append(f"English label {text!r}")
    return found


def install(context: Any, found: dict[str, list[str]]) -> None:
    """Scan every page of a browser context; offending texts are collected by path."""

    def receive(_source: Any, path: str, texts: list[str]) -> None:
        known = found.setdefault(path, [])
        known.extend(problem for problem in offending(texts) if problem not in known)
        if not known:
            del found[path]

    context.expose_binding("qmsLanguageScan", receive)
    context.add_init_script(VISIBLE_TEXT_JS)


def report_now(page: Any) -> None:
    """Scan what an open page shows now (called at the end of a test)."""
    if page.is_closed():
        return
    try:
        page.evaluate("() => window.qmsLanguageReport && window.qmsLanguageReport()")
    except Exception:  # noqa: BLE001 - a page mid-navigation is scanned on its load
        return
