"""The audit log's before → after in the reader's words: field names, values and local times.

The log stores what changed as plain records (`role: staff`, `send_at: 2026-06-11T00:00:00+00:00`,
`kind: d`); an admin reads them in their language (角色：服务站工作人员, 发送时间：06-11 08:00,
类型：条目草稿). A field or value the catalogues do not name is shown as stored.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.i18n import catalogue, t

# Stored values that name something the catalogues say in words, by field.
_VALUE_KEYS = {
    "role": ("roles.name.{}",),
    "status": ("audit.status.{}", "broadcasts.status.{}", "bookings.status.{}"),
    "audience": ("broadcasts.audience.{}",),
    "kind": ("audit.kind.{}",),
}
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
FIELD_LIMIT = 40
CHANGE_LIMIT = 160


def _known(key: str) -> bool:
    return key in catalogue("zh")


def field_name(lang: str, key: str) -> str:
    """A stored field's name in the reader's language (send_at → 发送时间)."""
    name = f"audit.field.{key}"
    return t(lang, name) if _known(name) else key


def field_value(lang: str, key: str, value: Any, tz: ZoneInfo) -> str:
    """A stored value as the reader reads it: words for codes, local time for instants."""
    if isinstance(value, bool):
        return t(lang, "audit.yes" if value else "audit.no")
    if isinstance(value, list):
        return ("、" if lang != "en" else ", ").join(
            field_value(lang, key, item, tz) for item in value
        )
    if not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if _ISO_TIME.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    for pattern in _VALUE_KEYS.get(key, ()):
        name = pattern.format(value)
        if _known(name):
            return t(lang, name)
    return value


def record_text(lang: str, record: dict[str, Any] | None, tz: ZoneInfo) -> str:
    """A before/after record as `name: value` pairs, empty ones left out, kept short."""
    if record is None:
        return "-"
    parts = []
    for key, item in record.items():
        if item is None or item == "":
            continue
        said = _clip(field_value(lang, key, item, tz), FIELD_LIMIT)
        parts.append(t(lang, "audit.pair", name=field_name(lang, key), value=said))
    return _clip(t(lang, "audit.pair_sep").join(parts), CHANGE_LIMIT) or "-"


def target_text(lang: str, target: str) -> str:
    """What an entry is about in the reader's words (user 10001 → 用户 10001)."""
    word, _, rest = target.partition(" ")
    name = f"audit.target.{word}"
    return t(lang, name, rest=rest) if rest and _known(name) else target


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
