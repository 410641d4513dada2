"""The user guide's rights table (section 2) is read and compared with roles.py, so the two cannot drift (decision 50).

Each row of the table names one permission; «да» (or a restriction such as «свои пары») means the role holds it,
«—» that it does not.
"""

import re
from pathlib import Path

from django.conf import settings

from orientir.accounts.roles import ROLE_PERMISSIONS, Role

GUIDE = Path(settings.BASE_DIR) / "docs" / "user-guide.md"
COLUMNS = {"Адм.": Role.ADMIN, "ОЮКО": Role.COMMITTEE, "Управл.": Role.DIRECTORATE, "ГЦОКО": Role.METHODOLOGIST,
           "Коорд.": Role.COORDINATOR, "Тьютор": Role.TUTOR, "Набл.": Role.OBSERVER}
ROWS = {
    "Профориентация: программы, мероприятия, курсы, работа с родителями (просмотр)": "careers.view",
    "Внесение программ в муниципальный банк": "careers.bank.propose",
    "Одобрение программ банка": "careers.bank.approve",
    "Реализация программ, мероприятия, консультации, курсы": "careers.deliver",
    "Мониторинг программ и результаты курсов": "careers.report",
    "Наставничество: программы, пары, встречи (просмотр)": "mentoring.view",
    "Ведение программ и пар наставничества": "mentoring.manage",
    "Отчёт по наставничеству": "mentoring.report",
    "Договоры о целевом обучении (просмотр)": "contracts.view",
    "Оформление и ведение договоров": "contracts.manage",
    "Выгрузка реестра договоров (с ФИО)": "contracts.export",
    "Документы договора и согласия представителя (DOCX, PDF)": "contracts.documents",
    "Отчёт по договорам": "contracts.report",
    "Предложения о целевом обучении (просмотр)": "offers.view",
    "Составление предложений заказчика": "offers.draft",
    "Кампания предложений, согласование, размещение": "offers.approve",
    "Заявки на предложения (с ФИО)": "offers.applications",
    "Потребность → предложения → заявки → договоры (сводные данные)": "offers.report",
    "Студенты и выпускники (просмотр)": "students.view",
    "Ведение сопровождения, практики, трудоустройства": "students.support",
    "Меры поддержки: начисления и выплаты": "students.payments",
    "Мониторинг поступления и трудоустройства (сводные данные)": "students.report",
    "Воронка целевого обучения и книга отчётов": "reports.view",
    "Правила расчёта ответственности (изменение)": None,  # admin only, by the view (not a role permission)
}


def _table() -> dict[str, dict[str, bool]]:
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Право | Адм."))
    header = [c.strip() for c in lines[start].strip("|").split("|")]
    table = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        table[cells[0]] = {header[i]: cells[i] != "—" for i in range(1, len(header))}
    return table


def test_every_row_of_the_guide_names_a_known_permission():
    assert set(_table()) == set(ROWS), "a row of the rights table is not mapped to a permission here"
    assert set(_table()[next(iter(_table()))]) == set(COLUMNS)


def test_the_guides_rights_table_is_what_roles_py_grants():
    wrong = []
    for label, cells in _table().items():
        perm = ROWS[label]
        if perm is None:
            continue
        for column, says in cells.items():
            holds = perm in ROLE_PERMISSIONS[COLUMNS[column]]
            if says != holds:
                wrong.append(f"{label} / {column}: в руководстве {'да' if says else '—'}, в roles.py "
                             f"{'есть' if holds else 'нет'}")
    assert not wrong, "\n".join(wrong)


def test_the_directorate_changes_no_record_of_pupils_parents_students_or_contracts():
    """README: the education directorate sees pupils «без права изменения» (decision 50)."""
    writes = {"pupils.change", "pupils.export", "careers.deliver", "mentoring.manage", "contracts.manage",
              "contracts.export", "contracts.documents", "students.support", "students.payments"}
    assert not writes & ROLE_PERMISSIONS[Role.DIRECTORATE]
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert re.search(r"`uo`[^.]*без права изменения", readme.replace("\n", " "))


def test_contract_documents_only_for_roles_that_conclude_contracts():
    for role, perms in ROLE_PERMISSIONS.items():
        if "contracts.documents" in perms:
            assert "contracts.manage" in perms, role
    assert {r for r, p in ROLE_PERMISSIONS.items() if "contracts.documents" in p} == {Role.ADMIN, Role.COMMITTEE}
