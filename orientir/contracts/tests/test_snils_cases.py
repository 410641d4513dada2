"""СНИЛС check numbers at the edges of the rule (Положение ПФР: Σ digit × weight 9…1; under 100 — the sum itself;
100 and 101 — 00; above 101 — the remainder of division by 101, and 00 for a remainder of 100). Each sum below is
worked out by hand from the digits; the refusals are checked in the words a person reads."""

import pytest
from django.core.exceptions import ValidationError

from orientir.contracts.validators import is_valid_snils, make_snils, normalize_snils, snils_checksum


@pytest.mark.parametrize("digits9,check", [
    ("112233445", 95),   # 9 + 8 + 14 + 12 + 15 + 12 + 12 + 8 + 5 = 95 (the example of the form)
    ("920000003", 0),    # 81 + 16 + 3 = 100
    ("920000004", 0),    # 101
    ("920000005", 1),    # 102 → 102 − 101
    ("996000006", 0),    # 81 + 72 + 42 + 6 = 201 → remainder 100 → 00
    ("996000007", 0),    # 202 → remainder 0
    ("996000008", 1),    # 203 → 1
    ("100000099", 36),   # 1·9 + 9·2 + 9·1 = 36
])
def test_check_number(digits9, check):
    assert snils_checksum(digits9) == check
    assert is_valid_snils(f"{digits9}{check:02d}")


def test_the_check_needs_exactly_nine_digits():
    with pytest.raises(ValueError):
        make_snils("12345678")
    with pytest.raises(ValueError):
        make_snils("1234567890")
    assert make_snils("920000005") == "920-000-005 01"


def test_numbers_issued_before_the_check_pass_whatever_the_check():
    assert is_valid_snils("001-001-998 55") and not is_valid_snils("001-001-999 55")


@pytest.mark.parametrize("value,code,message", [
    ("112-233-445 9", "snils_format", "СНИЛС — 11 цифр, например 112-233-445 95."),
    ("１１２-２３３-４４５ ９５", "snils_format", "СНИЛС — 11 цифр, например 112-233-445 95."),
    (None, "snils_format", "СНИЛС — 11 цифр, например 112-233-445 95."),
    ("112-233-445 96", "snils_check", "СНИЛС не прошёл проверку контрольного числа: проверьте, нет ли опечатки."),
    ("920-000-005 00", "snils_check", "СНИЛС не прошёл проверку контрольного числа: проверьте, нет ли опечатки."),
])
def test_refusals_in_words(value, code, message):
    with pytest.raises(ValidationError) as refused:
        normalize_snils(value)
    assert (refused.value.code, refused.value.messages) == (code, [message])


def test_a_snils_is_written_one_way():
    assert normalize_snils("11223344595") == "112-233-445 95"
    assert normalize_snils(" 920 000 005-01 ") == "920-000-005 01"
