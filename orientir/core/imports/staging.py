"""Uploaded files between their check and their import: the preview reads them again when the user confirms, and
the marked copy of a refused file is built from them on request. Owner-only; a day at most."""

import datetime
import uuid

from django.http import Http404
from django.utils import timezone

from orientir.core.models import ImportUpload

KEPT_FOR = datetime.timedelta(days=1)


def purge(now=None) -> int:
    """Delete every upload past its day: a file of pupils is not kept for nothing. Run on every upload and every
    confirmation, and daily by cron (`manage.py purge_uploads`) for the days nobody uploads anything."""
    deleted, _ = ImportUpload.objects.filter(created_at__lt=(now or timezone.now()) - KEPT_FOR).delete()
    return deleted


def keep(*, owner, kind: str, filename: str, data: bytes, context: dict | None = None) -> ImportUpload:
    """Store the upload (and forget those past their day)."""
    purge()
    return ImportUpload.objects.create(id=uuid.uuid4(), owner=owner, kind=kind, filename=(filename or "")[:255],
                                       data=data, context=context or {})


def fetch(*, owner, token, kind: str) -> ImportUpload:
    """The owner's upload of that kind, or 404 (another user's token answers the same as an unknown one)."""
    try:
        key = uuid.UUID(str(token))
    except ValueError:
        raise Http404("Файл не найден") from None
    purge()
    upload = ImportUpload.objects.filter(pk=key, owner=owner, kind=kind,
                                         created_at__gte=timezone.now() - KEPT_FOR).first()
    if upload is None:
        raise Http404("Файл не найден: он уже загружен или хранился дольше суток. Загрузите его снова.")
    return upload


def data_of(upload: ImportUpload) -> bytes:
    return bytes(upload.data)  # PostgreSQL gives a memoryview


def discard(upload: ImportUpload) -> None:
    upload.delete()


# kind → how an upload of that kind is checked again for its marked copy: check(data, context) → Reading
CHECKS: dict = {}


def register_check(kind: str, check) -> None:
    CHECKS[kind] = check
