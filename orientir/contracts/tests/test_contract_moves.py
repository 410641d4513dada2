"""A contract's lifecycle through the pages: every move, suspension and its notice, release, liability by the
regime's rule, fulfilment after the work period, dates of moves."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from orientir.contracts import lifecycle, liability, services
from orientir.contracts.models import Contract, Kind, Liability, LiabilityRule, State
from orientir.core.dates import add_years
from orientir.core.errors import DomainError
from orientir.core.models import AuditEntry

from .conftest import move as _move

TODAY = datetime.date.today()


@pytest.mark.today("2028-09-10")
def test_graduate_path_through_every_state(personas, client_for, contract_a):
    """A plausible history of a 2 г. 10 мес. СПО programme: signed in May, admitted in August, studying from
    1 September, graduated after two years (the shortest term allowed is 19 months), employed in August."""
    client = client_for(personas["committee"])
    path = [("signed", datetime.date(2026, 5, 20), {}),
            ("admitted", datetime.date(2026, 8, 15), {"order": "приказ № 12-с"}),
            ("studying", datetime.date(2026, 9, 1), {}), ("graduated", datetime.date(2028, 6, 30), {}),
            ("employed", datetime.date(2028, 8, 25), {"order": "приказ № 5-к"})]
    for target, on, extra in path:
        response = _move(client, contract_a, target, on=on, **extra)
        assert response.status_code == 302, (target, response.content.decode()[:3000])
        contract_a.refresh_from_db()
        assert contract_a.state == target
    assert contract_a.work_started_on == datetime.date(2028, 8, 25)
    # the obligation is not fulfilled in the first days at work…
    refused = _move(client, contract_a, "fulfilled", on=datetime.date(2028, 9, 10))
    assert refused.status_code == 422 and "обязательство ещё не исполнено" in refused.content.decode()
    # …but once the work period has run out
    Contract.objects.filter(pk=contract_a.pk).update(work_started_on=datetime.date(2025, 8, 25))
    assert _move(client, contract_a, "fulfilled", on=datetime.date(2028, 9, 10)).status_code == 302
    path.append(("fulfilled", None, {}))
    assert [e.to_state for e in contract_a.events.all()] == [t for t, _, _ in path]
    assert contract_a.events.get(to_state="admitted").details == {"order": "приказ № 12-с"}
    assert AuditEntry.objects.filter(action="contracts.contract.transition", object_id=str(contract_a.pk)).count() == 6
    card = client.get(reverse("contracts:contract_detail", args=[contract_a.pk])).content.decode()
    assert "Обязательство исполнено" in card and "приказ № 12-с" in card


def test_not_admitted_needs_a_reason_then_terminated(personas, client_for, contract_a):
    client = client_for(personas["committee"])
    _move(client, contract_a, "signed")
    response = _move(client, contract_a, "not_admitted")
    assert response.status_code == 422 and "reason" in response.context["forms"][1][2].errors
    assert _move(client, contract_a, "not_admitted", reason="не прошёл по конкурсу").status_code == 302
    assert _move(client, contract_a, "terminated", reason="не зачислен").status_code == 302
    contract_a.refresh_from_db()
    assert contract_a.state == State.TERMINATED and not contract_a.liabilities.exists()


def test_illegal_move_through_the_page_is_refused(personas, client_for, contract_a):
    response = _move(client_for(personas["committee"]), contract_a, "employed")
    assert response.status_code == 422
    assert "Нельзя перевести договор из состояния «Проект» в состояние «Трудоустроен»" in response.content.decode()


def _graduated_in_2024(make_contract, school_a):
    """A student signed in the final (3rd) course of an СПО programme in May 2024, graduated on 28.06.2024."""
    contract = make_contract(customer=school_a, kind=Kind.STUDENT, course_at_signing=3)
    for target, on in (("signed", datetime.date(2024, 5, 2)), ("studying", datetime.date(2024, 5, 2)),
                       ("graduated", datetime.date(2024, 6, 28))):
        contract = services.transition(actor=None, contract=contract, to_state=target, on=on)
    return contract


def test_suspension_notice_within_ten_working_days_and_resume(personas, client_for, make_contract, school_a):
    client = client_for(personas["committee"])
    contract_a = _graduated_in_2024(make_contract, school_a)
    # Ground on 2025-05-02 (a day off): the ten working days after it skip 8–11 May and end on 20.05.2025.
    ground = datetime.date(2025, 5, 2)
    late = _move(client, contract_a, "suspended", on=datetime.date(2025, 5, 21), reason="призыв на военную службу",
                 ground_started_on=ground.isoformat(), notice_on="2025-05-21", documents="повестка № 7 от 02.05.2025")
    assert late.status_code == 422 and "не позднее 20.05.2025" in late.content.decode()
    ok = _move(client, contract_a, "suspended", on=datetime.date(2025, 5, 20), reason="призыв на военную службу",
               ground_started_on=ground.isoformat(), notice_on="2025-05-20", documents="повестка № 7 от 02.05.2025")
    assert ok.status_code == 302
    contract_a.refresh_from_db()
    assert contract_a.state == State.SUSPENDED and contract_a.state_before_suspension == State.GRADUATED
    assert State.GRADUATED in lifecycle.allowed_targets(contract_a)
    assert _move(client, contract_a, "graduated", on=datetime.date(2026, 5, 20)).status_code == 302
    contract_a.refresh_from_db()
    assert contract_a.state == State.GRADUATED and contract_a.suspended_days == 365
    assert contract_a.state_before_suspension == ""


def test_work_clock_stops_while_suspended(make_contract, school_a):
    contract_a = _graduated_in_2024(make_contract, school_a)
    services.transition(actor=None, contract=contract_a, to_state="employed", on=datetime.date(2024, 9, 1))
    services.transition(actor=None, contract=contract_a, to_state="suspended", on=datetime.date(2024, 10, 1),
                        reason="служба", details={"ground_started_on": datetime.date(2024, 9, 30),
                                                  "notice_on": datetime.date(2024, 10, 1),
                                                  "documents": "повестка № 9 от 30.09.2024"})
    services.transition(actor=None, contract=contract_a, to_state="employed", on=datetime.date(2024, 10, 11))
    contract_a.refresh_from_db()
    assert services.obligation_end(contract_a) == datetime.date(2027, 9, 11)


def test_release_records_the_documents(personas, client_for, contract_a):
    client = client_for(personas["committee"])
    _move(client, contract_a, "signed")
    response = _move(client, contract_a, "released", reason="уход за ребёнком-инвалидом",
                     documents="справка МСЭ № 123")
    assert response.status_code == 302
    event = contract_a.events.get(to_state="released")
    assert event.reason == "уход за ребёнком-инвалидом" and event.details == {"documents": "справка МСЭ № 123"}


@pytest.fixture
def paid_15000():
    """A ledger that says 15 000 roubles were paid: what the students app will register."""
    saved = list(liability._SOURCES)
    liability.paid_support_source(lambda contract: Decimal("15000"))
    yield
    liability._SOURCES[:] = saved


@pytest.mark.today("2026-10-01")
def test_breach_records_liability_by_the_regime_rule(personas, client_for, contract_a, paid_15000):
    LiabilityRule.objects.filter(regime="pp555").update(fine_multiplier=Decimal("0.5"))
    client = client_for(personas["committee"])
    for target, on in (("signed", datetime.date(2026, 5, 20)), ("admitted", datetime.date(2026, 8, 15)),
                       ("studying", datetime.date(2026, 9, 1))):
        assert _move(client, contract_a, target, on=on).status_code == 302, target
    assert _move(client, contract_a, "breached", on=datetime.date(2026, 10, 1),
                 reason="отчислен за неуспеваемость").status_code == 302
    debt = Liability.objects.get(contract=contract_a)
    assert debt.support_to_repay == Decimal("15000.00") and debt.fine == Decimal("7500.00")
    assert "№ 555" in debt.act_reference
    assert "22" in client.get(reverse("contracts:contract_detail", args=[contract_a.pk])).content.decode()


def test_termination_by_citizen_records_liability(contract_a, paid_15000):
    services.transition(actor=None, contract=contract_a, to_state="signed", on=TODAY)
    services.transition(actor=None, contract=contract_a, to_state="terminated", on=TODAY, reason="отказ гражданина",
                        details={"liability": True})
    assert Liability.objects.get(contract=contract_a).support_to_repay == Decimal("15000.00")


def test_without_a_ledger_nothing_counts_as_paid(contract_a):
    assert liability.paid_support(contract_a) == Decimal("0.00")


def test_fulfilment_waits_for_the_end_of_the_work_period(make_contract):
    contract = make_contract(kind=Kind.GRADUATE)
    Contract.objects.filter(pk=contract.pk).update(state=State.EMPLOYED, signed_on=TODAY,
                                                   work_started_on=add_years(TODAY, -2))
    contract.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.transition(actor=None, contract=contract, to_state=State.FULFILLED, on=TODAY)
    assert "обязательство ещё не исполнено" in exc.value.message


def test_a_move_cannot_be_dated_in_the_future_or_before_the_last_one(contract_a):
    import datetime

    with pytest.raises(DomainError, match="позже сегодняшней"):
        services.transition(actor=None, contract=contract_a, to_state="signed", on=TODAY + datetime.timedelta(days=1))
    services.transition(actor=None, contract=contract_a, to_state="signed", on=TODAY)
    with pytest.raises(DomainError, match="раньше предыдущего события"):
        services.transition(actor=None, contract=contract_a, to_state="admitted",
                            on=TODAY - datetime.timedelta(days=1))


