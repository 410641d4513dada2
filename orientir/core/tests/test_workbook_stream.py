"""The streamed sheet reader gives the rows calamine gives, cell for cell, on books written by every program an
official uses and on hand-written XML of every value kind; books it should not stream go to calamine."""

import datetime
import html
import io
import tracemalloc

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from orientir.core import workbook, workbook_stream
from orientir.core.tests import hostile_workbooks as hostile
from orientir.core.workbook import Limits, WorkbookRefused, iter_rows

pytestmark = pytest.mark.dateless

LIMITS = Limits(columns=26, data_rows=5_000, header_rows=3, file_bytes=10 * 1024 * 1024)


def streamed(data: bytes, **kwargs) -> list[list]:
    assert workbook.plain_book(data, LIMITS, kwargs.get("sheet")) is not None, "the book was not streamed"
    return hostile.as_read(list(iter_rows(data, LIMITS, **kwargs)))


def by_calamine(data: bytes, **kwargs) -> list[list]:
    return hostile.as_read(list(workbook.calamine_rows(data, LIMITS, **kwargs)))


def _saved(book) -> bytes:
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_a_book_written_by_openpyxl_with_every_kind_of_value():
    book = openpyxl.Workbook()
    page = book.active
    page.append(["Список обучающихся"])
    page.append([])
    page.append(["Фамилия*", "Дата рождения", "Время", "Длительность", "Сумма", "Признак", "Ошибка", "Итого"])
    for i in range(1, 300):
        page.append([f"  Фамилия {i}  " if i % 7 == 0 else f"Ёжикова-{i}", datetime.date(2011, 1 + i % 12, 1 + i % 28),
                     datetime.time(8, i % 60), datetime.timedelta(hours=30 + i, minutes=15), i * 1000.25 - 5e5,
                     i % 2 == 0, "#N/A", f"=B{i + 3}+1"])
        page.cell(row=i + 3, column=2).number_format = "DD.MM.YYYY"
        page.cell(row=i + 3, column=4).number_format = "[h]:mm:ss"
        page.cell(row=i + 3, column=5).number_format = '# ##0,00\\ "₽"'
    page["A400"] = datetime.datetime(2026, 12, 6, 14, 30, 15)
    page["B400"] = datetime.date(1900, 2, 28)
    page["C400"] = CellRichText(["Иванов ", TextBlock(InlineFont(b=True), "Иван"), " Иванович"])
    page["D400"] = "строка\r\nс переносом и _x000D_ внутри"
    page["E400"] = 0.5
    page["E400"].number_format = "h:mm"
    page["F400"] = 123456789012
    page["G400"] = -0.0
    data = _saved(book)
    assert streamed(data) == by_calamine(data)
    assert streamed(data)[3][:2] == ["Ёжикова-1", datetime.date(2011, 2, 2)]


def test_a_book_in_the_1904_date_system():
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    book.active.append(["Дата", datetime.date(2026, 9, 1), datetime.datetime(2026, 9, 1, 12, 0)])
    data = _saved(book)
    assert streamed(data) == by_calamine(data) == [["Дата", datetime.date(2026, 9, 1), datetime.datetime(2026, 9, 1, 12)]]


@pytest.mark.parametrize("constant_memory", [False, True])  # True writes inline strings, False shared ones
def test_a_book_written_by_xlsxwriter(constant_memory):
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": constant_memory, "date_1904": constant_memory,
                                     "strings_to_numbers": False})
    page = book.add_worksheet("Сведения")
    when = book.add_format({"num_format": "dd.mm.yyyy"})
    clock = book.add_format({"num_format": "hh:mm AM/PM"})
    bold = book.add_format({"bold": True})
    for r in range(200):
        page.write_string(r, 0, f"Строка {r}\x1b" if r % 50 == 0 else f"Строка {r}")
        page.write_datetime(r, 1, datetime.datetime(2010, 1, 1) + datetime.timedelta(days=r * 37), when)
        page.write_number(r, 2, r / 3)
        page.write_boolean(r, 3, r % 3 == 0)
        page.write_formula(r, 4, f"=C{r + 1}*2", None, f"итог {r}")
        page.write_rich_string(r, 5, "обычный ", bold, "жирный", " хвост")
        page.write_datetime(r, 6, datetime.datetime(2026, 1, 1, r % 24, 5), clock)
        if r % 10 == 0:
            page.write_blank(r, 7, None, when)  # a styled cell with no value
    page.write_string(250, 25, "последний столбец")
    book.close()
    data = buf.getvalue()
    assert streamed(data, sheet="Сведения") == by_calamine(data, sheet="Сведения")


