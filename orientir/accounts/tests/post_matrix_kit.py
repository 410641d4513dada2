"""Building blocks of the POST permission matrix (accounts/tests/test_post_matrix.py) and the apps' post_rows.py.

A POST row is `Post(url, data, expected)`:

- `url` — a kwargs builder like the GET matrix's (it gets the matrix objects `o` and may create what the URL needs),
  or None for a URL without arguments;
- `data` — what a legitimate write sends: a dict, or a builder `data(o, kwargs)` returning one. A value that is a
  callable is called at each request (a fresh upload for every role);
- `expected` — {role: outcome} for every role of matrix_kit.ROLES and the anonymous visitor.

Outcomes: FORBIDDEN (403), MISSING (404), FOUND (302; the anonymous visitor is sent to the login page) and KEEP (the
write is refused by the form or the service, any status below 500) leave the database exactly as it was. WRITE: the
request is not refused (no 403/404/405, no 5xx) and the database changed; PASS: not refused, whether or not it wrote
(an allowed request the data cannot make succeed, said in a comment on the row).
"""

import datetime
import dis
import functools
import inspect
import re
from collections import namedtuple

from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from orientir.accounts.tests.matrix_kit import FORBIDDEN, FOUND, MISSING, ROLES, _all, _only  # noqa: F401

WRITE, PASS, KEEP = "write", "pass", "keep"
REFUSED = (FORBIDDEN, MISSING, FOUND, KEEP)
ALLOWED = (WRITE, PASS)

Post = namedtuple("Post", "url data expected")


def writes(allowed: set[str], **overrides) -> dict:
    """`allowed` roles write, every other role gets 403, the anonymous visitor goes to the login page."""
    return _only(allowed, status_ok=WRITE, **overrides)


def crossed(allowed: set[str], **overrides) -> dict:
    """A write that must fail for everybody: its data (or a sub-record in its URL) belong to another organisation
    than the record it is posted to. The roles that may write to the record are refused without a write (KEEP:
    usually 404 or the form's error); the others as on any write."""
    return _only(allowed, status_ok=KEEP, **overrides)


def from_get(get_rows: list, data, **overrides) -> list:
    """POST rows for a form page from its GET rows: whoever opens the form writes, the others are refused exactly
    as on GET (403, 404, the login page). `overrides` correct single roles of every row."""
    post_rows = []
    for kwargs_fn, expected in get_rows:
        outcome = {role: (WRITE if status == 200 else status) for role, status in expected.items()}
        outcome.update(overrides)
        post_rows.append(Post(kwargs_fn, data, outcome))
    return post_rows


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    """A file field's value: a fresh upload for every request (a posted file is read to its end)."""
    return lambda: SimpleUploadedFile(name, content, content_type=content_type)


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def form_values(form: forms.BaseForm, **overrides) -> dict:
    """What a browser sends for an unchanged form: every field's current value as its widget renders it, files and
    unticked boxes left out; `overrides` are the fields a person changes (None removes a field)."""
    data: dict = {}
    for bf in form:
        widget = bf.field.widget
        if isinstance(widget, forms.FileInput):
            continue
        value = bf.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bf.html_name] = "on"
            continue
        if getattr(widget, "allow_multiple_selected", False):
            data[bf.html_name] = [str(v) for v in (value or []) if v not in (None, "")]
            continue
        shown = widget.format_value(value)
        if isinstance(shown, (list, tuple)):
            shown = shown[0] if shown else ""
        data[bf.html_name] = "" if shown is None else str(shown)
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


# --- The database snapshot ----------------------------------------------------------------------------------
# Every table of every installed model (many-to-many tables included), row by row. Left out, because they are the
# requester's own login state, not records a write could touch:
#   - django_session: logging out deletes one's session, a password change moves it to a new key;
#   - the axes tables (login attempts; axes is switched off in the tests anyway);
#   - accounts_user.last_login, set by logging in.
# Audit entries of *reads* are left out too: core.audit.record writes every change and, with an action ending in
# «.viewed», every read of a minor's or a citizen's personal data (152-ФЗ). A write the form or the service refuses
# re-renders its page, and showing that page is such a read, which the law requires to be logged — not a change of
# any record. It happens here: school B's pupil posted to school A's programme run, career event or prep course is
# refused and the card shown again logs careers.run.viewed, careers.event.viewed, careers.prep_course.viewed;
# careers:result_add refused the same way shows the results list again and logs careers.exam_results.viewed. Every
# other audit entry (created, updated, deleted, …) is compared like any row, so a refused write that still logs a
# change fails.

