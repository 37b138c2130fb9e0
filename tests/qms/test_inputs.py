"""Input hardening (issue 10, part 5): the shared normaliser and the organisation's inputs."""

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from qms import services as org
from qms.lib.inputs import CodeFormField, LineFormField, date_error, year_error
from qms.lib.text import (
    INVISIBLE_CHARACTERS,
    LOOKALIKE_DASHES,
    clean_line,
    clean_text,
    code_key,
    is_blank,
    normalize_code,
)
from qms.models import Agency
from qms.roles import Role
from tests.factories import AgencyFactory, PositionFactory

# The characters the issue names, listed here so a change to the sets cannot drop one.
NAMED_INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u2060",  # word joiner
    "\ufeff",  # BOM / zero-width no-break space
    "\u00ad",  # soft hyphen
    "\u202a",  # left-to-right embedding
    "\u202b",  # right-to-left embedding
    "\u202c",  # pop directional formatting
    "\u202d",  # left-to-right override
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2067",  # right-to-left isolate
    "\u2068",  # first strong isolate
    "\u2069",  # pop directional isolate
]
NAMED_DASHES = [
    "\u2010",  # hyphen
    "\u2011",  # non-breaking hyphen
    "\u2012",  # figure dash
    "\u2013",  # en dash
    "\u2014",  # em dash
    "\u2015",  # horizontal bar
    "\u2212",  # minus sign
    "\ufe58",  # small em dash
    "\ufe63",  # small hyphen-minus
    "\uff0d",  # full-width hyphen-minus
]


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- The normaliser ---------------------------------------------------------------------


def test_decomposed_vietnamese_is_stored_composed():
    decomposed = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    assert decomposed != "Đăng ký khai sinh"
    assert clean_line(decomposed) == "Đăng ký khai sinh"


@pytest.mark.parametrize("char", NAMED_INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_each_invisible_character_is_removed(char):
    assert char in INVISIBLE_CHARACTERS
    assert clean_line(f"{char}Quy{char} trình{char}") == "Quy trình"
    assert normalize_code(f"QT-HT-01{char}") == "QT-HT-01"
    assert is_blank(char * 3)


@pytest.mark.parametrize("dash", NAMED_DASHES, ids=lambda c: f"U+{ord(c):04X}")
def test_each_lookalike_dash_becomes_a_hyphen_minus_in_codes(dash):
    assert dash in LOOKALIKE_DASHES
    assert normalize_code(f"QT{dash}HT{dash}01") == "QT-HT-01"


def test_titles_keep_their_dashes():
    # An en dash is punctuation in a title ("QT.ISO.03 – Quy trình …"); only codes fold it.
    assert clean_line("QT.ISO.03 – Đánh giá nội bộ") == "QT.ISO.03 – Đánh giá nội bộ"


def test_spaces_are_trimmed_and_collapsed_nbsp_included():
    assert clean_line("\xa0 Sở  Tư\xa0\xa0pháp \u3000") == "Sở Tư pháp"
    assert normalize_code(" QT  HT\t01 ") == "QT HT 01"


def test_multiline_text_keeps_its_line_breaks():
    assert clean_text("\u200bDòng 1\r\nDòng\u200d 2\n") == "Dòng 1\nDòng 2"


def test_codes_compare_without_case_and_look_alikes():
    assert code_key("qt\u2011ht\u201101\u200b") == code_key("QT-HT-01")


def test_legal_numbers_keep_their_vietnamese_letters():
    typed = unicodedata.normalize("NFD", "01/2024/NĐ\u2011CP và Quyết định")
    assert normalize_code(typed) == "01/2024/NĐ-CP và Quyết định"


def test_form_fields_report_an_invisible_only_value_as_missing():
    field = LineFormField(label="Tên")
    with pytest.raises(ValidationError) as exc:
        field.clean("\u200b\xa0 \u2060")
    assert exc.value.code == "required"
    assert CodeFormField().clean(" QT\u2011HT\u201101\u200b ") == "QT-HT-01"


# --- Date rules ---------------------------------------------------------------------------


@freeze_time("2026-06-15")
def test_date_rules():
    today = dt.date(2026, 6, 15)
    assert date_error(today, label="ngày phát hiện", past=True) is None
    assert "không được sau ngày hôm nay" in date_error(
        today + dt.timedelta(days=1), label="ngày phát hiện", past=True
    )
    assert date_error(dt.date(1944, 12, 31), label="x").startswith("X không được")
    assert "1945" in date_error(dt.date(1900, 1, 1), label="x")
    assert date_error(dt.date(2036, 12, 31), label="hạn") is None
    assert "10 năm" in date_error(dt.date(2037, 1, 1), label="hạn")
    assert year_error(2026, label="năm") is None
    assert year_error(2200, label="năm") is not None
    assert year_error(1900, label="năm") is not None


# --- The organisation -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["33\u200b", " 33 ", "\u202a33\u202c", "3\u00ad3"], ids=repr
)
def test_an_agency_code_that_only_looks_different_collides(typed):
    AgencyFactory(name="UBND tỉnh Hưng Yên", admin_code="33")
    other = Agency(
        name="UBND tỉnh Khác", kind=Agency.Kind.PROVINCIAL_COMMITTEE, admin_code=typed
    )
    other.valid_from = dt.date(2025, 7, 1)
    with pytest.raises(ValidationError) as exc:
        org.agency_save(agency=other)
    assert "đã được sử dụng" in " ".join(_errors(exc)["admin_code"])
    assert Agency.objects.filter(name="UBND tỉnh Khác").count() == 0