def _styles(*codes: str) -> bytes:
    fmts = "".join(f'<numFmt numFmtId="{164 + i}" formatCode="{html.escape(code)}"/>' for i, code in enumerate(codes))
    xfs = '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="46"/><xf/>' + "".join(
        f'<xf numFmtId="{164 + i}"/>' for i in range(len(codes)))
    return (f'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<numFmts count="{len(codes)}">{fmts}</numFmts><cellXfs>{xfs}</cellXfs></styleSheet>').encode()


# custom formats: a date, a quoted literal that looks like one, an escaped letter, a colour, two sections, AM/PM
CODES = ("dd/mm/yyyy", '0.00" d"', "\\d0", "[Red]0.00", "0;dd.mm.yy", "[h]:mm", "mm:ss.0", '#,##0 "руб"',
         "General", "[$-419]DD MMMM YYYY", "A/P", "_d0")


def _cell(ref: str, body: str, attrs: str = "") -> str:
    return f'<c r="{ref}"{attrs}>{body}</c>'


def test_hand_written_cells_of_every_kind_read_as_calamine_reads_them():
    strings = ["<si><t>  с пробелами  </t></si>", '<si><t xml:space="preserve">  сохранены  </t></si>',
               '<si><r><t>бо</t></r><r><rPr><b/></rPr><t>гатый</t></r><rPh sb="0" eb="1"><t>ふり</t></rPh></si>',
               "<si><t>_x005F_x000D_ и _x0041_ и _x00+F_ и _x00zz_</t></si>", "<si></si>", "<si><t/></si>",
               "<si><t>&amp;&lt;&#1046;</t></si>"]
    cells = []
    for i in range(len(CODES)):
        cells.append(_cell(f"A{i + 1}", "<v>45678.5</v>", f' s="{4 + i}"'))
        cells.append(_cell(f"B{i + 1}", "<v>45678</v>", f' s="{4 + i}"'))
        cells.append(_cell(f"C{i + 1}", "<v>0.25</v>", f' s="{4 + i}"'))
    values = [("D1", "<v>1e3</v>", ""), ("D2", "<v>abc</v>", ""), ("D3", "<v>7</v>", ' s="1"'),
              ("D4", "<v>59</v>", ' s="1"'), ("D5", "<v>61</v>", ' s="1"'), ("D6", "<v>1.5</v>", ' s="2"'),
              ("D7", "<v>3000000</v>", ' s="1"'), ("D8", "<v>-5</v>", ' s="1"'), ("D9", "<v>5</v>", ' s="99"'),
              ("D10", "<v>5</v>", ' s="x"'), ("D11", "<v>5</v>", ' s="3"'), ("D12", "<v>inf</v>", ' s="1"'),
              ("E1", "<v>0</v>", ' t="s"'), ("E2", "<v>1</v>", ' t="s"'), ("E3", "<v>2</v>", ' t="s"'),
              ("E4", "<v>3</v>", ' t="s"'), ("E5", "<v>4</v>", ' t="s"'), ("E6", "<v>5</v>", ' t="s"'),
              ("E7", "<v>6</v>", ' t="s"'), ("E8", "<v></v>", ' t="s"'),
              ("F1", "<v>0</v>", ' t="b"'), ("F2", "<v>1</v>", ' t="b"'), ("F3", "<v>false</v>", ' t="b"'),
              ("F4", "<v>#N/A</v>", ' t="e"'), ("F5", "<v>#DIV/0!</v>", ' t="e"'),
              ("F12", "<v>TRUE</v>", ' t="b"'), ("F13", "<v> 1</v>", ' t="b"'),
              ("F6", "<f>A1</f><v>итог &amp; всё</v>", ' t="str"'), ("F7", "<f>1/0</f>", ""),
              ("F8", "<v>2026-12-06</v>", ' t="d"'), ("F9", "<v>2026-12-06T10:20:30</v>", ' t="d"'),
              ("F10", "<v>10:20:30</v>", ' t="d"'), ("F11", "<v>не дата</v>", ' t="d"'),
              ("G1", "<is><t>встроенная</t></is>", ' t="inlineStr"'),
              ("G2", "<is><r><t>бо</t></r><r><t>гатая</t></r></is><v>лишнее</v>", ' t="inlineStr"'),
              ("G3", "<is><t>  без типа  </t></is>", ""), ("G4", "<v>5</v>", ' t="inlineStr"'),
              ("G5", "<v> 12 </v>", ""), ("G6", "<v>1_000</v>", ""), ("G7", "<v>.5</v>", ""),
              ("G8", "<v>-1.5E-3</v>", ' t="n"'), ("G9", "<v>0x10</v>", "")]
    cells += [_cell(ref, body, attrs) for ref, body, attrs in values]
    by_row: dict[int, list[str]] = {}
    for c in cells:
        ref = c.split('"')[1]
        by_row.setdefault(int(ref.lstrip("ABCDEFG")), []).append(c)
    rows_xml = "".join(f'<row r="{n}">{"".join(sorted(cs))}</row>' for n, cs in sorted(by_row.items()))
    data = hostile.xlsx(hostile.sheet(rows_xml.encode()), strings=hostile.shared("".join(strings).encode()),
                        extra={"xl/styles.xml": _styles(*CODES)})
    assert streamed(data) == by_calamine(data)


