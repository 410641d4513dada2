"""The Excel template of a staffing return and its import: the whole file is checked before anything is saved."""

import io

import xlsxwriter
from python_calamine import CalamineWorkbook
from django.db import transaction
from xlsxwriter.utility import xl_col_to_name

from orientir.core import audit
from orientir.directory.models import Position

from .models import LINE_NUMBER_FIELDS, ReturnLine, StaffingReturn
from .services import ImportErrors, _check_editable, _lock
from .validation import LABELS, parse_line

CODE_ROW = 5  # 1-based row holding the field codes the importer reads (hidden in the template)
FIRST_DATA_ROW = 6
MAX_FILE_BYTES = 5 * 1024 * 1024


def build_template(ret: StaffingReturn) -> bytes:
    """A workbook listing the organisation's positions with current values; the codes row keys the columns."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet("Сведения")
    bold = book.add_format({"bold": True, "font_size": 12})
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                            "valign": "vcenter", "align": "center"})
    cell = book.add_format({"border": 1})
    name_fmt = book.add_format({"border": 1, "bg_color": "#F2F2F2"})
    sheet.write(0, 0, f"Мониторинг кадровой обеспеченности {ret.campaign.year} года", bold)
    sheet.write(1, 0, f"{ret.organisation.full_name} (ИНН {ret.organisation.inn})")
    sheet.write(2, 0, "Заполните строки по должностям. Числа — без пробелов; ставки — с двумя знаками после запятой. "
                      "Добавить должность можно строкой внизу (название — из каталога должностей). "
                      "Не меняйте строку 5 со служебными кодами.")
    columns = ["position"] + LINE_NUMBER_FIELDS
    sheet.set_row(3, 60)
    for col, code in enumerate(columns):
        sheet.write(3, col, "Должность" if code == "position" else LABELS[code], head)
        sheet.write(CODE_ROW - 1, col, code)
        sheet.set_column(col, col, 34 if col == 0 else 13)
    sheet.set_row(CODE_ROW - 1, None, None, {"hidden": True})
    for r, line in enumerate(ret.lines.select_related("position").order_by("position__name")):
        row = FIRST_DATA_ROW - 1 + r
        sheet.write(row, 0, line.position.name, name_fmt)
        for col, code in enumerate(LINE_NUMBER_FIELDS, start=1):
            value = getattr(line, code)
            sheet.write_number(row, col, float(value), cell)
    sheet.freeze_panes(FIRST_DATA_ROW - 1, 1)
    positions = book.add_worksheet("Каталог должностей")
    for r, p in enumerate(Position.objects.filter(is_active=True).order_by("name")):
        positions.write(r, 0, p.name)
    positions.set_column(0, 0, 45)
    book.close()
    return buf.getvalue()


def parse_template(data: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> list[tuple[int, str, dict]]:
    """Rows of the file as (row number, position name, raw values); raises ImportErrors with row and column."""
    if len(data) > max_bytes:
        raise ImportErrors([(0, "", "Файл больше 5 МБ — это не шаблон сведений.")])
    try:
        # calamine (Rust) reads an xlsx many times faster than openpyxl: a 100,000-row file in seconds.
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        name = "Сведения" if "Сведения" in book.sheet_names else book.sheet_names[0]
        rows = [[None if v == "" else v for v in row]
                for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)]
    except Exception as exc:  # any unreadable file is the user's problem to fix, not a server error
        raise ImportErrors([(0, "", "Файл не читается как книга Excel (.xlsx). Скачайте шаблон и заполните его.")]) \
            from exc
    if len(rows) < CODE_ROW or (rows[CODE_ROW - 1] or [None])[0] != "position":
        raise ImportErrors([(CODE_ROW, "A", "Нет строки служебных кодов: загрузите файл, скачанный из системы.")])
    codes = [str(c).strip() if c is not None else "" for c in rows[CODE_ROW - 1]]
    missing = [LABELS[c] for c in LINE_NUMBER_FIELDS if c not in codes]
    if missing:
        raise ImportErrors([(CODE_ROW, "", f"В шаблоне нет столбцов: {', '.join(missing)}.")])
    index = {code: i for i, code in enumerate(codes) if code}
    result = []
    for number, row in enumerate(rows[FIRST_DATA_ROW - 1:], start=FIRST_DATA_ROW):
        if row is None or all(v in (None, "") for v in row):
            continue
        name = row[0]
        raw = {code: (row[i] if i < len(row) else None) for code, i in index.items() if code != "position"}
        result.append((number, str(name).strip() if name is not None else "", raw))
    return result


@transaction.atomic
def return_import(*, actor, ret: StaffingReturn, data: bytes) -> StaffingReturn:
    """Replace the return's lines with the file's; any error anywhere → nothing saved, every error listed."""
    current = _lock(ret, None)
    _check_editable(current)
    rows = parse_template(data)
    positions = {p.name.casefold(): p for p in Position.objects.all()}
    errors: list[tuple[int, str, str]] = []
    seen: dict[int, int] = {}
    parsed = []
    column_of = {code: xl_col_to_name(i + 1) for i, code in enumerate(LINE_NUMBER_FIELDS)}
    for number, name, raw in rows:
        position = positions.get(name.casefold())
        if not name:
            errors.append((number, "A", "Не указана должность."))
        elif position is None:
            errors.append((number, "A", f"Должности «{name}» нет в каталоге должностей (см. лист «Каталог должностей»)."))
        elif position.pk in seen:
            errors.append((number, "A", f"Должность «{name}» уже указана в строке {seen[position.pk]}."))
        else:
            seen[position.pk] = number
        values, line_errors = parse_line(raw)
        errors += [(number, column_of.get(field, ""), message) for field, message in line_errors]
        parsed.append((position, values))
    if not rows:
        errors.append((FIRST_DATA_ROW, "A", "В файле нет ни одной строки с должностью."))
    if errors:
        raise ImportErrors(sorted(errors))
    current.lines.all().delete()
    ReturnLine.objects.bulk_create([ReturnLine(ret=current, position=p, **values) for p, values in parsed])
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    audit.record(actor=actor, action="staffing.return.imported", instance=current,
                 changes={"Строк в файле": [None, len(parsed)]})
    return current
