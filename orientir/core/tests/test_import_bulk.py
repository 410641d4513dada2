"""The import's fast insert writes exactly what Django's own save writes, and gives every instance its id — on
SQLite here and on PostgreSQL in CI (COPY)."""

import datetime

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from orientir.core.imports import bulk
from orientir.pupils.models import Consent, Pupil

pytestmark = pytest.mark.django_db(transaction=True)
SKIP = {"id", "created_at", "updated_at", "recorded_at", "pupil"}


def _pupils(school, prefix):
    people = [("Ёжикова", "Алёна", "", datetime.date(2010, 2, 28), 9, "А", "+79101234567", "a@b.ru"),
              ("O'Брайен", "Ян", "Петрович", None, None, "", "", ""),
              ("Иванов-Петров", "Пётр", "Ильич", datetime.date(2012, 12, 31), 7, "Б", "", "")]
    pupils = []
    for last, first, middle, born, grade, letter, phone, email in people:
        pupil = Pupil(organisation=school, last_name=prefix + last, first_name=first, middle_name=middle,
                      birth_date=born, grade=grade, class_letter=letter, phone=phone, email=email)
        pupil.refresh_derived()
        pupils.append(pupil)
    return pupils


def test_rows_and_ids_are_what_a_save_makes(school):
    fast, slow = _pupils(school, ""), _pupils(school, "")
    before = datetime.datetime.now(datetime.UTC)
    with transaction.atomic():
        bulk.insert(fast)
        consents = [Consent(pupil_id=p.pk, given_by_name="Ёжикова Мария", given_on=datetime.date(2026, 9, 1),
                            document_ref="загружено из файла") for p in fast]
        bulk.insert(consents)
    for pupil in slow:
        pupil.save()
    for quick, saved in zip(fast, slow, strict=True):
        stored = Pupil.objects.get(pk=quick.pk)  # the id set on the instance is the row's
        assert stored.last_name == quick.last_name
        expected = {k: v for k, v in model_to_dict(saved).items() if k not in SKIP}
        got = {k: v for k, v in model_to_dict(stored).items() if k not in SKIP}
        assert got == expected
        assert stored.created_at >= before - datetime.timedelta(seconds=1)
        assert stored.consents.get().given_on == datetime.date(2026, 9, 1)
    assert len({p.pk for p in fast + slow}) == 6  # the ordinary saves after it took ids of their own


def test_runs_only_inside_the_imports_transaction(school):
    with pytest.raises(transaction.TransactionManagementError):
        bulk.insert(_pupils(school, "Вне "))
    assert not Pupil.objects.exists()


def test_many_rows_in_several_batches_keep_their_ids(school, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 7)
    pupils = [Pupil(organisation=school, last_name=f"Фамилия{i}", first_name="Имя") for i in range(30)]
    with transaction.atomic():
        bulk.insert(pupils)
    assert {p.pk: p.last_name for p in pupils} == dict(Pupil.objects.values_list("pk", "last_name"))


def test_made_instances_hold_the_models_defaults(school):
    make = bulk.maker(Consent)
    made, built = make(pupil_id=1, given_by_name="Х", given_on=datetime.date(2026, 9, 1)), Consent()
    for field in Consent._meta.concrete_fields:
        if field.attname not in {"pupil_id", "given_by_name", "given_on"}:
            assert getattr(made, field.attname) == getattr(built, field.attname), field.name
    with pytest.raises(TypeError):
        make(pupil=object())  # by attribute name only: a related object is not silently dropped


def test_a_writer_takes_plain_rows_and_gives_their_ids_in_order(school, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 4)
    moment = datetime.datetime(2026, 9, 1, 10, 30, tzinfo=datetime.UTC)
    writer = bulk.Writer(Pupil, ("organisation_id", "last_name", "first_name", "birth_date"), now=moment)
    rows = [(school.pk, f"Фамилия{i}", "Имя", datetime.date(2011, 1, 1 + i)) for i in range(10)]
    with transaction.atomic():
        ids = writer.insert(rows)
    stored = {p.pk: p for p in Pupil.objects.all()}
    assert [(stored[i].last_name, stored[i].birth_date) for i in ids] == [(r[1], r[3]) for r in rows]
    first = stored[ids[0]]
    assert (first.status, first.version, first.grade, first.class_letter, first.created_at, first.updated_at) == (
        "studying", 1, None, "", moment, moment)


def test_a_writer_refuses_what_it_cannot_fill(school):
    with pytest.raises(TypeError):
        bulk.Writer(Pupil, ("organisation", "last_name"))  # by attribute name only
    with pytest.raises(transaction.TransactionManagementError):
        bulk.Writer(Pupil, ("organisation_id", "last_name", "first_name")).insert([(school.pk, "Вне", "Имя")])
    assert not Pupil.objects.exists()
