"""The pupil import of a git revision beside the working tree's, each import in a process of its own, rounds alternated.

Run: `DEBUG=1 .venv/bin/python bench/import_ab.py --before REV [--rows 100000] [--rounds 3]` (throwaway SQLite per
process, or BENCH_DATABASE_URL — on a kept PostgreSQL database each import deletes its rows after it is timed).
The revision is unpacked whole (`git archive`) into a temporary folder and imported from there, so its models and
helpers are its own too — `--before` of the other scripts (bench/_before.py) swaps only the engine's modules and the
importer inside one process, and the models stay the working tree's. Prints every round and the fastest of each:
wall seconds, rows/s, the process's CPU seconds (all its threads) and its peak RSS growth, with the load average.
`--rows` over the template's 100,000 lifts the importer's caps for the run (memory at 1,000,000 rows, QUALITY.md).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

from _setup import ROOT, setup_django  # noqa: E402 - the bench folder is on sys.path when run

ONE = """
import datetime, json, os, resource, sys, time
root, path = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
os.chdir(root)
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from orientir.pupils import importer
assert importer.__file__.startswith(root), importer.__file__
sys.path.append(sys.argv[3])
from import_vs_import_export import _clear, _school
rows = int(sys.argv[4])
if rows > importer.LIMITS.data_rows:  # a file larger than the template allows, to see how memory grows with it
    import dataclasses
    big = dataclasses.replace(importer.LIMITS, data_rows=rows, file_bytes=2**31, unpacked_bytes=2**34,
                              shared_strings=2**31)
    importer.TABLE = dataclasses.replace(importer.TABLE, limits=big)
data = open(path, "rb").read()
school = _school("ab")
def status(field):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field))
try:  # the peak so far (Django's start, the migration) is reset, so the import's own peak is what is read
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    base = status("VmRSS:")
except OSError:
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
done = importer.import_pupils(actor=None, organisation=school, data=data, today=datetime.date(2026, 11, 26))
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
rss = (status("VmHWM:") - base) / 1024
_clear(school)
print(json.dumps({"add": done.add, "wall": wall, "cpu": cpu, "rss": rss, "load": os.getloadavg()[0]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="the git revision timed beside the working tree")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shared-strings", action="store_true",
                        help="texts in the book's shared strings, as Excel saves them (default: inline, as streamed)")
    args = parser.parse_args()
    setup_django()  # the file is built from the working tree's template
    from pupil_import_bench import build

    folder = tempfile.mkdtemp(prefix="orientir-ab-")
    path = os.path.join(folder, "pupils.xlsx")
    with open(path, "wb") as fh:
        fh.write(build(args.rows, shared_strings=args.shared_strings))
    old = os.path.join(folder, "before")
    os.mkdir(old)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", old], input=archive, check=True)
    trees = {f"до {args.before}": old, "сейчас": str(ROOT)}
    results: dict[str, list[dict]] = {label: [] for label in trees}
    database = os.environ.get("BENCH_DATABASE_URL")
    for _ in range(args.rounds):
        for label, tree in trees.items():
            env = {**os.environ, "DATABASE_URL": database or f"sqlite:///{tempfile.mkdtemp(prefix='orientir-ab-')}/b.db"}
            out = subprocess.run([sys.executable, "-c", ONE, tree, path, str(ROOT / "bench"), str(args.rows)], capture_output=True,
                                 text=True, env=env, cwd=tree)
            if out.returncode:
                sys.exit(f"{label}: the import failed\n{out.stderr[-3000:]}")
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results[label].append(r)
            print(f"{label:<20}{r['wall']:>8.2f} s{args.rows / r['wall']:>9,.0f} rows/s  CPU {r['cpu']:>6.2f} s  "
                  f"RSS +{r['rss']:.0f} MB  load {r['load']:.1f}", flush=True)
    print(f"\n{args.rows:,} pupils, {(database or 'sqlite').split(':', 1)[0]}, fastest of {args.rounds}:")
    best = {label: (min(r["wall"] for r in rs), min(r["cpu"] for r in rs), max(r["rss"] for r in rs))
            for label, rs in results.items()}
    for label, (wall, cpu, rss) in best.items():
        print(f"{label:<20}{wall:>8.2f} s{args.rows / wall:>9,.0f} rows/s  CPU {cpu:>6.2f} s  RSS +{rss:.0f} MB")
    (w0, c0, _), (w1, c1, _) = best.values()
    print(f"now / before: wall {w1 / w0:.2f}, CPU {c1 / c0:.2f}")


if __name__ == "__main__":
    main()
