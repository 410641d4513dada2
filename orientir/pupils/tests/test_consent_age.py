"""Who may consent (152-ФЗ, ст. 9): for a pupil under 18 only a legal representative; the pupil from 18."""

import datetime

import pytest
from django.urls import reverse

from orientir.core.errors import DomainError
from orientir.pupils import services
from orientir.pupils.models import Pupil


def _create(school, birth_date, given_on, given_by="pupil"):
    return services.pupil_create(actor=None, organisation=school,
                                 data={"last_name": "Ёлкина", "first_name": "Мария", "birth_date": birth_date},
                                 consent={"given_by_name": "Ёлкина Мария", "given_by": given_by,
                                          "given_on": given_on})


@pytest.mark.today("2026-10-15")
@pytest.mark.parametrize("birth_date,allowed", [
    (datetime.date(2008, 9, 2), True),    # 18 on the day of the consent
    (datetime.date(2008, 9, 3), False),   # 18 the day after
    (datetime.date(2011, 5, 4), False),   # 15
])
def test_a_pupil_consents_only_from_18(school_a, birth_date, allowed):
    if allowed:
        assert _create(school_a, birth_date, datetime.date(2026, 9, 2)).consents.get().given_by == "pupil"
    else:
        with pytest.raises(DomainError, match="до 18 лет согласие даёт законный представитель"):
            _create(school_a, birth_date, datetime.date(2026, 9, 2))
        assert not Pupil.objects.exists()


@pytest.mark.today("2026-10-15")
def test_a_self_consent_without_a_birth_date_is_refused_and_a_representative_is_not(school_a):
    with pytest.raises(DomainError, match="только с 18 лет: укажите дату рождения"):
        _create(school_a, None, datetime.date(2026, 9, 2))
    assert _create(school_a, datetime.date(2011, 5, 4), datetime.date(2026, 9, 2), given_by="representative")


@pytest.mark.today("2026-10-15")
def test_the_form_names_the_field(personas, client_for, school_a):
    response = client_for(personas["coordinator_a"]).post(reverse("pupils:pupil_create"), {
        "organisation": school_a.pk, "last_name": "Ёлкина", "first_name": "Мария", "birth_date": "04.05.2011", "grade": "9",
        "consent_given_by_name": "Ёлкина Мария", "consent_given_by": "pupil", "consent_given_on": "02.09.2026"})
    assert response.status_code == 422
    assert "законный представитель" in str(response.context["form"].errors.get("consent_given_by"))
    assert not Pupil.objects.exists()
