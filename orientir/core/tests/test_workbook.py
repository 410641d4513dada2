"""The bounded workbook reader: crafted files are refused with a message naming the cause, real files read as
calamine reads them, the limits hold at their edges, and an import lists at most 200 errors with the total."""

import io
import os
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from orientir.core.tests import hostile_workbooks as hostile
from orientir.core.workbook import ErrorList, Limits, WorkbookRefused, iter_rows, read_upload

pytestmark = pytest.mark.dateless

LIMITS = Limits(columns=26, data_rows=100_000, header_rows=3, file_bytes=10 * 1024 * 1024)
SMALL = Limits(columns=5, data_rows=10, header_rows=2)  # last cell E12


def calamine_rows(data: bytes) -> list[list]:
    grid = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return hostile.as_read([[None if v == "" else v for v in row] for row in grid.to_python(skip_empty_area=False)])


def read(data: bytes, limits: Limits, **kwargs) -> list[list]:
    return hostile.as_read(list(iter_rows(data, limits, **kwargs)))


@pytest.mark.parametrize("name", sorted(hostile.HOSTILE))
def test_a_crafted_file_is_refused_with_its_cause_or_read_harmlessly(name):
    fragment = hostile.HOSTILE[name][1]
    try:
        rows = list(iter_rows(hostile.made(name), LIMITS))
    except WorkbookRefused as refused:
        assert fragment is None or fragment in refused.message, refused.message
        assert "Traceback" not in refused.message
    else:
        assert fragment is None, f"{name} was read: {len(rows)} rows"
        assert len(rows) <= LIMITS.last_row and all(len(row) <= LIMITS.columns for row in rows)


def test_the_refusal_names_the_cell_the_sheet_and_the_template_shape():
    with pytest.raises(WorkbookRefused) as refused:
        list(iter_rows(hostile.far_corner(), LIMITS))
    assert refused.value.message == (
        "В файле заполнена ячейка XFD1048576 (лист «Лист1»): шаблон допускает не больше 26 столбцов (A–Z) "
        "и 100\u00a0000 строк с данными (до строки 100\u00a0003). Удалите лишние ячейки и загрузите файл снова.")


@pytest.mark.parametrize("cell, inside", [
    ((11, 4), True),     # E12: the last cell allowed
    ((11, 5), False),    # F12: one column too far
    ((12, 4), False),    # E13: one row too far
    ((0, 25), False),    # Z1
])
def test_the_limits_hold_exactly_at_their_edges(cell, inside):
    data = hostile.written_by_excel_library({(0, 0): "шапка", cell: "x"})
    if inside:
        assert read(data, SMALL) == calamine_rows(data)
    else:
        with pytest.raises(WorkbookRefused, match="заполнена ячейка"):
            list(iter_rows(data, SMALL))


def test_blank_styled_cells_and_a_declared_range_far_out_are_not_refused():
    # Excel and 1C exports often style whole columns down to row 1048576 and declare the range: no values there
    rows_xml = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Фамилия</t></is></c><c r="B1" s="1"/></row>'.encode()
                + b'<row r="1048576"><c r="XFD1048576" s="1"/><c r="XFD1048575" s="1"></c></row>')
    data = hostile.xlsx(hostile.sheet(rows_xml, head=b'<dimension ref="A1:XFD1048576"/>'))
    assert list(iter_rows(data, SMALL)) == [["Фамилия"]]


def test_a_real_workbook_reads_as_calamine_reads_it():
    book = openpyxl.Workbook()
    page = book.active
    page.title = "Обучающиеся"
    page.append(["Обучающиеся школы № 1"])
    page.append([])
    page.append(["Фамилия*", "Имя*", "Отчество", "Дата рождения"])
    for i in range(1, 501):
        page.append([f"Фамилия{i}", "Ёлка", None if i % 3 else "Петрович", f"{i % 28 + 1:02d}.02.2011", i, True])
    page["Z600"] = "примечание"
    buf = io.BytesIO()
    book.save(buf)
    data = buf.getvalue()
    assert read(data, LIMITS) == calamine_rows(data)


def test_the_named_sheet_is_read_when_there_is_one():
    buf = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.title = "Каталог"
    book.active["A1"] = "каталог"
    book.create_sheet("Сведения")["B2"] = "сведения"
    book.save(buf)
    assert list(iter_rows(buf.getvalue(), SMALL, sheet="Сведения")) == [[], [None, "сведения"]]
    assert list(iter_rows(buf.getvalue(), SMALL, sheet="Нет такого")) == [["каталог"]]


