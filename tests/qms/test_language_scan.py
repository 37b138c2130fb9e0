"""The detector of the browser tests' language scan (tests/e2e/language_scan.py, issue 13)."""

from tests.e2e.language_scan import KNOWN_OFFENDERS, english_labels, offending


def test_english_labels_are_the_msgids_translated_otherwise():
    labels = english_labels()
    assert "Save draft" in labels  # Wagtail's, translated "Lưu dự thảo"
    assert "Collapse all" in labels  # Wagtail's JavaScript catalogue
    assert "Request changes" in labels  # the project's
    assert labels >= KNOWN_OFFENDERS
    assert "Lưu dự thảo" not in labels
    assert not any("%(" in label for label in labels)


def test_offending_texts_are_python_values_and_whole_english_labels():
    texts = [
        "None",
        "Đã duyệt: True",
        "False",
        "Number label",
        "Save draft",
        "Title:",
        "Lưu dự thảo",
        "QT-05 Quy trình xem xét của lãnh đạo",
        "Nonexistent",  # a word containing None is no Python value
        "Save draft now and later",  # a label inside a sentence is not a whole label
    ]
    assert offending(texts) == [
        "Python value in 'None'",
        "Python value in 'Đã duyệt: True'",
        "Python value in 'False'",
        "English label 'Number label'",
        "English label 'Save draft'",
        "English label 'Title:'",
    ]
