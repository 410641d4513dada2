"""Names in cases and sums in words for the documents; СНИЛС check number."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from orientir.contracts import russian
from orientir.contracts.validators import is_valid_snils, make_snils, normalize_snils


@pytest.mark.parametrize("case,expected", [
    ("nominative", "Иванов Иван Иванович"),
    ("genitive", "Иванова Ивана Ивановича"),
    ("dative", "Иванову Ивану Ивановичу"),
    ("instrumental", "Ивановым Иваном Ивановичем"),
])
def test_male_name_in_cases(case, expected):
    assert russian.name_in_case("Иванов", "Иван", "Иванович", case) == expected


def test_female_name_and_double_surname():
    assert russian.name_in_case("Воробьёва", "Дарья", "Игоревна", "genitive") == "Воробьёвой Дарьи Игоревны"
    assert russian.name_in_case("Петрова-Водкина", "Анна", "Ильинична", "dative") == "Петровой-Водкиной Анне Ильиничне"


def test_unknown_gender_falls_back_to_nominative():
    assert russian.name_in_case("Smith", "John", "", "genitive") == "Smith John"
    assert russian.full_name_in_case("", "genitive") == ""


def test_position_genitive():
    assert russian.position_genitive("Директор") == "директора"
    assert russian.position_genitive("Заведующий") == "заведующего"
    assert russian.position_genitive("Председатель Комитета") == "председателя Комитета"


@pytest.mark.parametrize("amount,words", [
    (15000, "пятнадцать тысяч рублей 00 копеек"),
    (Decimal("1021.50"), "одна тысяча двадцать один рубль 50 копеек"),
    (Decimal("2.01"), "два рубля 01 копейка"),
    (Decimal("0"), "ноль рублей 00 копеек"),
    (Decimal("111.12"), "сто одиннадцать рублей 12 копеек"),
])
def test_money_in_words(amount, words):
    assert russian.money_in_words(amount) == words


def test_money_with_digits_and_years():
    assert russian.money(Decimal("15000")) == "15\u00a0000,00 руб. (пятнадцать тысяч рублей 00 копеек)"
    assert russian.years_in_words(3) == "3 (три) года"
    assert russian.years_in_words(5) == "5 (пять) лет"


def test_snils_check_number():
    assert is_valid_snils("112-233-445 95")
    assert not is_valid_snils("112-233-445 96")
    assert normalize_snils("11223344595") == "112-233-445 95"
    assert is_valid_snils(make_snils("123456789"))
    with pytest.raises(ValidationError, match="контрольного числа"):
        normalize_snils("112-233-445 96")
    with pytest.raises(ValidationError, match="11 цифр"):
        normalize_snils("1234")
