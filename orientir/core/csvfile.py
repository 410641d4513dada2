"""A CSV upload turned into the workbook every import reads, within the same limits.

People export lists from a school's information system or a university's admission site as CSV: Excel in Russia
saves it in Windows-1251 with «;» between the fields, other programs in UTF-8 (with or without a byte-order mark)
with «,» or a tab. The file is decoded, split into cells and written as a one-sheet .xlsx of text cells; from there
it goes the way of any workbook — the bounded read, the header found by its titles, the values normalised (a date or
a number in a CSV is text, and the import reads text dates and «1 234,5» anyway), the errors marked in the user's
file (given back as .xlsx). Only a file named *.csv is read as CSV: a text file named .xlsx is refused as not a
workbook, as before.
"""

import csv
import io

import xlsxwriter

from .workbook import Limits, WorkbookRefused, column_name

NOT_CSV = ("Файл не читается как таблица CSV: в нём есть двоичные данные. Сохраните таблицу как «CSV (разделители — "
           "точка с запятой)» или как «Книга Excel (.xlsx)» и загрузите снова.")
FIELD_CHARS = 32_000  # an Excel cell holds 32,767 characters


def is_csv(name: str | None) -> bool:
    return (name or "").lower().rstrip().endswith(".csv")


def decode(data: bytes) -> str:
    """UTF-8 (a byte-order mark dropped) when the bytes are UTF-8, else Windows-1251 — what Excel writes here."""
    if b"\x00" in data:
        raise WorkbookRefused(NOT_CSV)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise WorkbookRefused(NOT_CSV) from exc


def delimiter(text: str) -> str:
    """«;», «,» or a tab: the one the first lines agree on (a name with a comma inside quotes does not count)."""
    sample = "\n".join(text[:65_536].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        return ";"


def as_xlsx(data: bytes, limits: Limits) -> bytes:
    """The CSV as a workbook of text cells, or WorkbookRefused when it breaks the template's limits."""
    text = decode(data)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("Лист1")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    try:
        for index, cells in enumerate(reader):
            if index >= limits.last_row:
                if any(c.strip() for c in cells):
                    raise WorkbookRefused(f"В файле больше строк, чем допускает шаблон: {limits.shape()}.")
                continue
            for col, value in enumerate(cells):
                if not value.strip():
                    continue
                if col >= limits.columns:
                    raise WorkbookRefused(
                        f"В файле заполнена ячейка {column_name(col + 1)}{index + 1}: {limits.shape()}. Удалите лишние "
                        "столбцы и загрузите файл снова.")
                if len(value) > FIELD_CHARS:
                    raise WorkbookRefused(f"В ячейке {column_name(col + 1)}{index + 1} больше {FIELD_CHARS} знаков: "
                                          "столько не помещается в ячейку Excel.")
                sheet.write_string(index, col, value)
    except csv.Error as exc:  # a field longer than the csv module's limit, a stray quote at the end
        raise WorkbookRefused(NOT_CSV) from exc
    book.close()
    return buf.getvalue()
