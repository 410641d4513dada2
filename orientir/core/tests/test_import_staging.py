"""A file kept between its check and its import lives a day at most: unreadable after it, deleted from the base by
the next upload, confirmation or the daily `purge_uploads`."""

import datetime
import io
import uuid

import pytest
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from orientir.accounts.models import User
from orientir.core.imports import staging
from orientir.core.models import ImportUpload

pytestmark = pytest.mark.django_db
DAY = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def owner():
    return User.objects.create_user(username="coordinator-x", password="x")


def _kept_at(moment, owner, name):
    upload = ImportUpload.objects.create(id=uuid.uuid4(), owner=owner, kind="pupils", filename=name, data=b"PK")
    ImportUpload.objects.filter(pk=upload.pk).update(created_at=moment)  # auto_now_add: set the scenario's moment
    return upload


def test_the_daily_command_deletes_only_what_is_past_its_day(owner, time_machine):
    time_machine.move_to(DAY + datetime.timedelta(hours=25))
    old = _kept_at(DAY, owner, "старый.xlsx")  # 25 hours before «now»
    fresh = _kept_at(DAY + datetime.timedelta(hours=2), owner, "свежий.xlsx")  # 23 hours before
    call_command("purge_uploads", stdout=(out := io.StringIO()))
    assert not ImportUpload.objects.filter(pk=old.pk).exists()
    assert ImportUpload.objects.filter(pk=fresh.pk).exists()
    assert "Удалено загруженных файлов старше суток: 1." in out.getvalue()


def test_an_upload_purges_what_is_past_its_day(owner, time_machine):
    time_machine.move_to(DAY + datetime.timedelta(hours=25))
    old = _kept_at(DAY, owner, "старый.xlsx")
    staging.keep(owner=owner, kind="pupils", filename="новый.xlsx", data=b"PK")
    assert not ImportUpload.objects.filter(pk=old.pk).exists()


def test_a_file_past_its_day_is_neither_given_nor_kept_once_anyone_asks(owner, time_machine):
    time_machine.move_to(DAY)
    upload = _kept_at(DAY, owner, "список.xlsx")
    assert staging.fetch(owner=owner, token=upload.pk, kind="pupils") == upload
    time_machine.move_to(DAY + datetime.timedelta(days=1, minutes=1))
    with pytest.raises(Http404):
        staging.fetch(owner=owner, token=upload.pk, kind="pupils")
    assert not ImportUpload.objects.filter(pk=upload.pk).exists()  # asking for it removed it
    assert timezone.now() > DAY
