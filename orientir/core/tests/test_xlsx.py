"""The streaming XLSX writer behind every table's export: values, formats and layout read back."""

import datetime
import decimal
import io
import zipfile

import openpyxl
import pytest
from django.utils import timezone

from orientir.core import xlsx
from orientir.core.tables import Column, Report, write_xlsx

COLUMNS = [Column("№", 6, "number"), Column("Текст «ё»", 30), Column("Дата", 12, "date"),
           Column("Сумма, руб.", 14, "money"), Column("Флаг", 8), Column("Когда", 16, "date")]
LONG = "Длинный текст, " * 3000  # 45 000 characters: more than an Excel cell holds
MOSCOW_NOON = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)  # 12:00 in Europe/Moscow
ROWS = [
    (1, 'Ёлка & «ёж» "кавычки" <b>тег</b> > 5', datetime.date(2024, 3, 1), decimal.Decimal("1234567.89"), True,
     MOSCOW_NOON),
    (2, "звонок\x07здесь", datetime.date(1999, 12, 31), decimal.Decimal("0.50"), False, None),
    (3, None, None, None, None, datetime.datetime(2025, 1, 2, 3, 4)),
    (4, "", datetime.date(2025, 1, 1), 12.5, "нет данных", None),
    (5, LONG, datetime.date(2025, 1, 1), 7, True, None),
    (6, " пробелы по краям ", datetime.date(2025, 1, 1), float("nan"), True, None),
]


def _report(rows=ROWS, **kwargs):
    return Report(title="Проверка выгрузки & «ё»", columns=COLUMNS, rows=iter(rows), subtitle="Подзаголовок",
                  notes=["Примечание: данные условные.", "Вторая строка примечаний."], **kwargs)


def _workbook(report):
    buf = io.BytesIO()
    count = write_xlsx(report, buf)
    buf.seek(0)
    return count, openpyxl.load_workbook(buf), buf


def test_every_kind_of_cell_reads_back():
    count, book, _ = _workbook(_report())
    assert count == len(ROWS)
    sheet = book["Данные"]
    assert sheet["A1"].value == "Проверка выгрузки & «ё»" and sheet["A1"].font.b
    assert sheet["A2"].value == "Подзаголовок"
    assert [c.value for c in sheet[4]] == [c.title for c in COLUMNS]
    assert sheet["A4"].fill.fgColor.rgb == "FFDCE6F1" and sheet["A4"].font.b
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=5, max_row=10)]
    assert values[0] == [1, 'Ёлка & «ёж» "кавычки" <b>тег</b> > 5', datetime.datetime(2024, 3, 1),
                         1234567.89, "да", datetime.datetime(2025, 3, 1, 12, 0)]
    assert values[1][:5] == [2, "звонокздесь", datetime.datetime(1999, 12, 31), 0.5, "нет"]
    assert values[2] == [3, None, None, None, None, datetime.datetime(2025, 1, 2, 3, 4)]  # naive: as it is
    assert values[3][1] is None and values[3][3:5] == [12.5, "нет данных"]
    assert values[4][1] == LONG[:xlsx.TEXT_MAX] and values[4][3] == 7
    assert values[5][1] == " пробелы по краям " and values[5][3] is None  # NaN: an empty cell
    formats = {c.column_letter: c.number_format for c in sheet[5]}
    assert (formats["A"], formats["C"], formats["D"], formats["F"]) == ("# ##0", "dd.mm.yyyy", "# ##0.00",
                                                                        "dd.mm.yyyy")
    assert sheet["B5"].alignment.wrap_text and sheet["B5"].border.left.style == "thin"
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == "A4:F10"
    assert sheet.column_dimensions["B"].width == pytest.approx(30.71, abs=0.01)
    assert sheet["A12"].value == "Примечание: данные условные."
    assert sheet["A13"].value == "Вторая строка примечаний."
    assert sheet.max_row == 13


