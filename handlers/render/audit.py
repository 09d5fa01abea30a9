"""The audit log's before → after in the reader's words: field names, values and local times.

The log stores what changed as plain records (`role: staff`, `send_at: 2026-06-11T00:00:00+00:00`,
`kind: d`); an admin reads them in their language (角色：服务站工作人员, 发送时间：06-11 08:00,
类型：条目草稿). Actions (slot.reopen → 重新开放收货时段) and reason codes (rain → 下雨) are
said the same way; tests/test_audit_words.py checks every action the code can write has
words. A field or value the catalogues do not name is shown as stored (a typed reason).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.admindata.previews import HAND_PRICE_PREFIX, hand_entry_id
from bot.admindata.review import PHRASING
from bot.core.i18n import catalogue, month_of, t
from handlers.render.admin_price import per_unit, typed_price_of
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label

# Stored values that name something the catalogues say in words, by field.
_VALUE_KEYS = {
    "role": ("roles.name.{}",),
    "status": ("audit.status.{}", "broadcasts.status.{}", "bookings.status.{}"),
    "audience": ("broadcasts.audience.{}",),
    "kind": ("audit.kind.{}",),
    # A close button's reason (rain); a reason typed in words is quoted as written.
    "reason": ("bookings.reason.{}",),
    "why": ("audit.why.{}",),
}
# The actions whose target is an upload (`prices:FILE`) and a command-line import (`prices FILE`).
UPLOAD_ACTIONS = frozenset({"data.apply", "data.undo"})
IMPORT = "import"
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# A pickup round's target: `slot ID DAY [HH:MM-HH:MM]` (its hours since they are written).
_ROUND = re.compile(
    r"^slot (?P<id>\d+) (?P<day>\d{4}-\d{2}-\d{2})(?: (?P<hours>\d\d:\d\d-\d\d:\d\d))?$"
)
# What an import writes of its counts: jargon beside one thing typed in the chat.
_IMPORT_COUNTS = frozenset({"added", "updated", "unchanged", "apply_id"})
# A price as stored (1.6 元/斤, bot/admindata/uploads.py): its unit said in the reader's words.
_MONEY = re.compile(r"^(?P<amount>\d+(?:\.\d+)?) (?P<unit>元/(?:斤|公斤))$")
# Review decisions (bot/admindata/review.py) and proposals, and what of their records is internal.
_DECISIONS = frozenset({"kb.approve", "kb.reject"})
_REVIEW_ACTIONS = _DECISIONS | {"kb.propose"}
_REVIEW_INTERNALS = frozenset({"kind", "id", "draft"})
FIELD_LIMIT = 40
CHANGE_LIMIT = 160


def _known(key: str) -> bool:
    return key in catalogue("zh")


def _code(value: str) -> str:
    # Codes are stored as written in the code (slot.reopen, "bot removed"); catalogue keys
    # cannot hold dots or spaces.
    return value.replace(".", "_").replace(" ", "_")


def action_text(lang: str, action: str) -> str:
    """An audit action in the reader's words (slot.reopen → 重新开放收货时段)."""
    key = f"audit.action.{_code(action)}"
    return t(lang, key) if _known(key) else action


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
    money = _MONEY.match(value)
    if money is not None:
        return f"{money['amount']} {per_unit(lang, money['unit'])}"  # 2.3 yuan/jin in English
    if key == "product":
        return product_label(lang, value)  # 大葱 is "scallion" in English, as /offers says it
    name = value_key(key, value)
    return value if name is None else t(lang, name)


def value_key(key: str, value: str) -> str | None:
    """The catalogue key that says a stored code in words (reason rain → bookings.reason.rain)."""
    for pattern in _VALUE_KEYS.get(key, ()):
        name = pattern.format(_code(value))
        if _known(name):
            return name
    return None


def record_text(lang: str, record: dict[str, Any] | None, tz: ZoneInfo) -> str:
    """A before/after record as `name: value` pairs, empty ones left out, kept short."""
    if record is None:
        return "-"
    parts = []
    for key, item in record.items():
        if item is None or item == "" or item == []:
            continue
        said = _clip(field_value(lang, key, item, tz), FIELD_LIMIT)
        parts.append(t(lang, "audit.pair", name=field_name(lang, key), value=said))
    return _clip(t(lang, "audit.pair_sep").join(parts), CHANGE_LIMIT) or "-"