def test_rows_with_gaps_and_unaddressed_rows_keep_their_numbers():
    rows_xml = (b'<row r="2"><c r="B2" t="inlineStr"><is><t>b2</t></is></c></row>'
                b'<row><c r="C3"><v>3</v></c></row>'  # a row without its number takes its cells'
                b'<row r="7" spans="1:3"><c r="A7" s="0"/><c r="C7"><v>7</v></c></row>'
                b'<row r="9"/><row r="10" ht="30" customHeight="1"><c r="A10" s="1"/></row>')
    data = hostile.xlsx(hostile.sheet(rows_xml))
    assert streamed(data) == by_calamine(data) == [[], [None, "b2"], [None, None, 3.0], [], [], [], [None, None, 7.0]]


def test_a_row_out_of_order_is_refused_by_the_stream_with_a_message():
    rows_xml = b'<row r="5"><c r="A5"><v>5</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>'
    data = hostile.xlsx(hostile.sheet(rows_xml))
    with pytest.raises(WorkbookRefused, match="не по порядку"):
        list(iter_rows(data, LIMITS))


def test_a_shared_string_index_past_the_table_refuses_the_file_as_calamine_does():
    data = hostile.xlsx(hostile.sheet(b'<row r="1"><c r="A1" t="s"><v>5</v></c></row>'), strings=hostile.shared([b"x"]))
    with pytest.raises(WorkbookRefused):
        list(workbook.calamine_rows(data, LIMITS))
    with pytest.raises(WorkbookRefused, match="не читается"):
        list(iter_rows(data, LIMITS))


def test_a_sheet_cut_off_half_way_is_refused_from_the_loop():
    data = hostile.xlsx(hostile.sheet(b'<row r="1"><c r="A1"><v>1</v></c></row>')[:-40] + b"<row r=\"2\"><c r=\"A2\">")
    rows = iter_rows(data, LIMITS)  # the checks of size and cells pass: the XML breaks later
    with pytest.raises(WorkbookRefused, match="не читается"):
        list(rows)


