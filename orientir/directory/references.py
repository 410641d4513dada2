"""The reference books as a table: model, form, columns, search and filters of each.

One set of views serves them all, so a new reference book is a row here, not new views.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet
from django.http import Http404


from . import forms, scope, selectors
from .models import (
    AcademicYear,
    CommitteeUnit,
    EducationLevel,
    Municipality,
    Position,
    Sector,
    Specialty,
    SpecialtyGroup,
)


@dataclass
class Reference:
    """How one reference book is listed, filtered, exported and edited."""

    slug: str
    title: str
    description: str
    model: type[Model]
    form: type
    columns: list[str]
    cells: Callable[[Model], list]
    query: Callable[[object, dict], QuerySet]
    filters: dict[str, tuple[str, Callable[[], list]]] = field(default_factory=dict)
    m2m_fields: tuple[str, ...] = ()

    def queryset(self, user, params) -> QuerySet:
        return self.query(user, params)

    def filter_choices(self) -> list[tuple[str, str, list]]:
        return [(name, label, choices()) for name, (label, choices) in self.filters.items()]

    def get_object(self, user, pk) -> Model:
        obj = self.query(user, {}).filter(pk=pk).first()
        if obj is None:
            raise Http404("Запись не найдена")
        return obj


def _yes_no(value: bool) -> str:
    return "да" if value else "нет"


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


REFERENCES: dict[str, Reference] = {}


def _register(ref: Reference) -> None:
    REFERENCES[ref.slug] = ref


_register(Reference(
    slug="units", title="Подразделения Комитета",
    description="Ответственные исполнители плана: отделы, управления, ГЦОКО.",
    model=CommitteeUnit, form=forms.CommitteeUnitForm,
    columns=["Наименование", "Сокращение", "Вид", "Курируемая отрасль", "Руководитель", "Действует"],
    cells=lambda u: [u.name, u.short_name, u.get_kind_display(), u.get_sector_display(), u.head_name,
                     _yes_no(u.is_active)],
    query=lambda user, p: selectors.units_list(user, p.get("q", "")),
))
_register(Reference(
    slug="positions", title="Каталог должностей",
    description="Должности штатного расписания, их отрасль и требуемое образование.",
    model=Position, form=forms.PositionForm,
    columns=["Должность", "Отрасль", "Требуемый уровень", "Группы специальностей", "Используется"],
    cells=lambda p: [p.name, p.get_sector_display(), p.get_required_level_display(),
                     ", ".join(g.code for g in p.specialty_groups.all()), _yes_no(p.is_active)],
    query=lambda user, p: selectors.positions_list(p.get("q", ""), p.get("sector", "")),
    filters={"sector": ("Отрасль", lambda: list(Sector.choices))},
    m2m_fields=("specialty_groups",),
))
_register(Reference(
    slug="specialties", title="Классификатор специальностей",
    description="Специальности СПО и направления подготовки ВО (ОКСО) со сроками действия.",
    model=Specialty, form=forms.SpecialtyForm,
    columns=["Код", "Наименование", "Уровень", "Группа", "Действует с", "Действует по"],
    cells=lambda s: [s.code, s.name, s.get_level_display(), s.group.code, _date(s.valid_from), _date(s.valid_to)],
    query=lambda user, p: selectors.specialties_list(p.get("q", ""), p.get("level", ""), p.get("group", ""),
                                                     p.get("valid", "")),
    filters={
        "level": ("Уровень", lambda: list(EducationLevel.choices)),
        "group": ("Группа", lambda: [(g.code, str(g)) for g in SpecialtyGroup.objects.all()]),
        "valid": ("Действие", lambda: [("yes", "Действующие"), ("no", "Утратившие силу")]),
    },
))
_register(Reference(
    slug="years", title="Учебные годы",
    description="Учебные годы с 1 сентября по 31 августа; один из них текущий.",
    model=AcademicYear, form=forms.AcademicYearForm,
    columns=["Учебный год", "Начало", "Окончание", "Текущий"],
    cells=lambda y: [str(y), _date(y.starts_on), _date(y.ends_on), _yes_no(y.is_current)],
    query=lambda user, p: AcademicYear.objects.all(),
))
_register(Reference(
    slug="municipalities", title="Муниципальные образования",
    description="Муниципальные образования, которые обслуживает система.",
    model=Municipality, form=forms.MunicipalityForm,
    columns=["Наименование", "Краткое наименование", "ОКТМО"],
    cells=lambda m: [m.name, m.short_name, m.oktmo],
    query=lambda user, p: scope.municipalities_for(user).filter(name__fold_contains=p.get("q", "")),
))
