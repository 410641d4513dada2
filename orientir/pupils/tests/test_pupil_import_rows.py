"""The pupil import writes plain rows (bulk.Writer), not saved instances: what lands in the tables is what the
pupil's card would have saved — the search and sort keys, the defaults of every column the file does not fill, the
consent and the representative on their own pupil, one moment for the whole import."""

import datetime
import io

import openpyxl
import pytest
from django.forms.models import model_to_dict

from orientir.pupils import importer
from orientir.pupils.models import Consent, Pupil, Representative

TODAY = datetime.date(2026, 10, 15)
SKIP = {"id", "created_at", "updated_at", "interest_specialties"}


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


@pytest.mark.django_db
def test_an_imported_pupil_is_the_row_a_save_makes(school_a, personas):
    importer.import_pupils(actor=personas["coordinator_a"], organisation=school_a, today=TODAY, data=_file([
        ["Ёжикова", "Алёна", "Петровна", "28.02.2011", "9", "б", "8 910 123-45-67", "a@b.ru", "Ёжикова М. И.",
         "01.10.2026", "Ёжикова Мария Ивановна", "89101112233"],
        ["Иванов-Петров", "Пётр", "", None, None, None, None, None, None, None, None, None],
    ]))
    saved = [Pupil(organisation=school_a, last_name="Ёжикова", first_name="Алёна", middle_name="Петровна",
                   birth_date=datetime.date(2011, 2, 28), grade=9, class_letter="Б", phone="+7 (910) 123-45-67",
                   email="a@b.ru"),
             Pupil(organisation=school_a, last_name="Иванов-Петров", first_name="Пётр")]
    for pupil in saved:
        pupil.save()
    for expected in saved:
        stored = Pupil.objects.exclude(pk=expected.pk).get(organisation=school_a, last_name=expected.last_name)
        assert ({k: v for k, v in model_to_dict(stored).items() if k not in SKIP}
                == {k: v for k, v in model_to_dict(expected).items() if k not in SKIP})
        assert stored.created_at == stored.updated_at
    first = Pupil.objects.exclude(pk=saved[0].pk).get(last_name="Ёжикова")
    consent = Consent.objects.get(pupil=first)
    assert (consent.given_by, consent.given_by_name, consent.given_on, consent.document_ref, consent.withdrawn_on,
            consent.recorded_by) == ("representative", "Ёжикова М. И.", datetime.date(2026, 10, 1),
                                     "загружено из файла", None, personas["coordinator_a"])
    assert consent.scope == Consent._meta.get_field("scope").default
    assert consent.recorded_at == first.created_at  # one moment for the import
    rep = Representative.objects.get(pupil=first)
    assert (rep.full_name, rep.relation, rep.phone, rep.email) == (
        "Ёжикова Мария Ивановна", "mother", "+7 (910) 111-22-33", "")
    second = Pupil.objects.exclude(pk=saved[1].pk).get(last_name="Иванов-Петров")
    assert not Consent.objects.filter(pupil=second).exists()
    assert not Representative.objects.filter(pupil=second).exists()
