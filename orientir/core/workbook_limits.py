"""What an uploaded workbook may be and cost (Limits), the Russian refusals, an import's error list, column letters.

The ground the workbook reader (orientir.core.workbook) and its cell scan (workbook_scan) both stand on."""

import dataclasses
import functools

from orientir.core.errors import DomainError
from orientir.core.text import plural

MB = 1024 * 1024
ERRORS_SHOWN = 200  # an import lists at most this many errors and says how many there are in all
CHUNK = 1 * MB  # unpacked bytes scanned at a time
MAX_TOKEN = 1 * MB  # a single tag (or comment) longer than this is no spreadsheet's
VALUE_WINDOW = 64  # bytes after a cell tag that must be at hand to tell an empty cell from a filled one

REFUSAL_TAIL = "Сохраните файл заново в Excel или LibreOffice в формате «Книга Excel (.xlsx)» и загрузите снова."
NOT_XLSX = "Файл не является книгой Excel (.xlsx). Скачайте шаблон, заполните его и сохраните в формате .xlsx."
OLE = ("Файл в старом формате Excel (.xls) или защищён паролем. Откройте его в Excel или LibreOffice, снимите пароль "
       "и сохраните как «Книга Excel (.xlsx)».")
DAMAGED = "Файл повреждён и не читается как книга Excel (.xlsx). " + REFUSAL_TAIL
UNREADABLE = "Файл не читается как книга Excel (.xlsx). " + REFUSAL_TAIL


class WorkbookRefused(DomainError):
    """The upload is not a workbook the importer will read: the message says why, in Russian."""


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one importer accepts: its template's columns and rows, and what the file may cost to unpack."""

    columns: int  # columns A.. of the template; a filled cell further right is refused
    data_rows: int  # rows of data under the header
    header_rows: int  # rows above the data (title, hints, column names, codes)
    file_bytes: int = 5 * MB
    unpacked_bytes: int = 128 * MB  # every entry together, as unpacked
    entries: int = 500
    shared_strings: int = 1_000_000

    @property
    def last_row(self) -> int:
        return self.header_rows + self.data_rows

    def shape(self) -> str:
        return (f"шаблон допускает не больше {self.columns} {plural(self.columns, ('столбца', 'столбцов', 'столбцов'))} "
                f"(A–{column_name(self.columns)}) и {_number(self.data_rows)} "
                f"{plural(self.data_rows, ('строки', 'строк', 'строк'))} с данными "
                f"(до строки {_number(self.last_row)})")


class ErrorList(list):
    """An import's errors: keeps the first ERRORS_SHOWN in order and counts every one (`total`)."""

    def __init__(self, shown: int = ERRORS_SHOWN):
        super().__init__()
        self.shown = shown
        self.total = 0

    def append(self, item) -> None:
        self.total += 1
        if len(self) < self.shown:
            super().append(item)

    def extend(self, items) -> None:
        for item in items:
            self.append(item)

    def __iadd__(self, items):
        self.extend(items)
        return self


def column_name(number: int) -> str:
    """1 → A, 12 → L, 30 → AD."""
    name = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


@functools.lru_cache(maxsize=4096)
def column_number(letters: bytes) -> int:
    """b"AD" → 30; either case, as calamine reads it."""
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


# --- Russian numbers ------------------------------------------------------------------------------------------------

def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")
