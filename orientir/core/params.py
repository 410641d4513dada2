"""Numbers from a query string: what a list's filter reads, within bounds, or None for anything else.

A filter value comes from a link or a hand-edited address: «abc», «0» or a twenty-digit number must not reach a
database lookup (an id beyond the column's range overflows the driver) or a date constructor (year 0). Every list
reads its numeric filters through here, so a bad value is ignored and the list shows unfiltered — with a note on
the page naming the value that was not applied (`ignored_values`, shown by includes/messages.html), so the person
who typed the address knows why the list is not filtered.
"""

import contextvars

# The values refused while the current request is served (ReadLogMiddleware starts every request with none).
ignored: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("ignored_filters", default=())

MAX_ID = 2_147_483_647  # the largest value of an integer id column (PostgreSQL `integer`)
FIRST_YEAR, LAST_YEAR = 1900, 2200  # school and calendar years the system can mean


def int_param(value, *, low: int = 1, high: int = MAX_ID) -> int | None:
    """`value` as an int when it is plain ASCII digits within [low, high]; None otherwise."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        return _refused(text)
    number = int(text)
    return number if low <= number <= high else _refused(text)


def _refused(text: str) -> None:
    # «all» is the lists' own «Все годы» choice, not a mistake
    if text and text != "all" and text not in ignored.get():
        ignored.set((*ignored.get(), text))
    return None


def ignored_values() -> list[str]:
    """The filter values refused while serving this request, shortened for the note."""
    return [v if len(v) <= 30 else v[:30] + "…" for v in ignored.get()]


def year_param(value) -> int | None:
    """A year from a filter (1900–2200), or None."""
    return int_param(value, low=FIRST_YEAR, high=LAST_YEAR)
