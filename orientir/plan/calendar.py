"""The Russian production calendar: which days are not working days (weekends, holidays, transfers)."""

import datetime
import functools
import re

import holidays

_TRANSFER = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


@functools.lru_cache(maxsize=32)
def _year(year: int) -> tuple[frozenset, frozenset]:
    """(days off, weekend days that are working days by transfer) of a year."""
    table = holidays.country_holidays("RU", years=year, language="en_US")
    off, working = set(), set()
    for day, name in table.items():
        off.add(day)
        for match in _TRANSFER.finditer(name):
            month, dom, y = (int(g) for g in match.groups())
            working.add(datetime.date(y, month, dom))
    # A weekend day whose day off was moved elsewhere is worked, unless it is a holiday itself
    # (3 January stays off even though its day off is moved to 31 December).
    return frozenset(off), frozenset(working - off)


def is_working_day(day: datetime.date) -> bool:
    off, working = _year(day.year)
    if day in working:
        return True
    return day.weekday() < 5 and day not in off


def previous_working_day(day: datetime.date) -> datetime.date:
    """The last working day on or before `day`."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day
