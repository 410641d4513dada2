"""A job: long work a user started (a big export, a report book) run by a task worker off the request.

The task backends keep their own results (django-tasks-db in a table, RQ in Redis), but not what a user needs to
see: the percent, the stage in Russian, the file, how long it is kept. The job keeps those, whichever backend ran it.
"""

from django.conf import settings
from django.db import models


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "В очереди"
        RUNNING = "running", "Выполняется"
        DONE = "done", "Готово"
        FAILED = "failed", "Не выполнено"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs",
                              verbose_name="Пользователь")
    kind = models.CharField("Вид", max_length=40)
    title = models.CharField("Задание", max_length=300)
    params = models.JSONField("Параметры", default=dict, blank=True)
    status = models.CharField("Состояние", max_length=10, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField("Выполнено, %", default=0)
    stage = models.CharField("Этап", max_length=200, blank=True)
    error = models.TextField("Причина неудачи", blank=True)
    task_id = models.CharField("Номер в очереди", max_length=64, blank=True)
    file = models.CharField("Файл", max_length=300, blank=True)  # relative to MEDIA_ROOT
    filename = models.CharField("Имя файла", max_length=200, blank=True)
    # what a job that makes no file did («Задачи сформированы: 3 495»), and the page that shows it
    result = models.CharField("Итог", max_length=500, blank=True)
    result_url = models.CharField("Страница итога", max_length=300, blank=True)
    created_at = models.DateTimeField("Создано", auto_now_add=True)
    started_at = models.DateTimeField("Начато", null=True, blank=True)
    finished_at = models.DateTimeField("Завершено", null=True, blank=True)
    heartbeat_at = models.DateTimeField("Последний признак жизни", null=True, blank=True)
    expires_at = models.DateTimeField("Хранится до", null=True, blank=True)

    class Meta:
        verbose_name = "задание"
        verbose_name_plural = "задания"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self):
        return self.title

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
