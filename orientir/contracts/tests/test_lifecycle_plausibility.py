"""Plausibility of the lifecycle's dates: a 17-year-old is not admitted, taught, graduated and employed in one day.

Every expected date below is counted by hand from the rules in docs/decisions.md: admission from 20 July of the
signing year, studies from 1 September, graduation after the normative term less one year of acceleration and
three months of final attestation (never less than half of the term), employment from the day after graduation up
to the contract's employment term, fulfilment when the work period has run out, documents for suspension and
release. A committee specialist may record a justified exception, with a reason; nobody else may.
"""

import datetime

import pytest
from django.urls import reverse

from orientir.contracts import services
from orientir.contracts.forms import TransitionForm
from orientir.contracts.models import Contract, ContractEvent, State
from orientir.core.errors import DomainError
from orientir.core.models import AuditEntry
from orientir.directory.models import Specialty

D = datetime.date


def _move(client, contract, target, on, **extra):
    data = {"target": target, f"{target}-on": on.isoformat(), "version": Contract.objects.get(pk=contract.pk).version}
    data.update({f"{target}-{k}": v for k, v in extra.items()})
    return client.post(reverse("contracts:lifecycle", args=[contract.pk]), data)


def _errors(response, target) -> dict:
    form = next(f for t, _, f in response.context["forms"] if t == target)
    return form.errors


def _walk(contract, *steps):
    """Move the contract along (state, date) steps through the service."""
    for state, on in steps:
        contract = services.transition(actor=None, contract=contract, to_state=state, on=on)
    return contract


def _refused(contract, state, on, text):
    with pytest.raises(DomainError) as caught:
        services.transition(actor=None, contract=contract, to_state=state, on=on)
    assert text in caught.value.message and caught.value.field == "on"
    assert Contract.objects.get(pk=contract.pk).state != state


# --- The same-day case of issue 16 -------------------------------------------------------------------------------

@pytest.mark.today("2026-06-01")
def test_same_day_history_of_a_seventeen_year_old_is_refused_at_each_step(personas, client_for, make_contract,
                                                                        school_a):
    """Signed, admitted, studying, graduated after a 4-year bachelor's and employed on 01.06.2026 at 17: each step
    is refused with a message naming the date; the committee specialist passes a step only as a stated exception."""
    bachelor = Specialty.objects.get(code="44.03.01")
    contract = make_contract(customer=school_a, birth_date=D(2009, 3, 10), specialty=bachelor, level="bachelor")
    services.consent_record(actor=None, contract=contract, data={
        "last_name": "Соколова", "first_name": "Ирина", "middle_name": "Петровна", "relation": "mother",
        "document": "паспорт 34 10 123456", "given_on": D(2026, 5, 25)})
    client = client_for(personas["committee"])
    day = D(2026, 6, 1)
    assert _move(client, contract, "signed", day).status_code == 302

    expected = {"admitted": "приёмной кампании 2026 года: приказы о зачислении издаются не ранее 20.07.2026",
                "studying": "«Обучается» — не ранее 01.09.2026",
                "graduated": "обучение завершается не ранее 01.03.2029",
                "employed": "не позднее даты завершения обучения (01.06.2026)"}
    for target, text in expected.items():
        refused = _move(client, contract, target, day)
        assert refused.status_code == 422, target
        assert text in " ".join(_errors(refused, target)["on"]), (target, _errors(refused, target))
        contract.refresh_from_db()
        assert contract.state != target
        # only as a recorded exception does the history go on (to show the next step's own refusal)
        passed = _move(client, contract, target, day, exception="on",
                       exception_reason=f"Проверка: {target} по документу")
        assert passed.status_code == 302, target
    assert [e.details.get("exception", "") != "" for e in contract.events.all()] == [False, True, True, True, True]


# --- Each rule at its boundary -----------------------------------------------------------------------------------

@pytest.mark.today("2026-08-01")
def test_admission_not_before_20_july_of_the_signing_year(make_contract, school_a):
    contract = _walk(make_contract(customer=school_a), ("signed", D(2026, 5, 20)))
    _refused(contract, "admitted", D(2026, 7, 19), "не ранее 20.07.2026")
    assert _walk(contract, ("admitted", D(2026, 7, 20))).state == State.ADMITTED


@pytest.mark.today("2026-09-10")
def test_studies_not_before_1_september_after_a_summer_admission(make_contract, school_a):
    contract = _walk(make_contract(customer=school_a), ("signed", D(2026, 5, 20)), ("admitted", D(2026, 7, 29)))
    _refused(contract, "studying", D(2026, 8, 31), "не ранее 01.09.2026")
    assert _walk(contract, ("studying", D(2026, 9, 1))).state == State.STUDYING


