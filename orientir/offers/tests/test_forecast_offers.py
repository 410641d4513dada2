"""The forecast page shows the need of the coming admission against the offers placed for it (the include of the
offers, templates/offers/_forecast_offers.html): figures written out by hand from the offers the test makes."""

import random
import re

import pytest
from django.urls import reverse

from conftest import make_org
from orientir.core.demo import DemoContext
from orientir.offers.tests.kit import make_campaign, make_offer
from orientir.staffing.demo import build_staffing


@pytest.fixture
def staffing(personas, city):
    """Enough staff records for the forecast page to compute (as the forecast's own page tests have)."""
    for n in range(3, 9):
        make_org(city, short_name=f"МБДОУ «Детский сад № {n}»", kind="kindergarten")
    ctx = DemoContext(scale="city", rng=random.Random(7))
    ctx.made["municipalities"] = [city]
    build_staffing(ctx)
    return city


def _table(body: str) -> list[list[str]]:
    start = body.index('data-testid="forecast-offers-table"')
    table = body[start:body.index("</table>", start)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
            for row in rows]


@pytest.mark.today("2027-03-15")
def test_the_need_against_the_offers_of_the_coming_admission(staffing, city, school_a, library, personas,
                                                            client_for):
    campaign = make_campaign(city, need=3)  # teachers with higher education, group 44.00.00
    make_offer(campaign, school_a, status="placed", count=1)
    make_offer(campaign, school_a, status="approved", count=1)
    make_offer(campaign, school_a, status="draft", count=4)  # not approved: offers nothing yet
    make_offer(campaign, library, status="approved", count=1, code="51.03.03")  # outside the forecast's need
    page = client_for(personas["committee"]).get(reverse("forecast:index")).content.decode()
    assert "Предложения о целевом обучении на приём 2027 года" in page
    assert "Срок размещения в пределах квоты — 10.06.2027 (осталось дней: 87)" in page
    rows = _table(page)
    assert rows[1:] == [
        ["Образование: Учитель (ВО) — 44.00.00 Образование и педагогические науки", "3", "2", "1", "1"],
        ["Вне потребности прогноза", "—", "1", "0", "—"],
        ["Итого", "3", "3", "1", "1"],
    ]
    # an observer reads the figures (offers.report); the education directorate its own sector's
    assert _table(client_for(personas["observer"]).get(reverse("forecast:index")).content.decode()) == rows
    directorate = _table(client_for(personas["directorate"]).get(reverse("forecast:index")).content.decode())
    assert [r[0] for r in directorate[1:]] == [rows[1][0], "Итого"]


@pytest.mark.today("2027-09-20")
def test_after_the_admission_the_next_years_campaign_is_awaited(staffing, city, school_a, personas, client_for):
    make_offer(make_campaign(city), school_a, status="placed")  # this year's, over
    page = client_for(personas["committee"]).get(reverse("forecast:index")).content.decode()
    assert "Кампания предложений на приём 2028 года ещё не открыта" in page
    assert 'data-testid="forecast-offers-table"' not in page
