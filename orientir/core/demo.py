"""The demo city: a registry of builders each app adds its own synthetic data with.

`manage.py load_demo --scale city|region|country` runs the builders in order with one seeded random
generator, so the same scale always gives the same data. The people are generated from name parts
and are clearly not real; the organisations are numbered, not copied from any real list.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

SCALES = {
    # municipalities, organisations per kind in each (the city numbers follow QUALITY.md)
    "city": {"municipalities": 1, "per_kind": {"school": 37, "kindergarten": 68, "additional": 25,
                                              "culture": 20, "sport": 10}},
    "region": {"municipalities": 7, "per_kind": {"school": 53, "kindergarten": 60, "additional": 15,
                                                "culture": 10, "sport": 5}},
    "country": {"municipalities": 700, "per_kind": {"school": 53, "kindergarten": 60, "additional": 15,
                                                   "culture": 10, "sport": 5}},
}

DEMO_PASSWORD = "orientir-demo"


@dataclass
class DemoContext:
    """What builders share: the scale, the seeded generator and what earlier builders made."""

    scale: str
    rng: random.Random
    stdout: Callable[[str], None] = print
    made: dict = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (login, role, scope)

    @property
    def params(self) -> dict:
        return SCALES[self.scale]


Builder = Callable[[DemoContext], None]
DEMO_BUILDERS: list[tuple[int, str, Builder]] = []


def demo_builder(order: int, title: str):
    """Register a builder; lower `order` runs first (directory 10, accounts 20, later apps 30+)."""

    def wrap(func: Builder) -> Builder:
        DEMO_BUILDERS.append((order, title, func))
        return func

    return wrap


# Demo logins an app prints after the staff's (the cabinet's people, who sign in elsewhere): each function returns
# (heading, [(login, who they are)]), empty when its demo data is not there.
DEMO_LOGIN_LISTS: list[Callable[[], tuple[str, list[tuple[str, str]]]]] = []


def demo_logins(func):
    """Register a function listing an app's demo logins for `load_demo` to print."""
    DEMO_LOGIN_LISTS.append(func)
    return func


LAST_NAMES_M = ["Смирнов", "Кузнецов", "Соколов", "Лебедев", "Новиков", "Морозов", "Волков", "Зайцев", "Павлов",
                "Семёнов", "Голубев", "Виноградов", "Богданов", "Воробьёв", "Фёдоров", "Михайлов", "Беляев",
                "Тарасов", "Белов", "Комаров", "Орлов", "Киселёв", "Макаров", "Андреев", "Ковалёв", "Ильин",
                "Гусев", "Титов", "Кузьмин", "Кудрявцев", "Баранов", "Куликов", "Алексеев", "Степанов"]
FIRST_NAMES_M = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл",
                 "Михаил", "Никита", "Матвей", "Роман", "Егор", "Иван", "Павел", "Владимир", "Олег"]
FIRST_NAMES_F = ["Анна", "Мария", "Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана", "Екатерина",
                 "Юлия", "Дарья", "Анастасия", "Ксения", "Марина", "Галина", "Людмила", "Вера", "Надежда"]
PATRONYMIC_BASES = ["Александров", "Дмитриев", "Сергеев", "Андреев", "Алексеев", "Михайлов", "Иванов",
                    "Павлов", "Владимиров", "Николаев", "Викторов", "Юрьев", "Олегов", "Петров"]


def person(rng: random.Random, female: bool | None = None) -> tuple[str, str, str]:
    """A generated (last, first, middle) name with matching gender endings."""
    if female is None:
        female = rng.random() < 0.7  # the social sphere's staff is mostly women
    last = rng.choice(LAST_NAMES_M)
    base = rng.choice(PATRONYMIC_BASES)
    if female:
        return last + "а", rng.choice(FIRST_NAMES_F), base.removesuffix("ев").removesuffix("ов") + (
            "евна" if base.endswith("ев") else "овна")
    return last, rng.choice(FIRST_NAMES_M), base.removesuffix("ев").removesuffix("ов") + (
        "евич" if base.endswith("ев") else "ович")


def run(scale: str, *, seed: int = 2026, stdout: Callable[[str], None] = print) -> DemoContext:
    """Run every registered builder in order."""
    ctx = DemoContext(scale=scale, rng=random.Random(seed), stdout=stdout)
    for _order, title, builder in sorted(DEMO_BUILDERS, key=lambda item: item[0]):
        stdout(f"  · {title}")
        builder(ctx)
    return ctx
