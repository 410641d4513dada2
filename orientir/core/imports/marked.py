"""The user's own file given back with its errors marked, so that it is fixed where the user works.

The sheet is rewritten row for row as read (values, not formatting: the reader keeps no styles), the cells with an
error filled red, and a last column «Ошибки» that says, for each faulty row, what is wrong and where. Rows keep
their numbers, so the list on the page and the file point at the same places. Written in XlsxWriter's
constant-memory mode: a file of 100,000 rows costs a row's memory, not the file's.
"""

import datetime
import io
import tempfile

import xlsxwriter

from orientir.core.workbook import WorkbookRefused, iter_rows

from .engine import Reading

ERRORS_TITLE = "Ошибки"


def marked_copy(data: bytes, reading: Reading) -> bytes:
    """An .xlsx of the file `reading` was made from, with `reading`'s errors marked."""
    rows = iter_rows(data, reading.table.limits, sheet=reading.table.sheet)
    with tempfile.TemporaryDirectory() as scratch:
        buf = io.BytesIO()
        book = xlsxwriter.Workbook(buf, {"in_memory": False, "tmpdir": scratch, "constant_memory": True,
                                         "strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
        sheet = book.add_worksheet("Ошибки загрузки")
        bad = book.add_format({"bg_color": "#F8D7DA", "border": 1, "border_color": "#C0392B"})
        note = book.add_format({"font_color": "#9C0006"})  # one line: nothing stands to its right
        head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
        head_bad = book.add_format({"bold": True, "bg_color": "#F8D7DA", "border": 1, "text_wrap": True})
        when = book.add_format({"num_format": "dd.mm.yyyy"})
        bad_when = book.add_format({"num_format": "dd.mm.yyyy", "bg_color": "#F8D7DA", "border": 1,
                                    "border_color": "#C0392B"})
        error_col = max(reading.width, 1)  # the first column right of everything the file has
        # widths before any row is written (constant-memory mode); printed landscape, one page wide
        sheet.set_column(0, error_col - 1, 16)
        sheet.set_column(error_col, error_col, 60)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        if reading.header_row:
            sheet.repeat_rows(reading.header_row - 1)
        file_marks = reading.marks.get(0, {})
        if file_marks:
            sheet.write_string(0, error_col, "; ".join(m for ms in file_marks.values() for m in ms), note)
        for number, cells in enumerate(_as_far_as_readable(rows), start=1):
            marks = reading.marks.get(number, {})
            for col in range(max([len(cells), *(c + 1 for c in marks)])):
                value = cells[col] if col < len(cells) else None
                flagged = col in marks
                if number == reading.header_row:
                    fmt = head_bad if flagged else head
                elif _is_date(value):
                    fmt = bad_when if flagged else when
                else:
                    fmt = bad if flagged else None
                _write(sheet, number - 1, col, value, fmt)
            if number == reading.header_row:
                # a header on the first row takes the cell where the file's own errors were written
                title = ERRORS_TITLE + (": " + "; ".join(m for ms in file_marks.values() for m in ms)
                                        if file_marks and number == 1 else "")
                sheet.write_string(number - 1, error_col, title, head)
            elif marks and number:
                sheet.write_string(number - 1, error_col, "; ".join(m for ms in marks.values() for m in ms), note)
        if reading.header_row:
            sheet.freeze_panes(reading.header_row, 0)
        book.close()
        return buf.getvalue()


def _as_far_as_readable(rows):
    """The rows up to where the sheet breaks off (a sheet refused half-way is refused from the loop over its rows,
    orientir.core.workbook_stream): the copy then ends there, and its first row says why the file was refused."""
    try:
        yield from rows
    except WorkbookRefused:
        return


def _is_date(value) -> bool:
    return isinstance(value, (datetime.date, datetime.datetime))


def _write(sheet, row: int, col: int, value, fmt) -> None:
    if value is None or value == "":
        if fmt is not None:
            sheet.write_blank(row, col, None, fmt)
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, (datetime.datetime, datetime.date)):
        sheet.write_datetime(row, col, value, fmt)
    elif isinstance(value, datetime.time):
        sheet.write_string(row, col, value.strftime("%H:%M"), fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)
