"""Validators of Russian identifiers with check digits (ИНН, ОГРН, СНИЛС) and phones."""

import re

from django.core.exceptions import ValidationError

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def _ascii_digits(value: str) -> bool:
    # str.isdigit() and a bare \d also accept «７» or «٧»: such an identifier would never match the register.
    return value.isascii() and value.isdigit()


def is_valid_inn(value: str) -> bool:
    """True for a 10-digit (organisation) or 12-digit (person) ИНН with correct check digits (all zeros is none)."""
    if not _ascii_digits(value) or not value.strip("0"):
        return False
    if len(value) == 10:
        return _check(value, _INN10_WEIGHTS) == int(value[9])
    if len(value) == 12:
        return _check(value, _INN12_WEIGHTS_1) == int(value[10]) and _check(value, _INN12_WEIGHTS_2) == int(value[11])
    return False


def is_valid_ogrn(value: str) -> bool:
    """True for a 13-digit ОГРН (or 15-digit ОГРНИП) whose last digit is the remainder check (all zeros is none)."""
    if not _ascii_digits(value) or not value.strip("0"):
        return False
    if len(value) == 13:
        return int(value[:12]) % 11 % 10 == int(value[12])
    if len(value) == 15:
        return int(value[:14]) % 13 % 10 == int(value[14])
    return False


def validate_org_inn(value: str) -> None:
    """An organisation's ИНН: 10 digits with a valid check digit."""
    if not re.fullmatch(r"\d{10}", value or "", re.ASCII):
        raise ValidationError("ИНН организации — 10 цифр.", code="inn_format")
    if not is_valid_inn(value):
        raise ValidationError("ИНН не прошёл проверку контрольной цифры: проверьте, нет ли опечатки.", code="inn_check")


def validate_ogrn(value: str) -> None:
    """An organisation's ОГРН: 13 digits with a valid check digit."""
    if not re.fullmatch(r"\d{13}", value or "", re.ASCII):
        raise ValidationError("ОГРН — 13 цифр.", code="ogrn_format")
    if not is_valid_ogrn(value):
        raise ValidationError(
            "ОГРН не прошёл проверку контрольной цифры: проверьте, нет ли опечатки.", code="ogrn_check"
        )


_AREA = re.compile(r"\((\d{3,5})\)", re.ASCII)


def normalize_phone(value: str) -> str:
    """Bring a Russian phone number to +7 (area) local; raise ValidationError when it is not one.

    The area code keeps the length the person wrote in brackets: Kostroma's «8 (4942) 31-12-34» stays
    «+7 (4942) 31-12-34», Buy's «(49435)» five digits; without brackets the Kostroma region's codes are known by
    their length (_area_length) and other numbers are read as +7 (XXX) XXX-XX-XX, as mobile and Moscow numbers
    are written. (The phonenumbers library groups every Russian number 3-3-2-2, so it
    cannot tell these apart.)"""
    digits = re.sub(r"\D", "", value or "", flags=re.ASCII)
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    if len(digits) != 10:
        raise ValidationError("Телефон: 10 цифр после +7, например +7 (4942) 31-12-34 или +7 (910) 123-45-67.",
                              code="phone")
    bracket = _AREA.search(value or "")
    area = len(bracket.group(1)) if bracket and digits.startswith(bracket.group(1)) else _area_length(digits)
    local = digits[area:]
    groups = {7: (local[:3], local[3:5], local[5:]), 6: (local[:2], local[2:4], local[4:]),
              5: (local[:1], local[1:3], local[3:])}[len(local)]
    return f"+7 ({digits[:area]}) {'-'.join(groups)}"


def _area_length(digits: str) -> int:
    """The area code's length of a number written without brackets. The Kostroma region's codes are known here
    (Kostroma 4942, the districts five digits: Buy 49435, Galich 49437, Sharya 49449 …), since phonenumbers knows
    only «494» for all of them; elsewhere three digits, as mobile and Moscow numbers are written."""
    if digits.startswith("494"):
        return 4 if digits.startswith("4942") else 5
    return 3


def strip_identifier(value: str | None) -> str:
    """An identifier as people type it — «7707 083 893», «1027-7000-1234-5» — reduced to its digits and letters."""
    return re.sub(r"[\s\-\u00a0]", "", value or "")


def make_inn10(prefix9: str) -> str:
    """Complete nine digits into a valid 10-digit ИНН (used by the demo data generator)."""
    return prefix9 + str(_check(prefix9, _INN10_WEIGHTS))


def make_ogrn(prefix12: str) -> str:
    """Complete twelve digits into a valid ОГРН (used by the demo data generator)."""
    return prefix12 + str(int(prefix12) % 11 % 10)


def is_system_path(value: str) -> bool:
    """True for a path of this system («/staffing/…»): no scheme, no host, no «//» or «/\\» that a browser would
    read as another site, no control characters."""
    from django.utils.http import url_has_allowed_host_and_scheme

    value = value or ""
    return (value.startswith("/") and not value.startswith(("//", "/\\"))
            and not any(ch.isspace() or ord(ch) < 32 for ch in value)
            and url_has_allowed_host_and_scheme(value, allowed_hosts=set()))