def target_text(lang: str, target: str) -> str:
    """What an entry is about in the reader's words (user 10001 → 用户 10001; a round,
    slot 2 2026-12-07 14:00-16:00 → 14:00-16:00 12月7日)."""
    round_ = _ROUND.match(target)
    if round_ is not None:
        day = date.fromisoformat(round_["day"])
        said = t(lang, "audit.target.round_day", month=month_of(lang, day), day=day.day)
        if round_["hours"]:
            return t(lang, "audit.target.round", hours=round_["hours"], day=said)
        # Written before the hours were: the round by its number.
        return t(lang, "audit.target.round_id", id=round_["id"], day=said)
    word, _, rest = target.partition(" ")
    name = f"audit.target.{word}"
    return t(lang, name, rest=rest) if rest and _known(name) else target


def typed_in_chat(action: str, target: str) -> bool:
    """Whether the entry is a /price or /kb add applied (or undone): one thing typed, no file."""
    if action not in UPLOAD_ACTIONS:
        return False
    file_name = target.partition(":")[2]
    return file_name.startswith(HAND_PRICE_PREFIX) or hand_entry_id(file_name) is not None


def typed_record(
    record: dict[str, Any] | None, *, keep_question: bool = False
) -> dict[str, Any] | None:
    """A typed price's or entry's record without the import's counts (新增：1；导入批次：4):
    one thing was typed; the question, said as the entry's target, is left out too (unless
    an edit changed it: `keep_question`)."""
    if record is None:
        return None
    unsaid = _IMPORT_COUNTS if keep_question else _IMPORT_COUNTS | {"question"}
    kept = {k: v for k, v in record.items() if k not in unsaid}
    return kept or None


def review_record(action: str, record: dict[str, Any] | None) -> dict[str, Any] | None:
    """A review decision's or proposal's record without the numbers of its draft or phrasing
    (编号：1, 草稿：1) nor its kind, said by the action (blind test: "number: 1")."""
    if record is None or action not in _REVIEW_ACTIONS:
        return record
    return {k: v for k, v in record.items() if k not in _REVIEW_INTERNALS} or None


def what_text(
    lang: str, action: str, target: str, after: dict[str, Any] | None = None
) -> tuple[str, str]:
    """An entry's action and target in the reader's words, uploads and typed prices included
    (an entry typed in the chat by its question, from `after`, when it was written)."""
    if action in _DECISIONS and (after or {}).get("kind") == PHRASING:
        # A farmer's wording approved for sd-001 is a phrasing of it, not "an entry".
        return t(lang, f"audit.action.{_code(action)}_phrasing"), target_text(lang, target)
    # An upload is written `prices:FILE` (apply, undo), a command-line import `prices FILE`.
    kind, _, file_name = target.partition(":" if action in UPLOAD_ACTIONS else " ")
    if action not in UPLOAD_ACTIONS | {IMPORT} or not _known(f"admindata.kind.{kind}"):
        return action_text(lang, action), target_text(lang, target)
    # A /price or /kb add goes through a one-row file whose name is made up: the admin
    # typed it in the chat and is told so, never of that name.
    step = "undo" if action == "data.undo" else "apply"
    if file_name.startswith(HAND_PRICE_PREFIX):
        # Named `price-by-hand-PRODUCT-MARKET.csv` (bot/admindata/entries.py).
        product, market = typed_price_of(file_name) or ("", "")
        said = t(
            lang,
            "audit.typed.price",
            product=product_label(lang, product),
            market=name_label(lang, market),
        )
        return t(lang, f"audit.typed.price_{step}"), said
    entry_id = hand_entry_id(file_name)
    if entry_id is not None:
        question = (after or {}).get("question")
        # 在聊天里录入条目 「…」: the entry is the action's own word, not said twice.
        said = t(lang, "audit.typed.entry", question=question) if question else entry_id
        return t(lang, f"audit.typed.entry_{step}"), said
    data = t(lang, f"admindata.kind.{kind}")
    return action_text(lang, action), t(lang, "audit.target.file", kind=data, file=file_name)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
