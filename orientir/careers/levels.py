"""Levels of a pupil's participation in career guidance by hours a school year: the one place they live.

Thresholds follow the Единая модель профессиональной ориентации обучающихся 6–11 классов («профориентационный
минимум», методические рекомендации Минпросвещения России, 2023): базовый уровень — не менее 40 часов
в учебный год, основной — не менее 60 часов, продвинутый — не менее 80 часов.
"""

from decimal import Decimal

# (minimum hours a school year, code, label), highest first.
LEVELS: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal(80), "advanced", "Продвинутый"),
    (Decimal(60), "main", "Основной"),
    (Decimal(40), "basic", "Базовый"),
)
NONE_LABEL = "Ниже базового"


def level_for(hours) -> tuple[str, str]:
    """(code, label) of the level reached with `hours` in a school year; ("", «Ниже базового») below 40."""
    hours = Decimal(hours or 0)
    for minimum, code, label in LEVELS:
        if hours >= minimum:
            return code, label
    return "", NONE_LABEL


def level_label(hours) -> str:
    return level_for(hours)[1]
