"""Users: one role each, and the scope the role is exercised in."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from orientir.core.text import full_name, initials_name
from orientir.directory.scope import Reach

from .roles import ROLE_PERMISSIONS, ROLE_REACH, Role, Sector


class User(AbstractUser):
    """A person who logs in. Scope: municipality, and sector or organisation depending on the role."""

    middle_name = models.CharField("Отчество", max_length=150, blank=True)
    role = models.CharField("Роль", max_length=20, choices=Role.choices, default=Role.OBSERVER)
    municipality = models.ForeignKey(
        "directory.Municipality", verbose_name="Муниципальное образование", null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    sector = models.CharField("Отрасль", max_length=20, choices=Sector.choices, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name="Организация", null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    unit = models.ForeignKey(
        "directory.CommitteeUnit", verbose_name="Подразделение Комитета", null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    position_title = models.CharField("Должность", max_length=200, blank=True)
    phone = models.CharField("Телефон", max_length=30, blank=True)

    class Meta:
        verbose_name = "Пользователь"
        verbose_name_plural = "Пользователи"
        ordering = ["last_name", "first_name"]

    def get_full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name) or self.username

    def get_short_name(self) -> str:
        return initials_name(self.last_name, self.first_name, self.middle_name) if self.last_name else self.username

    @property
    def permissions(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        return ROLE_PERMISSIONS.get(self.role, frozenset())

    @property
    def reach(self) -> str:
        """How far the role sees in the directory (orientir.directory.scope.Reach)."""
        return ROLE_REACH.get(self.role, Reach.NONE)

    @property
    def scope_label(self) -> str:
        """Human description of what this user sees, shown in the header."""
        if self.role in (Role.COORDINATOR, Role.TUTOR) and self.organisation_id:
            return self.organisation.short_name
        if self.role == Role.DIRECTORATE and self.sector:
            return f"Отрасль: {self.get_sector_display()}"
        if self.role == Role.METHODOLOGIST:
            return "Образовательные организации"
        return str(self.municipality) if self.municipality_id else "Все муниципальные образования"
