"""A staffing campaign of the test year and school A's return in it."""

import datetime

import pytest

from orientir.staffing import services
from orientir.staffing.models import StaffingReturn

YEAR = 2027


@pytest.fixture
def campaign(personas, city):
    return services.campaign_open(actor=personas["committee"], municipality=city, year=YEAR,
                                  deadline=datetime.date(YEAR, 7, 14))


@pytest.fixture
def ret_a(campaign, school_a):
    return StaffingReturn.objects.get(campaign=campaign, organisation=school_a)
