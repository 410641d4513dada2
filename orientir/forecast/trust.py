"""How much to trust a forecast number: its band, and how often such bands held in past years (the backtest).

The number of contracts for an L-year programme covers the gap of the year base + L, so its past record is the
backtest's coverage of the P10–P90 band L years ahead, in the cell's sector. Contracts are a monotone function of
the gap (graduates needed ÷ conversion, rounded up), so a gap inside its band means contracts inside theirs.
A sector and lead with fewer than MIN_HISTORY past comparisons says so instead of a confident number, and so does a
cell with returns for fewer than MIN_CELL_RETURNS years: its rates are then mostly the city's, not its own.
"""

from __future__ import annotations

import dataclasses

from orientir.core.text import plural

from .reports import MIN_HISTORY

MIN_CELL_RETURNS = 3  # a cell with returns for fewer years has its forecast mostly from the city's rates


@dataclasses.dataclass(frozen=True)
class Record:
    """The past record of one sector's forecasts `lead` years ahead."""

    lead: int
    n: int  # comparisons with the actual value
    inside: float | None  # share inside P10–P90; None without history
    cell_returns: int | None = None  # years with a return of the cell itself (None: not known)

    @property
    def thin_cell(self) -> bool:
        return self.cell_returns is not None and self.cell_returns < MIN_CELL_RETURNS

    @property
    def enough(self) -> bool:
        return self.n >= MIN_HISTORY and self.inside is not None and not self.thin_cell

    @property
    def out_of_ten(self) -> int | None:
        return round(self.inside * 10) if self.enough else None

    @property
    def sentence(self) -> str:
        if self.enough:
            n = self.out_of_ten
            return (f"в прошлые годы фактическое значение попадало в этот диапазон в {n} "
                    f"{'случае' if n == 1 else 'случаях'} из 10")
        if self.thin_cell:
            n = self.cell_returns
            return (f"истории пока мало: по этой должности отчёты есть лишь за {n} {years_word(n)}, прогноз "
                    "опирается в основном на средние по городу")
        if self.n == 0:
            return f"истории пока мало: прогнозы на {self.lead} {years_word(self.lead)} вперёд ещё не с чем сравнить"
        return (f"истории пока мало: прогнозы на {self.lead} {years_word(self.lead)} вперёд сравнивались с фактом "
                f"лишь {self.n} {times_word(self.n)} — этого недостаточно для оценки")


def years_word(n: int) -> str:
    return plural(n, ("год", "года", "лет"))


def times_word(n: int) -> str:
    return plural(n, ("раз", "раза", "раз"))


def records(result) -> dict[tuple[str, int], Record]:
    """Past record per (sector, lead) from a backtest result (None: no backtest could be made)."""
    if result is None:
        return {}
    return {(sector, lead): Record(lead, s.n, s.inside80) for (sector, lead), s in result.by_sector.items()}


def record(records_by_key: dict, sector: str, lead: int, cell_returns: int | None = None) -> Record:
    """The sector's record `lead` years ahead, for a cell with returns for `cell_returns` years."""
    found = records_by_key.get((sector, lead)) or Record(lead, 0, None)
    return dataclasses.replace(found, cell_returns=cell_returns)