SKIPPED_TABLES = {"django_session"}
SKIPPED_PREFIXES = ("axes_",)
SKIPPED_COLUMNS = {"accounts_user": {"last_login"}}


@functools.cache
def _tables() -> list[tuple[str, list[str]]]:
    """(table, columns with the primary key first) of every model of the project and of Django's apps."""
    tables = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.db_table in SKIPPED_TABLES \
                or meta.db_table.startswith(SKIPPED_PREFIXES):
            continue
        skipped = SKIPPED_COLUMNS.get(meta.db_table, ())
        columns = [meta.pk.column] + [f.column for f in meta.concrete_fields
                                      if f.column != meta.pk.column and f.column not in skipped]
        tables.append((meta.db_table, columns))
    return sorted(tables)


def snapshot() -> dict[str, dict]:
    """{table: {primary key: row}} of the whole database except the tables and columns above."""
    quote = connection.ops.quote_name
    result = {}
    with connection.cursor() as cursor:
        for table, columns in _tables():
            cursor.execute(f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}")
            rows = {row[0]: row for row in cursor.fetchall()}
            if table == "core_auditentry":
                action = columns.index("action")
                rows = {pk: row for pk, row in rows.items() if not str(row[action]).endswith(".viewed")}
            result[table] = rows
    return result


def changes(before: dict, after: dict, limit: int = 3) -> str:
    """What differs between two snapshots, briefly: table, added/removed/changed rows."""
    parts = []
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        if old == new:
            continue
        added = [new[k] for k in new.keys() - old.keys()]
        removed = [old[k] for k in old.keys() - new.keys()]
        changed = [(old[k], new[k]) for k in old.keys() & new.keys() if old[k] != new[k]]
        text = []
        if added:
            text.append(f"+{len(added)} {added[:limit]}")
        if removed:
            text.append(f"-{len(removed)} {removed[:limit]}")
        if changed:
            text.append(f"~{len(changed)} {changed[:limit]}")
        parts.append(f"{table}: {'; '.join(text)}")
    return " | ".join(parts)


# --- Which views take a write ----------------------------------------------------------------------------------

_READS_POST = re.compile(r"request\.(POST|FILES|body)\b|\brequire_POST\b|[\"']POST[\"']")


def accepts_post(callback) -> bool:
    """True when the view does something with a POST: a class-based view with a `post` method, or a function view
    whose source — or that of the project's functions it calls, two calls deep — reads request.POST / FILES / body,
    compares the method with "POST" or is wrapped in require_POST / require_http_methods([..., "POST"])."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return callable(getattr(view_class, "post", None))
    return _reads_post(callback, depth=2, seen=set())


def _reads_post(func, depth: int, seen: set) -> bool:
    func = inspect.unwrap(func)
    if func in seen or not inspect.isfunction(func):
        return False
    seen.add(func)
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return False
    if _READS_POST.search(source):
        return True
    if depth == 0:
        return False
    return any(_reads_post(f, depth - 1, seen) for f in _called(func)
               if getattr(f, "__module__", "").startswith("orientir."))


def _called(func) -> list:
    """Functions the code names: `helper(...)` (a global) and `module.helper(...)` (an attribute of a global
    module), inner functions and lambdas included."""
    found, codes = [], [func.__code__]
    while codes:
        code = codes.pop()
        codes += [c for c in code.co_consts if inspect.iscode(c)]
        owner = None
        for ins in dis.get_instructions(code):
            if ins.opname == "LOAD_GLOBAL":
                target = func.__globals__.get(ins.argval)
                owner = target if inspect.ismodule(target) else None
                if inspect.isfunction(target):
                    found.append(target)
                continue
            if ins.opname in ("LOAD_ATTR", "LOAD_METHOD") and owner is not None:
                target = getattr(owner, ins.argval, None)
                if inspect.isfunction(target):
                    found.append(target)
            owner = None
    return found


def url_callbacks(resolver=None, namespace: str = "") -> dict:
    """{"app:name": view callback} of every named URL pattern of the project."""
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver or get_resolver()
    found = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found.update(url_callbacks(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace))
        elif isinstance(entry, URLPattern):
            found[f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry.pattern}>"] = \
                entry.callback
    return found


def explain(response) -> str:
    """Why a write did not happen: the bound forms' errors and the messages of the response (for a failing row)."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found = []
    for context in contexts:
        if context is None:
            continue
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
                found.append(value.errors.as_text().replace("\n", " "))
    storage = getattr(response.wsgi_request, "_messages", None)
    found += [str(m) for m in getattr(storage, "_queued_messages", [])]
    return " / ".join(dict.fromkeys(found))[:500]
