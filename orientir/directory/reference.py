"""Reference data shipped with the system: the specialties classifier, positions, committee units.

Loaded by a migration (classifier, positions) and by `init_municipality` (units), idempotently.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

LEVELS = {
    "СПО (квалифицированные рабочие, служащие)": "spo_worker",
    "СПО (специалисты среднего звена)": "spo",
    "Бакалавриат": "bachelor",
    "Специалитет": "specialist",
    "Магистратура": "master",
}

# The executors the plan names. Sector links a directorate to the organisations it supervises.
COMMITTEE_UNITS = [
    ("Отдел юридического и кадрового обеспечения", "ОЮКО", "department", ""),
    ("Управление образования", "УО", "directorate", "education"),
    ("Управление культуры", "УК", "directorate", "culture"),
    ("Управление спорта и работы с молодежью", "УСРМ", "directorate", "sport"),
    ("МБУ «Городской центр обеспечения качества образования»", "ГЦОКО", "institution", ""),
]

# name, sector, required level, specialty groups (УГС) it draws from
POSITIONS = [
    ("Учитель начальных классов", "education", "spo_or_higher", ["44.00.00"]),
    ("Учитель математики", "education", "higher", ["44.00.00", "01.00.00"]),
    ("Учитель русского языка и литературы", "education", "higher", ["44.00.00", "45.00.00"]),
    ("Учитель иностранного языка", "education", "higher", ["44.00.00", "45.00.00"]),
    ("Учитель физики", "education", "higher", ["44.00.00", "03.00.00"]),
    ("Учитель информатики", "education", "higher", ["44.00.00", "09.00.00"]),
    ("Учитель химии", "education", "higher", ["44.00.00", "04.00.00"]),
    ("Учитель биологии", "education", "higher", ["44.00.00", "06.00.00"]),
    ("Учитель истории и обществознания", "education", "higher", ["44.00.00", "46.00.00"]),
    ("Учитель физической культуры", "education", "spo_or_higher", ["44.00.00", "49.00.00"]),
    ("Педагог-психолог", "education", "higher", ["44.00.00", "37.00.00"]),
    ("Учитель-логопед", "education", "higher", ["44.00.00"]),
    ("Социальный педагог", "education", "higher", ["44.00.00", "39.00.00"]),
    ("Воспитатель", "education", "spo_or_higher", ["44.00.00"]),
    ("Музыкальный руководитель", "education", "spo_or_higher", ["44.00.00", "53.00.00"]),
    ("Педагог дополнительного образования", "education", "spo_or_higher", ["44.00.00"]),
    ("Тренер-преподаватель", "sport", "spo_or_higher", ["49.00.00"]),
    ("Инструктор по физической культуре", "sport", "spo_or_higher", ["49.00.00"]),
    ("Инструктор-методист", "sport", "higher", ["49.00.00"]),
    ("Специалист по работе с молодёжью", "sport", "higher", ["39.00.00"]),
    ("Библиотекарь", "culture", "spo_or_higher", ["51.00.00"]),
    ("Культорганизатор", "culture", "spo_or_higher", ["51.00.00"]),
    ("Хормейстер", "culture", "spo_or_higher", ["53.00.00"]),
    ("Хореограф", "culture", "spo_or_higher", ["52.00.00"]),
    ("Концертмейстер", "culture", "spo_or_higher", ["53.00.00"]),
    ("Преподаватель детской школы искусств", "culture", "spo_or_higher", ["53.00.00", "54.00.00", "52.00.00"]),
]

# Specialties narrower than their group (44.00.00 leads to every teacher's post): the posts of the catalogue each
# prepares for, by its name in the classifier. «Дошкольное образование» does not lead to a school's foreign-language
# post though both are 44.00.00; a contract's card warns when its position is not among them.
SPECIALTY_POSTS = {
    "44.02.01": ("Воспитатель", "Педагог дополнительного образования"),  # Дошкольное образование
    "44.02.02": ("Учитель начальных классов", "Педагог дополнительного образования"),  # Преподавание в нач. классах
    "44.02.05": ("Учитель начальных классов", "Педагог дополнительного образования"),  # Коррекционная педагогика в НО
}


def read_specialties() -> list[dict]:
    """Rows of the shipped classifier file."""
    with open(DATA_DIR / "specialties.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_classifier(specialty_group_model, specialty_model, position_model) -> int:
    """Insert the classifier groups, specialties and positions that are missing; returns specialties added."""
    from orientir.core.text import search_blob

    rows = read_specialties()
    groups = {g.code: g for g in specialty_group_model.objects.all()}
    new_groups = []
    for row in rows:
        if row["group_code"] not in groups:
            group = specialty_group_model(code=row["group_code"], name=row["group_name"])
            groups[group.code] = group
            new_groups.append(group)
    specialty_group_model.objects.bulk_create(new_groups)
    groups = {g.code: g for g in specialty_group_model.objects.all()}
    existing = set(specialty_model.objects.values_list("code", flat=True))
    new = [
        specialty_model(code=row["code"], name=row["name"], level=LEVELS[row["level"]],
                        group=groups[row["group_code"]],
                        search_text=search_blob(row["code"], row["name"], row["group_name"]))
        for row in rows if row["code"] not in existing
    ]
    specialty_model.objects.bulk_create(new, batch_size=500)
    for name, sector, level, group_codes in POSITIONS:
        position, _ = position_model.objects.get_or_create(
            name=name, defaults={"sector": sector, "required_level": level})
        position.specialty_groups.add(*[groups[c] for c in group_codes if c in groups])
    return len(new)
