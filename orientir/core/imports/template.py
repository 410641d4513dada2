"""The Excel template of an import, written from its table: the titles the engine looks for, a heading and notes
above them, printable (landscape, all columns on the page's width, the header repeated on every page)."""

import io

import xlsxwriter

from .engine import Table

HEADER_ROW = 3  # 1-based: a heading, a note, then the titles


def build(table: Table, *, heading: str, note: str = "", widths: dict[str, int] | None = None) -> bytes:
    """The template: `heading` (bold) and `note` above the titles, nothing below them (a sample row left in would be
    imported). Everything is written as text: a name starting with «=» stays a name, never a formula or a link."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(table.sheet or "Данные")
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"})
    sheet.write_string(0, 0, heading, book.add_format({"bold": True}))
    if note:
        sheet.write_string(1, 0, note)
    for col, column in enumerate(table.columns):
        sheet.write_string(HEADER_ROW - 1, col, column.title, head)
        sheet.set_column(col, col, (widths or {}).get(column.code, 18))
    sheet.freeze_panes(HEADER_ROW, 0)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW - 1)
    book.close()
    return buf.getvalue()
