"""Memory of the pupil import as the file grows: does it stay flat?

Run: `DEBUG=1 .venv/bin/python bench/import_memory.py [--sizes 10000 40000 100000] [--before REV]` (throwaway SQLite
in /tmp, or BENCH_DATABASE_URL for PostgreSQL; `--before` adds the import as it was at that git revision, each size
side by side). Each size runs in its own process (the same runner as
import_vs_import_export.py), so the peak RSS growth is that import's own. Prints, side by side: seconds, rows/s,
peak RSS growth, and the growth per 1,000 rows — flat memory means the growth does not follow the row count.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _setup import setup_django  # noqa: E402 - the bench folder is on sys.path when run

RUNNER = Path(__file__).with_name("import_vs_import_export.py")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000, 100_000])
    parser.add_argument("--before", help="a git revision whose pupil import runs beside the working tree's")
    args = parser.parse_args()
    setup_django()  # the files are built from the project's template
    sys.path.insert(0, str(RUNNER.parent))
    from import_vs_import_export import build_files

    print(f"\nPupil import (pupil, consent, representative per row), database: "
          f"{os.environ.get('BENCH_DATABASE_URL', 'sqlite').split(':', 1)[0]}")
    print(f"{'':<12}{'rows':>9}{'s':>8}{'rows/s':>9}{'CPU s':>7}{'RSS +MB':>9}{'MB per 1,000 rows':>19}")
    versions = {"orientir-before": f"до {args.before}"[:12]} if args.before else {}
    versions["orientir"] = "сейчас"
    env = {**os.environ, "BENCH_BEFORE": args.before or ""}
    for rows in args.sizes:
        folder = tempfile.mkdtemp(prefix="orientir-mem-")
        ours, theirs = build_files(rows, folder)
        for variant, label in versions.items():
            out = subprocess.run([sys.executable, str(RUNNER), "--only", variant, "--files", ours, theirs],
                                 capture_output=True, text=True, check=True, env=env)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{label:<12}{rows:>9,}{r['seconds']:>8.2f}{rows / r['seconds']:>9,.0f}{r['cpu']:>7.2f}"
                  f"{r['rss_mb']:>9.0f}{1000 * r['rss_mb'] / rows:>19.2f}")


if __name__ == "__main__":
    main()
