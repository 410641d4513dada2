"""The pupil import writes as it reads, a batch at a time in one transaction: every batch's consents and
representatives land on their own pupils, and an error after batches were written leaves nothing saved."""

import datetime
import io

import openpyxl
import pytest

from orientir.core.imports import bulk
from orientir.pupils import importer
from orientir.pupils.models import Consent, Pupil, Representative

TODAY = datetime.date(2026, 10, 15)


def _file(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Обучающиеся"
    sheet.append([title for _, title in importer.COLUMNS])
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _row(n: int, grade=9):
    # each pupil's consent and representative carry the pupil's number, so a mix-up between batches shows
    return [f"Пупкин{n}", "Пётр", "Ильич", f"{n + 1:02d}.05.2011", grade, "а", "", "", f"Мать {n}", "01.10.2026",
            f"Представитель {n}", "+79101234567"]


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 2)


@pytest.mark.django_db
def test_batches_keep_each_pupils_consent_and_representative_with_the_pupil(small_batches, school_a, personas):
    done = importer.import_pupils(actor=personas["coordinator_a"], organisation=school_a,
                                  data=_file([_row(n) for n in range(1, 6)]), today=TODAY)
    assert (done.add, done.skip) == (5, 0)
    pupils = Pupil.objects.filter(organisation=school_a, last_name__startswith="Пупкин")
    assert pupils.count() == 5
    for pupil in pupils:
        n = pupil.last_name.removeprefix("Пупкин")
        assert pupil.birth_date == datetime.date(2011, 5, int(n) + 1)
        assert [c.given_by_name for c in Consent.objects.filter(pupil=pupil)] == [f"Мать {n}"]
        assert [r.full_name for r in Representative.objects.filter(pupil=pupil)] == [f"Представитель {n}"]


@pytest.mark.django_db
def test_an_error_after_written_batches_leaves_nothing_saved(small_batches, school_a, personas):
    before = (Pupil.objects.count(), Consent.objects.count(), Representative.objects.count())
    rows = [_row(n) for n in range(1, 6)] + [_row(6, grade=14), _row(7), _row(8, grade=15)]
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_pupils(actor=personas["coordinator_a"], organisation=school_a, data=_file(rows), today=TODAY)
    # both bad rows are listed (the file's rows 7 and 9: the header is row 1), though writing stopped at the first
    assert [(row, column) for row, column, _ in refused.value.errors] == [(7, "E «Класс»"), (9, "E «Класс»")]
    assert (Pupil.objects.count(), Consent.objects.count(), Representative.objects.count()) == before


@pytest.mark.django_db
def test_the_same_file_twice_adds_nothing_the_second_time(small_batches, school_a, personas):
    data = _file([_row(n) for n in range(1, 4)] + [_row(1)])  # the first pupil twice in the file
    first = importer.import_pupils(actor=personas["coordinator_a"], organisation=school_a, data=data, today=TODAY)
    second = importer.import_pupils(actor=personas["coordinator_a"], organisation=school_a, data=data, today=TODAY)
    assert (first.add, first.skip, second.add, second.skip) == (3, 1, 0, 4)


@pytest.mark.django_db
def test_a_store_failing_after_written_batches_leaves_nothing_saved(small_batches, school_a, personas, monkeypatch):
    """The batches are stored beside the reading (a thread of their own on PostgreSQL): a failure of the third
    batch's representatives, after two batches were stored, is the import's error and nothing stays."""
    before = (Pupil.objects.count(), Consent.objects.count(), Representative.objects.count())
    stored = bulk.Writer.insert
    calls = []

    def insert(self, rows):
        if self.model is Representative:
            calls.append(len(rows))
            if len(calls) == 3:
                raise RuntimeError("the server went away")
        return stored(self, rows)

    monkeypatch.setattr(bulk.Writer, "insert", insert)
    with pytest.raises(RuntimeError, match="went away"):
        importer.import_pupils(actor=personas["coordinator_a"], organisation=school_a,
                               data=_file([_row(n) for n in range(1, 9)]), today=TODAY)
    assert calls == [2, 2, 2]  # the fourth batch was never written
    assert (Pupil.objects.count(), Consent.objects.count(), Representative.objects.count()) == before
