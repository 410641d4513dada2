"""The two reports for the regional bodies, built from a frozen forecast (what was sent can be re-created)."""

import math

from orientir.accounts.roles import Sector
from orientir.core.tables import Column, Report
from orientir.core.text import YEARS, count
from orientir.directory.models import Position

from .models import ForecastSnapshot

LEVELS = {"higher": "высшее", "vocational": "среднее профессиональное"}
SECTORS = dict(Sector.choices)


def _groups_by_position() -> dict[str, str]:
    """Position name → its main specialty group (education first: 44.00.00 is the core of the social sphere)."""
    result = {}
    for p in Position.objects.prefetch_related("specialty_groups"):
        groups = sorted(p.specialty_groups.all(), key=lambda g: (g.code != "44.00.00", g.code))
        result[p.name] = f"{groups[0].code} {groups[0].name}" if groups else "—"
    return result


def forecast_report(snapshot: ForecastSnapshot) -> Report:
    past = snapshot.rates.get("backtest")  # the backtest as it stood when the forecast was frozen
    def rows():
        for r in sorted(snapshot.rows, key=lambda r: (r["sector"], r["position"], r["level"], r["year"])):
            yield (SECTORS.get(r["sector"], r["sector"]), r["position"], LEVELS[r["level"]], r["year"],
                   r["demand"], r["supply_p50"], r["outflow"], r["other_inflow"], r["pipeline_inflow"],
                   max(r["gap_p50"], 0), r["gap_p10"], r["gap_p90"])

    return Report(
        title="Прогноз потребности в кадрах для организаций социальной сферы на среднесрочный период",
        subtitle=(f"{snapshot.municipality.name}. По данным мониторинга кадровой обеспеченности за "
                  f"{snapshot.base_year} год, на {count(snapshot.horizon, YEARS)}; прогноз от {snapshot.created_at:%d.%m.%Y}"),
        columns=[Column("Отрасль", 18), Column("Должность", 30), Column("Уровень образования", 16),
                 Column("Год", 8), Column("Потребность, ставок", 12, "money"), Column("Обеспечено, ставок", 12, "money"),
                 Column("Выбытие", 10, "money"), Column("Приём вне целевого", 12, "money"),
                 Column("Выпускники-целевики", 12, "money"), Column("Дефицит (P50)", 12, "money"),
                 Column("Дефицит P10", 10, "money"), Column("Дефицит P90", 10, "money")],
        rows=rows(), filename=f"forecast-{snapshot.base_year}",
        notes=["P10 и P90 — границы, в которые дефицит попадает с вероятностью 80 % (по имитационному моделированию).",
               f"Доля завершающих обучение — {snapshot.rates.get('completion_rate', 0):.0%}, доля трудоустраивающихся "
               f"по договору — {snapshot.rates.get('employment_rate', 0):.0%}.",
               *([] if past else ["Проверки прогноза на истории при фиксации не было: сведений мониторинга меньше "
                                  "чем за два года."])],
        appendix=[backtest_table(past["rows"], past["origins"], snapshot.municipality.name)] if past else [],
    )


def contracts_report(snapshot: ForecastSnapshot) -> Report:
    groups = _groups_by_position()

    def rows():
        for r in sorted(snapshot.contract_rows, key=lambda r: (r["level"], r["study_length"], r["position"])):
            if not r["contracts_needed"]:
                continue
            yield (LEVELS[r["level"]], r["study_length"], groups.get(r["position"], "—"), r["position"],
                   SECTORS.get(r["sector"], r["sector"]), r["contracts_needed"], r["contracts_needed_p90"],
                   r["graduates_start"])

    return Report(
        title="Потребность в заключении договоров о целевом обучении",
        subtitle=(f"{snapshot.municipality.name}. Договоры, которые нужно заключить в ближайшую приёмную кампанию, "
                  f"чтобы выпускники закрыли прогнозный дефицит (по данным {snapshot.base_year} года, прогноз от "
                  f"{snapshot.created_at:%d.%m.%Y})"),
        columns=[Column("Уровень образования", 18), Column("Срок обучения, лет", 10, "number"),
                 Column("Укрупнённая группа специальностей", 36), Column("Должность", 30), Column("Отрасль", 18),
                 Column("Договоров (P50)", 12, "number"), Column("Договоров (осторожно, P90)", 14, "number"),
                 Column("Выпуск в году", 10, "number")],
        rows=rows(), filename=f"target-contracts-{snapshot.base_year}",
        notes=["Сроки обучения — альтернативы для одной потребности, их не складывают."],
    )


