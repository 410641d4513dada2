"""Any bytes named .csv: a refusal in Russian, or a workbook the bounded reader reads — never another exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orientir.core import csvfile
from orientir.core.workbook import Limits, WorkbookRefused, iter_rows

LIMITS = Limits(columns=5, data_rows=40, header_rows=10, file_bytes=64 * 1024)
CELLS = st.text(alphabet=st.sampled_from(list('аёЯz9 ;,\t"\r\n\x00«»')), max_size=400)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), CELLS.map(lambda t: t.encode("cp1251", "replace")),
                 CELLS.map(lambda t: t.encode("utf-8"))))
def test_any_bytes_named_csv_are_refused_or_read_within_the_limits(data):
    try:
        book = csvfile.as_xlsx(data, LIMITS)
    except WorkbookRefused as exc:
        assert exc.message
        return
    rows = list(iter_rows(book, LIMITS))
    assert len(rows) <= LIMITS.last_row
    assert all(len([c for c in row if c is not None]) <= LIMITS.columns for row in rows)
