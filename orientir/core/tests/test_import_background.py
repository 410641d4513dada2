"""The import's writer beside its reading (bulk.Background) and the foreign keys checked per batch (bulk.check_keys):
a write that fails half-way, or a reading that fails, leaves nothing written once the import's transaction rolls back;
batches after a failed one are never written; the search keys computed once are the ones computed twice."""

import datetime
import re
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from orientir.core.imports import bulk
from orientir.core.text import natural_key, normalize_search
from orientir.pupils.models import Consent, Pupil

pytestmark = pytest.mark.django_db(transaction=True)


def _pupils(school, start, count, grade=9):
    return [(school.pk, f"Фамилия{n}", "Имя", grade) for n in range(start, start + count)]


@pytest.mark.parametrize("threaded", [True, False])
def test_a_write_failing_half_way_leaves_nothing_written(school, threaded):
    writer = bulk.Writer(Pupil, ("organisation_id", "last_name", "first_name", "grade"))
    with pytest.raises(IntegrityError):
        with transaction.atomic(), bulk.Background(writer.insert, threaded=threaded) as background:
            background.put(_pupils(school, 0, 50))
            background.put(_pupils(school, 50, 50))
            background.put(_pupils(school, 100, 5, grade=14))  # no such class: the table's check refuses the batch
            background.put(_pupils(school, 105, 50))
    assert not Pupil.objects.exists()
    assert not any(t.name == "import-writer" for t in threading.enumerate())


def test_batches_after_a_failed_one_are_not_written(school):
    written = []

    def write(batch):
        written.append(batch)
        if batch == 2:
            raise ValueError("the second batch")

    with pytest.raises(ValueError, match="the second batch"):
        with transaction.atomic(), bulk.Background(write, threaded=True) as background:
            for batch in range(1, 30):
                background.put(batch)
    assert written == [1, 2]


def test_the_readings_error_stops_the_writer_before_the_rollback(school):
    writer = bulk.Writer(Pupil, ("organisation_id", "last_name", "first_name", "grade"))
    with pytest.raises(RuntimeError, match="the file"):
        with transaction.atomic(), bulk.Background(writer.insert, threaded=True) as background:
            background.put(_pupils(school, 0, 50))
            background.put(_pupils(school, 50, 50))
            raise RuntimeError("the file has an error")
    assert not Pupil.objects.exists()
    assert not any(t.name == "import-writer" for t in threading.enumerate())


def test_every_batch_is_written_in_order(school):
    writer = bulk.Writer(Pupil, ("organisation_id", "last_name", "first_name", "grade"))
    ids = []
    with transaction.atomic(), bulk.Background(lambda rows: ids.extend(writer.insert(rows)), threaded=True) as bg:
        for start in range(0, 100, 10):
            bg.put(_pupils(school, start, 10))
    assert [Pupil.objects.get(pk=i).last_name for i in ids] == [f"Фамилия{n}" for n in range(100)]


def test_the_writer_runs_only_inside_the_imports_transaction(school):
    with pytest.raises(transaction.TransactionManagementError):
        with bulk.Background(lambda batch: None):
            pass


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite checks its keys at commit; nothing to move")
def test_a_broken_key_fails_at_its_batch_and_the_keys_are_deferred_again(school):
    consents = bulk.Writer(Consent, ("pupil_id", "given_by_name", "given_on"))
    written = []

    def write(rows):
        consents.insert(rows)
        bulk.check_keys(consents.connection, Pupil, Consent)
        written.append(len(rows))

    with pytest.raises(IntegrityError):
        with transaction.atomic(), bulk.Background(write, threaded=True) as background:
            background.put([(10**9, "Мать", datetime.date(2026, 9, 1))])  # no such pupil
            for _ in range(5):
                background.put([(10**9 + 1, "Мать", datetime.date(2026, 9, 1))])
    assert written == []  # the first batch's check failed it, in the writer's thread, on the import's connection
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            pupil = Pupil.objects.create(organisation=school, last_name="Иванов", first_name="Иван")
            bulk.check_keys(connection, Pupil, Consent)
            # deferred again: a key broken after the check is found at commit, not at the insert
            consents.insert([(pupil.pk, "Мать", datetime.date(2026, 9, 1)), (10**9, "Мать", datetime.date(2026, 9, 1))])
            assert Consent.objects.count() == 2
    assert not Consent.objects.exists() and not Pupil.objects.exists()


_SPACES = re.compile(r"\s+")
_NAMES = st.text(alphabet=st.sampled_from(list("аёЁбВ ДzZ9«»-'\u00a0\t\u2009\u200bß")), max_size=12)


@pytest.mark.django_db(transaction=False)
@given(_NAMES)
def test_search_text_skips_the_collapse_only_when_there_is_nothing_to_collapse(value):
    assert normalize_search(value) == _SPACES.sub(" ", value.casefold().replace("ё", "е")).strip()


@pytest.mark.django_db(transaction=False)
@given(_NAMES, _NAMES, _NAMES)
def test_one_normalisation_gives_the_keys_two_gave(last, first, middle):
    expected_search = normalize_search(" ".join(p for p in (last, first, middle) if p))
    expected_sort = natural_key(f"{last} {first} {middle}")[:320]
    assert Pupil.derived(last, first, middle) == (expected_search, expected_sort)