MIN_HISTORY = 10  # cell-years of a group and lead below which its coverage is not stated as a number


def backtest_rows(result) -> list[dict]:
    """Overall and per-sector scores by lead, sector names in Russian; plain numbers (None for no value), so that
    a frozen forecast can keep them as they were."""
    def plain(value):  # NaN and ±inf (no actual vacancies to divide by) have no value to show
        return None if isinstance(value, float) and not math.isfinite(value) else value

    return [{**{k: plain(v) for k, v in r.items()}, "group": SECTORS.get(r["group"], r["group"]),
             "thin": r["n"] < MIN_HISTORY} for r in result.summary_rows()]


def backtest_report(result, municipality) -> Report:
    """The backtest table: point accuracy beside the naive forecast, and how honest the P10–P90 band was."""
    return backtest_table(backtest_rows(result), sorted(set(result.origin.tolist())), municipality.name)


def backtest_table(rows: list[dict], origins: list[int], municipality_name: str) -> Report:
    def share(value):
        return None if value is None else round(value * 100, 1)

    def rounded(value, places=3):
        return None if value is None else round(value, places)

    def table_rows():
        for r in rows:
            yield (r["group"], r["lead"], r["n"], rounded(r["wape"]), rounded(r["baseline_wape"]), rounded(r["bias"]),
                   share(r["inside80"]), share(r["inside50"]), share(r["below"]), share(r["above"]),
                   rounded(r["interval_score"]), "мало истории" if r["thin"] else "")

    return Report(
        title="Проверка прогноза кадровой потребности на истории",
        subtitle=(f"{municipality_name}. Прогнозы, построенные по данным каждого прошлого года"
                  f"{' (' + ', '.join(map(str, origins)) + ')' if origins else ''}, сравнены с фактическими "
                  "вакансиями следующих лет"),
        columns=[Column("Группа", 18), Column("Лет вперёд", 8, "number"), Column("Ячеек-лет", 9, "number"),
                 Column("WAPE прогноза", 10, "money"), Column("WAPE наивного", 10, "money"),
                 Column("Смещение прогноза", 10, "money"), Column("В диапазоне P10–P90, %", 12, "decimal"),
                 Column("В диапазоне P25–P75, %", 12, "decimal"), Column("Ниже P10, %", 9, "decimal"),
                 Column("Выше P90, %", 9, "decimal"), Column("Интервальная оценка", 11, "money"),
                 Column("Примечание", 14)],
        rows=table_rows(), filename="forecast-backtest",
        notes=["WAPE — суммарная абсолютная ошибка в долях от суммы фактических вакансий; наивный прогноз — "
               "«вакансий будет столько же, сколько сейчас».",
               "У честного диапазона P10–P90 внутри оказываются около 80 % фактических значений, P25–P75 — около "
               "50 %, ниже P10 и выше P90 — около 10 %.",
               "Интервальная оценка (Винклера) — ширина диапазона P10–P90 плюс десятикратный промах мимо него, "
               "в долях от фактических вакансий: чем меньше, тем лучше; слишком широкий диапазон её не улучшает.",
               f"«Мало истории» — меньше {MIN_HISTORY} сравнений: доля попаданий ещё ненадёжна."],
    )