@pytest.mark.django_db
def test_agency_codes_compare_case_insensitively_and_store_the_cleaned_form():
    AgencyFactory(name="Sở Tư pháp", admin_code="STP\u2013HY")
    assert Agency.objects.get(name="Sở Tư pháp").admin_code == "STP-HY"
    other = Agency(name="Sở Khác", kind="so", admin_code="stp-hy")
    other.valid_from = dt.date(2025, 7, 1)
    with pytest.raises(ValidationError) as exc:
        org.agency_save(agency=other)
    assert "admin_code" in _errors(exc)


@pytest.mark.django_db
def test_agencies_without_a_code_do_not_collide():
    AgencyFactory(name="Sở A", admin_code="")
    org.agency_save(agency=Agency(name="Sở B", kind="so", valid_from=dt.date.today()))


@pytest.mark.django_db
def test_an_agency_name_of_invisible_characters_is_refused_and_names_are_cleaned():
    blank = Agency(name="\u200b\xa0\u2060", kind="so", valid_from=dt.date(2025, 7, 1))
    with pytest.raises(ValidationError) as exc:
        org.agency_save(agency=blank)
    assert "name" in _errors(exc)
    agency = org.agency_save(
        agency=Agency(
            name=" Sở\xa0Nội  vụ\u200b ", kind="so", valid_from=dt.date(2025, 7, 1)
        )
    )
    assert agency.name == "Sở Nội vụ"


@pytest.mark.django_db
def test_an_absurd_agency_date_is_refused_with_the_field_named():
    agency = Agency(name="Sở Cổ", kind="so", valid_from=dt.date(1800, 1, 1))
    with pytest.raises(ValidationError) as exc:
        org.agency_save(agency=agency)
    assert "1945" in _errors(exc)["valid_from"][0]


def _staff(**overrides):
    fields = {
        "username": "canbo-moi",
        "email": "canbo@example.vn",
        "full_name": "Nguyễn Thị Lan",
        "agency": AgencyFactory(name="UBND phường Phố Hiến", kind="ubnd_phuong"),
        "position": PositionFactory(),
        "service_start": dt.date(2020, 1, 1),
        "roles": [Role.STAFF],
        "send_welcome": False,
    }
    return org.staff_create(**{**fields, **overrides})


@pytest.mark.django_db
def test_a_service_start_in_the_future_is_refused():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _staff(service_start=tomorrow)
    assert "không được sau ngày hôm nay" in _errors(exc)["service_start"][0]
    assert _staff(service_start=dt.date.today()).service_start == dt.date.today()


@pytest.mark.django_db
def test_a_staff_name_of_spaces_is_refused_and_a_pasted_name_is_cleaned():
    with pytest.raises(ValidationError) as exc:
        _staff(full_name="\xa0\u200b \ufeff")
    assert "full_name" in _errors(exc)
    profile = _staff(full_name="Nguyễn\u200b Thị\xa0 Lan ")
    assert profile.full_name == "Nguyễn Thị Lan"
    # The whole name, in Vietnamese order, is what Wagtail's sidebar shows (first_name).
    assert (profile.user.first_name, profile.user.last_name) == ("Nguyễn Thị Lan", "")
