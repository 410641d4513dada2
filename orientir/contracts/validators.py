"""СНИЛС with its check number (Положение ПФР: weights 9…1 over the first nine digits)."""

import re

from django.core.exceptions import ValidationError


def snils_checksum(digits9: str) -> int:
    """The two-digit check number of the first nine digits of a СНИЛС."""
    total = sum(int(d) * w for d, w in zip(digits9, range(9, 0, -1), strict=True))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    rest = total % 101
    return 0 if rest == 100 else rest


def is_valid_snils(value: str) -> bool:
    digits = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"\d{11}", digits, re.ASCII):
        return False
    if int(digits[:9]) <= 1001998:  # numbers up to 001-001-998 are issued without the check
        return True
    return snils_checksum(digits[:9]) == int(digits[9:])


def normalize_snils(value: str) -> str:
    """Bring a СНИЛС to «123-456-789 01»; raise ValidationError when it is not one."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"\d{11}", digits, re.ASCII):
        raise ValidationError("СНИЛС — 11 цифр, например 112-233-445 95.", code="snils_format")
    if not is_valid_snils(digits):
        raise ValidationError("СНИЛС не прошёл проверку контрольного числа: проверьте, нет ли опечатки.",
                              code="snils_check")
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:11]}"


def validate_snils(value: str) -> None:
    if value:
        normalize_snils(value)


def make_snils(digits9: str) -> str:
    """Complete nine digits into a valid СНИЛС (demo data)."""
    n = snils_checksum(digits9)
    d = digits9 + f"{n:02d}"
    return f"{d[0:3]}-{d[3:6]}-{d[6:9]} {d[9:11]}"
