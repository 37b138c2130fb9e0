"""The language scan can fail: it flags a sample Vietnamese page, and only what is shown.

No demo server: the pages are served by the browser's own route handler.
"""

from playwright.sync_api import Page

SAMPLE = """<!doctype html><html lang="{lang}"><head><title>Mẫu</title></head><body>
<h1>Danh sách tài liệu</h1>
<table><tr><th>Base revision id</th><th>Trạng thái</th><th>Status</th></tr>
<tr><td>12</td><td>None</td><td>Đã duyệt: True</td></tr></table>
<button>Save draft</button>
<div hidden>False</div><p style="display:none">Number label</p>
<textarea>None của người dùng gõ</textarea>
<p>QT-05 Quy trình xem xét của lãnh đạo, PDF</p>
<script>document.title = "None";</script>
</body></html>"""


def _serve(page: Page, lang: str) -> None:
    page.route(
        "http://qms.test/**",
        lambda route: route.fulfill(
            body=SAMPLE.format(lang=lang), content_type="text/html; charset=utf-8"
        ),
    )


def test_the_scan_flags_python_values_and_english_labels(
    page: Page, vietnamese_screens
):
    _serve(page, "vi")
    page.goto("http://qms.test/mau/")
    page.evaluate("() => window.qmsLanguageReport()")
    assert sorted(vietnamese_screens["/mau/"]) == sorted(
        [
            "English label 'Base revision id'",
            "English label 'Status'",
            "English label 'Save draft'",
            "Python value in 'None'",
            "Python value in 'Đã duyệt: True'",
        ]
    )
    # What appears later is scanned too: a dialog opened after the page loaded.
    page.evaluate(
        "() => document.body.insertAdjacentHTML('beforeend', '<dialog open>Cancel</dialog>')"
    )
    page.wait_for_timeout(600)
    assert "English label 'Cancel'" in vietnamese_screens["/mau/"]
    page.close()  # nothing more to scan: this test's own teardown must pass
    vietnamese_screens.clear()


def test_an_english_screen_is_not_scanned(page: Page, vietnamese_screens):
    _serve(page, "en")
    page.goto("http://qms.test/en/")
    page.evaluate("() => window.qmsLanguageReport()")
    assert vietnamese_screens == {}