def test_styles_too_big_to_parse_whole_go_to_calamine():
    fmts = b"".join(b'<numFmt numFmtId="%d" formatCode="0.00&quot;%d&quot;"/>' % (200 + i, i) for i in range(200_000))
    styles = (b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>' + fmts
              + b'</numFmts><cellXfs><xf numFmtId="14"/></cellXfs></styleSheet>')
    assert len(styles) > 8 * 1024 * 1024
    data = hostile.xlsx(hostile.sheet(b'<row r="1"><c r="A1" s="0"><v>45678</v></c></row>'),
                        extra={"xl/styles.xml": styles})
    limits = Limits(columns=26, data_rows=10, header_rows=3, file_bytes=10 * 1024 * 1024)
    assert workbook.plain_book(data, limits) is None
    assert list(iter_rows(data, limits)) == [[datetime.date(2025, 1, 21)]]  # 45658 is 1 January 2025


@pytest.mark.parametrize("rows_xml", [
    b'<row r="1"><c r="A1"><v>1</v><c r="B1"><v>2</v></c></row>',  # one cell left open among closed ones
    b"".join(b'<row r="%d"><c r="A%d"><v>1</v></row>' % (i, i) for i in range(1, 50_001)),  # 50,000 left open
])
def test_cells_left_open_are_refused_not_lost_nor_searched_to_the_end(rows_xml):
    # each open cell once sent the search to the end of the chunk: 20,000 of them in a 96 KB file took two minutes
    data = hostile.xlsx(hostile.sheet(rows_xml))
    with pytest.raises(WorkbookRefused, match="не читается"):
        list(iter_rows(data, Limits(columns=26, data_rows=60_000, header_rows=3)))


@pytest.mark.parametrize("rows_xml", [
    b'<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row>',  # cells without an address
    b'<row r="1"><c s="0" r="A1"><v>1</v></c></row>',  # the address not first
    b'<row r="1"><!-- a comment --><c r="A1"><v>1</v></c></row>',
    b'<row r="1"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="A1"><x:v>1</x:v></x:c></row>',
])
def test_books_written_in_odd_ways_go_to_calamine(rows_xml):
    data = hostile.xlsx(hostile.sheet(rows_xml))
    assert workbook._checked(data, LIMITS, copy=False).odd and workbook.plain_book(data, LIMITS) is None
    assert hostile.as_read(list(iter_rows(data, LIMITS))) == by_calamine(data)


def test_the_stream_keeps_a_few_megabytes_whatever_the_length_of_the_sheet():
    rows = 80_000
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True})
    page = book.add_worksheet()
    for r in range(rows):
        page.write_row(r, 0, [f"Фамилия {r}", "Имя", "Отчество", r, r * 1.5])
    book.close()
    limits = Limits(columns=26, data_rows=rows, header_rows=3, file_bytes=50 * 1024 * 1024)
    sheet = workbook.plain_book(buf.getvalue(), limits)
    unpacked = sheet.packed.getinfo(sheet.sheet_path).file_size
    tracemalloc.start()
    count = sum(1 for _ in workbook_stream.rows(sheet, limits))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == rows
    # the sheet is 21 MB of XML; the stream holds a chunk or two of it and one row
    assert unpacked > 20 * 1024 * 1024 and peak < 10 * 1024 * 1024, (unpacked, peak)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.tuples(st.integers(0, 40), st.integers(0, 25)),
                       st.one_of(st.text(max_size=20), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
                                 st.dates(datetime.date(1900, 1, 1), datetime.date(9999, 12, 31)),
                                 st.sampled_from(["=A1+1", "=\x1f0", " пробел ", "a\r\nb", "_x000D_", "&amp;"])),
                       max_size=40),
       st.booleans(), st.booleans())
def test_any_cells_written_by_xlsxwriter_stream_as_calamine_reads_them(cells, constant_memory, date_1904):
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": constant_memory, "date_1904": date_1904})
    page = book.add_worksheet()
    when = book.add_format({"num_format": "dd.mm.yyyy"})
    for (r, c), value in sorted(cells.items()):
        if isinstance(value, datetime.date):
            page.write_datetime(r, c, value, when)
        else:
            page.write(r, c, value)
    book.close()
    data = buf.getvalue()
    assert streamed(data) == by_calamine(data)
