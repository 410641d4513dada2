"""Check digits of Russian identifiers, phones and search normalisation."""

import pytest
from django.core.exceptions import ValidationError

from orientir.contracts.validators import is_valid_snils, normalize_snils
from orientir.core.text import initials_name, natural_key, normalize_search
from orientir.core.validators import (
    is_system_path, is_valid_inn, is_valid_ogrn, make_inn10, make_ogrn, normalize_phone, validate_ogrn, validate_org_inn,
)


# Published identifiers of well-known organisations (from the state register), chosen with different leading digits
# and different first two digits, so that a wrong weight anywhere changes the check digit of some of them.
PUBLISHED_INN10 = [
    "7707083893",  # ПАО Сбербанк
    "1644003838",  # ПАО «Татнефть»
    "8602060555",  # ПАО «Сургутнефтегаз»
    "2309085638",  # ПАО «Магнит»
    "8401005730",  # ПАО «ГМК «Норильский никель»
    "3528000597",  # ПАО «Северсталь»
    "7812014560",  # ПАО «МегаФон»
    "4823006703",  # ПАО «НЛМК»
    "7414003633",  # ПАО «ММК»
    "1433000147",  # АК «АЛРОСА»
    "5911029807",  # ПАО «Уралкалий»
    "4716016979",  # ПАО «Россети»
    "6320002223",  # ПАО «АВТОВАЗ»
    "4401116480",
]
PUBLISHED_INN12 = ["500100732259"]
PUBLISHED_OGRN = [
    "1027700132195",  # ПАО Сбербанк
    "1021601623702",  # ПАО «Татнефть»
    "1028600584540",  # ПАО «Сургутнефтегаз»
    "1032304945947",  # ПАО «Магнит»
    "1028400000298",  # ПАО «ГМК «Норильский никель»
    "1023501236901",  # ПАО «Северсталь»
    "1021400967092",  # АК «АЛРОСА»
    "1067746062449",  # ООО «Вайлдберриз»
    "5157746192731",
]
PUBLISHED_OGRNIP = ["304500116000157"]


def _other_last_digits(value):
    return [value[:-1] + d for d in "0123456789" if d != value[-1]]


@pytest.mark.parametrize("inn", PUBLISHED_INN10 + PUBLISHED_INN12)
def test_published_inns_pass_and_any_other_check_digit_fails(inn):
    assert is_valid_inn(inn)
    for wrong in _other_last_digits(inn):
        assert not is_valid_inn(wrong), wrong


@pytest.mark.parametrize("inn", PUBLISHED_INN10)
def test_published_organisation_inns_pass_the_field_validator(inn):
    validate_org_inn(inn)


def test_a_person_inn_fails_on_its_first_check_digit_too():
    assert not is_valid_inn("500100732249")  # 11th digit wrong, 12th as published


@pytest.mark.parametrize("inn", ["12345", "77070838ab", "77070838931", "", "７７０７０８３８９３"])
def test_malformed_inns_fail(inn):
    assert not is_valid_inn(inn)


@pytest.mark.parametrize("ogrn", PUBLISHED_OGRN + PUBLISHED_OGRNIP)
def test_published_ogrns_pass_and_any_other_check_digit_fails(ogrn):
    assert is_valid_ogrn(ogrn)
    for wrong in _other_last_digits(ogrn):
        assert not is_valid_ogrn(wrong), wrong


@pytest.mark.parametrize("ogrn", PUBLISHED_OGRN)
def test_published_ogrns_pass_the_field_validator(ogrn):
    validate_ogrn(ogrn)


