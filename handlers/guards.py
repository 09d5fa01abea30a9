"""The one role guard: every staff or admin feature asks it, and its refusal reads the same."""

from __future__ import annotations

import logging

from telegram import Update

from bot.core.i18n import t
from bot.models.users import Role, User
from bot.users import may

log = logging.getLogger(__name__)


async def require(
    update: Update, user: User, role: Role, *, station_id: int | None = None
) -> bool:
    """True when `user` may act as `role` (at `station_id`); else say why and return False.

    The refusal is one message in the user's language: staff without a station are
    told to ask an admin (they are staff, just not yet of a station); anyone else
    that the feature is for station staff or for admins.
    """
    if may(user, role, station_id):
        return True
    # Refusals are logged (who, what they tried): a forged button or a probing
    # farmer shows up in the log, not only in their chat.
    log.info(
        "refused %s %s (%s, station %s): needs %s%s",
        user.role.value,
        user.telegram_id,
        _attempt(update),
        user.station_id,
        role.value,
        f" of station {station_id}" if station_id is not None else "",
    )
    if role is Role.staff and user.role is Role.staff and user.station_id is None:
        key = "guard.no_station"
    else:
        key = f"guard.{role.value}_only"
    text = t(user.language, key)
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)
    return False


def _attempt(update: Update) -> str:
    """What was tried, short: the command typed or the button's data."""
    if update.callback_query is not None:
        return f"button {str(update.callback_query.data)[:64]!r}"
    message = update.effective_message
    text = (message.text or message.caption or "") if message is not None else ""
    return repr(text.split(maxsplit=1)[0][:64]) if text else "a message"
