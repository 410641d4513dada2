"""Input records of the forecasting engine.

A *cell* is what the forecast is made for: (sector, position name, education level). The Django side sums the
yearly staffing returns (item 1.1 of the plan) of all organisations over a cell and hands the engine one record
per cell per year. Two shapes of the same data are accepted:

- `CellYear` / `CellHistory`: one object per cell-year / per cell, convenient to build and to test;
- `Panel`: the same data as `(cells × years)` numpy arrays. The engine works on a `Panel` only, because a loop
  over 100,000 cells in Python would eat the whole ten-second budget of a country-size forecast.

No Django here: the engine must run in a worker, a notebook or a benchmark without a database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

# Age bands of the state statistical forms (85-К for kindergartens, ОО-1 for schools), so that totals can be
# checked against them.
AGE_BANDS = ("<25", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65+")
N_BANDS = len(AGE_BANDS)
LEVELS = ("higher", "vocational")
# Years of study of a targeted-education programme: vocational (СПО) 3 or 4 years (2 г. 10 мес. / 3 г. 10 мес.
# after the 9th grade, rounded up to whole school years), bachelor 4, specialist 5.
STUDY_LENGTHS = (3, 4, 5)
LEVEL_STUDY_LENGTHS = {"vocational": (3, 4), "higher": (4, 5)}

CellKey = tuple[str, str, str]  # (sector, position name, education level)

# How a cell reads to a user (warnings the page shows), without Django's choices: this module stays plain.
SECTOR_WORDS = {"education": "образование", "culture": "культура", "sport": "спорт и молодёжная политика"}
LEVEL_WORDS = {"higher": "ВО", "vocational": "СПО"}


def cell_words(key: CellKey) -> str:
    """('education', 'Учитель-логопед', 'vocational') → «Учитель-логопед», образование, СПО."""
    sector, position, level = key
    return f"«{position}», {SECTOR_WORDS.get(sector, sector)}, {LEVEL_WORDS.get(level, level)}"

_YEAR_FIELDS = ("staff_units", "filled", "vacancies", "pension_age", "left_total", "left_retirement",
                "hired_total", "hired_target", "planned_new_units")
_MATRIX_FIELDS = _YEAR_FIELDS + ("driver",)
# Counts and units that cannot be negative (vacancies can: overstaffing; planned units can: cuts).
_NON_NEGATIVE = np.array([name not in ("vacancies", "planned_new_units", "driver") for name in _MATRIX_FIELDS])
_FINITE = np.array([name != "driver" for name in _MATRIX_FIELDS])


def _check_values(matrix: np.ndarray, key: CellKey, years: list[int]) -> None:
    """Finite, and non-negative where it must be; `matrix` is (fields, years)."""
    bad = (~np.isfinite(matrix) & _FINITE[:, None]) | ((matrix < 0) & _NON_NEGATIVE[:, None])
    if bad.any():
        f, j = np.argwhere(bad)[0]
        raise ValueError(f"{key}, {years[j]} год: поле {_MATRIX_FIELDS[f]} = {matrix[f, j]!r} недопустимо")


def _check_key(key: Sequence[str]) -> CellKey:
    if len(key) != 3 or not all(isinstance(part, str) for part in key):
        raise ValueError(f"Ключ ячейки должен быть (отрасль, должность, уровень образования), получено {key!r}")
    if key[2] not in LEVELS:
        raise ValueError(f"Уровень образования {key[2]!r} не из {LEVELS}")
    return (key[0], key[1], key[2])


@dataclasses.dataclass(frozen=True, slots=True)
class CellYear:
    """One cell's figures from the returns of one year (summed over organisations).

    Units: `staff_units`, `filled`, `vacancies`, `planned_new_units` are staff units (ставки); the age bands,
    `pension_age` and the flows are persons. Flows (`left_*`, `hired_*`) cover the year before the return.
    `vacancies` defaults to `staff_units - filled`. `driver` is the pupil or child count of the cell's sector
    that year, when demand should follow it.
    """

    key: CellKey
    year: int
    staff_units: float
    filled: float
    headcount: Sequence[float]
    pension_age: float = 0.0
    left_total: float = 0.0
    left_retirement: float = 0.0
    hired_total: float = 0.0
    hired_target: float = 0.0
    planned_new_units: float = 0.0
    vacancies: float | None = None
    driver: float | None = None


@dataclasses.dataclass(eq=False)
class CellHistory:
    """The returns of one cell over several years, as arrays aligned on `years` (strictly increasing)."""

    key: CellKey
    years: np.ndarray
    staff_units: np.ndarray
    filled: np.ndarray
    headcount: np.ndarray  # (years, N_BANDS) persons
    pension_age: np.ndarray
    left_total: np.ndarray
    left_retirement: np.ndarray
    hired_total: np.ndarray
    hired_target: np.ndarray
    planned_new_units: np.ndarray
    vacancies: np.ndarray | None = None
    driver: np.ndarray | None = None  # NaN where unknown

    def __post_init__(self) -> None:
        self.key = _check_key(self.key)
        self.years = np.asarray(self.years, dtype=np.int64)
        years = self.years.tolist()
        t = len(years)
        if t == 0:
            raise ValueError(f"{self.key}: нет ни одного года")
        if any(b <= a for a, b in zip(years, years[1:], strict=False)):
            raise ValueError(f"{self.key}: годы должны строго возрастать")
        if self.vacancies is None:
            self.vacancies = np.asarray(self.staff_units, dtype=float) - np.asarray(self.filled, dtype=float)
        if self.driver is None:
            self.driver = np.full(t, np.nan)
        # One (fields × years) matrix, validated at once; the attributes are views of its rows. A loop per field
        # costs half a millisecond per cell, which is a minute for a country.
        try:
            matrix = np.array([getattr(self, name) for name in _MATRIX_FIELDS], dtype=float)
        except ValueError:
            matrix = None
        if matrix is None or matrix.shape != (len(_MATRIX_FIELDS), t):
            for name in _MATRIX_FIELDS:
                if np.shape(getattr(self, name)) != (t,):
                    raise ValueError(f"{self.key}: поле {name} должно иметь {t} значений")
            raise ValueError(f"{self.key}: поля должны иметь по {t} значений")
        _check_values(matrix, self.key, years)
        self.headcount = np.asarray(self.headcount, dtype=float)
        if self.headcount.shape != (t, N_BANDS):
            raise ValueError(f"{self.key}: численность по возрастам должна иметь форму ({t}, {N_BANDS})")
        if not np.isfinite(self.headcount).all() or (self.headcount < 0).any():
            raise ValueError(f"{self.key}: численность по возрастам должна быть неотрицательной")
        self._matrix = matrix
        for i, name in enumerate(_MATRIX_FIELDS):
            setattr(self, name, matrix[i])

    @classmethod
    def _trusted(cls, key: CellKey, years: np.ndarray, matrix: np.ndarray, headcount: np.ndarray) -> CellHistory:
        """Build without validation, from arrays that a `Panel` already validated."""
        self = object.__new__(cls)
        self.key, self.years, self.headcount, self._matrix = key, years, headcount, matrix
        for i, name in enumerate(_MATRIX_FIELDS):
            setattr(self, name, matrix[i])
        return self

    @classmethod
    def from_years(cls, records: Iterable[CellYear]) -> CellHistory:
        """Build a history from yearly records of one cell (any order)."""
        rows = sorted(records, key=lambda r: r.year)
        if not rows:
            raise ValueError("Пустая история ячейки")
        keys = {tuple(r.key) for r in rows}
        if len(keys) != 1:
            raise ValueError(f"Записи разных ячеек в одной истории: {sorted(keys)}")
        fields = {name: [getattr(r, name) for r in rows] for name in _YEAR_FIELDS if name != "vacancies"}
        return cls(key=rows[0].key, years=[r.year for r in rows], headcount=[list(r.headcount) for r in rows],
                   vacancies=[r.staff_units - r.filled if r.vacancies is None else r.vacancies for r in rows],
                   driver=[np.nan if r.driver is None else r.driver for r in rows], **fields)


@dataclasses.dataclass(eq=False)
class Panel:
    """All cells × consecutive years as arrays: the engine's working form.

    `present[i, j]` says whether cell i has a return for `years[j]`; absent cell-years hold zeros (NaN for
    `driver`) and are ignored by every computation.
    """

    keys: list[CellKey]
    years: np.ndarray  # (T,) consecutive
    present: np.ndarray  # (n, T) bool
    staff_units: np.ndarray  # (n, T)
    filled: np.ndarray
    vacancies: np.ndarray
    headcount: np.ndarray  # (n, T, N_BANDS)
    pension_age: np.ndarray
    left_total: np.ndarray
    left_retirement: np.ndarray
    hired_total: np.ndarray
    hired_target: np.ndarray
    planned_new_units: np.ndarray
    driver: np.ndarray  # NaN where unknown

    def __post_init__(self) -> None:
        self.keys = [_check_key(k) for k in self.keys]
        if len(set(self.keys)) != len(self.keys):
            raise ValueError("Ключи ячеек повторяются")
        self.years = np.asarray(self.years, dtype=np.int64)
        if len(self.years) == 0 or np.any(np.diff(self.years) != 1):
            raise ValueError("Годы панели должны идти подряд")
        n, t = len(self.keys), len(self.years)
        for name in _MATRIX_FIELDS + ("present",):
            arr = np.asarray(getattr(self, name), dtype=bool if name == "present" else float)
            if arr.shape != (n, t):
                raise ValueError(f"Поле {name} должно иметь форму ({n}, {t}), получено {arr.shape}")
            setattr(self, name, arr)
            if name != "present":
                bad = np.zeros((n, t), dtype=bool)
                if name != "driver":
                    bad |= ~np.isfinite(arr)
                if _NON_NEGATIVE[_MATRIX_FIELDS.index(name)]:
                    bad |= arr < 0
                bad &= self.present
                if bad.any():
                    i, j = np.argwhere(bad)[0]
                    raise ValueError(f"{self.keys[i]}, {self.years[j]} год: поле {name} = {arr[i, j]!r} недопустимо")
        self.headcount = np.asarray(self.headcount, dtype=float)
        if self.headcount.shape != (n, t, N_BANDS):
            raise ValueError(f"Численность по возрастам должна иметь форму ({n}, {t}, {N_BANDS})")
        if not np.isfinite(self.headcount).all() or (self.headcount < 0).any():
            raise ValueError("Численность по возрастам должна быть неотрицательной")
        self._index: dict[CellKey, int] | None = None

    @classmethod
    def _trusted(cls, **fields) -> Panel:
        """Build without validation, from arrays of an already validated panel."""
        self = object.__new__(cls)
        for name, value in fields.items():
            setattr(self, name, value)
        self._index = None
        return self

    @property
    def n(self) -> int:
        return len(self.keys)

    def index(self, key: CellKey) -> int:
        if self._index is None:
            self._index = {k: i for i, k in enumerate(self.keys)}
        return self._index[tuple(key)]

    def column(self, year: int) -> int:
        j = int(year) - int(self.years[0])
        if not 0 <= j < len(self.years):
            raise ValueError(f"Года {year} нет в данных ({self.years[0]}–{self.years[-1]})")
        return j

    @property
    def sectors(self) -> list[str]:
        return [k[0] for k in self.keys]

    @property
    def is_higher(self) -> np.ndarray:
        return np.array([k[2] == "higher" for k in self.keys], dtype=bool)

    def take(self, rows: np.ndarray | Sequence[int]) -> Panel:
        """A panel of the chosen cells (same years)."""
        rows = np.asarray(rows, dtype=np.int64)
        return Panel._trusted(keys=[self.keys[i] for i in rows], years=self.years,
                              **{name: getattr(self, name)[rows] for name in _ARRAYS})

    @classmethod
    def from_histories(cls, histories: Sequence[CellHistory]) -> Panel:
        """Align histories on one consecutive run of years (cells may lack some years)."""
        if not histories:
            raise ValueError("Нет ни одной ячейки")
        first = min(int(h.years[0]) for h in histories)
        last = max(int(h.years[-1]) for h in histories)
        years = np.arange(first, last + 1)
        n, t = len(histories), len(years)
        if all(len(h.years) == t for h in histories) and all(h.years[0] == first for h in histories):
            # The usual case, every cell has every year: two array builds instead of one per field.
            matrices = np.array([h._matrix for h in histories])  # (n, fields, years)
            arrays = {name: np.ascontiguousarray(matrices[:, f]) for f, name in enumerate(_MATRIX_FIELDS)}
            arrays["headcount"] = np.array([h.headcount for h in histories])
            arrays["present"] = np.ones((n, t), dtype=bool)
        else:
            arrays = {name: np.zeros((n, t)) for name in _MATRIX_FIELDS}
            arrays["driver"][:] = np.nan
            arrays["headcount"] = np.zeros((n, t, N_BANDS))
            arrays["present"] = np.zeros((n, t), dtype=bool)
            for i, h in enumerate(histories):
                cols = h.years - first
                for name in _MATRIX_FIELDS + ("headcount",):
                    arrays[name][i, cols] = getattr(h, name)
                arrays["present"][i, cols] = True
        return cls(keys=[h.key for h in histories], years=years, **arrays)

    @classmethod
    def from_cell_years(cls, records: Iterable[CellYear]) -> Panel:
        """Build from yearly records of many cells, in any order (the shape a database query returns)."""
        records = list(records)
        if not records:
            raise ValueError("Нет ни одной записи")
        index: dict[CellKey, int] = {}
        rows = np.fromiter((index.setdefault(tuple(r.key), len(index)) for r in records), dtype=np.int64,
                           count=len(records))
        year = np.fromiter((r.year for r in records), dtype=np.int64, count=len(records))
        first, last = int(year.min()), int(year.max())
        n, t = len(index), last - first + 1
        cols = year - first
        flat = rows * t + cols
        if len(np.unique(flat)) != len(flat):
            seen: set[int] = set()
            for r, f in zip(records, flat.tolist(), strict=True):
                if f in seen:
                    raise ValueError(f"{tuple(r.key)}: {r.year} год повторяется")
                seen.add(f)
        values = np.array([(r.staff_units, r.filled,
                            r.staff_units - r.filled if r.vacancies is None else r.vacancies, r.pension_age,
                            r.left_total, r.left_retirement, r.hired_total, r.hired_target, r.planned_new_units,
                            np.nan if r.driver is None else r.driver) for r in records], dtype=float)
        try:
            bands = np.array([r.headcount for r in records], dtype=float)
        except ValueError:
            bands = None
        if bands is None or bands.shape != (len(records), N_BANDS):
            raise ValueError(f"Численность по возрастам: нужно {N_BANDS} значений в каждой записи")
        arrays = {name: np.zeros((n, t)) for name in _MATRIX_FIELDS}
        arrays["driver"][:] = np.nan
        for f, name in enumerate(_MATRIX_FIELDS):
            arrays[name][rows, cols] = values[:, f]
        arrays["headcount"] = np.zeros((n, t, N_BANDS))
        arrays["headcount"][rows, cols] = bands
        arrays["present"] = np.zeros((n, t), dtype=bool)
        arrays["present"][rows, cols] = True
        return cls(keys=list(index), years=np.arange(first, last + 1), **arrays)

    def to_histories(self) -> list[CellHistory]:
        matrices = np.stack([getattr(self, name) for name in _MATRIX_FIELDS], axis=1)  # (n, fields, years)
        out = []
        full = self.present.all(1)
        for i, key in enumerate(self.keys):
            if full[i]:
                out.append(CellHistory._trusted(key, self.years, matrices[i], self.headcount[i]))
            else:
                cols = np.flatnonzero(self.present[i])
                out.append(CellHistory._trusted(key, self.years[cols], matrices[i][:, cols], self.headcount[i, cols]))
        return out


_ARRAYS = _MATRIX_FIELDS + ("present", "headcount")


def as_panel(data: Panel | Sequence[CellHistory]) -> Panel:
    return data if isinstance(data, Panel) else Panel.from_histories(list(data))


@dataclasses.dataclass(frozen=True)
class Pipeline:
    """Students studying under target contracts, by cell and by the year they are due to graduate.

    Convention of years: forecast year t is the staffing of the school year that starts in September of t (the
    ОО-1 and 85-К returns describe the start of a school year). A student due to graduate in June of t is expected
    to start work in September of t, so counts in year t. Counts are persons still studying (completion and
    employment rates are applied by the engine, from `Levers`/`Defaults`).
    """

    students: Mapping[CellKey, Mapping[int, float]]

    def matrix(self, keys: Sequence[CellKey], years: Sequence[int]) -> tuple[np.ndarray, list[CellKey]]:
        """Students due per cell (rows in `keys` order) and year (columns); plus the keys the panel lacks."""
        index = {k: i for i, k in enumerate(keys)}
        col = {int(y): j for j, y in enumerate(years)}
        out = np.zeros((len(keys), len(col)))
        unknown = []
        for key, by_year in self.students.items():
            i = index.get(tuple(key))
            if i is None:
                if any(v for v in by_year.values()):
                    unknown.append(tuple(key))
                continue
            for year, count in by_year.items():
                if count < 0 or not np.isfinite(count):
                    raise ValueError(f"{key}: число студентов {count!r} на {year} год некорректно")
                j = col.get(int(year))
                if j is not None:
                    out[i, j] += count
        return out, unknown
