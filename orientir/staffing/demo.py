"""Demo staffing history: returns for the last four years from a known generating process.

The process (documented so forecasts can be checked against it): each position's staff ages one
year a year (a fifth of each 5-year band moves up), leaves with the yearly rates of LEAVE_RATES by
band, and vacancies are refilled by hires (about half of them under 30, the rest of all ages up to 59).
A position gains a staff unit with a 1% chance a year.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from orientir.core.demo import DemoContext, demo_builder
from orientir.directory.models import Organisation, Position

from .models import AGE_BANDS, ReturnLine, StaffingCampaign, StaffingReturn
from .services import DEFAULT_POSITIONS

LEAVE_RATES = [0.14, 0.10, 0.07, 0.06, 0.05, 0.05, 0.06, 0.09, 0.17, 0.30]
START_SHARES = [0.03, 0.05, 0.07, 0.09, 0.11, 0.13, 0.15, 0.15, 0.12, 0.10]
UNITS_BY_KIND = {"school": (2, 7), "kindergarten": (2, 12), "additional": (4, 15), "culture": (2, 6), "sport": (3, 10)}
YEARS_BACK = 4


def _split(rng, total: int, shares: list[float]) -> list[int]:
    counts = [int(total * s) for s in shares]
    for _ in range(total - sum(counts)):
        counts[rng.choices(range(len(shares)), weights=shares)[0]] += 1
    return counts


def _step(rng, bands: list[int], units: int) -> tuple[list[int], int, int, int]:
    """One year: ageing, leaving, hiring. Returns (new bands, left, left to retirement, hired)."""
    aged = bands[:]
    for i in range(len(bands) - 1, 0, -1):
        moving = sum(1 for _ in range(bands[i - 1]) if rng.random() < 0.2)
        aged[i - 1] -= moving
        aged[i] += moving
    left = left_ret = 0
    for i, n in enumerate(aged):
        out = sum(1 for _ in range(n) if rng.random() < LEAVE_RATES[i])
        aged[i] -= out
        left += out
        if i >= 8:
            left_ret += out
    hired = max(0, units - sum(aged) - (1 if rng.random() < 0.4 else 0))
    for _ in range(hired):
        # Hires: young graduates and experienced staff from elsewhere in about equal shares.
        aged[rng.choices(range(10), weights=[30, 20, 10, 10, 8, 8, 7, 5, 2, 0])[0]] += 1
    return aged, left, left_ret, hired


@demo_builder(40, "Мониторинг кадровой обеспеченности за последние годы")
def build_staffing(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    mun = ctx.made["municipalities"][0]
    positions = {p.name: p for p in Position.objects.all()}
    orgs = list(Organisation.objects.filter(municipality=mun, status="active"))
    years = list(range(today.year - YEARS_BACK + 1, today.year + 1))
    campaigns = {}
    for year in years:
        campaigns[year], _ = StaffingCampaign.objects.get_or_create(
            municipality=mun, year=year,
            defaults={"deadline": datetime.date(year, 7, 14),
                      "status": "closed" if year < today.year else "open"})
    if ReturnLine.objects.filter(ret__campaign__in=campaigns.values()).exists():
        return
    returns, lines = [], []
    for org in orgs:
        low, high = UNITS_BY_KIND.get(org.kind, (1, 3))
        for name in DEFAULT_POSITIONS.get(org.kind, []):
            units = rng.randint(low, high) if name in ("Учитель начальных классов", "Воспитатель",
                                                       "Педагог дополнительного образования") else rng.randint(1, 3)
            bands = _split(rng, max(units - rng.randint(0, 1), 0), START_SHARES)
            for year in years:
                bands, left, left_ret, hired = _step(rng, bands, units)
                headcount = sum(bands)
                filled = Decimal(min(headcount, units))
                higher = round(headcount * 0.7)
                ped = round(higher * 0.85)
                voc = headcount - higher
                voc_ped = round(voc * 0.8)
                pension = bands[9] + bands[8] + bands[7] // 2
                lines.append((org.pk, year, dict(
                    position=positions[name], staff_units=Decimal(units), filled_main=filled,
                    vacancies=Decimal(units) - filled, **{n: bands[i] for i, (n, _) in enumerate(AGE_BANDS)},
                    pension_age=min(pension, headcount), edu_higher_ped=ped, edu_higher_other=higher - ped,
                    edu_voc_ped=voc_ped, edu_voc_other=voc - voc_ped, edu_none=0,
                    young_specialists=min(headcount, bands[0] + bands[1] // 2),
                    leavers_retirement=min(bands[9], headcount), leavers_moving=0, leavers_other=0,
                    left_last_year=left, left_retirement_last_year=left_ret, hired_last_year=hired,
                    hired_target_last_year=min(hired, 1 if rng.random() < 0.1 else 0),
                    planned_new_units=Decimal(1) if rng.random() < 0.05 else Decimal(0))))
                if rng.random() < 0.01:
                    units += 1
    submitted_at = {y: timezone.make_aware(datetime.datetime(y, 7, 10, 12, 0)) for y in years}
    by_key = {}
    for org in orgs:
        for year in years:
            # The current year's campaign is in progress: about 60% have submitted.
            # School № 1 is left to fill in, so its demo coordinator has something to do.
            done = year < today.year or (rng.random() < 0.6 and org.short_name != "МБОУ СОШ № 1")
            ret = StaffingReturn(campaign=campaigns[year], organisation=org,
                                 status="submitted" if done else "draft",
                                 submitted_at=submitted_at[year] if done else None)
            returns.append(ret)
            by_key[(org.pk, year)] = ret
    StaffingReturn.objects.bulk_create(returns, batch_size=2000)
    ReturnLine.objects.bulk_create([ReturnLine(ret=by_key[(org_id, year)], **values)
                                    for org_id, year, values in lines], batch_size=2000)
    _close_plan_tasks(mun, [r for r in returns if r.status == "submitted"])


def _close_plan_tasks(mun, submitted) -> None:
    """What return_submit does for each return, in bulk: the organisation's plan task 1.1 of that year is done on
    the day the return was submitted, with the return as its evidence — and only then."""
    from django.urls import reverse

    from orientir.plan.models import Task

    by_key = {(r.organisation_id, r.campaign.year): r for r in submitted}
    tasks = []
    for task in Task.objects.filter(version__municipality=mun, item__artifact="staffing.monitoring",
                                    organisation__isnull=False).exclude(status=Task.Status.DONE
                                                                        ).select_related("version"):
        ret = by_key.get((task.organisation_id, task.version.year))
        if ret is not None:
            task.status, task.done_at = Task.Status.DONE, ret.submitted_at
            task.note = "Сведения мониторинга кадровой обеспеченности представлены."
            task.evidence_url = reverse("staffing:return_detail", args=[ret.pk])
            tasks.append(task)
    Task.objects.bulk_update(tasks, ["status", "done_at", "note", "evidence_url"], batch_size=2000)
