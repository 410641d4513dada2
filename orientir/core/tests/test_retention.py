"""Destruction when the purpose of processing is reached (152-ФЗ, ст. 21 ч. 4–5; decision 59).

The scenario lives on 20.11.2026. Periods, written out here independently of the declarations: a pupil without a
contract is kept 3 years after leaving school, a contract 5 years after its obligations ended. So a pupil who
graduated on 30.06.2022 is past the period (it ran out on 30.06.2025), one who graduated on 30.06.2024 is not
(30.06.2027); a contract terminated on 02.03.2020 is past (02.03.2025), one terminated on 10.05.2022 is not
(10.05.2027). Those past it are destroyed completely — every text column of every table and every log entry is
searched for what was typed about them, names included — those within it are untouched, and the act opens."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from orientir.contracts import services as contracts
from orientir.contracts.models import Contract
from orientir.core.models import AuditEntry, DestructionAct
from orientir.directory.models import Specialty
from orientir.pupils import services_classes
from orientir.pupils.models import Pupil
from orientir.pupils.tests.test_erasure_scan import TYPED, _make_pupil, _text_everywhere

pytestmark = pytest.mark.today("2026-11-20")

CITIZEN = {"last_name": "Черемшанова", "first_name": "Алла", "middle_name": "Игоревна",
           "passport_number": "34 19 778811", "passport_issued_by": "УМВД-Черемша по Костромской области",
           "passport_issued_on": datetime.date(2017, 5, 1), "address": "г. Кострома, ул. Черемшанская, д. 7",
           "snils": "", "phone": "+7 (4942) 77-12-34", "email": "cheremsha@example.ru"}
KEPT_CITIZEN = {**CITIZEN, "last_name": "Ольховская", "first_name": "Вера", "middle_name": "Олеговна", "passport_number": "34 19 990011",
                "passport_issued_by": "УМВД-Ольха", "address": "г. Кострома, ул. Ольховая, д. 3",
                "phone": "+7 (4942) 55-00-11", "email": "olkha@example.ru"}
GONE_REASON = "Расторгнут по заявлению-Черемша"
KEPT_REASON = "Расторгнут по заявлению-Ольха"


def _graduate(pupil, on):
    Pupil.objects.filter(pk=pupil.pk).update(status=Pupil.Status.GRADUATED, left_on=on)


def _contract(school, data, number, terminated_on, reason, regime):
    signed_on = terminated_on - datetime.timedelta(days=200)
    contract = contracts.contract_create(actor=None, municipality=school.municipality, data={
        "number": number, "birth_date": datetime.date(1999, 1, 15), "specialty": Specialty.objects.get(code="44.02.02"),
        "level": Specialty.objects.get(code="44.02.02").level, "work_years": 3, "customer": school, "regime": regime, "signed_on": signed_on, **data})
    contract = contracts.transition(actor=None, contract=contract, to_state="signed", on=signed_on)
    return contracts.transition(actor=None, contract=contract, to_state="terminated", on=terminated_on, reason=reason)


@pytest.fixture
def scenario(personas, school_a):
    gone = _make_pupil(school_a, personas, "Кизилова")
    pc = services_classes.profile_class_create(actor=personas["coordinator_a"], organisation=school_a, data={
        "start_year": 2026, "name": "10 «П»", "orientation": "pedagogical", "grade": 10})
    services_classes.member_add(actor=personas["coordinator_a"], profile_class=pc, pupil=gone,
                                joined_on=datetime.date(2026, 9, 1))
    _graduate(gone, datetime.date(2022, 6, 30))
    kept = services_classes_free_pupil(personas, school_a, "Рябинова", "+7 (900) 111-22-33")
    _graduate(kept, datetime.date(2024, 6, 30))
    with_contract = services_classes_free_pupil(personas, school_a, "Вязова", "+7 (900) 444-55-66")
    _graduate(with_contract, datetime.date(2020, 6, 30))
    gone_contract = _contract(school_a, CITIZEN, "ЦО-Ч-1", datetime.date(2020, 3, 2), GONE_REASON, "pp302")
    kept_contract = _contract(school_a, {**KEPT_CITIZEN, "pupil": with_contract}, "ЦО-О-2",
                              datetime.date(2022, 5, 10), KEPT_REASON, "pp1681")
    return {"gone": gone, "kept": kept, "with_contract": with_contract, "gone_contract": gone_contract,
            "kept_contract": kept_contract, "class": pc}


def services_classes_free_pupil(personas, school, last_name, phone):
    from orientir.pupils import services

    return services.pupil_create(actor=personas["coordinator_a"], organisation=school,
                                 data={"last_name": last_name, "first_name": "Ольга", "grade": 11, "phone": phone},
                                 consent={"given_by_name": "Законный представитель",
                                          "given_on": datetime.date(2019, 9, 2)})


def _log_text() -> str:
    return "\n".join(entry.object_repr + json.dumps(entry.changes, ensure_ascii=False)
                     for entry in AuditEntry.objects.all())


GONE_WORDS = {**TYPED, "pupil": "Кизилова", **{f"citizen_{k}": v for k, v in CITIZEN.items()
                                                 if isinstance(v, str) and v}, "reason": GONE_REASON}
KEPT_WORDS = {"pupil": "Рябинова", "pupil_phone": "+7 (900) 111-22-33", "with_contract": "Вязова",
              "citizen": "Ольховская", "passport": "УМВД-Ольха", "reason": KEPT_REASON}


def test_the_page_lists_what_is_past_its_period_and_the_administrator_destroys_it(scenario, personas, client_for):
    everywhere = _text_everywhere() + _log_text()
    assert not [k for k, v in {**GONE_WORDS, **KEPT_WORDS}.items() if v not in everywhere]

    committee = client_for(personas["committee"])
    page = committee.get(reverse("core:retention") + "?subject=pupil")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Кизилова Мария" in text and "Рябинова" not in text and "Вязова" not in text
    assert 'data-testid="due-pupil">1<' in text and 'data-testid="due-contract">1<' in text
    assert "Уничтожить и составить акт" not in text  # the committee reads; the administrator destroys
    contracts_page = committee.get(reverse("core:retention") + "?subject=contract&q=черемшан").content.decode()
    assert "Договор № ЦО-Ч-1" in contracts_page and "ЦО-О-2" not in contracts_page
    assert committee.post(reverse("core:retention_destroy"), {"subject": "pupil", "scope": "all",
                                                              "confirm": "on"}).status_code == 403

    admin = client_for(personas["admin"])
    for subject in ("pupil", "contract"):
        response = admin.post(reverse("core:retention_destroy"), {
            "subject": subject, "scope": "all", "confirm": "on",
            "commission": "Иванов И. И., председатель\nПетрова П. П., юрист"})
        assert response.status_code == 302

    everywhere = _text_everywhere() + _log_text()
    left = {k: v for k, v in GONE_WORDS.items() if v in everywhere}
    assert not left, f"still in the database after destruction: {left}"
    assert not [k for k, v in KEPT_WORDS.items() if v not in everywhere], "a record within its period was touched"
    assert not Pupil.objects.filter(pk=scenario["gone"].pk).exists()
    assert not Contract.objects.filter(pk=scenario["gone_contract"].pk).exists()
    assert Pupil.objects.get(pk=scenario["kept"].pk).phone == "+7 (900) 111-22-33"
    assert Contract.objects.get(pk=scenario["kept_contract"].pk).pupil_id == scenario["with_contract"].pk
    # the log keeps who did what and when: the class roster's entry is there, without the name
    roster = AuditEntry.objects.get(action="guidance.profile_class.member_added")
    assert roster.actor == personas["coordinator_a"] and roster.object_repr.startswith("10 «П»")
    assert roster.changes["member"][1].startswith("удалено (с 01.09.2026)")

    acts = list(DestructionAct.objects.order_by("id"))
    assert [(a.subject, a.people, a.number) for a in acts] == [("pupil", 1, "1-2026"), ("contract", 1, "2-2026")]
    tables = dict(acts[0].tables)
    assert tables["Обучающиеся"] == 1 and tables["Законные представители"] == 1
    assert tables["Согласия на обработку персональных данных"] == 1
    assert dict(acts[1].tables)["Договоры о целевом обучении"] == 1
    assert AuditEntry.objects.filter(action="core.personal_data.destroyed").count() == 2

    from docx import Document

    download = admin.get(reverse("core:destruction_act", args=[acts[0].pk]))
    assert download.status_code == 200
    doc = Document(io.BytesIO(download.content))
    body = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    assert "АКТ" in body and "№ 1-2026" in body and "Иванов И. И., председатель" in body
    assert "Обучающиеся без договора о целевом обучении: 1" in body and "Законные представители" in body
    assert "Кизилова" not in body


def test_the_export_lists_the_records_without_their_personal_data(scenario, personas, client_for):
    import openpyxl

    response = client_for(personas["committee"]).get(reverse("core:retention_export") + "?subject=contract")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c is not None]
    text = "\n".join(cells)
    assert "Договор № ЦО-Ч-1" in text and "ЦО-О-2" not in text
    assert "Черемшанова" not in text and "Алла" not in text


def test_the_command_reports_in_a_dry_run_and_destroys_for_an_administrator(scenario, personas, tmp_path):
    out = io.StringIO()
    call_command("destroy_expired_personal_data", "--dry-run", stdout=out)
    assert "истёк у 1" in out.getvalue() and "Пробный запуск" in out.getvalue()
    assert Pupil.objects.filter(pk=scenario["gone"].pk).exists() and not DestructionAct.objects.exists()

    out = io.StringIO()
    call_command("destroy_expired_personal_data", "--actor", personas["admin"].username, "--subject", "pupil",
                 "--commission", "Иванов И. И.; Петрова П. П.", "--act-dir", str(tmp_path), stdout=out)
    assert not Pupil.objects.filter(pk=scenario["gone"].pk).exists()
    assert Pupil.objects.filter(pk=scenario["kept"].pk).exists()
    assert Contract.objects.filter(pk=scenario["gone_contract"].pk).exists()  # only the subject asked for
    assert len(list(tmp_path.glob("*.docx"))) == 1


def test_the_list_runs_the_same_queries_for_one_record_or_many(scenario, personas, client_for, school_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas["admin"])
    url = reverse("core:retention") + "?subject=pupil"
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = queries()
    for n in range(6):
        _graduate(services_classes_free_pupil(personas, school_a, f"Выпускникова{n}", ""), datetime.date(2021, 6, 30))
    assert queries() == one


def test_every_table_an_act_lists_is_named_in_russian():
    import re

    from django.apps import apps

    from orientir.core import personal_data

    english = [h.model for h in personal_data.holdings() if h.subject in personal_data.RETENTION
               and h.destruction != personal_data.KEEP
               and not re.search("[а-яё]", h.label or personal_data.model_label(apps.get_model(h.model)), re.I)]
    assert not english
