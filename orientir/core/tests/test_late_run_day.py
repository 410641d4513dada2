"""A test run started late in the Moscow evening lives on the next day (conftest.py), so it never crosses midnight."""

import datetime
import zoneinfo

from conftest import LATE_HOUR, _late_run_day

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


def test_a_run_in_the_day_keeps_the_real_clock():
    assert _late_run_day(datetime.datetime(2026, 12, 5, 21, 59, tzinfo=MOSCOW)) is None
    assert _late_run_day(datetime.datetime(2026, 12, 5, 0, 0, tzinfo=MOSCOW)) is None


def test_a_late_run_lives_on_the_next_day():
    assert LATE_HOUR == 22
    assert _late_run_day(datetime.datetime(2026, 12, 5, 22, 0, tzinfo=MOSCOW)) == "2026-12-06"
    assert _late_run_day(datetime.datetime(2026, 12, 31, 23, 59, tzinfo=MOSCOW)) == "2027-01-01"
