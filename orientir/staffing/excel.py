"""The Excel template of a staffing return and its import: the whole file is checked before anything is saved."""

import io

import xlsxwriter
from django.db import transaction

from orientir.core import audit
from orientir.core.imports import engine, normalize
from orientir.core.imports.engine import HEADER_SEARCH_ROWS, Column, Reading, Table
from orientir.core.workbook import MB, Limits
from orientir.directory.models import Position

from .models import LINE_NUMBER_FIELDS, ReturnLine, StaffingReturn
from .services import ImportErrors, _check_editable, _lock
from .validation import LABELS, parse_line

CODE_ROW = 5  # 1-based row of the field codes, hidden in the template; the columns are found by their titles
FIRST_DATA_ROW = 6
# An organisation has dozens of positions, a return a few hundred lines at most; columns beyond the template's up
# to AZ (notes, totals a user added) are read and ignored.
LIMITS = Limits(columns=52, data_rows=5_000, header_rows=HEADER_SEARCH_ROWS, file_bytes=5 * MB)


def build_template(ret: StaffingReturn) -> bytes:
    """A workbook listing the organisation's positions with current values; the codes row keys the columns."""
    buf = io.BytesIO()
    # Names are what people typed: a position or organisation called «=HYPERLINK(…)» must stay text, never a formula
    # or a link (XlsxWriter turns a string starting with "=" into a formula by default); text goes in by write_string.
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Сведения")
    bold = book.add_format({"bold": True, "font_size": 12})
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                            "valign": "vcenter", "align": "center"})
    cell = book.add_format({"border": 1})
    name_fmt = book.add_format({"border": 1, "bg_color": "#F2F2F2"})
    sheet.write_string(0, 0, f"Мониторинг кадровой обеспеченности {ret.campaign.year} года", bold)
    sheet.write_string(1, 0, f"{ret.organisation.full_name} (ИНН {ret.organisation.inn})")
    sheet.write_string(2, 0, "Заполните строки по должностям. Числа — без пробелов; ставки — с двумя знаками после "
                             "запятой. Добавить должность можно строкой внизу (название — из каталога должностей). "
                             "Не меняйте строку 5 со служебными кодами.")
    columns = ["position"] + LINE_NUMBER_FIELDS
    sheet.set_row(3, 60)
    for col, code in enumerate(columns):
        sheet.write_string(3, col, "Должность" if code == "position" else LABELS[code], head)
        sheet.write_string(CODE_ROW - 1, col, code)
        sheet.set_column(col, col, 34 if col == 0 else 13)
    sheet.set_row(CODE_ROW - 1, None, None, {"hidden": True})
    for r, line in enumerate(ret.lines.select_related("position").order_by("position__name")):
        row = FIRST_DATA_ROW - 1 + r
        sheet.write_string(row, 0, line.position.name, name_fmt)
        for col, code in enumerate(LINE_NUMBER_FIELDS, start=1):
            value = getattr(line, code)
            sheet.write_number(row, col, float(value), cell)
    sheet.freeze_panes(FIRST_DATA_ROW - 1, 1)
    sheet.set_landscape()  # printed: landscape, all columns on the page's width, the header on every page
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(3)
    positions = book.add_worksheet("Каталог должностей")
    for r, p in enumerate(Position.objects.filter(is_active=True).order_by("name")):
        positions.write_string(r, 0, p.name)
    positions.set_column(0, 0, 45)
    book.close()
    return buf.getvalue()


def _cell(value):
    """A cell as it is: the numbers are parsed by the return's own rules (validation.parse_number), which also
    say what an Excel date in a number column looks like."""
    return value


# The columns as the template titles them (row 4); each also answers to its service code, the hidden row 5 of the
# templates handed out so far, so a file whose title row was removed is still read.
TABLE = Table((Column("position", "Должность", normalize.text, aliases=("position", "Наименование должности")),
               *(Column(code, LABELS[code], _cell, aliases=(code,)) for code in LINE_NUMBER_FIELDS)),
              LIMITS, sheet="Сведения")
CODES_MARK = "position"  # the first cell of the service-codes row: not a line


def check(data: bytes) -> tuple[Reading, list]:
    """The file as the import will write it: (the reading with every error placed, [(position, values)])."""
    reading = engine.check(data, TABLE)
    if reading.header_row == 0:
        return reading, []
    # «Социальный  педагог », «…с молодежью»: a position is matched as a person reads its name
    positions = {normalize.key(p.name): p for p in Position.objects.all()}
    seen: dict[int, int] = {}
    parsed = []
    for row in reading.rows:
        name = row.values["position"]
        if name == CODES_MARK:
            continue
        position = positions.get(normalize.key(name))
        if not name:
            reading.error(row.number, "position", "не указана должность")
        elif position is None:
            reading.error(row.number, "position",
                          f"должности «{name}» нет в каталоге должностей (см. лист «Каталог должностей»)")
        elif position.pk in seen:
            reading.error(row.number, "position", f"должность «{name}» уже указана в строке {seen[position.pk]}")
        else:
            seen[position.pk] = row.number
        values, line_errors = parse_line(row.values, labelled=False)
        for field, message in line_errors:
            reading.error(row.number, field, message)
        parsed.append((position, values))
    if reading.ok and not parsed:
        reading.error(0, None, "В файле нет ни одной строки с должностью.")
    return reading, parsed


@transaction.atomic
def return_import(*, actor, ret: StaffingReturn, data: bytes) -> StaffingReturn:
    """Replace the return's lines with the file's; any error anywhere → nothing saved, every error listed."""
    current = _lock(ret, None)
    _check_editable(current)
    reading, parsed = check(data)
    if not reading.ok:
        raise ImportErrors(reading.errors, marked=reading.header_row > 0)
    current.lines.all().delete()
    ReturnLine.objects.bulk_create([ReturnLine(ret=current, position=p, **values) for p, values in parsed])
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    audit.record(actor=actor, action="staffing.return.imported", instance=current,
                 changes={"Строк в файле": [None, len(parsed)]})
    return current
