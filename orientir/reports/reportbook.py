"""The report book: every item of the year's plan with its artifact, the files to (re)generate, and status.

Artifacts come from plan/artifacts.py (what page proves an item); the files each artifact can be generated as
come from FILES below — a plain dict, extended as modules add reports. A link appears only when the user's
role may open it.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.urls import NoReverseMatch, reverse

from orientir.accounts import access
from orientir.plan.artifacts import ARTIFACTS, artifact_link
from orientir.plan.models import Task

# artifact key → [(label, url name, url kwargs, query string, permission)]
FILES: dict[str, list[tuple[str, str, dict, str, str]]] = {
    "plan.execution": [("Excel", "plan:export", {"kind": "execution", "fmt": "xlsx"}, "year", "plan.dashboard"),
                       ("PDF", "plan:export", {"kind": "execution", "fmt": "pdf"}, "year", "plan.dashboard")],
    "directory.customers": [("Excel", "directory:customer_registry_export", {}, "", "directory.customers.view")],
    "guidance.profile_class_monitoring": [
        ("Excel", "pupils:class_monitoring_report", {"fmt": "xlsx"}, "", "pupils.view"),
        ("PDF", "pupils:class_monitoring_report", {"fmt": "pdf"}, "", "pupils.view")],
    "guidance.profile_class_lists": [("Excel", "pupils:class_export", {}, "", "guidance.view")],
    "guidance.profile_class_activities": [("Excel", "pupils:class_activity_export", {}, "", "guidance.view")],
    "guidance.motivated_pupils": [("Excel", "pupils:motivated_export", {}, "", "pupils.export")],
    "guidance.targeted_database": [("Excel", "pupils:targeted_summary_export", {}, "", "pupils.view")],
    "guidance.route_sheets": [("Excel", "pupils:route_sheet_export", {}, "", "pupils.export")],
    "guidance.route_sheet_monitoring": [
        ("Excel", "pupils:route_monitoring_report", {"fmt": "xlsx"}, "", "pupils.view"),
        ("PDF", "pupils:route_monitoring_report", {"fmt": "pdf"}, "", "pupils.view")],
    "guidance.programme_bank": [("Excel", "careers:programme_export", {}, "", "careers.view")],
    "guidance.programme_delivery": [("Excel", "careers:run_export", {}, "", "careers.view")],
    "guidance.programme_monitoring": [("Excel", "careers:monitoring_report", {"fmt": "xlsx"}, "", "careers.report"),
                                      ("PDF", "careers:monitoring_report", {"fmt": "pdf"}, "", "careers.report")],
    "guidance.events": [("Excel", "careers:event_export", {}, "", "careers.view")],
    "guidance.parent_consultations": [("Excel", "careers:parent_export", {}, "", "careers.view")],
    "guidance.prep_courses": [("Excel", "careers:prep_report_file", {"fmt": "xlsx"}, "", "careers.report"),
                              ("PDF", "careers:prep_report_file", {"fmt": "pdf"}, "", "careers.report")],
    "mentoring.employer_student": [("Excel", "mentoring:summary_report", {"fmt": "xlsx"}, "", "mentoring.report"),
                                   ("PDF", "mentoring:summary_report", {"fmt": "pdf"}, "", "mentoring.report")],
    "contracts.graduates": [("Excel", "contracts:report_export", {"fmt": "xlsx"}, "", "contracts.report"),
                            ("PDF", "contracts:report_export", {"fmt": "pdf"}, "", "contracts.report")],
    # named lists: for those who may export citizens' personal data
    "contracts.admission_monitoring": [
        ("Excel", "students:admission_report", {"fmt": "xlsx"}, "", "contracts.export"),
        ("PDF", "students:admission_report", {"fmt": "pdf"}, "", "contracts.export"),
        # numbers only, per education organisation and status: for those who read reports without names
        ("Сводка, Excel", "students:admission_summary", {"fmt": "xlsx"}, "", "students.report"),
        ("Сводка, PDF", "students:admission_summary", {"fmt": "pdf"}, "", "students.report")],
    "contracts.support_plans": [("Excel", "students:plans_export", {}, "", "contracts.export")],
    "contracts.support_activities": [("Excel", "students:support_log_export", {}, "", "contracts.export")],
    "contracts.placements": [("Excel", "students:placement_export", {}, "", "contracts.export")],
    "contracts.payments": [("Excel", "students:payment_export", {}, "", "students.payments")],
    "contracts.employment_monitoring": [
        ("Excel", "students:employment_report", {"fmt": "xlsx"}, "", "students.report"),
        ("PDF", "students:employment_report", {"fmt": "pdf"}, "", "students.report")],
}


# When the item's own page holds personal data the user may not see (the registry of contracts, named lists), the
# aggregated report of the same item is its result for them: artifact key → (title, url name, permission).
AGGREGATED = {
    "contracts.graduates": ("Отчёт по договорам о целевом обучении (без персональных данных)", "contracts:report",
                            "contracts.report"),
    "contracts.students": ("Отчёт по договорам о целевом обучении (без персональных данных)", "contracts:report",
                           "contracts.report"),
}


@dataclass
class BookRow:
    item: object
    artifact: tuple[str, str] | None
    files: list[tuple[str, str]] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    last_done: datetime.datetime | None = None
    evidence: list = field(default_factory=list)
    owners: list = field(default_factory=list)  # who holds the item's tasks when the user sees none of them
    restricted: bool = False  # the item has a page the user may not open (its lists name people, or it is work)

    @property
    def status(self) -> tuple[str, str]:
        """(label, bootstrap colour) of the item's tasks for the year, as the user sees them."""
        c = self.counts
        if not c.get("total"):
            return ("задачи у других", "light border") if self.owners else ("нет задач", "secondary")
        if c["overdue"]:
            return f"просрочено: {c['overdue']} из {c['total']}", "danger"
        if c["done"] == c["total"]:
            return "выполнено", "success"
        if c["done"]:
            return f"выполнено {c['done']} из {c['total']}", "primary"
        return "срок не наступил", "info"


