"""iCalendar (RFC 5545) feed of a person's plan tasks: one all-day event per task on its last day."""

import datetime

from django.utils import timezone


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded, as the standard requires."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for ch in line:
        enc = ch.encode("utf-8")
        if len(current) + len(enc) > 74:
            parts.append(current.decode("utf-8"))
            current = b""
        current += enc
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def build_feed(tasks, *, host: str, name: str) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Orientir//Plan tasks//RU", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(name)}", "X-WR-TIMEZONE:Europe/Moscow"]
    for task in tasks:
        label = f" ({task.label})" if task.label else ""
        summary = f"{task.item.number}{label} {task.item.short_title} — {task.executor_name}"
        status = "выполнена" if task.status == "done" else "срок — последний день"
        lines += [
            "BEGIN:VEVENT",
            f"UID:task-{task.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{task.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{task.due_on + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(task.item.title + ' (' + status + ')')}",
            f"URL:https://{host}/plan/tasks/{task.pk}/",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
