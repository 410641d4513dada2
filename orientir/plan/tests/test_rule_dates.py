"""Deadline rules against dates written out by hand from a calendar, not computed by the rules module."""

import datetime

import pytest

from orientir.plan.rules import Occurrence, RuleError, occurrences

D = datetime.date


def test_weekly_on_mondays_includes_both_ends_of_the_period():
    # 2026: 1 June is a Monday; «до 1 сентября» ends on Monday 31 August, which is still a week of the monitoring.
    rule = {"type": "weekly", "start": "06-01", "end": "09-01", "weekday": 0}
    mondays = [D(2026, 6, 1), D(2026, 6, 8), D(2026, 6, 15), D(2026, 6, 22), D(2026, 6, 29), D(2026, 7, 6),
               D(2026, 7, 13), D(2026, 7, 20), D(2026, 7, 27), D(2026, 8, 3), D(2026, 8, 10), D(2026, 8, 17),
               D(2026, 8, 24), D(2026, 8, 31)]
    got = occurrences(rule, 2026)
    assert [o.due_on for o in got] == mondays
    assert got[0] == Occurrence(due_on=D(2026, 6, 1), starts_on=D(2026, 5, 26), label="неделя 1")
    assert got[-1].label == "неделя 14"


def test_weekly_on_fridays_starts_at_the_first_friday():
    rule = {"type": "weekly", "start": "06-01", "end": "09-01", "weekday": 4}
    fridays = [D(2026, 6, 5), D(2026, 6, 12), D(2026, 6, 19), D(2026, 6, 26), D(2026, 7, 3), D(2026, 7, 10),
               D(2026, 7, 17), D(2026, 7, 24), D(2026, 7, 31), D(2026, 8, 7), D(2026, 8, 14), D(2026, 8, 21),
               D(2026, 8, 28)]
    assert [o.due_on for o in occurrences(rule, 2026)] == fridays


def test_weekly_without_a_start_opens_on_the_given_day():
    rule = {"type": "weekly", "start": None, "end": "08-15", "weekday": 2}
    # Wednesday 29 July 2026 is the first Wednesday on or after Tuesday 28 July; the period ends on 14 August.
    got = occurrences(rule, 2026, default_start=D(2026, 7, 28))
    assert [o.due_on for o in got] == [D(2026, 7, 29), D(2026, 8, 5), D(2026, 8, 12)]
    with pytest.raises(RuleError, match="не задано начало"):
        occurrences(rule, 2026)


def test_before_ends_the_day_before_and_knows_leap_years():
    assert occurrences({"type": "before", "dates": ["07-15", "01-20"]}, 2026) == [
        Occurrence(due_on=D(2026, 1, 19), label="до 20 января"),
        Occurrence(due_on=D(2026, 7, 14), label="до 15 июля")]
    assert occurrences({"type": "before", "dates": ["03-01"]}, 2028)[0].due_on == D(2028, 2, 29)
    assert occurrences({"type": "before", "dates": ["03-01"]}, 2027)[0].due_on == D(2027, 2, 28)
    assert occurrences({"type": "before", "dates": ["01-01"]}, 2027)[0].due_on == D(2026, 12, 31)


def test_window_and_spans():
    assert occurrences({"type": "window", "start": "09-01", "end": "10-31"}, 2026) == [
        Occurrence(due_on=D(2026, 10, 31), starts_on=D(2026, 9, 1))]
    assert occurrences({"type": "span", "span": "school_year"}, 2027) == [
        Occurrence(due_on=D(2027, 8, 31), starts_on=D(2026, 9, 1))]
    assert occurrences({"type": "span", "span": "calendar_year"}, 2027) == [
        Occurrence(due_on=D(2027, 12, 31), starts_on=D(2027, 1, 1))]
    with pytest.raises(RuleError, match="раньше его начала"):
        occurrences({"type": "window", "start": "10-31", "end": "09-01"}, 2026)
    with pytest.raises(RuleError, match="ММ-ДД"):
        occurrences({"type": "before", "dates": ["31.07"]}, 2026)
