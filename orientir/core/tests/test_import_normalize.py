"""What a cell of a real file means: each expected value below is written by hand from how a person reads the cell."""

import datetime
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from orientir.core.imports import normalize


@pytest.mark.parametrize("raw, expected", [
    ("  Социальный  педагог ", "Социальный педагог"),
    ("Иванова\u00a0Анна\tИвановна", "Иванова Анна Ивановна"),
    ("   ", ""),
    (None, ""),
    (123456.0, "123456"),
    (12.5, "12.5"),
    (datetime.datetime(2026, 5, 1), "01.05.2026"),
    (True, "да"),
])
def test_text_is_what_a_person_sees(raw, expected):
    assert normalize.text(raw) == expected


@pytest.mark.parametrize("a, b", [
    ("Специалист по работе с молодежью", "специалист  по работе с молодёжью "),
    ("МБОУ «Гимназия № 1»", 'мбоу "гимназия № 1"'),
    ("Учитель-логопед", "Учитель – логопед"),
])
def test_keys_match_what_only_looks_different(a, b):
    assert normalize.key(a) == normalize.key(b)


def test_keys_keep_what_is_different():
    assert normalize.key("Педагог-организатор") != normalize.key("Педагог-психолог")


@pytest.mark.parametrize("raw, expected", [
    (datetime.datetime(2026, 5, 1, 0, 0), datetime.date(2026, 5, 1)),
    ("01.05.2026", datetime.date(2026, 5, 1)),
    (" 1.5.2026 ", datetime.date(2026, 5, 1)),
    ("01/05/2026", datetime.date(2026, 5, 1)),
    ("2026-05-01", datetime.date(2026, 5, 1)),
    ("01.05.2026 0:00:00", datetime.date(2026, 5, 1)),
    ("1 мая 2026 г.", datetime.date(2026, 5, 1)),
    ("15 сентября 2011", datetime.date(2011, 9, 15)),
    (46143, datetime.date(2026, 5, 1)),  # the Excel serial of 01.05.2026
    (46143.5, datetime.date(2026, 5, 1)),  # noon of that day
    ("", None),
    (None, None),
])
def test_dates_as_people_and_excel_keep_them(raw, expected):
    assert normalize.date(raw) == expected


@pytest.mark.today("2026-12-05")
def test_a_two_digit_year_is_of_this_century_up_to_thirty_years_ahead():
    assert normalize.date("01.05.26") == datetime.date(2026, 5, 1)
    assert normalize.date("01.05.56") == datetime.date(2056, 5, 1)
    assert normalize.date("01.05.57") == datetime.date(1957, 5, 1)


@pytest.mark.parametrize("raw, message", [
    ("31.02.2026", "«31.02.2026» — такой даты нет"),
    ("весна 2026", "«весна 2026» — не дата; укажите дату ДД.ММ.ГГГГ"),
    (5_000_000, "«5000000» — не дата; укажите дату ДД.ММ.ГГГГ"),
])
def test_what_is_not_a_date_says_so(raw, message):
    with pytest.raises(ValueError) as caught:
        normalize.date(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize("raw, expected", [
    ("1 234,5", Decimal("1234.5")),
    ("1\u00a0234,50", Decimal("1234.50")),
    ("12.25", Decimal("12.25")),
    (0.1, Decimal("0.1")),
    (7, Decimal(7)),
    ("  ", None),
])
def test_decimals_with_a_comma_and_spaces(raw, expected):
    assert normalize.decimal(raw) == expected


@pytest.mark.parametrize("raw", ["1,2,3", "12 шт", "NaN", "Infinity"])
def test_what_is_not_a_number_says_so(raw):
    with pytest.raises(ValueError, match="не число"):
        normalize.decimal(raw)


def test_integers_accept_a_whole_decimal_and_refuse_a_fraction():
    assert normalize.integer("12,0") == 12 and normalize.integer(3.0) == 3
    with pytest.raises(ValueError, match="нужно целое число"):
        normalize.integer("2,5")


def test_a_row_of_spaces_is_blank():
    assert normalize.blank([None, "  ", "\u00a0", ""]) and not normalize.blank([None, " x "])


# every kind of space a file brings, written out apart from the module's own pattern
_ANY_SPACE = "[ \t\n\r\f\v\u00a0\u2007\u202f\u200b\ufeff\u0085\u2028\u2029\u3000\u1680\u2000-\u200a\u205f\x1c-\x1f]+"


@given(st.text(alphabet=st.sampled_from(list("аБё1x-. \t\n\u00a0\u2007\u202f\u200b\ufeff\u0085\u2028\u3000")),
               max_size=10))
@hypothesis_settings(max_examples=3000, deadline=None)
def test_a_cell_of_any_spaces_reads_as_the_words_with_single_spaces(raw):
    # the clean cell takes a shortcut; whatever the shortcut, the answer is the words joined by one space
    assert normalize.text(raw) == re.sub(_ANY_SPACE, " ", raw).strip()