def _files(key: str, user, year: int) -> list[tuple[str, str]]:
    out = []
    for label, name, kwargs, query, perm in FILES.get(key, []):
        if not access.has_perm(user, perm):
            continue
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        out.append((label, f"{url}?{query}={year}" if query else url))
    return out


def report_book(user, version, today: datetime.date) -> list[BookRow]:
    """Rows of the report book for a plan version (leaf and section items alike, in plan order)."""
    items = list(version.items.filter(is_retired=False).order_by("sort_key"))
    done = Q(status=Task.Status.DONE)
    counts = {row["item_id"]: row for row in (
        access.tasks_for(user).filter(version=version).values("item_id")
        .annotate(total=Count("id"), done=Count("id", filter=done),
                  overdue=Count("id", filter=~done & Q(due_on__lt=today)), last_done=Max("done_at")))}
    evidence = {}
    for task in (access.tasks_for(user).filter(version=version, status=Task.Status.DONE)
                 .exclude(evidence_url="", evidence_file="").order_by("-done_at")
                 .only("id", "item_id", "evidence_url", "evidence_file", "done_at")):
        evidence.setdefault(task.item_id, task)
    owners = _owners(version, hidden={i.pk for i in items if i.pk not in counts})
    rows = []
    for item in items:
        key = item.artifact
        c = counts.get(item.pk, {})
        artifact = (artifact_link(key, user) or _aggregated(key, user)) if key else None
        rows.append(BookRow(item=item, artifact=artifact, files=_files(key, user, version.year) if key else [],
                            counts=c, last_done=c.get("last_done"),
                            evidence=[evidence[item.pk]] if item.pk in evidence else [],
                            owners=owners.get(item.pk, []), restricted=bool(key) and key in ARTIFACTS))
    return rows


def _aggregated(key: str, user) -> tuple[str, str] | None:
    entry = AGGREGATED.get(key)
    if entry is None or not access.has_perm(user, entry[2]):
        return None
    return entry[0], reverse(entry[1])


def _owners(version, hidden: set[int]) -> dict[int, list[str]]:
    """For the items whose tasks the user does not see: who holds them — the Committee's units by their short names,
    the organisations by their count (a unit's name is no secret; which school lags is not the reader's business)."""
    units: dict[int, set[str]] = {}
    orgs: dict[int, int] = {}
    for row in (Task.objects.filter(version=version, item_id__in=hidden)
                .values("item_id", "unit__short_name", "organisation_id")):
        if row["unit__short_name"]:
            units.setdefault(row["item_id"], set()).add(row["unit__short_name"])
        elif row["organisation_id"]:
            orgs[row["item_id"]] = orgs.get(row["item_id"], 0) + 1
    out = {}
    for item_id in set(units) | set(orgs):
        names = sorted(units.get(item_id, ()))
        if orgs.get(item_id):
            names.append(f"организации ({orgs[item_id]})")
        out[item_id] = names
    return out


def missing_artifacts(version) -> list[str]:
    """Numbers of items whose artifact key is not registered (for the admin; the book shows them too)."""
    return [i.number for i in version.items.filter(is_retired=False).exclude(artifact="")
            if i.artifact not in ARTIFACTS]
