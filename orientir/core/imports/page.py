"""One import page for every import: upload → the whole file checked → its errors (with the user's own file marked)
or a preview «добавлено N, обновлено M, пропущено K» → «Загрузить» writes it, all or nothing.

An import declares what is its own — how a file is checked against the domain, what it would change, how it is
written — as an `Import`; `handle` is the page's whole view after the access check. The upload is kept between the
preview and the confirmation (staging), with the context it was checked in (the school, the year): the confirmation
writes what was previewed, and only for the same context.
"""

import dataclasses
from collections.abc import Callable

from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render

from orientir.core.errors import DomainError
from orientir.core.workbook import Limits, WorkbookRefused, read_upload

from . import staging
from .engine import Reading


@dataclasses.dataclass(frozen=True)
class Preview:
    """What an import will do (or did): rows added, records updated, rows skipped and why."""

    add: int = 0
    update: int = 0
    skip: int = 0
    skip_why: str = ""  # in words, shown after the count: «уже есть в системе или повторяются в файле»

    @property
    def changes(self) -> int:
        return self.add + self.update


class ImportRefused(DomainError):
    """The file's errors (the data changed between the preview and the confirmation): nothing was written."""

    def __init__(self, errors):
        self.errors = errors
        self.total = getattr(errors, "total", len(errors))
        super().__init__(f"Файл не загружен: ошибок — {self.total}. Ничего не сохранено.")


@dataclasses.dataclass(frozen=True)
class Import:
    kind: str  # the staging kind and the marked copy's address
    noun: str  # in the genitive plural: «добавлено обучающихся — 5»
    limits: Limits
    check: Callable[[bytes, dict], tuple[Reading, list]]  # (file, context) → (reading with errors, clean records)
    preview: Callable[[list, dict], Preview]  # (clean records, context) → what the import would do
    write: Callable[..., Preview]  # (actor=, data=, context=) → what it did; raises ImportRefused, writes nothing


REGISTRY: dict[str, Import] = {}


def register(spec: Import) -> Import:
    """Make the import known: its marked copy is built by checking the kept file again in its own context."""
    REGISTRY[spec.kind] = spec
    staging.register_check(spec.kind, lambda data, context: spec.check(data, context)[0])
    return spec


# A big confirmed import is written off the request by a task worker: the jobs app registers how (from
# JobsConfig.ready, decision 66); core does not import it. `defer(request, spec=, upload=, context=, done_url=, rows=)`
# answers the response that replaces the import's, or None to write in the request.
_DEFERRERS: list = []


def defer_writes_with(func):
    """Register a deferrer of big imports (the jobs app's)."""
    if func not in _DEFERRERS:
        _DEFERRERS.append(func)
    return func


def _rows_signed(token: str, preview: Preview) -> str:
    """The rows the previewed import will write, signed with its token: the confirmation knows the import's size
    without reading the file again."""
    return signing.dumps([token, preview.changes], salt="imports.rows")


def _rows_of(request, token: str) -> int:
    try:
        signed_token, rows = signing.loads(request.POST.get("rows", ""), salt="imports.rows")
    except signing.BadSignature:
        return 0
    return rows if signed_token == token else 0


def result_message(spec: Import, done: Preview) -> str:
    parts = [f"добавлено {spec.noun} — {done.add}"]
    if done.update:
        parts.append(f"обновлено — {done.update}")
    if done.skip:
        parts.append(f"пропущено — {done.skip}")
    return "Загружено: " + ", ".join(parts) + "."


def handle(request, spec: Import, *, context: dict, template: str, done_url: str, page: dict | None = None):
    """The import page after its access check. `context` (JSON) is what the import is made in: the school, the year
    — the same values are required at the confirmation, so a token cannot carry a file into another school."""
    page = {**(page or {}), "import": spec, "kind": spec.kind}
    status = 200
    if request.method == "POST" and request.POST.get("token"):
        upload = staging.fetch(owner=request.user, token=request.POST["token"], kind=spec.kind)
        if upload.context != context:
            raise Http404("Файл не найден")
        rows = _rows_of(request, str(upload.pk))
        for defer in _DEFERRERS:
            deferred = defer(request, spec=spec, upload=upload, context=context, done_url=done_url, rows=rows)
            if deferred is not None:
                return deferred
        try:
            done = spec.write(actor=request.user, data=staging.data_of(upload), context=context)
        except ImportRefused as exc:  # the records changed since the preview
            page.update(errors=exc.errors, errors_total=exc.total, token=str(upload.pk))
            messages.error(request, exc.message)
            status = 422
        else:
            staging.discard(upload)
            messages.success(request, result_message(spec, done))
            return redirect(done_url)
    elif request.method == "POST":
        status = _check_upload(request, spec, context, page)
    page.setdefault("errors_total", 0)
    page["errors_total"] = max(page["errors_total"], len(page.get("errors", [])))
    return render(request, template, page, status=status)


def _check_upload(request, spec: Import, context: dict, page: dict) -> int:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Выберите заполненный файл шаблона.")
        return 200
    try:
        data = read_upload(upload, spec.limits)
    except WorkbookRefused as exc:
        page.update(errors=[(0, "", exc.message)], errors_total=1)
        messages.error(request, "Файл не загружен. Ничего не сохранено.")
        return 422
    reading, records = spec.check(data, context)
    kept = staging.keep(owner=request.user, kind=spec.kind, filename=upload.name, data=data, context=context)
    if reading.ok:
        preview = spec.preview(records, context)
        page.update(preview=preview, token=str(kept.pk), filename=upload.name,
                    rows_signed=_rows_signed(str(kept.pk), preview))
        return 200
    marked = reading.header_row > 0  # a file not read at all has nothing to mark
    page.update(errors=reading.errors, errors_total=reading.errors.total, token=str(kept.pk) if marked else "")
    if not marked:
        staging.discard(kept)
    messages.error(request, f"Файл не загружен: ошибок — {reading.errors.total}. Ничего не сохранено.")
    return 422