def test_a_file_saved_by_libreoffice_reads_as_calamine_reads_it(soffice, tmp_path):
    source = tmp_path / "pupils.xlsx"
    source.write_bytes(hostile.written_by_excel_library(
        {(r, c): (f"Текст {r}-{c}" if c % 2 else r * 10 + c) for r in range(3, 60) for c in range(12)}))
    converted = soffice(source, to="xlsx:Calc MS Excel 2007 XML", outdir=tmp_path / "out")
    assert converted is not None
    data = converted.read_bytes()
    assert read(data, LIMITS) == calamine_rows(data)


def test_only_the_checked_bytes_reach_calamine():
    # two zips glued together: whichever one the check reads is the one calamine gets, so the far cell of the
    # second can never slip past a check that read the first
    glued = hostile.written_by_excel_library({(0, 0): "a"}) + hostile.far_corner()
    with pytest.raises(WorkbookRefused, match="XFD1048576"):
        list(iter_rows(glued, LIMITS))


def test_pictures_and_other_binary_parts_are_left_out_not_refused():
    data = hostile.xlsx(hostile.sheet(b'<row r="1"><c r="A1"><v>7</v></c></row>'),
                        extra={"xl/media/image1.png": b"\x89PNG" + bytes(range(256)) * 40})
    assert list(iter_rows(data, SMALL)) == [[7.0]]


class _Upload:
    def __init__(self, data: bytes, size: int | None = None):
        self.file = io.BytesIO(data)
        self.size = len(data) if size is None else size
        self.reads = []

    def read(self, n=-1):
        self.reads.append(n)
        return self.file.read(n)


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read():
    upload = _Upload(b"PK\x03\x04" + b"0" * 100, size=SMALL.file_bytes + 1)
    with pytest.raises(WorkbookRefused, match="Файл больше 5 МБ"):
        read_upload(upload, SMALL)
    assert upload.reads == []


def test_an_upload_lying_about_its_size_is_cut_at_the_limit():
    upload = _Upload(b"x" * (SMALL.file_bytes + 10), size=10)
    with pytest.raises(WorkbookRefused, match="Файл больше 5 МБ"):
        read_upload(upload, SMALL)
    assert upload.reads == [SMALL.file_bytes + 1]


def test_an_error_list_keeps_the_first_200_and_counts_all():
    errors = ErrorList()
    errors += [(row, "A", "обязательное поле") for row in range(4, 4 + 450)]
    errors.append((999, "B", "ещё одна"))
    assert errors.total == 451
    assert len(errors) == 200
    assert errors[0] == (4, "A", "обязательное поле") and errors[-1] == (203, "A", "обязательное поле")


def test_every_zip_entry_is_scanned_not_only_the_first_sheet():
    # a far cell on a second sheet costs calamine nothing today, but a reader that picks that sheet by name would
    data = hostile.xlsx(hostile.sheet(b'<row r="1"><c r="A1"><v>1</v></c></row>'),
                        extra={"xl/worksheets/sheet2.xml": hostile.sheet(
                            b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')})
    with pytest.raises(WorkbookRefused, match="XFD1048576"):
        list(iter_rows(data, SMALL))


def test_the_fuzz_run_survives_under_a_memory_limit():
    """Hypothesis over crafted, in-limit and damaged workbooks, in a child process limited to 1.5 GB: a reader
    that let calamine build a huge grid would abort the child, and this test would show its output."""
    result = subprocess.run([sys.executable, "-m", "orientir.core.tests.fuzz_workbook", "--memory-mb", "1536"],
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, "FUZZ_EXAMPLES": "150"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.count("examples passed") == 3


def test_zip_entries_counted_before_the_directory_is_parsed():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as book:
        for i in range(SMALL.entries + 1):
            book.writestr(f"x{i}.xml", b"")
    with pytest.raises(WorkbookRefused, match="частей"):
        list(iter_rows(buf.getvalue(), SMALL))


def test_an_empty_file_is_not_a_workbook():
    with pytest.raises(WorkbookRefused, match="не является книгой Excel"):
        list(iter_rows(b"", SMALL))
