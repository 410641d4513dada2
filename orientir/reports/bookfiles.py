"""The report book as one archive: its table (PDF and Excel) and every file the book links to, as the user may
download them, in a ZIP (decision 66).

Each file is made by repeating its download for the user (`orientir.jobs.exports.replay`): the same view, access
rules and report as the book's own button, so the archive holds nothing the user could not download one by one. A
book of more than JOBS_BOOK_THRESHOLD files is written by a task worker with its progress on «Мои задания»; a
smaller one in the request.
"""

import dataclasses
import io
import re
import zipfile
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.http import Http404

from orientir.core.tables import Column, Report, render_pdf, write_xlsx

from . import reportbook


@dataclasses.dataclass(frozen=True)
class BookFile:
    number: str  # the plan item's number
    label: str  # «Excel», «PDF», «Сводка, PDF»
    url: str


def files_of(rows: list[reportbook.BookRow]) -> list[BookFile]:
    return [BookFile(row.item.number, label, url) for row in rows for label, url in row.files]


def archive_name(version) -> str:
    return f"kniga-otchetov-{version.year}.zip"


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def _entry_name(number: str, title: str, ext: str, taken: set[str]) -> str:
    """«2.4.3 Мониторинг профильных классов.pdf»: the item's number first, so the files sort as the plan does."""
    base = _UNSAFE.sub(" ", f"{number} {title}").strip()[:100]
    name, n = f"{base}.{ext}", 1
    while name in taken:
        n += 1
        name = f"{base} ({n}).{ext}"
    taken.add(name)
    return name


def _made(user, book_file: BookFile) -> tuple[str, str, bytes] | str:
    """(title, extension, content) of one file, or why it is not in the archive."""
    from orientir.jobs import exports

    parts = urlsplit(book_file.url)
    try:
        request, match, response = exports.replay(user, parts.path, parts.query)
    except (Http404, PermissionDenied):
        return "недоступен"
    if isinstance(response, exports.Captured):
        buffer = io.BytesIO()
        exports.write(response, buffer)
        content, title, ext = buffer.getvalue(), response.report.title, response.fmt
    elif response.status_code == 200 and response.has_header("Content-Disposition"):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        disposition = response["Content-Disposition"]
        ext = "pdf" if "pdf" in response.get("Content-Type", "") else disposition.rsplit(".", 1)[-1].strip('"')[:4]
        title = book_file.label
    else:
        return "недоступен"
    exports.log_read(user, request, match)
    return title, ext, content


def _index(version, rows, today, placed: dict[str, list[str]]) -> Report:
    """The book's table as the page shows it, with the names of the files the archive holds for each item."""
    out = []
    for row in rows:
        status = row.status[0]
        out.append((row.item.number, row.item.title, row.item.expected_result or "", status,
                    row.last_done.date() if row.last_done else None,
                    "\n".join(placed.get(row.item.number, [])) or "—"))
    return Report(title=f"Книга отчётов на {version.year} год",
                  subtitle=f"{version.municipality} · на {today:%d.%m.%Y}",
                  columns=[Column("Пункт", 8), Column("Мероприятие", 60), Column("Ожидаемый результат", 40),
                           Column("Состояние", 18), Column("Последнее подтверждение", 14, "date"),
                           Column("Файлы в архиве", 40)],
                  rows=out, filename=f"kniga-otchetov-{version.year}",
                  notes=["Файлы сформированы по данным системы на дату книги с правами пользователя, который её "
                         "выгрузил."])


def write_archive(user, version, today, out, progress=None) -> int:
    """Write the ZIP of the book into the binary file `out`; returns how many report files it holds."""
    rows = reportbook.report_book(user, version, today)
    files = files_of(rows)
    placed: dict[str, list[str]] = {}
    taken: set[str] = set()
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n, book_file in enumerate(files, start=1):
            if progress is not None:
                progress(90 * (n - 1) / len(files), f"Отчёт {n} из {len(files)}: пункт {book_file.number}, "
                                                     f"{book_file.label}", force=True)
            made = _made(user, book_file)
            if isinstance(made, str):
                placed.setdefault(book_file.number, []).append(f"{book_file.label}: {made}")
                continue
            title, ext, content = made
            name = _entry_name(book_file.number, title, ext, taken)
            archive.writestr(name, content)
            placed.setdefault(book_file.number, []).append(name)
            count += 1
        if progress is not None:
            progress(92, "Таблица книги отчётов", force=True)
        index = _index(version, rows, today, placed)
        archive.writestr(f"00 Книга отчётов {version.year}.pdf", render_pdf(index))
        buffer = io.BytesIO()
        write_xlsx(index, buffer)
        archive.writestr(f"00 Книга отчётов {version.year}.xlsx", buffer.getvalue())
    return count
