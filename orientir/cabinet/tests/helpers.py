"""Cabinet test data: a pupil with a consent and a route sheet item, invitations issued by the school's coordinator,
and people who joined with them."""

import datetime

from orientir.cabinet import services
from orientir.pupils.models import Consent, Pupil, Representative

PERSON_PASSWORD = "Кабинет-пароль-2026"


def pupil(school, last_name, *, born=datetime.date(2010, 3, 1), consent=True) -> Pupil:
    from orientir.pupils.services import pupil_create

    data = {"last_name": last_name, "first_name": "Иван"}
    if consent:
        data.update(birth_date=born, grade=10, class_letter="А")
    return pupil_create(actor=None, organisation=school, data=data,
                        consent={"given_by_name": f"{last_name}а Ольга Петровна", "given_on": datetime.date(2026, 9, 1)}
                        if consent else None,
                        representatives=[{"full_name": f"{last_name}а Ольга Петровна", "relation": "mother"}]
                        if consent else None)


def join(actor, kind, login, *, pupil=None, contract=None, name=("Родителева", "Ольга", "Петровна")):
    """Issue a code as `actor` and join with it; the new user."""
    _, code = services.invitation_issue(actor=actor, kind=kind, pupil=pupil, contract=contract)
    return services.join(code=code, username=login, password=PERSON_PASSWORD, last_name=name[0],
                         first_name=name[1], middle_name=name[2])


def consent_active(p) -> bool:
    return Consent.objects.filter(pupil=p, withdrawn_on__isnull=True).exists()


def representatives(p) -> int:
    return Representative.objects.filter(pupil=p).count()


def contract(org, number, last_name, *, state="studying", work_started_on=None, suspended_days=0):
    from orientir.contracts.models import Contract
    from orientir.directory.models import Specialty

    spec = Specialty.objects.get(code="44.02.02")
    return Contract.objects.create(
        municipality=org.municipality, number=number, customer=org, work_organisation=org, last_name=last_name,
        first_name="Анна", birth_date=datetime.date(2004, 1, 1), specialty=spec, level=spec.level, state=state,
        signed_on=datetime.date(2024, 6, 1), work_start_deadline=datetime.date(2027, 9, 1),
        work_started_on=work_started_on, suspended_days=suspended_days)
