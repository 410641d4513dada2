"""Region-scale load: the region demo in PostgreSQL, served by gunicorn as docs/deploy.md sets it up, driven by a
realistic mix of roles with locust, beside /health/ in the same run.

Run: `BENCH_DATABASE_URL=postgres://user@host:port/any .venv/bin/python bench/region_load.py [--users 10 50]
[--seconds 30] [--workers 3] [--reuse] [--database NAME] [--before REV]` (needs `pip install -r
bench/requirements.txt`). The script creates its own database (`--database`, default `orientir_region_bench`) on that
server (kept for `--reuse`), loads `load_demo --scale region`, starts
gunicorn with DEBUG off on a free port and, for each concurrency, runs locust twice for the same time: the /health/
probe alone, then the page mix (a school coordinator and a committee specialist in equal numbers, each a closed
loop without think time). Prints req/s and p50/p95/p99 of both and the mix's throughput as a share of /health/'s
(QUALITY.md / issue: 20% or more at concurrency 10), then the pages' p95 from the mix. Nothing is asserted: the
machine is shared, the ratio in one run is what is compared.

`--before REV` serves the code of a git revision too (`git archive` into a temporary folder, the same virtualenv,
database, secret key and signed-in sessions) and runs the same mix against it right after the working tree's, so
before and after stand side by side in one run. No migration may lie between the two that the old code cannot read.
"""

import argparse
import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
DB_NAME = "orientir_region_bench"


def _database_url(base: str) -> str:
    return base.rsplit("/", 1)[0] + "/" + DB_NAME


