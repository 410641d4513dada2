"""Demo data of the directory: municipalities, committee units, organisations, school years."""

import datetime

from orientir.core.demo import DemoContext, demo_builder, person
from orientir.core.validators import make_inn10, make_ogrn, normalize_phone

from .models import CommitteeUnit, Municipality, Organisation
from .reference import COMMITTEE_UNITS
from .services import academic_year_ensure

STREETS = ["ул. Советская", "ул. Ленина", "ул. Никитская", "ул. Шагова", "ул. Свердлова", "ул. Юбилейная",
           "ул. Запрудня", "пр-т Мира", "пр-т Текстильщиков", "ул. Профсоюзная", "ул. Голубкова",
           "ул. Михалёва", "ул. Индустриальная", "ул. Сусанина", "ул. Красноармейская", "мкр. Паново"]

KIND_TEMPLATES = {
    # kind: (sector, full name pattern, short name pattern, head position)
    "school": ("education", "Муниципальное бюджетное общеобразовательное учреждение города {city} "
               "«Средняя общеобразовательная школа № {n}»", "МБОУ СОШ № {n}", "Директор"),
    "kindergarten": ("education", "Муниципальное бюджетное дошкольное образовательное учреждение города {city} "
                     "«Детский сад № {n}»", "МБДОУ «Детский сад № {n}»", "Заведующий"),
    "additional": ("education", "Муниципальное бюджетное учреждение дополнительного образования города {city} "
                   "«Центр детского творчества № {n}»", "МБУ ДО ЦДТ № {n}", "Директор"),
    "culture": ("culture", "Муниципальное бюджетное учреждение культуры города {city} «Библиотека-клуб № {n}»",
                "МБУК «Библиотека-клуб № {n}»", "Директор"),
    "sport": ("sport", "Муниципальное бюджетное учреждение города {city} «Спортивная школа № {n}»",
              "МБУ СШ № {n}", "Директор"),
}
KIND_CUSTOMER_SHARE = {"school": 0.5, "kindergarten": 0.25, "additional": 0.3, "culture": 0.3, "sport": 0.5}


def _municipality_names(count: int) -> list[tuple[str, str, str]]:
    """(name, short name, genitive city name for org titles); the first is always Kostroma city."""
    names = [("Городской округ город Кострома", "г. Кострома", "Костромы")]
    for i in range(2, count + 1):
        names.append((f"Муниципальный округ № {i} (демо)", f"МО № {i}", f"округа № {i}"))
    return names


@demo_builder(10, "Муниципальные образования, подразделения Комитета, организации")
def build_directory(ctx: DemoContext) -> None:
    rng = ctx.rng
    municipalities = []
    for name, short, genitive in _municipality_names(ctx.params["municipalities"]):
        mun, _ = Municipality.objects.get_or_create(name=name, defaults={"short_name": short})
        municipalities.append((mun, genitive))
        for unit_name, unit_short, kind, sector in COMMITTEE_UNITS:
            CommitteeUnit.objects.get_or_create(
                municipality=mun, short_name=unit_short,
                defaults={"name": unit_name, "kind": kind, "sector": sector,
                          "head_name": " ".join(person(rng)), "email": f"{unit_short.lower()}@example.ru"})
    ctx.made["municipalities"] = [m for m, _ in municipalities]

    seq = Organisation.objects.count()
    batch: list[Organisation] = []
    for m_index, (mun, genitive) in enumerate(municipalities):
        for kind, count in ctx.params["per_kind"].items():
            sector, full_t, short_t, head_pos = KIND_TEMPLATES[kind]
            for n in range(1, count + 1):
                seq += 1
                last, first, middle = person(rng)
                inn = make_inn10(f"44{seq:07d}")
                ogrn = make_ogrn(f"10244{seq:07d}")
                is_customer = rng.random() < KIND_CUSTOMER_SHARE[kind]
                street = rng.choice(STREETS)
                city = "г. Кострома" if m_index == 0 else mun.short_name
                org = Organisation(
                    municipality=mun, kind=kind, sector=sector,
                    full_name=full_t.format(city=genitive, n=n), short_name=short_t.format(n=n)
                    + ("" if m_index == 0 else f" ({mun.short_name})"),
                    inn=inn, ogrn=ogrn, address=f"156{rng.randint(0, 99):03d}, {city}, {street}, д. {rng.randint(1, 120)}",
                    head_position=head_pos, head_last_name=last, head_first_name=first, head_middle_name=middle,
                    phone=normalize_phone(f"84942{rng.randint(300000, 659999)}"),
                    email=f"org{seq}@example.ru", is_customer=is_customer,
                    customer_since=datetime.date(2022 + rng.randint(0, 3), rng.randint(1, 12), 1) if is_customer else None,
                )
                org.refresh_derived()  # bulk_create skips save()
                batch.append(org)
                if len(batch) >= 5000:
                    Organisation.objects.bulk_create(batch)
                    batch = []
    Organisation.objects.bulk_create(batch)

    today = datetime.date.today()
    current = today.year if today.month >= 9 else today.year - 1
    for start in range(current - 2, current + 2):
        academic_year_ensure(actor=None, start_year=start, current=start == current)
