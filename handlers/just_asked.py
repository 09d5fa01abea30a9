"""The question the farmer's last message asked and has not sent to the station yet.

A voice or a photo right after a question the base could not answer is more of that
question (羊拉稀好几天了, then a photo): the two stay one question and the farmer is asked
whether to send them. But only right after it: once the farmer did something else (set a
price alert, asked a price), a voice is a question of its own, forwarded as usual (blind
walk: "已经和您刚才问的放在一起" right after a price alert). The question is remembered in
user_data with the update that asked it (or that joined it, a voice after the question);
any other update forgets it (`forget_stale`, after every feature), as handlers/pending.py
does for its ✅ / ✖️ questions.
"""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.clock import utcnow

QUESTION = "just_asked"  # user_data: the id of the question the last message asked or joined
ASKED_IN = "just_asked_in"  # user_data: that message's update
# The question the last message's photo went with (forwarded or not), and that update: the
# words sent right after it about it (这是俺家蒜叶子) go with it too.
SHOWN = "just_shown"
SHOWN_IN = "just_shown_in"
SHOWN_AT = "just_shown_at"  # when that photo came (POSIX seconds): its caption comes soon after


def remember(update: Update, context: ContextTypes.DEFAULT_TYPE, question_id: int) -> None:
    """The farmer's message in `update` asked (or added to) question `question_id`."""
    if context.user_data is None:
        return
    context.user_data[QUESTION] = question_id
    context.user_data[ASKED_IN] = update.update_id


def shown(update: Update, context: ContextTypes.DEFAULT_TYPE, question_id: int) -> None:
    """The farmer's photo in `update` went with question `question_id`."""
    if context.user_data is None:
        return
    context.user_data[SHOWN] = question_id
    context.user_data[SHOWN_IN] = update.update_id
    context.user_data[SHOWN_AT] = utcnow().timestamp()


def photo_question(context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """The question the farmer's previous message, a photo, went with."""
    found = (context.user_data or {}).get(SHOWN)
    return found if isinstance(found, int) else None


def photo_shown_at(context: ContextTypes.DEFAULT_TYPE) -> datetime | None:
    """When the farmer's previous message, a photo, came (None if it was no photo)."""
    found = (context.user_data or {}).get(SHOWN_AT)
    return datetime.fromtimestamp(found, UTC) if isinstance(found, (int, float)) else None


def question(context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """The question the farmer's previous message asked, if nothing else came between."""
    found = (context.user_data or {}).get(QUESTION)
    return found if isinstance(found, int) else None


async def forget_stale(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After every feature: a question not asked or joined by this update is over."""
    if not isinstance(update, Update) or context.user_data is None:
        return
    if context.user_data.get(ASKED_IN, update.update_id) != update.update_id:
        context.user_data.pop(QUESTION, None)
        context.user_data.pop(ASKED_IN, None)
    if context.user_data.get(SHOWN_IN, update.update_id) != update.update_id:
        context.user_data.pop(SHOWN, None)
        context.user_data.pop(SHOWN_IN, None)
        context.user_data.pop(SHOWN_AT, None)
