"""Leaving a conversation when the farmer changes the subject (issue 13).

Inside any conversation a message that clearly asks something else (a price or
knowledge question, a main-menu button, a command other than /cancel) is not an
answer to the step. Each conversation puts `leave_handler` first in every state:
it says in one line that the draft is kept and how to resume, then hands the
update to the handler that would have taken it outside the conversation, and
ends the conversation.

Why re-dispatch by hand: PTB runs at most one handler per group, and the
conversation (group 0) already claimed this update, so returning END alone
would leave the price question unanswered. Putting the conversations in
another group instead would answer every step's text twice. Walking group 0's
handlers (minus this conversation) with the same check PTB uses gives the
answer the farmer would have got outside, from the feature it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from telegram import Message, Update
from telegram.ext import BaseHandler, ContextTypes, ConversationHandler, MessageHandler, filters

from bot.core.db import get_engine
from bot.core.i18n import all_labels, t
from bot.stations.catalogue import Catalog, cached, is_place_name
from handlers import render
from handlers.common import register_visitor
from handlers.routing import asks_of, intent_of
from handlers.timeouts import timed_conversations
from knowledge.kb.search import Decision, engine
from knowledge.text.dates import names_day
from knowledge.text.intent import ALERT_LIST, Kind, in_characters
from knowledge.text.language import search_text
from knowledge.text.numbers import parse_quantity
from knowledge.text.staff_words import replies_by_number

# Intents whose own words make them a request, whatever the step asked.
_REQUESTS = frozenset(
    {
        Kind.demand,
        Kind.supply,
        Kind.my_bookings,
        Kind.my_offers,
        Kind.subscribe,
        Kind.unsubscribe,
        Kind.alert_edit,
        Kind.station,
    }
)
# A bare product ("西红柿") is a price intent but also an answer to "which product?":
# price and knowledge texts leave a conversation only when they are questions, or
# (knowledge) a problem the base knows.
_QUESTION = re.compile(
    r"[?？吗呢啥咋谁]|多少|多钱|什么|怎么|为何|如何|哪|价|行情"
    # English as typed on a phone: whats, wheres, hows, without the apostrophe (blind test).
    r"|\b(?:how|hows|what|whats|why|where|wheres|when|which|who|price)\b",
    re.IGNORECASE,
)
# Small talk that asks something of its own (明天天气怎么样, 你是谁, 你是机器人不, 嘎哈呢, whats
# the weather tomorrow, tell me a joke, 怎么用): no step's answer, answered outside as a
# question is. Not 好的, 哈哈, 不用了, 咋办 or 今天贼冷, which say nothing new to a step.
_ASKING_CHATTER = frozenset({"who", "robot", "idle", "help", "joke", "chat", "weather"})


@lru_cache(maxsize=1)
def _menu_labels() -> frozenset[str]:
    return frozenset(label for key in render.ALL_MENU_KEYS for label in all_labels(key))


def is_other_subject(
    text: str,
    intents: bool = True,
    keep: frozenset[Kind] = frozenset(),
    places: Catalog | None = None,
) -> bool:
    """True when `text` clearly asks something else than a conversation's step.

    `places`: the catalogue, at a step that asks for a place, whose names (稻田 for
    稻田镇) are then answers; a name with its ending (稻田镇) is one at any step.
    """
    text = text.strip()
    if not text:
        return False
    if text.startswith("/"):
        # /cancel is each conversation's own way out (it drops the draft).
        command = text[1:].split(maxsplit=1)[0].split("@")[0].lower() if len(text) > 1 else ""
        return command != "cancel"
    if text in _menu_labels():
        return True
    # 回复3：… answers forwarded question #3 (staff's words, handlers/staff_words.py), at any
    # step: the step's answer it is not (blind test: it joined the staff's own question).
    if replies_by_number(text):
        return True
    if not intents:
        return False
    # Several asks at once (土豆啥价，谁收玉米) answer no step: each is answered outside.
    if asks_of(text) is not None:
        return True
    intent = intent_of(text)
    if intent.kind in keep:
        return False
    # 我的提醒, 我订的提醒: the alerts' list, asked by name (a knowledge text to the classifier).
    if intent.kind in _REQUESTS or ALERT_LIST.match(intent.text):
        return True
    if intent.kind is Kind.chatter:
        return intent.extras.get("topic") in _ASKING_CHATTER
    if intent.kind not in (Kind.price, Kind.knowledge):
        return False
    # A problem told without a question word (羊拉稀好几天了) is one the base knows. The text
    # as classified: pinyin read in characters (xihongshi liangqian jin: 西红柿两千斤).
    said = intent.text
    # A village or township typed where one was asked (稻田镇, or 稻田 at a place step, is
    # a place, not rice paddies).
    if is_place_name(said, places):
        return False
    return bool(_QUESTION.search(said)) or (intent.kind is Kind.knowledge and _base_knows(said))


def _base_knows(text: str) -> bool:
    """Whether the knowledge base answers `text` or has entries close to it.

    An amount (两千斤, 1.5吨) is a step's answer, whatever the base makes of it.
    """
    if parse_quantity(text) is not None:
        return False
    search = engine()
    # An English problem (my goats keep coughing at night) in the base's words, as a
    # question outside the conversation is searched (handlers/ask.py): English typed at a
    # step leaves it as the same problem typed in Chinese does (sandbox walk).
    return search.loaded and search.search(search_text(text)).decision is not Decision.decline


def is_day_answer(text: str) -> bool:
    """Whether `text` names a day (明天, 后天上午, 12月9号) and asks nothing: a day step's answer.

    明天 alone has near entries in the base; at a step that asks "which day?" it is the day.
    """
    said = in_characters(text)
    return names_day(said) and not _QUESTION.search(said)


class OtherSubject(filters.MessageFilter):
    """New text messages that change the subject (see is_other_subject).

    `answers` tells a step's own answers (a unit at the amount step, 第一个 at a list), which
    stay whatever the classifier or the base make of them; `asks` tells texts that are no
    answer to the step, whatever the base makes of them (蓝莓修剪 where an amount is asked,
    though the base has nothing on it).
    """

    def __init__(
        self,
        intents: bool = True,
        keep: Sequence[Kind] = (),
        places: bool = False,
        days: bool = False,
        answers: Callable[[str], bool] | None = None,
        asks: Callable[[str], bool] | None = None,
    ):
        super().__init__(name="OtherSubject")
        self.intents = intents
        self.keep = frozenset(keep)
        self.places = places
        self.days = days
        self.answers = answers
        self.asks = asks

    def filter(self, message: Message) -> bool:
        """True for a message that asks something else."""
        if not message.text:
            return False
        if self.answers is not None and self.answers(message.text):
            return False
        if self.asks is not None and self.asks(message.text):
            return True
        if self.days and is_day_answer(message.text):
            return False
        # A filter cannot wait for the database: the catalogue built at start-up (warm_up).
        known = cached(get_engine()) if self.places else None
        return is_other_subject(message.text, self.intents, self.keep, known)


# The conversations this update is leaving: one waiting in another (a station search waiting
# for a place, then 预约收货) is left too, and neither is handed the update again (each
# handed it to the other, forever: RecursionError).
_LEAVING: ContextVar[frozenset[str]] = ContextVar("leaving", default=frozenset())


def leaving() -> frozenset[str]:
    """The names of the conversations this update is leaving (being answered outside them)."""
    return _LEAVING.get()


async def redispatch(update: Update, context: ContextTypes.DEFAULT_TYPE, skip: str) -> None:
    """Run the first group-0 handler (other than conversation `skip`, or one this update is
    already leaving) that takes the update."""
    app: Any = context.application  # its handlers are typed for any context
    leaving = _LEAVING.get() | {skip}
    token = _LEAVING.set(leaving)
    try:
        handler: BaseHandler[Any, Any, Any]
        for handler in app.handlers.get(0, []):
            if isinstance(handler, ConversationHandler) and handler.name in leaving:
                continue
            check = handler.check_update(update)
            if check is None or check is False:
                continue
            await handler.handle_update(update, app, check, context)
            return
    finally:
        _LEAVING.reset(token)


def leave_handler(
    name: str,
    line_key: str,
    *,
    intents: bool = True,
    keep: Sequence[Kind] = (),
    on_leave: Callable[[ContextTypes.DEFAULT_TYPE], str | None] | None = None,
    places: bool = False,
    days: bool = False,
    answers: Callable[[str], bool] | None = None,
    asks: Callable[[str], bool] | None = None,
) -> MessageHandler[Any, Any]:
    """The handler conversation `name` puts first in each state: leave and answer elsewhere.

    `on_leave` tidies the user's data; a message key it returns replaces `line_key`.
    `places`: for a state that asks for a place, where any known place name stays;
    `days`: for one that asks for a day, where a day named (明天) stays;
    `answers`: the texts that are the state's own answers (its cancel words, 斤 at the
    amount step), which stay too; `asks`: texts that are no answer to the state, which leave.
    """

    async def leave(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        user = await register_visitor(update, context)
        line = on_leave(context) if on_leave is not None else None
        chat = update.effective_chat
        if chat is not None:
            # The step's own reply keyboard (📍 / ✖️) goes: the main menu is back.
            await chat.send_message(
                t(user.language, line or line_key),
                reply_markup=render.main_menu(user.language, user.role),
            )
        await redispatch(update, context, skip=name)
        return ConversationHandler.END

    subject = OtherSubject(intents, keep, places, days, answers, asks)
    return MessageHandler(filters.UpdateType.MESSAGE & subject, leave)


def with_leave(
    states: dict[object, list[Any]],
    leave: MessageHandler[Any, Any],
    own: dict[object, MessageHandler[Any, Any]] | None = None,
    first: MessageHandler[Any, Any] | list[MessageHandler[Any, Any]] | None = None,
) -> dict[object, list[Any]]:
    """The states with `leave` tried first in each (the timeout state excepted).

    `own` gives some states another leave handler (one that lets place names stay); `first`
    is tried before it at every step (a language asked for: "English please"; several, in order).
    """
    own = own or {}
    ahead = first if isinstance(first, list) else [first] if first is not None else []
    return {
        state: handlers
        if state == ConversationHandler.TIMEOUT
        else [*ahead, own.get(state, leave), *handlers]
        for state, handlers in states.items()
    }


def changes_subject(update: object) -> bool:
    """A new message that is a command or a bottom-menu button: what the user does now."""
    if not isinstance(update, Update) or update.message is None or not update.message.text:
        return False
    text = update.message.text.strip()
    return text.startswith("/") or text in _menu_labels()


class WaitingStepFirst(BaseHandler[Update, Any, object]):
    """A command or a menu button goes first to the conversation waiting for this user's
    next message, wherever it is registered (group 0, before every other handler).

    Otherwise an earlier conversation's entry (/broadcast, 📢 发通知, 🚚 预约收货) or any
    handler before the waiting one took it, and the waiting step (a round's closing
    reason, /kb add's text, an alert's product) stayed open behind it and swallowed a
    later text typed for something else (sandbox walk: a notice's send time taken for
    the closing reason). The waiting conversation's own step leaves (its line said, its
    draft tidied or kept to resume) and hands the update on (`redispatch`); a command
    it takes itself (/cancel, its own entry) stays its.
    """

    def __init__(self, app: Any) -> None:
        super().__init__(self._unused)
        self.app = app

    @staticmethod
    async def _unused(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Never called: the waiting conversation handles the update."""

    def check_update(self, update: object) -> Any:
        """(the waiting conversation, its check) for a command or menu button, else None."""
        if not changes_subject(update):
            return None
        gone = _LEAVING.get()
        for conversation in timed_conversations(self.app):
            if conversation.name in gone or not conversation.holds(update):
                continue
            check = conversation.check_update(update)
            if check is not None and check is not False:
                return conversation, check
        return None

    async def handle_update(
        self, update: Update, application: Any, check_result: Any, context: Any
    ) -> object:
        """The waiting conversation takes it, as if it had come first."""
        conversation, check = check_result
        return await conversation.handle_update(update, application, check, context)
