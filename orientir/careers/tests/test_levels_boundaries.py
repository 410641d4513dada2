"""Levels of career-guidance participation at and around each threshold of the Единая модель профориентации
(методические рекомендации Минпросвещения России, 2023): базовый — не менее 40 часов в учебный год, основной — не
менее 60, продвинутый — не менее 80. Codes and labels are written out here, not read from the module."""

from decimal import Decimal

import pytest

from orientir.careers.levels import level_for, level_label

BELOW = ("", "Ниже базового")
BASIC = ("basic", "Базовый")
MAIN = ("main", "Основной")
ADVANCED = ("advanced", "Продвинутый")


@pytest.mark.parametrize("hours,expected", [
    (None, BELOW),             # no hours recorded yet
    (0, BELOW),
    (Decimal("0.5"), BELOW),
    (Decimal("39.99"), BELOW),
    (40, BASIC),               # «не менее 40 часов»: 40 itself is enough
    ("40", BASIC),             # hours as a form sends them
    (Decimal("40.00"), BASIC),
    (Decimal("59.99"), BASIC),
    (60, MAIN),
    (Decimal("79.99"), MAIN),
    (80, ADVANCED),
    (Decimal("80.5"), ADVANCED),
    (300, ADVANCED),
])
def test_level_and_its_label_for_hours_of_a_school_year(hours, expected):
    assert level_for(hours) == expected
    assert level_label(hours) == expected[1]
