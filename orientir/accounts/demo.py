"""Demo users: one per role (two coordinators, to show that schools do not see each other)."""

from django.contrib.auth.hashers import make_password

from orientir.core.demo import DEMO_PASSWORD, DemoContext, demo_builder
from orientir.directory.models import CommitteeUnit, Organisation

from .models import User
from .roles import Role, Sector

# login, role, (last, first, middle), sector, organisation short name, unit short name
DEMO_USERS = [
    ("admin", Role.ADMIN, ("Администраторов", "Игорь", "Петрович"), "", None, None),
    ("oyuko", Role.COMMITTEE, ("Петрова", "Анна", "Сергеевна"), "", None, "ОЮКО"),
    ("uo", Role.DIRECTORATE, ("Соколова", "Елена", "Викторовна"), Sector.EDUCATION, None, "УО"),
    ("uk", Role.DIRECTORATE, ("Лебедева", "Ольга", "Ивановна"), Sector.CULTURE, None, "УК"),
    ("usrm", Role.DIRECTORATE, ("Волков", "Сергей", "Андреевич"), Sector.SPORT, None, "УСРМ"),
    ("gcoko", Role.METHODOLOGIST, ("Морозова", "Татьяна", "Павловна"), "", None, "ГЦОКО"),
    ("school1", Role.COORDINATOR, ("Новикова", "Марина", "Олеговна"), "", "МБОУ СОШ № 1", None),
    ("school2", Role.COORDINATOR, ("Зайцева", "Ирина", "Юрьевна"), "", "МБОУ СОШ № 2", None),
    ("tutor1", Role.TUTOR, ("Голубева", "Светлана", "Николаевна"), "", "МБОУ СОШ № 1", None),
    ("observer", Role.OBSERVER, ("Федоров", "Павел", "Михайлович"), "", None, None),
]


@demo_builder(20, "Демонстрационные пользователи (по одному на роль)")
def build_users(ctx: DemoContext) -> None:
    city = ctx.made["municipalities"][0]
    # One hash for the one demo password: the password hasher is slow on purpose (about 0.4 s a hash), and the demo
    # has fifteen officials who all sign in with it.
    hashed = make_password(DEMO_PASSWORD)
    for login, role, (last, first, middle), sector, org_name, unit_short in DEMO_USERS:
        org = Organisation.objects.filter(municipality=city, short_name=org_name).first() if org_name else None
        unit = CommitteeUnit.objects.filter(municipality=city, short_name=unit_short).first() if unit_short else None
        user, created = User.objects.get_or_create(
            username=login,
            defaults={"role": role, "last_name": last, "first_name": first, "middle_name": middle,
                      "sector": sector, "organisation": org, "unit": unit, "email": f"{login}@example.ru",
                      # The administrator is regional: no municipality means every municipality.
                      "municipality": None if role == Role.ADMIN else city},
        )
        if created:
            user.password = hashed
            user.save(update_fields=["password"])
        ctx.logins.append((login, user.get_role_display(), user.scope_label))