def test_any_order_of_types_and_many_rows_in_chunks():
    rows = [(i, f"Строка {i}" if i % 3 else None, datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
             decimal.Decimal(i) / 4 if i % 5 else None, i % 2 == 0, "x & y" if i == 2500 else "") for i in range(5000)]
    buf = io.BytesIO()
    assert xlsx.write_report(_report(rows), buf, chunk_rows=300) == 5000
    buf.seek(0)
    sheet = openpyxl.load_workbook(buf, read_only=True)["Данные"]
    got = list(sheet.iter_rows(min_row=5, max_row=5004, values_only=True))
    assert len(got) == 5000
    for i in (0, 1, 3, 5, 2500, 4999):
        number, text, day, money, flag, last = got[i]
        assert number == i and text == (f"Строка {i}" if i % 3 else None)
        assert day == datetime.datetime(2024, 1, 1) + datetime.timedelta(days=i)
        assert money == (i / 4 if i % 5 else None) and flag == ("да" if i % 2 == 0 else "нет")
        assert last == ("x & y" if i == 2500 else None)


def test_empty_report_and_file_path(tmp_path):
    path = tmp_path / "empty.xlsx"
    assert write_xlsx(Report(title="Пусто", columns=COLUMNS, rows=[]), str(path)) == 0
    sheet = openpyxl.load_workbook(path)["Данные"]
    assert sheet["A2"].value.startswith("Сформировано ")
    assert sheet.auto_filter.ref == "A4:F5"
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None


def test_rows_past_the_sheet_limit_are_left_out_with_a_note(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 20)
    count, book, _ = _workbook(_report([(i, "т", None, None, None, None) for i in range(50)]))
    sheet = book["Данные"]
    assert count == 20 - 4 - 1 - 2 - 2
    assert sheet.max_row <= 20
    assert "Выгружены первые 11 строк" in sheet.cell(sheet.max_row, 1).value


def test_libreoffice_opens_it(tmp_path, soffice):
    path = tmp_path / "export.xlsx"
    write_xlsx(_report(), str(path))
    csv_file = soffice(path, to="csv:Text - txt - csv (StarCalc):44,34,76")
    assert csv_file, "LibreOffice could not open the export"
    text = csv_file.read_text(encoding="utf-8")
    assert "Проверка выгрузки & «ё»" in text
    assert '"Ёлка & «ёж» ""кавычки"" <b>тег</b> > 5"' in text
    assert "01.03.2024" in text and "31.12.1999" in text and "звонокздесь" in text
    assert "567.89" in text or "567,89" in text  # "# ##0.00": the separators depend on the locale
    assert "Примечание: данные условные." in text
    assert timezone.localtime(MOSCOW_NOON).strftime("%d.%m.%Y") in text


def test_a_sheet_prints_landscape_on_the_page_width_with_the_header_on_every_page():
    report = Report(title="Реестр заказчиков", columns=[Column(f"Столбец {i}", 30) for i in range(12)],
                    rows=[tuple(f"значение {r}-{c}" for c in range(12)) for r in range(200)], filename="wide")
    buf = io.BytesIO()
    write_xlsx(report, buf)
    sheet = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$4:$4"


def test_a_decimal_column_holds_numbers_shown_with_one_place():
    report = Report(title="Проценты", columns=[Column("Школа"), Column("Выполнено, %", 10, "decimal")],
                    rows=[("Школа № 1", 73.3), ("Школа № 2", "—")], filename="pct")
    buf = io.BytesIO()
    write_xlsx(report, buf)
    sheet = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    cell = sheet["B5"]
    assert cell.value == 73.3 and cell.data_type == "n" and cell.number_format == "0.0"
    assert sheet["B6"].value == "—"


def test_the_import_templates_print_like_the_exports(personas, client_for, school_a):
    from django.urls import reverse

    sheet = openpyxl.load_workbook(io.BytesIO(client_for(personas["coordinator_a"]).get(
        reverse("pupils:import_template")).content))["Обучающиеся"]
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0  # 1 is XlsxWriter's unsaid
    assert sheet.print_title_rows == "$3:$3"
