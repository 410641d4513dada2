"""Every write to the directory: atomic, audited, version-checked where two people may edit."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Model

from orientir.core import audit
from orientir.core.errors import DomainError, StaleObjectError
from orientir.core.text import search_blob  # specialties

from .models import AcademicYear, Organisation, Position, Specialty


def _apply(instance: Model, data: dict[str, Any]) -> None:
    for name, value in data.items():
        setattr(instance, name, value)


def _check_closure(org: Organisation) -> None:
    if org.status == Organisation.Status.CLOSED and org.closed_on is None:
        raise DomainError("Укажите дату закрытия организации.", field="closed_on")
    if org.status == Organisation.Status.ACTIVE:
        org.closed_on = None


@transaction.atomic
def organisation_create(*, actor, data: dict[str, Any]) -> Organisation:
    """Add an organisation to the registry."""
    org = Organisation()
    _apply(org, data)
    _check_closure(org)
    org.full_clean()
    org.save()
    audit.record(actor=actor, action="directory.organisation.created", instance=org,
                 changes=audit.diff({}, audit.snapshot(org)))
    return org


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, data: dict[str, Any],
                        expected_version: int) -> Organisation:
    """Change an organisation's card; refuse when someone saved it since it was opened."""
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if current.version != expected_version:
        raise StaleObjectError()
    before = audit.snapshot(current)
    _apply(current, data)
    _check_closure(current)
    current.full_clean()
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    changes = audit.diff(before, audit.snapshot(current))
    if changes:
        audit.record(actor=actor, action="directory.organisation.updated", instance=current, changes=changes)
    return current


@transaction.atomic
def reference_save(*, actor, instance: Model, data: dict[str, Any], m2m: dict[str, Any] | None = None) -> Model:
    """Create or change a reference record (unit, position, specialty, year, municipality), audited."""
    creating = instance.pk is None
    before = {} if creating else audit.snapshot(type(instance).objects.get(pk=instance.pk))
    _apply(instance, data)
    if isinstance(instance, Specialty):
        instance.search_text = search_blob(instance.code, instance.name, instance.group.name)
    if isinstance(instance, AcademicYear) and instance.is_current:
        # Only one current year: the constraint protects it, this keeps the switch a single action.
        AcademicYear.objects.exclude(pk=instance.pk).filter(is_current=True).update(is_current=False)
    instance.full_clean()
    instance.save()
    after = audit.snapshot(instance)
    if m2m:
        for name, values in m2m.items():
            old = sorted(str(v) for v in getattr(instance, name).all()) if not creating else []
            getattr(instance, name).set(values)
            before[name], after[name] = old, sorted(str(v) for v in values)
    label = instance._meta.model_name
    action = f"directory.{label}.{'created' if creating else 'updated'}"
    changes = audit.diff(before, after)
    if creating or changes:
        audit.record(actor=actor, action=action, instance=instance, changes=changes)
    return instance


def academic_year_for(day: datetime.date) -> int:
    """Start year of the school year that contains the day (September starts a new one)."""
    return day.year if day.month >= 9 else day.year - 1


@transaction.atomic
def academic_year_ensure(*, actor, start_year: int, current: bool = False) -> AcademicYear:
    """Create the school year if missing (1 September – 31 August)."""
    year, created = AcademicYear.objects.get_or_create(
        start_year=start_year,
        defaults={"starts_on": datetime.date(start_year, 9, 1), "ends_on": datetime.date(start_year + 1, 8, 31)},
    )
    if current and not year.is_current:
        AcademicYear.objects.filter(is_current=True).update(is_current=False)
        year.is_current = True
        year.save(update_fields=["is_current"])
    if created:
        audit.record(actor=actor, action="directory.academicyear.created", instance=year)
    return year


def position_ensure(*, name: str, sector: str, required_level: str, group_codes: list[str]) -> Position:
    """Idempotent creation of a catalogue position (seed data)."""
    from .models import SpecialtyGroup

    position, _ = Position.objects.get_or_create(name=name, defaults={"sector": sector,
                                                                      "required_level": required_level})
    groups = list(SpecialtyGroup.objects.filter(code__in=group_codes))
    position.specialty_groups.add(*groups)
    return position
