"""A name that closes the chart data's <script> stays a label in the browser (issue 13, «Output safety»): the
consolidation chart draws a position named «</script><img src=x onerror=…>» as text, no image is made, no script
runs, and the page fixture fails on any CSP violation or JavaScript error."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser

HOSTILE = "</script><img src=x onerror=alert(document.domain)>"


@pytest.fixture
def campaign(classifier, city, personas):
    from orientir.staffing import services

    today = timezone.localdate()
    return services.campaign_open(actor=None, municipality=city, year=today.year,
                                  deadline=today + datetime.timedelta(days=20))


def test_a_position_named_like_markup_is_drawn_as_text_in_the_chart(personas, campaign, school_a, login, page):
    from orientir.directory.models import Position
    from orientir.staffing import services
    from orientir.staffing.tests.test_staffing import _good_line

    ret = campaign.returns.get(organisation=school_a)
    line = ret.lines.get(position__name="Учитель математики")
    Position.objects.filter(pk=line.position_id).update(name=HOSTILE)
    services.return_save(actor=personas["coordinator_a"], ret=ret, rows={line.pk: _good_line()})
    services.return_submit(actor=personas["coordinator_a"], ret=ret)

    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    login(personas["committee"])
    page.goto(f"/staffing/consolidation/?year={campaign.year}&group=position")
    page.wait_for_load_state("load")
    labels = page.evaluate("""() => {
        const chart = window.Chart && Chart.getChart(document.getElementById('vacancyChart'));
        return chart ? chart.data.labels : null; }""")
    assert labels is not None and HOSTILE in labels, labels
    assert page.locator("img[src='x']").count() == 0
    assert page.get_by_test_id("consolidation").inner_text().count("</script>") >= 1  # shown as text in the table
    assert not dialogs
