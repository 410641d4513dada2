"""Numerals are declined in one place (orientir.core.text.plural): the forecast header read «на 2 лет»."""

import pytest
from django.template import Context, Template

from orientir.core.text import count, plural, plural_after_more

YEARS = "год,года,лет"


@pytest.mark.parametrize("n,expected", [
    (0, "0 лет"), (1, "1 год"), (2, "2 года"), (3, "3 года"), (4, "4 года"), (5, "5 лет"), (10, "10 лет"),
    (11, "11 лет"), (12, "12 лет"), (14, "14 лет"), (19, "19 лет"), (20, "20 лет"), (21, "21 год"),
    (22, "22 года"), (25, "25 лет"), (101, "101 год"), (111, "111 лет"), (112, "112 лет"), (1004, "1004 года"),
])
def test_count_of_years(n, expected):
    assert count(n, YEARS) == expected
    assert count(n, ("год", "года", "лет")) == expected


def test_negative_and_empty_numbers():
    assert plural(-2, YEARS) == "года" and plural(None, YEARS) == "лет" and plural("", YEARS) == "лет"


def test_template_filters_use_the_same_rule():
    rendered = Template('{% load orientir %}{{ a|ru_count:"год,года,лет" }}; {{ b|ru_count:"год,года,лет" }}; '
                       '{{ c|ru_plural:"организация,организации,организаций" }}').render(
        Context({"a": 2, "b": 5, "c": 21}))
    assert rendered == "2 года; 5 лет; организация"


@pytest.mark.parametrize("shown,words", [(21, "первые 21 ошибка из"), (22, "первые 22 ошибки из"),
                                         (200, "первые 200 ошибок из")])
def test_the_import_error_list_declines_how_many_it_shows(shown, words):
    from django.template.loader import render_to_string

    html = render_to_string("includes/import_errors.html",
                            {"errors": [(i + 2, "A", "Ошибка") for i in range(shown)], "errors_total": 450})
    assert words in html


@pytest.mark.parametrize("n,expected", [
    (1, "договора"), (2, "договоров"), (5, "договоров"), (11, "договоров"), (20, "договоров"), (21, "договора"),
    (101, "договора"), (111, "договоров"), (10000, "договоров"),
])
def test_the_noun_after_more_than_is_genitive(n, expected):
    assert plural_after_more(n, "договор,договора,договоров") == expected


def test_a_fourth_form_names_the_genitive_singular_where_it_differs():
    forms = "обучающийся,обучающихся,обучающихся,обучающегося"
    assert plural_after_more(21, forms) == "обучающегося" and plural_after_more(22, forms) == "обучающихся"


class _Paginator:
    def __init__(self, count, capped):
        self.count, self.capped = count, capped


class _Page:
    def __init__(self, count, capped=False):
        self.paginator = _Paginator(count, capped)


@pytest.mark.parametrize("page,expected", [
    (_Page(21), "21 обучающийся"),
    (_Page(39758), "39\u00a0758 обучающихся"),
    (_Page(10000, capped=True), "более 10\u00a0000 обучающихся — уточните поиск"),
    (_Page(21, capped=True), "более 21 обучающегося — уточните поиск"),
])
def test_found_says_the_count_or_more_than_the_cap(page, expected):
    forms = "обучающийся,обучающихся,обучающихся,обучающегося"
    rendered = Template('{% load orientir %}{{ page|found:forms }}|{{ page|found }}').render(
        Context({"page": page, "forms": forms}))
    noun_less = expected.replace(" обучающийся", "").replace(" обучающихся", "").replace(" обучающегося", "")
    assert rendered == f"{expected}|{noun_less}"
