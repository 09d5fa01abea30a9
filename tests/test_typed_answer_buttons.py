"""A typed 是 / 不 takes the asking message's ✅ / ✖️ off, as a press does (handlers/pending's
`shown` and `typed`; handlers/common's `remove_buttons_of`)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from telegram.error import BadRequest

from handlers import pending
from handlers.common import remove_buttons_of


class _Bot:
    """Records the buttons it was asked to take off; may refuse with `refusal`."""

    def __init__(self, refusal: str | None = None) -> None:
        self.edits: list[tuple[int, int]] = []
        self.refusal = refusal

    async def edit_message_reply_markup(self, chat_id: int, message_id: int, **_: Any) -> None:
        if self.refusal is not None:
            raise BadRequest(self.refusal)
        self.edits.append((chat_id, message_id))


def _context(bot: _Bot) -> Any:
    return SimpleNamespace(bot=bot, user_data={})


def _message(chat_id: int, message_id: int) -> Any:
    return SimpleNamespace(chat=SimpleNamespace(id=chat_id), message_id=message_id)


def _update(update_id: int = 1) -> Any:
    return SimpleNamespace(update_id=update_id, effective_message=None, callback_query=None)


async def test_a_typed_answer_takes_the_shown_messages_buttons_off() -> None:
    bot = _Bot()
    context = _context(bot)
    pending.remember(_update(), context, "withdraw_asked", 7)
    pending.shown(context, _message(10001, 42))
    answered: list[int] = []

    async def answer(update: Any, ctx: Any) -> None:
        answered.append(ctx.user_data["withdraw_asked"])
        pending.forget(ctx)  # as the features do

    await pending.typed(answer)(_update(2), context)
    assert answered == [7]
    assert bot.edits == [(10001, 42)]


async def test_no_message_shown_edits_nothing() -> None:
    bot = _Bot()
    context = _context(bot)
    pending.remember(_update(), context, "withdraw_asked", 7)

    async def answer(update: Any, ctx: Any) -> None:
        return None

    await pending.typed(answer)(_update(2), context)
    assert bot.edits == []


def test_a_new_question_or_forgetting_drops_the_message() -> None:
    context = _context(_Bot())
    message = _message(1, 2)
    pending.remember(_update(), context, "withdraw_asked", 7)
    pending.shown(context, message)
    pending.remember(_update(), context, "cancel_asked", 8)  # asked anew, not yet shown
    assert pending.ASKED_MESSAGE not in context.user_data
    pending.shown(context, message)
    pending.forget(context)
    assert context.user_data == {}


@pytest.mark.parametrize(
    "refusal",
    [
        "Bad Request: message is not modified",
        "Bad Request: message to edit not found",
        "Bad Request: message can't be edited",
    ],
)
async def test_a_message_gone_or_bare_already_is_no_error(refusal: str) -> None:
    await remove_buttons_of(_Bot(refusal), 1, 2)


async def test_other_refusals_are_errors() -> None:
    with pytest.raises(BadRequest):
        await remove_buttons_of(_Bot("Bad Request: chat not found"), 1, 2)


def test_the_open_question_is_the_one_remembered_with_its_asking_update() -> None:
    context = _context(_Bot())
    assert pending.open_question(context.user_data) is None
    pending.remember(_update(), context, "grant_asked", "gr:ok:5:staff:1")
    assert pending.open_question(context.user_data) == "grant_asked"
    pending.forget(context)
    assert pending.open_question(context.user_data) is None


def test_a_question_kept_open_at_a_switch_is_open_for_the_next_message_in_its_message() -> None:
    context = _context(_Bot())
    pending.remember(_update(1), context, "cancel_asked", 7)
    pending.shown(context, _message(10001, 42))
    asked = context.user_data[pending.ASKED_MESSAGE]
    pending._keep_open(_update(2), context, "cancel_asked", 7, asked)
    assert context.user_data["cancel_asked"] == 7
    assert context.user_data[pending.ASKED_IN] == 2  # not forgotten by forget_stale at 2
    assert context.user_data[pending.ASKED_MESSAGE] == [10001, 42]
