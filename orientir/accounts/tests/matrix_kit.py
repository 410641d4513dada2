"""Building blocks of permission-matrix rows, shared by the matrix test and the apps' own row modules."""

ROLES = ["anon", "admin", "committee", "directorate", "methodologist", "coordinator_a", "tutor", "observer"]
OK, FOUND, FORBIDDEN, MISSING, NOT_ALLOWED = 200, 302, 403, 404, 405


def _all(status, anon=FOUND, **overrides):
    row = {role: status for role in ROLES}
    row["anon"] = anon
    row.update(overrides)
    return row


def _only(allowed: set[str], status_ok=OK, other=FORBIDDEN, **overrides):
    row = {role: (status_ok if role in allowed else other) for role in ROLES}
    row["anon"] = FOUND
    row.update(overrides)
    return row


ADMIN = {"admin"}
MAY_EDIT_ORG_CARD = {"admin", "committee", "directorate", "coordinator_a"}
MAY_CREATE_ORG = {"admin", "committee", "directorate"}
SEES_CUSTOMERS = {"admin", "committee", "directorate", "methodologist", "observer"}
MAY_EXPORT_ORGS = {"admin", "committee", "directorate", "methodologist", "observer"}
PLAN_VIEW = {"admin", "committee", "directorate", "methodologist", "coordinator_a", "observer"}
PLAN_DASHBOARD = {"admin", "committee", "directorate", "methodologist", "observer"}
POST_ONLY = _all(NOT_ALLOWED)
STAFFING_READ = {"admin", "committee", "directorate", "methodologist", "observer"}
PUPILS_READ = {"admin", "committee", "directorate", "methodologist", "coordinator_a", "tutor"}


def _ret(o, org):
    return {"pk": o["campaign"].returns.get(organisation=o[org]).pk}


def _task(o, number="2.1.4"):
    """School A's task of item 2.1.4 (УО, УК, УСРМ, ГЦОКО answer for it; ОЮКО does not)."""
    return {"pk": o["version"].tasks.filter(organisation=o["school_a"], item__number=number).first().pk}

# url name → list of (kwargs builder, {role: status}). kwargs builders get the fixture objects.
