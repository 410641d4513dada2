"""How a deadline rule reads to a person, and which rules are refused: the Russian wording is written out here."""

import datetime

import pytest

from orientir.plan.rules import Occurrence, RuleError, describe, occurrences, span_bounds, validate

D = datetime.date


@pytest.mark.parametrize("rule,text", [
    (None, "—"),
    ({}, "—"),
    ({"type": "before", "dates": ["07-15", "01-20"]},
     "ежегодно, до 15 июля (последний день — 14 июля), до 20 января (последний день — 19 января)"),
    ({"type": "before", "dates": ["03-01"], "preceding_contract_year": True, "then": "individual_plan"},
     "ежегодно, до 1 марта (последний день — 28 февраля), года, предшествующего заключению договоров"),
    ({"type": "before", "dates": ["01-01"]}, "ежегодно, до 1 января (последний день — 31 декабря)"),
    ({"type": "window", "start": "09-01", "end": "10-31", "then": "corrections_school_year"},
     "ежегодно, с 1 сентября по 31 октября; корректировка — в течение учебного года"),
    ({"type": "window", "start": "11-01", "end": "12-31", "preceding_contract_year": True},
     "ежегодно, с 1 ноября по 31 декабря, года, предшествующего заключению договоров"),
    ({"type": "window", "start": "02-01", "end": "05-31", "then": "нет такого"}, "ежегодно, с 1 февраля по 31 мая"),
    ({"type": "span", "span": "school_year", "then": "study_schedule"},
     "ежегодно, в течение учебного года; в соответствии с графиком учебного процесса"),
    ({"type": "span", "span": "study_period"}, "ежегодно, в течение всего периода обучения"),
    ({"type": "span", "span": "calendar_year", "then": "as_lists_formed"},
     "ежегодно, в течение календарного года; далее — по мере формирования списков"),
    ({"type": "span", "span": "decade"}, "ежегодно, ?"),
    ({"type": "weekly", "start": "06-01", "end": "09-01", "weekday": 4}, "еженедельно (пятница) с 1 июня до 1 сентября"),
    ({"type": "weekly", "end": "08-15", "weekday": 0}, "еженедельно (понедельник) до 15 августа"),
    ({"type": "weekly", "start": None, "end": "12-01"}, "еженедельно (пятница) до 1 декабря"),
    ({"type": "weekly", "start": "04-10", "end": "05-20", "weekday": "6"},
     "еженедельно (воскресенье) с 10 апреля до 20 мая"),
    ({"type": "monthly"}, "?"),
])
def test_wording(rule, text):
    assert describe(rule) == text


@pytest.mark.parametrize("rule,message", [
    ({"type": "before", "dates": ["02-29"]}, "Дата «02-29» должна быть в форме ММ-ДД, например 07-15."),  # not in 2027
    ({"type": "before", "dates": []}, "Укажите хотя бы одну дату срока."),
    ({"type": "before"}, "Укажите хотя бы одну дату срока."),
    ({"type": "window", "start": "13-01", "end": "12-31"}, "Дата «13-01» должна быть в форме ММ-ДД, например 07-15."),
    ({"type": "window", "start": "10-02", "end": "10-01"}, "Окончание периода раньше его начала."),
    ({"type": "span", "span": "week"}, "Неизвестный период «week»."),
    ({"type": "span"}, "Неизвестный период «»."),
    ({"type": "quarterly"}, "Неизвестный вид срока «quarterly»."),
    ({"dates": ["07-15"]}, "Неизвестный вид срока «None»."),
])
def test_rules_that_cannot_give_dates_are_refused_in_words(rule, message):
    with pytest.raises(RuleError) as refused:
        validate(rule)
    assert str(refused.value) == message


def test_rules_that_give_dates_pass():
    for rule in ({"type": "before", "dates": ["02-28"]}, {"type": "window", "start": "10-01", "end": "10-01"},
                 {"type": "span", "span": "school_year"}, {"type": "weekly", "start": None, "end": "09-01"}):
        assert validate(rule) is None
    assert occurrences(None, 2027) == [] and occurrences({}, 2027) == []


def test_a_date_must_be_month_and_day_text():
    with pytest.raises(RuleError, match="Дата «None» должна быть в форме ММ-ДД"):
        occurrences({"type": "window", "start": None, "end": "10-31"}, 2027)
    with pytest.raises(RuleError, match="Дата «7-15-1» должна быть"):
        occurrences({"type": "before", "dates": ["7-15-1"]}, 2027)


def test_span_bounds_of_each_period():
    assert span_bounds("school_year", 2027) == (D(2026, 9, 1), D(2027, 8, 31))
    assert span_bounds("calendar_year", 2028) == (D(2028, 1, 1), D(2028, 12, 31))
    assert span_bounds("study_period", 2026) == (D(2026, 1, 1), D(2026, 12, 31))


def test_weekly_weeks_end_on_their_day_and_are_numbered():
    """Thursdays (weekday 3) from Monday 2 March 2026 to «до 20 марта» (last day 19 March): 5, 12 and 19 March."""
    got = occurrences({"type": "weekly", "start": "03-02", "end": "03-20", "weekday": 3}, 2026)
    assert got == [Occurrence(due_on=D(2026, 3, 5), starts_on=D(2026, 2, 27), label="неделя 1"),
                   Occurrence(due_on=D(2026, 3, 12), starts_on=D(2026, 3, 6), label="неделя 2"),
                   Occurrence(due_on=D(2026, 3, 19), starts_on=D(2026, 3, 13), label="неделя 3")]
    # the period's own first day counts when it is the weekday: Thursday 5 March
    assert occurrences({"type": "weekly", "start": "03-05", "end": "03-06", "weekday": 3}, 2026) == [
        Occurrence(due_on=D(2026, 3, 5), starts_on=D(2026, 2, 27), label="неделя 1")]
    # without a weekday: Fridays
    assert [o.due_on for o in occurrences({"type": "weekly", "start": "03-02", "end": "03-14"}, 2026)] == [
        D(2026, 3, 6), D(2026, 3, 13)]
