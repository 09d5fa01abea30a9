"""A command or a menu button goes first to the conversation waiting for the user's next
message (handlers/leave.py WaitingStepFirst), wherever that conversation is registered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Chat, Message, MessageEntity, Update, User
from telegram.ext import CommandHandler, MessageHandler, filters

from handlers import leave
from handlers.timeouts import TimedConversation

WHEN = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)


def _update(text: str) -> Update:
    user = User(7, "张大爷", is_bot=False)
    command = text.split()[0] if text.startswith("/") else ""
    entities = [MessageEntity("bot_command", 0, len(command))] if command else None
    message = Message(1, WHEN, Chat(7, "private"), from_user=user, text=text, entities=entities)
    return Update(1, message=message)


async def _noop(update: Any, context: Any) -> None:
    return None


def _conversation(name: str, entry: str) -> TimedConversation:
    step = leave.leave_handler(name, "bookings.staff.close_left", intents=False)
    return TimedConversation(
        entry_points=[CommandHandler(entry, _noop)],
        states={"wait": [step, MessageHandler(filters.TEXT & ~filters.COMMAND, _noop)]},
        fallbacks=[CommandHandler("cancel", _noop)],
        name=name,
        timeout=timedelta(hours=1),
    )


class _App:
    def __init__(self, *handlers: Any) -> None:
        self.handlers = {0: list(handlers)}


def test_commands_and_menu_buttons_change_the_subject() -> None:
    assert leave.changes_subject(_update("/broadcast"))
    assert leave.changes_subject(_update("🚚 预约收货"))
    assert leave.changes_subject(_update("🚚 Book pickup"))
    assert not leave.changes_subject(_update("明天早上8点"))


def test_the_waiting_conversation_takes_a_command_an_earlier_one_would_start() -> None:
    first, waiting = _conversation("first", "broadcast"), _conversation("waiting", "close")
    picker = leave.WaitingStepFirst(_App(first, waiting))
    # Nobody waits: the order as registered decides (the first's entry).
    assert picker.check_update(_update("/broadcast")) is None
    waiting._conversations[(7, 7)] = "wait"  # the closing reason asked (no deadline kept)
    taken = picker.check_update(_update("/broadcast"))
    assert taken is not None and taken[0] is waiting
    # Typed text stays the order's business (the waiting step's answer, as before).
    assert picker.check_update(_update("明天早上8点")) is None
    # Being left (re-dispatched from its own leave), it is not asked again.
    token = leave._LEAVING.set(frozenset({"waiting"}))
    try:
        assert picker.check_update(_update("/broadcast")) is None
    finally:
        leave._LEAVING.reset(token)
