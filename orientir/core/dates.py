"""Calendar arithmetic the rules share.

A term counted in years ends on the same month and day of the last year; when that year has no such day
(29 February), on the last day of that month (ГК РФ, ст. 192): 29.02.2028 plus one year is 28.02.2029. Every
«N years after», «N years before» and age in the system goes through `add_years`, so a leap day never
raises and never lands in March.
"""
import datetime


def add_years(day: datetime.date, years: int) -> datetime.date:
    """`day` moved by `years` (negative: back), 29 February falling on 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years on `day`: the age rises on the birthday; one born on 29 February rises on 1 March in a
    common year (the day `add_years` gives is then still the last day of the previous year of life)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
