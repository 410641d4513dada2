"""POST rows of the staffing monitoring (merged into accounts/tests/test_post_matrix.py; vocabulary in
post_matrix_kit).

A return is filled by its organisation's coordinator (and an administrator): the other readers of the monitoring
get 403, those who do not see the organisation 404. Campaigns are opened, closed and returns sent back by those who
run the monitoring (staffing.manage: the administrator and the committee). The far school's return belongs to the
other municipality's campaign: nobody of this city sees it.
"""

import datetime

from orientir.accounts.tests.post_matrix_kit import FOUND, MISSING, Post, crossed, today, upload, writes

MANAGE = {"admin", "committee"}
NOT_OWN = {"coordinator_a": MISSING, "tutor": MISSING}
NOT_IN_SECTOR = {"directorate": MISSING, "methodologist": MISSING, **NOT_OWN}
FAR = {"committee": MISSING, "directorate": MISSING, "methodologist": MISSING, "observer": MISSING, **NOT_OWN}


def _campaign(o, city="city"):
    from orientir.staffing.models import StaffingCampaign
    from orientir.staffing.services import campaign_open

    if city == "city":
        return o["campaign"]
    year = today().year
    return (StaffingCampaign.objects.filter(municipality=o[city], year=year).first()
            or campaign_open(actor=None, municipality=o[city], year=year, deadline=datetime.date(year, 7, 14)))


def _ret(o, org="school_a", submitted=False):
    from orientir.staffing.models import StaffingReturn

    ret = _campaign(o, "other_city" if org == "far_school" else "city").returns.get(organisation=o[org])
    if submitted:
        StaffingReturn.objects.filter(pk=ret.pk).update(status=StaffingReturn.Status.SUBMITTED)
    return {"pk": ret.pk}


def _lines(o, kwargs):
    """The return as its table sends it, one more staff unit on the first line."""
    from orientir.staffing.models import LINE_NUMBER_FIELDS, StaffingReturn

    ret = StaffingReturn.objects.get(pk=kwargs["pk"])
    data = {"version": ret.version}
    for line in ret.lines.order_by("id"):
        for field in LINE_NUMBER_FIELDS:
            data[f"l-{line.pk}-{field}"] = str(getattr(line, field))
    first = ret.lines.order_by("id").first()
    data[f"l-{first.pk}-staff_units"] = str(first.staff_units + 1)
    return data


def _position(o, kwargs):
    from orientir.directory.models import Position
    from orientir.staffing.models import StaffingReturn

    ret = StaffingReturn.objects.get(pk=kwargs["pk"])
    used = ret.lines.values("position_id")
    return {"position": Position.objects.filter(is_active=True, sector=ret.organisation.sector)
            .exclude(pk__in=used).order_by("name").first().pk}


def _line(o, org="school_a"):
    from orientir.staffing.models import StaffingReturn

    kwargs = _ret(o, org)
    return {**kwargs, "line_id": StaffingReturn.objects.get(pk=kwargs["pk"]).lines.order_by("id").first().pk}


def _template(o, kwargs):
    from orientir.staffing import excel
    from orientir.staffing.models import StaffingReturn

    content = excel.build_template(StaffingReturn.objects.get(pk=kwargs["pk"]))
    return {"file": upload("staffing.xlsx", content,
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def _fill_rows(data, full=False):
    """School A's return (its coordinator fills it) and school B's; with `full` also the library's (outside the
    education sector) and the far school's (another municipality)."""
    rows = [Post(lambda o: _ret(o), data, writes({"admin", "coordinator_a"})),
            Post(lambda o: _ret(o, "school_b"), data, writes({"admin"}, **NOT_OWN))]
    if full:
        rows += [Post(lambda o: _ret(o, "library"), data, writes({"admin"}, **NOT_IN_SECTOR)),
                 Post(lambda o: _ret(o, "far_school"), data, writes({"admin"}, **FAR))]
    return rows


ROWS: dict = {
    # a coordinator is sent to their own return (302, nothing opened); the other readers may not open a campaign
    "staffing:campaigns": [Post(None, lambda o, kw: {"municipality": o["city"].pk, "year": today().year + 1,
                                                     "deadline": f"{today().year + 1}-07-14"},
                                writes(MANAGE, coordinator_a=FOUND))],
    "staffing:campaign_close": [
        Post(lambda o: {"pk": _campaign(o).pk}, {}, writes(MANAGE)),
        Post(lambda o: {"pk": _campaign(o, "other_city").pk}, {}, writes({"admin"}, committee=MISSING)),
    ],
    "staffing:return_detail": _fill_rows(_lines, full=True) + [
        # school A's return, school B's lines in the posted table
        Post(_ret, lambda o, kw: _lines(o, _ret(o, "school_b")), crossed({"admin", "coordinator_a"}))],
    "staffing:return_add_position": _fill_rows(_position),
    "staffing:return_remove_line": [
        Post(_line, {}, writes({"admin", "coordinator_a"})),
        Post(lambda o: _line(o, "school_b"), {}, writes({"admin"}, **NOT_OWN)),
        # school A's return, a line of school B's in the URL
        Post(lambda o: {**_ret(o), "line_id": _line(o, "school_b")["line_id"]}, {},
             crossed({"admin", "coordinator_a"})),
    ],
    "staffing:return_import": _fill_rows(_template),
    "staffing:return_send_back": [
        Post(lambda o: _ret(o, submitted=True), {"comment": "Проверьте число ставок учителей"}, writes(MANAGE)),
        Post(lambda o: _ret(o, "far_school", submitted=True), {"comment": "Проверьте число ставок"},
             writes({"admin"}, **FAR)),
    ],
}