def _export(revision: str) -> Path:
    """The tree of a git revision in a temporary folder (no checkout: the working tree is left alone)."""
    folder = Path(tempfile.mkdtemp(prefix="orientir-before-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _prepare_database(base: str, reuse: bool) -> str:
    import psycopg

    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists and reuse:
            url = _database_url(base)
            # a run stopped by a wrong login leaves lockouts behind: start from none
            subprocess.run([PY, "manage.py", "axes_reset"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                           env={**os.environ, "DATABASE_URL": url, "DEBUG": "1"})
            return url
        if exists:
            conn.execute(f'DROP DATABASE "{DB_NAME}"')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    url = _database_url(base)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    started = time.perf_counter()
    subprocess.run([PY, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "load_demo", "--scale", "region"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"region demo loaded in {time.perf_counter() - started:.0f} s")
    return url


def _plan(url: str) -> dict:
    """The pages of each role, resolved by name in this database (a pupil and a contract of the role's own)."""
    os.environ.update(DATABASE_URL=url, DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.urls import reverse

    from orientir.accounts.models import User
    from orientir.contracts.models import Contract
    from orientir.core.demo import DEMO_PASSWORD
    from orientir.directory.models import Organisation
    from orientir.pupils.models import Pupil

    coordinator = User.objects.get(username="school1")
    pupil = Pupil.objects.filter(organisation=coordinator.organisation).order_by("pk").first()
    contract = Contract.objects.filter(municipality=coordinator.municipality).order_by("pk").first()
    org = Organisation.objects.filter(municipality=coordinator.municipality).order_by("pk").first()
    lst = reverse("directory:organisation_list")
    common = [("главная", reverse("core:home"), 3), ("мои задачи плана", reverse("plan:my_tasks"), 3)]
    return {
        "logins": {"coordinator": ["school1", DEMO_PASSWORD], "committee": ["oyuko", DEMO_PASSWORD]},
        "pages": {
            "coordinator": common + [
                ("обучающиеся", reverse("pupils:pupil_list"), 4),
                ("карточка обучающегося", reverse("pupils:pupil_detail", args=[pupil.pk]), 4),
                ("сведения о кадрах: моя форма", reverse("staffing:my_return"), 2),
                ("профориентация: программы", reverse("careers:programme_list"), 1),
                ("наставничество: пары", reverse("mentoring:pair_list"), 1),
            ],
            "committee": common + [
                ("организации", lst, 3),
                ("организации: поиск «школа 1»", f"{lst}?q=школа+1", 2),
                ("организации: последняя страница", f"{lst}?page=999999", 1),
                ("карточка организации", reverse("directory:organisation_detail", args=[org.pk]), 2),
                ("договоры", reverse("contracts:contract_list"), 3),
                ("карточка договора", reverse("contracts:contract_detail", args=[contract.pk]), 2),
                ("студенты", reverse("students:student_list"), 2),
                ("воронка", reverse("reports:funnel"), 1),
                ("задачи плана", reverse("plan:task_list"), 2),
            ],
        },
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SECRET_KEY = secrets.token_urlsafe(50)  # one for every server of the run: the sessions signed in work on each


def _serve(url: str, workers: int, root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": SECRET_KEY,
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen([str(BIN / "gunicorn"), "config.wsgi:application", "--workers", str(workers),
                               "--bind", f"127.0.0.1:{port}", "--timeout", "120"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    host = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(host + "/health/", timeout=2)
            return server, host
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not answer /health/")


def _preflight(host: str, plan: dict) -> dict:
    """Every page of the mix, once per role, must answer 200 before anything is measured: a load of redirects to the
    login page or of refusals would measure nothing. A page that sends the user on (`/staffing/my/` to this year's
    return) is replaced by where the user lands. Returns the plan so resolved."""
    import requests

    sys.path.insert(0, str(ROOT / "bench"))
    from _login import login_in, plain

    resolved = {"logins": plan["logins"], "pages": {}}
    for role, (login, password) in plan["logins"].items():
        session = requests.Session()
        session.request = _ignoring_name(session.request)
        login_in(session, host, login, password)
        resolved["pages"][role] = []
        for label, url, weight in plan["pages"][role]:
            plain(session)
            answer = session.get(host + url, allow_redirects=False)
            if answer.status_code == 302 and not answer.headers["Location"].startswith("/accounts/login/"):
                url = answer.headers["Location"]
                plain(session)
                answer = session.get(host + url, allow_redirects=False)
            if answer.status_code != 200:
                raise SystemExit(f"{login}: «{label}» {url} answered {answer.status_code}")
            resolved["pages"][role].append((label, url, weight))
    return resolved


def _sessions(host: str, plan: dict, count: int) -> dict:
    """`count` signed-in sessions per role (their cookies), made before the load starts."""
    import requests

    from _login import login_in

    sessions = {}
    for role, (login, password) in plan["logins"].items():
        sessions[role] = []
        for _ in range(count):
            session = requests.Session()
            session.request = _ignoring_name(session.request)
            login_in(session, host, login, password)
            sessions[role].append({cookie.name: cookie.value for cookie in session.cookies})
    return sessions


def _ignoring_name(request):
    def call(method, url, name=None, **kwargs):  # locust's client takes a `name` for its statistics
        return request(method, url, **kwargs)
    return call


def _locust(host: str, plan_file: str, users: int, seconds: int, classes: list[str]) -> list[dict]:
    prefix = tempfile.mkdtemp(prefix="orientir-load-") + "/run"
    subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(users),
                    "-r", str(users), "-t", f"{seconds}s", "--host", host, "--csv", prefix, "--only-summary",
                    "--loglevel", "ERROR", *classes], env={**os.environ, "BENCH_PAGES": plan_file}, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    with open(prefix + "_stats.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _total(rows: list[dict]) -> dict:
    row = next(r for r in rows if r["Name"] == "Aggregated")
    pages = [r for r in rows if r["Name"] not in ("Aggregated", "вход")]
    requests = sum(int(r["Request Count"]) for r in pages)
    rps = sum(float(r["Requests/s"]) for r in pages)
    return {"rps": rps, "p50": row["50%"], "p95": row["95%"], "p99": row["99%"], "requests": requests,
            "failures": sum(int(r["Failure Count"]) for r in pages)}


def main() -> None:
    global DB_NAME
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    parser.add_argument("--database", default=DB_NAME, help="the database created on the server for the run")
    parser.add_argument("--before", metavar="REV", help="also serve this git revision and run the mix against it")
    args = parser.parse_args()
    DB_NAME = args.database
    base = os.environ.get("BENCH_DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("BENCH_DATABASE_URL must name a PostgreSQL server: the region is measured as deployed")
    url = _prepare_database(base, args.reuse)
    plan_file = tempfile.mkstemp(suffix=".json")[1]
    Path(plan_file).write_text(json.dumps(_plan(url), ensure_ascii=False), encoding="utf-8")
    server, host = _serve(url, args.workers)
    old_server = old_host = None
    results = []
    try:
        plan = _preflight(host, json.loads(Path(plan_file).read_text(encoding="utf-8")))
        plan["sessions"] = _sessions(host, plan, max(args.users))
        Path(plan_file).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        if args.before:
            old_server, old_host = _serve(url, args.workers, _export(args.before))
            _preflight(old_host, plan)
        for users in args.users:
            probe = _total(_locust(host, plan_file, users, args.seconds, ["Probe"]))
            rows = _locust(host, plan_file, users, args.seconds, ["Coordinator", "Committee"])
            old_rows = _locust(old_host, plan_file, users, args.seconds, ["Coordinator", "Committee"]) if old_host \
                else None
            results.append((users, probe, _total(rows), rows, old_rows and _total(old_rows), old_rows))
    finally:
        for proc in (server, old_server):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
    print(f"\nRegion load: gunicorn × {args.workers} workers, DEBUG off, PostgreSQL, {os.cpu_count()} cores shared "
          f"with the load generator; {args.seconds} s per run; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'concurrency':>11} {'run':<34}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'failed':>8}")
    for users, probe, mix, _, old_mix, _ in results:
        runs = [("/health/", probe), ("page mix (coordinator+committee)", mix)]
        if old_mix:
            runs.append((f"page mix at {args.before}", old_mix))
        for label, r in runs:
            print(f"{users:>11} {label:<34}{r['rps']:>8.1f}{r['p50']:>8}{r['p95']:>8}{r['p99']:>8}{r['failures']:>8}")
        print(f"{users:>11} {'mix ÷ /health/':<34}{100 * mix['rps'] / probe['rps']:>7.1f}%  (target ≥ 20% at 10)")
        if old_mix:
            print(f"{users:>11} {'mix at ' + args.before + ' ÷ /health/':<34}"
                  f"{100 * old_mix['rps'] / probe['rps']:>7.1f}%")
    users, _, _, rows, _, old_rows = results[0]
    old = {r["Name"]: r for r in old_rows or []}
    print(f"\nPages of the mix at concurrency {users}: p95, ms" + (f" (and at {args.before})" if old else ""))
    for r in sorted((r for r in rows if r["Name"] not in ("Aggregated", "вход")), key=lambda r: -int(r["95%"])):
        before = f"{old[r['Name']]['95%']:>8}" if r["Name"] in old else ""
        print(f"  {r['Name']:<40}{r['95%']:>8}{before}   n={r['Request Count']}")


if __name__ == "__main__":
    main()
