"""The plain-text tables bench/run.py prints: pages by size against the p95 target, the XLSX writers, the export."""


TARGET_P95_MS = 200.0  # QUALITY.md: every list/detail/dashboard page at the country size
TARGET_EXPORT_S = 30.0  # QUALITY.md: XLSX of 1,000,000 rows x 10 columns
XLSX_WRITERS = {"write_xlsx": "write_xlsx (orientir.core.xlsx)", "xlsxwriter": "XlsxWriter, constant_memory"}


def fmt_size(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def print_table(headers: list[str], rows: list[list[str]], align: str) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(cells, widths, align, strict=True))

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def report_xlsx(xlsx_results) -> None:
    print("1. XLSX export: orientir.core.tables.write_xlsx beside the XlsxWriter version it replaced, "
          "a 10-column report (own process each run)")
    rows = []
    by_writer: dict[str, list] = {}
    for writer, n, res in xlsx_results:
        name = f"{XLSX_WRITERS[writer]}, {fmt_size(n)} x 10"
        if "error" in res:
            rows.append([name, "error: " + res["error"], "", "", "", ""])
            continue
        by_writer.setdefault(writer, []).append((n, res))
        rows.append([name, f"{res['seconds']:.1f}", f"{res['cpu']:.1f}", fmt_size(int(res["rows"] / res["seconds"])),
                     f"{res['rss_growth_mb']:.1f}", f"{res['file_mb']:.1f}"])
    print_table(["run", "wall s", "cpu s", "rows/s", "peak RSS +MB", "file MB"], rows, "lrrrrr")
    for writer, runs in by_writer.items():
        if len(runs) != 2:
            continue
        (n1, a), (n2, b) = runs
        projected = b["seconds"] * 1_000_000 / n2
        print(f"   {writer}: {fmt_size(n2)}/{fmt_size(n1)} rows ({n2 / n1:g}x data) → "
              f"wall {b['seconds'] / a['seconds']:.1f}x, "
              f"cpu {b['cpu'] / a['cpu']:.1f}x; peak RSS growth {a['rss_growth_mb']:.1f} → {b['rss_growth_mb']:.1f} MB "
              f"(flat if about equal); 1 000 000 x 10 {'measured' if n2 == 1_000_000 else 'projected'}: "
              f"{projected:.0f} s wall, {b['cpu'] * 1_000_000 / n2:.0f} s cpu "
              f"(target ≤ {TARGET_EXPORT_S:g} s: {'ok' if projected <= TARGET_EXPORT_S else 'SLOW'})")
    if len(by_writer.get("xlsxwriter", [])) == len(by_writer.get("write_xlsx", [])) == 2:
        a, b = by_writer["xlsxwriter"][-1][1], by_writer["write_xlsx"][-1][1]
        print(f"   write_xlsx vs XlsxWriter on the same {fmt_size(by_writer['write_xlsx'][-1][0])} rows: "
              f"{a['seconds'] / b['seconds']:.1f}x less wall time, {a['cpu'] / b['cpu']:.1f}x less CPU "
              f"(CPU counts both threads), file {b['file_mb'] / a['file_mb']:.2f}x the size")
    print(f"   target (QUALITY.md): XLSX of 1 000 000 rows x 10 columns in ≤ {TARGET_EXPORT_S:g} s, streaming, "
          "memory flat")
    print(flush=True)


def report_pages(sizes, cases, world, results, requests, vendor: str) -> None:
    big, small = sizes[-1], sizes[0]
    s_names = [fmt_size(s) for s in sizes]

    print("2. Pages through django.test.Client as a logged-in user (whole request: middleware, session save, "
          "template)")
    print("2a. Wall-clock latency, ms: median and p95")
    headers = ["page", "user"]
    for n in s_names:
        headers += [f"med@{n}", f"p95@{n}"]
    headers += [f"p95 {s_names[-1]}/{s_names[0]}", f"p95≤{TARGET_P95_MS:g}@{s_names[-1]}"]
    rows, notes = [], []
    for label, _url, who in cases:
        for name in world.users:
            if name not in who:
                continue
            per = results[(label, name)]
            row = [label, name]
            for s in sizes:
                row += [f"{per[s]['median']:.1f}", f"{per[s]['p95']:.1f}"]
            row.append(f"{per[big]['p95'] / per[small]['p95']:.1f}x")
            row.append("ok" if per[big]["p95"] <= TARGET_P95_MS else "SLOW")
            rows.append(row)
            bad = {s: per[s]["status"] for s in sizes if per[s]["status"] != 200}
            if bad:
                notes.append(f"   ! {label} as {name}: HTTP {bad}")
            short = {fmt_size(s): per[s]["n"] for s in sizes if per[s]["n"] < requests}
            if short:
                notes.append(f"   · {label} as {name}: series cut by the time budget, requests {short}")
    print_table(headers, rows, "ll" + "r" * (len(headers) - 2))
    print()
    where = ("SQLite runs in-process, so this is app + database" if vendor == "sqlite"
             else "the database server's own work is not in it")
    print(f"2b. CPU of this process per request, ms (median; {where}; steadier than wall time on a busy machine) "
          "and SQL queries per request")
    headers = ["page", "user"] + [f"cpu@{n}" for n in s_names] + [f"cpu {s_names[-1]}/{s_names[0]}",
                                                                 "SQL " + "/".join(s_names), "SQL flat"]
    rows = []
    for label, _url, who in cases:
        for name in world.users:
            if name not in who:
                continue
            per = results[(label, name)]
            queries = [per[s]["queries"] for s in sizes]
            rows.append([label, name] + [f"{per[s]['cpu']:.1f}" for s in sizes]
                        + [f"{per[big]['cpu'] / max(per[small]['cpu'], 0.01):.1f}x", "/".join(map(str, queries)),
                           "yes" if len(set(queries)) == 1 else "GROWS"])
    print_table(headers, rows, "ll" + "r" * (len(headers) - 2))
    for note in notes:
        print(note)
    print(f"   target (QUALITY.md): p95 ≤ {TARGET_P95_MS:g} ms for every list, detail and dashboard page at "
          "100 000 organisations (PostgreSQL, 2 cores); SQL per page bounded, not growing with the data")
    print()


def report_export_view(sizes, exports, build_times) -> None:
    print("3. Export view /directory/organisations/export/ as committee (all), 14 columns (own process each run)")
    rows = []
    for s in sizes:
        e = exports[s]
        name = f"{fmt_size(s)} organisations"
        if "error" in e:
            rows.append([name, "error: " + e["error"], "", "", "", "", ""])
            continue
        rows.append([name, f"{e['seconds']:.2f}", f"{e['cpu']:.2f}", fmt_size(int(s / e["seconds"])),
                     f"{e['rss_growth_mb']:.1f}", f"{e['bytes'] / 2**20:.1f}",
                     f"{e['queries']}" + ("" if e["status"] == 200 else f" HTTP {e['status']}")])
    print_table(["registry", "wall s", "cpu s", "rows/s", "peak RSS +MB", "file MB", "SQL"], rows, "lrrrrrr")
    ok = [s for s in sizes if "error" not in exports[s]]
    if len(ok) > 1:
        a, b = exports[ok[0]], exports[ok[-1]]
        print(f"   {fmt_size(ok[0])} → {fmt_size(ok[-1])} organisations: peak RSS growth {a['rss_growth_mb']:.1f} → "
              f"{b['rss_growth_mb']:.1f} MB, SQL {a['queries']} → {b['queries']}")
    print()
    print("   data build (not a target): " + ", ".join(f"{fmt_size(s)} in {t:.1f} s" for s, t in build_times))
