"""The matching keys of the import engine, taken in one pass, are the keys taken one value at a time: a pupil is the
same person whether the file or the database is keyed (the import's «already there» depends on it)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from orientir.core.imports import normalize

# what a key meant before the one-pass form: every mark translated, then case folded, then « - » closed up
_TABLE = str.maketrans({"«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "'": '"', "–": "-", "—": "-", "ё": "е",
                        "Ё": "Е"})
_CELLS = st.one_of(st.none(), st.integers(), st.text(alphabet=st.sampled_from(
    list("АаЁёЕеЖжΣσςß «»„“”'–—-\t\u00a0\x1f1Zz")), max_size=12))


def _one_by_one(value) -> str:
    return normalize.text(value).translate(_TABLE).casefold().replace(" - ", "-")


@given(_CELLS)
def test_a_key_folds_marks_case_and_yo_as_it_did(value):
    assert normalize.key(value) == _one_by_one(value)


@given(st.lists(_CELLS, min_size=1, max_size=4))
def test_the_joint_key_is_the_values_keys_joined(values):
    assert normalize.joint_key(*values) == "\x1f".join(_one_by_one(v) for v in values)


def test_examples():
    assert normalize.key(" Ёжикова  «Алёна» ") == 'ежикова "алена"'
    assert normalize.joint_key("Иванов - Петров", "ПЁТР", "") == "иванов-петров\x1fпетр\x1f"


def test_a_date_typed_as_text_reads_the_same_the_second_time():
    assert normalize.date("01.05.2014") == normalize.date("01.05.2014") == datetime.date(2014, 5, 1)
    assert normalize.date(" 1.5.2014 ") == datetime.date(2014, 5, 1)
