"""iCalendar (RFC 5545) files for training activities, without a dependency.

One VEVENT per activity with dates; ongoing activities without dates have no
place in a calendar and are left out. Times are written in UTC; text is
escaped and long lines folded as the RFC asks.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

PRODID = "-//Samverkan//Activities//SV"


def escape(text: str) -> str:
    text = str(text or "")
    for char, replacement in (("\\", "\\\\"), (";", "\\;"), (",", "\\,")):
        text = text.replace(char, replacement)
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545, 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        limit = 75 if not parts else 74  # continuation lines start with a space
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(activity, url: str, uid_domain: str, now: datetime.datetime) -> list[str]:
    starts = activity.starts_at
    ends = activity.ends_at or starts + datetime.timedelta(hours=1)
    description = activity.summary or ""
    if url:
        description = f"{description}\n\n{url}".strip()
    lines = [
        "BEGIN:VEVENT",
        f"UID:activity-{activity.translation_key}-{activity.locale_id}@{uid_domain}",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART:{utc(starts)}",
        f"DTEND:{utc(ends)}",
        f"SUMMARY:{escape(activity.title)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if activity.place:
        lines.append(f"LOCATION:{escape(activity.place)}")
    if url:
        lines.append(f"URL:{url}")
    if activity.updated_at:
        lines.append(f"LAST-MODIFIED:{utc(activity.updated_at)}")
    lines.append("END:VEVENT")
    return lines


def calendar(entries: Iterable[tuple[object, str]], name: str, uid_domain: str) -> str:
    """A VCALENDAR of (activity, absolute URL) pairs; undated activities are skipped."""
    now = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{timezone.get_current_timezone_name()}",
    ]
    for activity, url in entries:
        if getattr(activity, "starts_at", None):
            lines.extend(event_lines(activity, url, uid_domain, now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
