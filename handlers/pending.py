"""A ✅ / ✖️ question that a typed 是 or 不 may answer (确定要取消预约…吗？, 撤回这条登记？, a sale
listing's 请确认您要卖的货, 退订 all alerts): one mechanism for every such question outside a
conversation. The feature `remember`s the question when it asks; handlers/__init__.py
registers, per question, an `AnswerTo` filter and the feature's handler taking 是 / 不 as
its ✅ / ❌ button. (A conversation's own confirm step, the booking's, reads 是 itself.)
A question asked with a button's callback data (提前收货？, 撤回这条通知？, /grant's, /kb add's
preview) is a `Question`: it remembers the ✅'s data, and its one `handler` hands a typed
是 / 不 to the feature's ✅ / ✖️ with that data, through the same checks as the press.

A typed answer takes the ✅ / ✖️ off the message that asked, as a press does (the feature
says which message that was with `shown` once it is sent; `typed` wraps every handler of a
typed answer), so the preview's buttons are not left to press again.

The question is remembered in user_data with the update that asked it; it stays open for the
next message only: anything else the farmer does in between (a press, another question)
forgets it (`forget_stale`, group 1, after every feature), so a 好的 said later to something
else never cancels a booking.

"English please" / 切换中文 typed while a question is open is no such "anything else": the
language switches and the question is asked again in it, still open (`language_handler`,
given each question's re-ask in one place, handlers/__init__.py), the message that asked
it first losing its buttons (one live ✅ per question). A question with no re-ask stays open
as it was asked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

from telegram import MaybeInaccessibleMessage, Message, Update
from telegram.ext import BaseHandler, ContextTypes, MessageHandler, filters

from handlers.common import remove_buttons_of
from handlers.language import LanguageWords, Reask, redraw_menu, switch_said
from knowledge.text.yesno import says_yes

ASKED_IN = "asked_in"  # user_data: the update that asked the open question
ASKED_MESSAGE = "asked_message"  # user_data: [chat id, message id] of the message with its ✅
# The keys it may be under (one at a time): a booking's cancel, a listing's withdrawal, a
# sale listing's summary, 退订's stop-all; and a listing's "how much?" (a product typed next
# switches the product: handlers/supply.py); 「您有20只羊。是想卖吗？」 (要卖 typed is its 📦:
# handlers/herds.py); an open listing's new amount asked after its ✏️ (handlers/listings.py);
# a day's bookings all cancelled (明天的都取消); a booking's new amount asked after its ✏️
# (handlers/bookings/amounts.py); then the `Question`s, each under its key.
QUESTIONS = (
    "cancel_asked",
    "withdraw_asked",
    "offer_asked",
    "stop_all_asked",
    "amount_asked",
    "herd_asked",
    "change_asked",
    "cancel_day_asked",
    "early_asked",
    "far_asked",
    "notice_withdraw_asked",
    "grant_asked",
    "upload_asked",
    "booking_amount_asked",
    "booking_amount_confirm",
)


def key(name: str) -> str:
    """The question key `name`, checked against QUESTIONS (by name: merges reorder them)."""
    if name not in QUESTIONS:
        raise ValueError(f"no pending question {name!r}: add it to pending.QUESTIONS")
    return name


# A ✅ or ✖️ taken as typed: the update, its context and the ✅ button's callback data.
Answer = Callable[[Update, ContextTypes.DEFAULT_TYPE, str], Awaitable[object]]


@dataclass(frozen=True)
class Question:
    """A ✅ / ✖️ question a typed 是 / 不 answers: `yes` does the ✅'s work, `no` the ✖️'s (or
    says nothing changes where the question has no ✖️), both with the ✅'s callback data."""

    key: str  # one of QUESTIONS
    yes: Answer
    no: Answer

    def ask(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        data: str,
        message: MaybeInaccessibleMessage | None = None,
    ) -> None:
        """Open this question, the ✅ button carrying `data` (asked by `update`, in `message`
        when it is sent already: a typed answer takes that message's buttons off)."""
        remember(update, context, self.key, data)
        shown(context, message)

    async def handler(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The typed 是 / 不 (routing.AnswerTo let only those through): its ✅ or ✖️."""
        message = update.effective_message
        data = context.user_data.get(self.key) if context.user_data is not None else None
        if message is None or not isinstance(data, str):
            return
        forget(context)  # answered: a second 好的 is no second grant
        answer = self.yes if says_yes(message.text or "") else self.no
        await answer(update, context, data)


def remember(
    update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, value: int | str
) -> None:
    """Open the question `key` about `value` (a booking's or a listing's id, a ✅'s data,
    or the encoded button the question's typed answer stands for)."""
    if context.user_data is None:
        return
    for other in (*QUESTIONS, ASKED_MESSAGE):
        context.user_data.pop(other, None)
    context.user_data[key] = value
    context.user_data[ASKED_IN] = update.update_id


def forget(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Close any open question (answered, by a press or typed)."""
    if context.user_data is None:
        return
    for key in (*QUESTIONS, ASKED_IN, ASKED_MESSAGE):
        context.user_data.pop(key, None)


def shown(context: ContextTypes.DEFAULT_TYPE, message: MaybeInaccessibleMessage | None) -> None:
    """The open question was asked in `message` (sent, or a pressed one edited into it): a
    typed answer takes its buttons off. Call it after `remember`."""
    if context.user_data is None or message is None:
        return
    context.user_data[ASKED_MESSAGE] = [message.chat.id, message.message_id]


def typed(
    answered: Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[object]],
) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]:
    """`answered` (a typed 是 / 不's handler), then the asking message's buttons taken off, as
    pressing one of them does (handlers/common.remove_buttons)."""

    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        asked = context.user_data.get(ASKED_MESSAGE) if context.user_data is not None else None
        await answered(update, context)
        if isinstance(asked, list) and len(asked) == 2:
            await remove_buttons_of(context.bot, int(asked[0]), int(asked[1]))

    return handler


async def forget_stale(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Group 1: an open question not asked by this update is over (its answer was due now)."""
    if not isinstance(update, Update) or context.user_data is None:
        return
    if ASKED_IN in context.user_data and context.user_data[ASKED_IN] != update.update_id:
        forget(context)


def open_question(data: Mapping[Any, Any]) -> str | None:
    """The key of the question open in this user_data (None: none is)."""
    if ASKED_IN not in data:
        return None
    return next((name for name in QUESTIONS if name in data), None)


class LanguageAtQuestion(LanguageWords):
    """ "English please" / 切换中文 typed while one of the questions is open."""

    def __init__(self, user_data: Mapping[int, dict[Any, Any]]) -> None:
        super().__init__(name="LanguageAtQuestion")
        self.user_data = user_data

    def filter(self, message: Message) -> bool:
        """True for language words from someone with a question open."""
        sender = message.from_user
        if sender is None or not super().filter(message):
            return False
        return open_question(self.user_data.get(sender.id, {})) is not None


def language_handler(
    user_data: Mapping[int, dict[Any, Any]],
    reasks: Mapping[str, Reask],
    plain: Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[object]],
) -> BaseHandler[Any, Any, Any]:
    """The language switched at an open question, then the question asked again in it with
    `reasks[key]` (given the user switched and the question's remembered value); a question
    without one is switched as `plain` does (the menu in the new language) and stays open."""

    async def switched(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        data = context.user_data if context.user_data is not None else {}
        key = open_question(data)
        if key is None:
            return
        value, asked = data.get(key), data.get(ASKED_MESSAGE)
        reask = reasks.get(key)
        user = await switch_said(update, context) if reask is not None else None
        if reask is None:
            await plain(update, context)
        if user is None or reask is None:
            # The two languages offered, or nothing to ask again: still open, as asked.
            _keep_open(update, context, key, value, asked)
            return
        await redraw_menu(update, user)
        await reask(update, context, user, value)
        now = data.get(ASKED_MESSAGE)
        if isinstance(asked, list) and len(asked) == 2 and now is not None and now != asked:
            await remove_buttons_of(context.bot, int(asked[0]), int(asked[1]))

    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    return MessageHandler(text & LanguageAtQuestion(user_data), switched)


def _keep_open(
    update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, value: object, asked: object
) -> None:
    """The question `key` open for the next message too, in the message it was asked in."""
    if context.user_data is None or not isinstance(value, int | str):
        return
    remember(update, context, key, value)
    if isinstance(asked, list):
        context.user_data[ASKED_MESSAGE] = asked
