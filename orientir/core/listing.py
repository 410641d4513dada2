"""The steps every list repeats: narrow by the filters that were given, search word by word, export with a log line.

Plumbing only (Django and orientir.core): the selector still names the scope (accounts.access), the lookups and the
ordering, and the view still checks the right and builds the report; these functions only spare them the control
flow around each step, so that a list reads as what it filters on.
"""

from django.db.models import Q, QuerySet

from . import audit
from .tables import Report, xlsx_response
from .text import normalize_search


def narrowed(qs: QuerySet, **lookups) -> QuerySet:
    """`qs` filtered by each lookup whose value was given; a filter left empty (None, "", 0, False) narrows nothing.

    One `filter()` a lookup, in the order given, as a chain of `if value: qs = qs.filter(...)` would do (across a
    many-valued relation each filter may match a different related row)."""
    for lookup, value in lookups.items():
        if value:
            qs = qs.filter(**{lookup: value})
    return qs


def containing(qs: QuerySet, q: str, *lookups: str) -> QuerySet:
    """Rows where one of `lookups` (full lookups such as `title__fold_contains`) holds the whole search `q`;
    all rows when nothing was typed."""
    if not q:
        return qs
    where = Q()
    for lookup in lookups:
        where |= Q(**{lookup: q})
    return qs.filter(where)


def matching_words(qs: QuerySet, q: str, *lookups: str) -> QuerySet:
    """Rows where every word of the search stands in one of `lookups` (each a full lookup such as
    `pupil__search_text__contains`: the `search_text` columns hold text folded as normalize_search folds it)."""
    for word in normalize_search(q).split():
        where = Q()
        for lookup in lookups:
            where |= Q(**{lookup: word})
        qs = qs.filter(where)
    return qs


def exported(request, report: Report, action: str, *, instance=None, object_repr: str | None = None,
             changes: dict | None = None):
    """The list's .xlsx, logged with the filters it was made under (never the typed search: it may be a name).

    The log line names `object_repr`, else the `instance` the list belongs to, else the report's title."""
    if object_repr is None:
        object_repr = "" if instance is not None else report.title
    audit.record(actor=request.user, action=action, instance=instance, object_repr=object_repr,
                 changes={"filters": [None, audit.filters_repr(request.GET)], **(changes or {})})
    return xlsx_response(report)
