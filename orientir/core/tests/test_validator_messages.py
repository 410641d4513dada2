"""What a person sees when an identifier or a phone is refused (message and code), ОГРНИП check digits worked out by
hand (14 digits mod 13, last digit), and identifiers typed with full-width digits, which no register would match."""

import pytest
from django.core.exceptions import ValidationError

from orientir.core.validators import (is_valid_inn, is_valid_ogrn, normalize_phone, validate_ogrn,
                                      validate_org_inn)


def _refusal(check, value):
    with pytest.raises(ValidationError) as refused:
        check(value)
    return refused.value.messages, refused.value.code


@pytest.mark.parametrize("value", ["304463210700212", "304500116000157"])
def test_ogrnip_with_a_right_check_digit(value):
    # 30446321070021 = 13 · 2342024697693 + 12 → 12, last digit 2; 30450011600015 mod 13 = 7
    assert is_valid_ogrn(value)


@pytest.mark.parametrize("value", ["304463210700213", "315774600002662", "30446321070021", "3044632107002120",
                                   "30446321070021a", "３０４４６３２１０７００２１２", ""])
def test_ogrn_of_a_wrong_length_digit_or_alphabet(value):
    assert not is_valid_ogrn(value)


@pytest.mark.parametrize("check,value,messages,code", [
    (validate_org_inn, "", ["ИНН организации — 10 цифр."], "inn_format"),
    (validate_org_inn, None, ["ИНН организации — 10 цифр."], "inn_format"),
    (validate_org_inn, "７７０７０８３８９３", ["ИНН организации — 10 цифр."], "inn_format"),
    (validate_org_inn, "7707083894",
     ["ИНН не прошёл проверку контрольной цифры: проверьте, нет ли опечатки."], "inn_check"),
    (validate_ogrn, "102770013219", ["ОГРН — 13 цифр."], "ogrn_format"),
    (validate_ogrn, None, ["ОГРН — 13 цифр."], "ogrn_format"),
    (validate_ogrn, "１０２７７００１３２１９５", ["ОГРН — 13 цифр."], "ogrn_format"),
    (validate_ogrn, "1027700132196",
     ["ОГРН не прошёл проверку контрольной цифры: проверьте, нет ли опечатки."], "ogrn_check"),
    (normalize_phone, "231-12-34", ["Телефон: 10 цифр после +7, например +7 (4942) 31-12-34 или +7 (910) 123-45-67."], "phone"),
    (normalize_phone, None, ["Телефон: 10 цифр после +7, например +7 (4942) 31-12-34 или +7 (910) 123-45-67."], "phone"),
])
def test_refusals_in_words(check, value, messages, code):
    assert _refusal(check, value) == (messages, code)


def test_valid_identifiers_pass_quietly():
    assert validate_org_inn("7707083893") is None and is_valid_inn("7707083893")  # ПАО Сбербанк
    assert validate_ogrn("1027700132195") is None  # ПАО Сбербанк


@pytest.mark.parametrize("value,expected", [
    ("8 (494) 231-12-34", "+7 (494) 231-12-34"),
    ("+7 494 231 12 34", "+7 (4942) 31-12-34"),  # without brackets: Kostroma's code by its real length
    ("4942311234", "+7 (4942) 31-12-34"),
    ("800 555 35 35", "+7 (800) 555-35-35"),   # ten digits that begin with 8: a number, not a prefix
    ("700 123 45 67", "+7 (700) 123-45-67"),
    ("８(494)231-12-34", "+7 (494) 231-12-34"),  # a full-width «8» is not a digit of the number
    ("8 (4942) 31-12-34", "+7 (4942) 31-12-34"),  # Kostroma: the area code as written, four digits
    ("(49435) 2-12-34", "+7 (49435) 2-12-34"),   # Buy: five
    ("+7 (910) 123-45-67", "+7 (910) 123-45-67"),
    ("8 (4942) 311234", "+7 (4942) 31-12-34"),
    ("8 (123) 4942-311", "+7 (123) 494-23-11"),  # brackets around three digits: as written
])
def test_phones_are_written_one_way(value, expected):
    assert normalize_phone(value) == expected


@pytest.mark.parametrize("value", ["9 (494) 231-12-34", "+7 (494) 231-12-345", "494 231 12 3"])
def test_phones_that_are_not_russian_numbers(value):
    assert _refusal(normalize_phone, value)[1] == "phone"


@pytest.mark.parametrize("url", ["/plan/my tasks/", "/plan/\x01x/", "/plan/\x1f"])
def test_a_system_path_has_no_spaces_or_control_characters(url):
    from orientir.core.validators import is_system_path

    assert not is_system_path(url)
    assert is_system_path("/plan/my-tasks/")
