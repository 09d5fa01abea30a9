"""What the farmer asked that the base answered, and the question waiting for their details.

"没解决？点下面「问服务站」" sits under an answer: pressing it must send the station the
question the farmer typed, so the answer's message id is remembered with the words (and
the recorded question, for a did-you-mean pick). Kept in user_data (persisted as JSON:
string keys, plain values).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import ContextTypes

ASKED = "asked_for"  # user_data: answer message id → {"text": …, "q": question id or 0}
KEEP_ASKED = 20
DETAILS = "details_for"  # user_data: the forwarded question the farmer is adding details to


@dataclass(frozen=True)
class Asked:
    """What the farmer asked, answered in one message: their words and the recorded question."""

    text: str
    question_id: int = 0  # 0: not recorded (the base answered it)


def _data(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    data = context.user_data
    return data if data is not None else {}


def remember(
    context: ContextTypes.DEFAULT_TYPE, message_id: int, text: str, question_id: int = 0
) -> None:
    """Keep what was asked for the answer in message `message_id` (the last few answers)."""
    if context.user_data is None:
        return
    asked = context.user_data.setdefault(ASKED, {})
    asked[str(message_id)] = {"text": text, "q": question_id}
    for stale in list(asked)[:-KEEP_ASKED]:
        asked.pop(stale, None)


def recall(context: ContextTypes.DEFAULT_TYPE, message_id: int) -> Asked | None:
    """What was asked for the answer in message `message_id`, if it is remembered."""
    found = (_data(context).get(ASKED) or {}).get(str(message_id))
    if not isinstance(found, dict) or not isinstance(found.get("text"), str):
        return None
    question_id = found.get("q")
    return Asked(found["text"], question_id if isinstance(question_id, int) else 0)


def recorded(context: ContextTypes.DEFAULT_TYPE, message_id: int, question_id: int) -> None:
    """The question asked for that answer is recorded now (a second press forwards it again)."""
    found = (_data(context).get(ASKED) or {}).get(str(message_id))
    if isinstance(found, dict):
        found["q"] = question_id


def wait_details(context: ContextTypes.DEFAULT_TYPE, question_id: int) -> None:
    """The farmer was invited to add details to forwarded question `question_id`."""
    if context.user_data is not None:
        context.user_data[DETAILS] = question_id


def take_details(context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """The question the farmer's details are for (forgotten once read)."""
    found = _data(context).pop(DETAILS, None)
    return found if isinstance(found, int) else None