# СНИЛС: the check number is Σ digit × weight (weights 9…1); below 100 it is the sum itself, 100 and 101 give 00,
# above 101 the remainder of division by 101 (a remainder of 100 gives 00). The sums are worked out by hand.
SNILS = [
    ("112-233-445 95", True),    # the ПФР example: 9+8+14+12+15+12+12+8+5 = 95
    ("112-233-445 94", False),
    ("222-222-263 99", True),    # 2·(9+8+7+6+5+4+3) + 6·2 + 3·1 = 84 + 15 = 99
    ("222-222-264 00", True),    # 84 + 12 + 4 = 100 → 00
    ("222-222-264 100", False),  # twelve digits
    ("222-222-265 00", True),    # 101 → 00
    ("222-222-265 01", False),
    ("087-654-303 00", True),    # 64+49+36+25+16+9+0+3 = 202 = 2·101 → 00
    ("087-654-302 00", True),    # 201 = 101 + 100 → remainder 100 → 00
    ("087-654-304 01", True),    # 203 → 1
    ("087-654-304 00", False),
    ("001-001-998 47", True),    # numbers up to 001-001-998 were issued without a check number
    ("001-001-999 47", False),
    ("11223344595", True),
    ("112 233 445 95", True),
    ("112-233-445", False),
    ("１１２-２３３-４４５ ９５", False),  # full-width digits look right but are not the register's number
]


@pytest.mark.parametrize("snils,valid", SNILS)
def test_snils_check_number_by_hand(snils, valid):
    assert is_valid_snils(snils) is valid


def test_snils_is_normalised_and_refused_in_russian():
    assert normalize_snils("11223344595") == "112-233-445 95"
    with pytest.raises(ValidationError, match="контрольного числа"):
        normalize_snils("112-233-445 94")
    with pytest.raises(ValidationError, match="11 цифр"):
        normalize_snils("112-233")


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
    assert normalize_phone("8 (4942) 31-12-34") == "+7 (4942) 31-12-34"  # Kostroma's four-digit code kept
    assert normalize_phone("+79101234567") == "+7 (910) 123-45-67"
    # without brackets: the Kostroma region's codes by their real length, others three digits
    assert normalize_phone("8 4942 31-12-34") == "+7 (4942) 31-12-34"
    assert normalize_phone("84943512345") == "+7 (49435) 1-23-45"
    assert normalize_phone("+7 495 123-45-67") == "+7 (495) 123-45-67"
    assert normalize_phone("8 (494) 231-12-34") == "+7 (494) 231-12-34"  # brackets as typed are kept
    with pytest.raises(ValidationError, match="10 цифр"):
        normalize_phone("12-34")


def test_search_and_sort_helpers():
    assert normalize_search("  Ёлочка   МБДОУ ") == "елочка мбдоу"
    assert natural_key("СОШ № 2") < natural_key("СОШ № 10")
    assert initials_name("Иванов", "Иван", "Иванович") == "Иванов И. И."


@pytest.mark.parametrize("url,own", [
    ("/staffing/consolidation/?year=2026", True),
    ("/plan/tasks/12/", True),
    ("//evil.example/x", False),
    ("/\\evil.example/x", False),
    ("/\\\\evil.example", False),
    ("https://evil.example/", False),
    ("javascript:alert(1)", False),
    ("staffing/", False),
    ("/\tjavascript:alert(1)", False),
    ("", False),
])
def test_a_link_into_the_system_is_a_path_of_this_site(url, own):
    assert is_system_path(url) is own


@pytest.mark.parametrize("value", ["0000000000", "000000000000"])
def test_an_all_zero_inn_is_no_inn(value):
    # «0000000000» satisfies the check-digit formula (0 = 0), but no organisation or person has it
    assert not is_valid_inn(value)


def test_an_all_zero_ogrn_is_no_ogrn():
    assert not is_valid_ogrn("0000000000000")


def test_identifiers_typed_with_spaces_and_dashes_are_accepted(client_for, personas, city):
    from django.urls import reverse

    from orientir.directory.forms import OrganisationForm

    form = OrganisationForm(data={"municipality": city.pk, "full_name": "МБОУ «Школа № 77»", "short_name": "Школа 77",
                                  "kind": "school", "sector": "education", "inn": "7707 083 893",
                                  "ogrn": "1027-7000-1234-0", "status": "active"}, user=personas["admin"])
    form.is_valid()
    assert "inn" not in form.errors and "ogrn" not in form.errors, form.errors
    assert form.cleaned_data["inn"] == "7707083893" and form.cleaned_data["ogrn"] == "1027700012340"
    assert reverse("directory:organisation_create")
