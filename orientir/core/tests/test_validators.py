"""Check digits of Russian identifiers, phones and search normalisation."""

import pytest
from django.core.exceptions import ValidationError

from orientir.core.text import initials_name, natural_key, normalize_search
from orientir.core.validators import (
    is_valid_inn, is_valid_ogrn, make_inn10, make_ogrn, normalize_phone, validate_ogrn, validate_org_inn,
)


@pytest.mark.parametrize("inn", ["7707083893", "4401116480", "500100732259"])
def test_real_world_inns_pass(inn):
    assert is_valid_inn(inn)


@pytest.mark.parametrize("inn", ["7707083894", "4401116481", "500100732258", "12345", "77070838ab"])
def test_wrong_inns_fail(inn):
    assert not is_valid_inn(inn)


@pytest.mark.parametrize("ogrn", ["1027700132195", make_ogrn("102440053490")])
def test_real_world_ogrns_pass(ogrn):
    assert is_valid_ogrn(ogrn)


def test_wrong_ogrn_fails_and_messages_are_russian():
    assert not is_valid_ogrn("1027700132196")
    with pytest.raises(ValidationError, match="контрольной цифры"):
        validate_ogrn("1027700132196")
    with pytest.raises(ValidationError, match="10 цифр"):
        validate_org_inn("770708389")


def test_generated_identifiers_are_valid():
    for n in range(0, 5000, 37):
        assert is_valid_inn(make_inn10(f"44{n:07d}"))
        assert is_valid_ogrn(make_ogrn(f"10244{n:07d}"))


def test_phone_normalisation():
    assert normalize_phone("8 (4942) 31-12-34") == "+7 (494) 231-12-34"
    assert normalize_phone("+79101234567") == "+7 (910) 123-45-67"
    with pytest.raises(ValidationError, match="10 цифр"):
        normalize_phone("12-34")


def test_search_and_sort_helpers():
    assert normalize_search("  Ёлочка   МБДОУ ") == "елочка мбдоу"
    assert natural_key("СОШ № 2") < natural_key("СОШ № 10")
    assert initials_name("Иванов", "Иван", "Иванович") == "Иванов И. И."