@pytest.mark.today("2030-05-15")
@pytest.mark.parametrize("code,admitted,earliest", [
    ("44.02.02", D(2026, 8, 15), D(2028, 3, 15)),   # СПО 2 г. 10 мес.: 34 − 12 − 3 = 19 months
    ("43.01.02", D(2026, 8, 20), D(2027, 1, 20)),   # skilled workers 10 мес.: half of the term, 5 months
    ("44.03.01", D(2026, 7, 29), D(2029, 4, 29)),   # bachelor 4 years: 48 − 15 = 33 months
    ("31.05.01", D(2026, 7, 29), D(2030, 4, 29)),   # specialist 5 years: 60 − 15 = 45 months
    ("44.04.01", D(2026, 7, 29), D(2027, 7, 29)),   # master 2 years: half of the term, 12 months
])
def test_graduation_not_before_the_shortened_normative_term(make_contract, school_a, code, admitted, earliest):
    specialty = Specialty.objects.get(code=code)
    contract = _walk(make_contract(customer=school_a, specialty=specialty, level=specialty.level),
                     ("signed", D(2026, 5, 20)), ("admitted", admitted), ("studying", D(2026, 9, 1)))
    _refused(contract, "graduated", earliest - datetime.timedelta(days=1), f"не ранее {earliest:%d.%m.%Y}")
    assert _walk(contract, ("graduated", earliest)).state == State.GRADUATED


@pytest.mark.today("2027-08-01")
def test_a_students_graduation_counts_the_courses_already_studied(make_contract, school_a):
    """A bachelor's student signed in the 2nd course on 01.10.2026: 48 − 24 − 15 = 9 months, from 01.07.2027."""
    bachelor = Specialty.objects.get(code="44.03.01")
    contract = _walk(make_contract(customer=school_a, kind="student", course_at_signing=2, specialty=bachelor,
                                   level="bachelor"), ("signed", D(2026, 10, 1)), ("studying", D(2026, 10, 1)))
    _refused(contract, "graduated", D(2027, 6, 30), "не ранее 01.07.2027")
    assert _walk(contract, ("graduated", D(2027, 7, 1))).state == State.GRADUATED


def _graduated_bachelor(make_contract, school_a, **fields):
    bachelor = Specialty.objects.get(code="44.03.01")
    return _walk(make_contract(customer=school_a, specialty=bachelor, level="bachelor", **fields),
                 ("signed", D(2025, 5, 20)), ("admitted", D(2025, 7, 29)), ("studying", D(2025, 9, 1)),
                 ("graduated", D(2029, 6, 30)))


@pytest.mark.today("2029-09-10")
def test_employment_from_the_day_after_graduation(make_contract, school_a):
    contract = _graduated_bachelor(make_contract, school_a)
    _refused(contract, "employed", D(2029, 6, 30), "не ранее 01.07.2029")
    assert _walk(contract, ("employed", D(2029, 7, 1))).state == State.EMPLOYED


@pytest.mark.today("2029-09-10")
def test_employment_within_the_contracts_employment_term(make_contract, school_a):
    contract = _graduated_bachelor(make_contract, school_a, work_start_deadline=D(2029, 9, 1))
    _refused(contract, "employed", D(2029, 9, 2), "не позднее 01.09.2029")
    assert _walk(contract, ("employed", D(2029, 9, 1))).state == State.EMPLOYED


@pytest.mark.today("2030-09-10")
def test_the_employment_term_moves_by_the_days_suspended(make_contract, school_a):
    """Suspended from 01.08.2029 to 31.08.2029 (30 days): the term 01.09.2029 becomes 01.10.2029."""
    contract = _graduated_bachelor(make_contract, school_a, work_start_deadline=D(2029, 9, 1))
    services.transition(actor=None, contract=contract, to_state="suspended", on=D(2029, 8, 1), reason="служба",
                        details={"ground_started_on": D(2029, 7, 31), "notice_on": D(2029, 8, 1),
                                 "documents": "справка военного комиссариата № 17 от 31.07.2029"})
    contract = _walk(contract, ("graduated", D(2029, 8, 31)))
    _refused(contract, "employed", D(2029, 10, 2), "не позднее 01.10.2029 с учётом приостановления (30 дн.)")
    assert _walk(contract, ("employed", D(2029, 10, 1))).state == State.EMPLOYED


@pytest.mark.today("2032-09-10")
def test_fulfilment_when_the_work_period_has_run_out(make_contract, school_a):
    """Work from 01.09.2029 for 3 years: fulfilled on 01.09.2032, not on 31.08.2032 — and no exception here."""
    contract = _walk(_graduated_bachelor(make_contract, school_a), ("employed", D(2029, 9, 1)))
    _refused(contract, "fulfilled", D(2032, 8, 31), "Срок отработки истекает 01.09.2032")
    assert _walk(contract, ("fulfilled", D(2032, 9, 1))).state == State.FULFILLED


