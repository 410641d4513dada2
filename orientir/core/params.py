"""Numbers from a query string: what a list's filter reads, within bounds, or None for anything else.

A filter value comes from a link or a hand-edited address: «abc», «0» or a twenty-digit number must not reach a
database lookup (an id beyond the column's range overflows the driver) or a date constructor (year 0). Every list
reads its numeric filters through here, so a bad value is simply ignored and the list shows unfiltered.
"""

MAX_ID = 2_147_483_647  # the largest value of an integer id column (PostgreSQL `integer`)
FIRST_YEAR, LAST_YEAR = 1900, 2200  # school and calendar years the system can mean


def int_param(value, *, low: int = 1, high: int = MAX_ID) -> int | None:
    """`value` as an int when it is plain ASCII digits within [low, high]; None otherwise."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        return None
    number = int(text)
    return number if low <= number <= high else None


def year_param(value) -> int | None:
    """A year from a filter (1900–2200), or None."""
    return int_param(value, low=FIRST_YEAR, high=LAST_YEAR)