@pytest.mark.today("2026-10-01")
def test_suspension_and_release_need_their_documents(personas, client_for, make_contract, school_a):
    client = client_for(personas["committee"])
    contract = _walk(make_contract(customer=school_a), ("signed", D(2026, 5, 20)), ("admitted", D(2026, 8, 15)))
    grounds = {"reason": "призыв на военную службу", "ground_started_on": "2026-09-01", "notice_on": "2026-09-02"}
    refused = _move(client, contract, "suspended", D(2026, 9, 2), **grounds)
    assert refused.status_code == 422 and "documents" in _errors(refused, "suspended")
    with pytest.raises(DomainError) as caught:
        services.transition(actor=None, contract=contract, to_state="suspended", on=D(2026, 9, 2),
                            reason="призыв на военную службу",
                            details={"ground_started_on": D(2026, 9, 1), "notice_on": D(2026, 9, 2)})
    assert caught.value.field == "documents" and "повестка" in caught.value.message
    assert _move(client, contract, "suspended", D(2026, 9, 2), documents="повестка № 44/128 от 01.09.2026",
                 **grounds).status_code == 302
    refused = _move(client, contract, "released", D(2026, 9, 20), reason="уход за ребёнком-инвалидом")
    assert refused.status_code == 422 and "documents" in _errors(refused, "released")
    assert _move(client, contract, "released", D(2026, 9, 20), reason="уход за ребёнком-инвалидом",
                 documents="справка МСЭ № 12 от 15.09.2026").status_code == 302
    contract.refresh_from_db()
    assert contract.state == State.RELEASED
    assert contract.events.get(to_state="released").details["documents"] == "справка МСЭ № 12 от 15.09.2026"


# --- The exception -------------------------------------------------------------------------------------------

@pytest.mark.today("2026-08-01")
def test_committee_exception_with_a_reason_is_accepted_and_audited(personas, client_for, make_contract, school_a):
    contract = _walk(make_contract(customer=school_a), ("signed", D(2026, 5, 20)))
    client = client_for(personas["committee"])
    without = _move(client, contract, "admitted", D(2026, 7, 10), exception="on")
    assert without.status_code == 422 and "exception_reason" in _errors(without, "admitted")
    assert Contract.objects.get(pk=contract.pk).state == State.SIGNED
    reason = "Зачислен по итогам досрочного этапа: приказ № 301-с от 10.07.2026"
    ok = _move(client, contract, "admitted", D(2026, 7, 10), exception="on", exception_reason=reason)
    assert ok.status_code == 302
    event = ContractEvent.objects.get(contract=contract, to_state="admitted")
    assert event.on == D(2026, 7, 10) and event.details["exception"] == reason
    assert "не ранее 20.07.2026" in event.details["exception_rule"]
    entry = AuditEntry.objects.filter(action="contracts.contract.transition", object_id=str(contract.pk)).latest("id")
    assert entry.changes["Исключение"] == [None, reason]
    assert "не ранее 20.07.2026" in entry.changes["Не выполнено условие"][1]
    card = client.get(reverse("contracts:contract_detail", args=[contract.pk])).content.decode()
    assert "Исключение (причина)" in card and "приказ № 301-с от 10.07.2026" in card


@pytest.mark.today("2026-08-01")
def test_exception_without_a_reason_is_refused_by_the_service(personas, make_contract, school_a):
    contract = _walk(make_contract(customer=school_a), ("signed", D(2026, 5, 20)))
    with pytest.raises(DomainError) as caught:
        services.transition(actor=personas["committee"], contract=contract, to_state="admitted", on=D(2026, 7, 10),
                            exception=True, exception_reason="  ")
    assert caught.value.field == "exception_reason"
    assert Contract.objects.get(pk=contract.pk).state == State.SIGNED


@pytest.mark.today("2026-08-01")
def test_only_the_committee_may_except(personas, client_for, make_contract, school_a):
    """The administrator also manages contracts, but an exception is the committee's decision: no checkbox, and a
    forged one changes nothing; the service refuses any other actor."""
    contract = _walk(make_contract(customer=school_a), ("signed", D(2026, 5, 20)))
    admin = personas["admin"]
    assert "exception" not in TransitionForm(target="admitted", may_except=False).fields
    page = client_for(admin).get(reverse("contracts:lifecycle", args=[contract.pk])).content.decode()
    assert "Причина исключения" not in page
    forged = _move(client_for(admin), contract, "admitted", D(2026, 7, 10), exception="on",
                   exception_reason="по просьбе")
    assert forged.status_code == 422 and "не ранее 20.07.2026" in " ".join(_errors(forged, "admitted")["on"])
    for actor in (admin, personas["directorate"], None):
        with pytest.raises(DomainError) as caught:
            services.transition(actor=actor, contract=contract, to_state="admitted", on=D(2026, 7, 10),
                                exception=True, exception_reason="по просьбе")
        assert caught.value.field == "exception"
    assert Contract.objects.get(pk=contract.pk).state == State.SIGNED
    committee_page = client_for(personas["committee"]).get(reverse("contracts:lifecycle", args=[contract.pk]))
    assert "Причина исключения" in committee_page.content.decode()
    assert "Не ранее 20.07.2026: приказы о зачислении" in committee_page.content.decode()
