"""PTB filters that route a farmer's free text by its intent (knowledge.text.intent).

Features register `MessageHandler(IntentFilter(Kind.price), ...)` in
handlers/__init__.py; the classification of one text is cached, so several
filters asking about the same message classify it once. (The module is named
routing, not filters: a submodule `handlers.filters` would shadow
telegram.ext.filters inside handlers/__init__.py.)
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from telegram import Message
from telegram.ext import filters

from bot.core.db import get_engine
from bot.core.i18n import all_labels
from bot.stations.catalogue import cached, generation
from knowledge.text.amount_change import says_amount
from knowledge.text.cancelling import says_cancel
from knowledge.text.dates import turned_down
from knowledge.text.intent import Intent, Kind, classify
from knowledge.text.moving import says_move
from knowledge.text.multiask import Ask, split_asks
from knowledge.text.yesno import says_no, says_yes

# A message longer than this tells a whole situation (handlers/ask.py MAX_QUESTION_CHARS):
# it is a question for the knowledge base and the station, whatever words it contains.
LONG_MESSAGE_CHARS = 500

# Main-menu buttons (in every language) and the intent each one stands for.
MENU_INTENTS = {
    "menu.prices": Kind.price,
    "menu.demand": Kind.demand,
    "menu.booking": Kind.booking,
    "menu.alerts": Kind.subscribe,
}


class MenuButton(filters.MessageFilter):
    """A bottom-menu button's label (catalogue `key`, in any language) as the whole message;
    staff's 📋 今天的收货 and ❓ 农户问题 are their commands (a farmer is refused by its guard)."""

    def __init__(self, key: str) -> None:
        super().__init__(name=f"MenuButton({key})")
        self.labels = frozenset(all_labels(key))

    def filter(self, message: Message) -> bool:
        """True for the label, exactly as the button sends it."""
        return message.text in self.labels


def intent_of(text: str) -> Intent:
    """The cached intent of one message text, with the stations as they are now.

    Keyed on the catalogue's generation too: a sentence naming a station is read
    anew once a station is added or renamed (imported, by an admin) while the bot runs.
    """
    return _intent_of(text, _catalogue_generation())


def _catalogue_generation() -> int:
    try:
        return generation(get_engine())
    except RuntimeError:
        return 0  # no database (text read on its own)


@lru_cache(maxsize=2048)
def _intent_of(text: str, catalogue: int) -> Intent:
    return classify(text, names_station=_names_one_station)


@lru_cache(maxsize=512)
def asks_of(text: str) -> tuple[Ask, ...] | None:
    """The cached asks of a text holding several (土豆啥价，谁收玉米), None for one ask."""
    asks = split_asks(text)
    return tuple(asks) if asks is not None else None


def _names_one_station(words: str) -> bool:
    """Whether words name exactly one known station (孙家集京东, sunjiaji jingdong)."""
    try:
        known = cached(get_engine())  # a filter cannot wait for the database
    except RuntimeError:
        return False  # no database (text read on its own): no station is known
    return known is not None and len(known.stations_named(words)) == 1


@lru_cache(maxsize=1)
def _menu_labels() -> dict[str, Kind]:
    return {label: kind for key, kind in MENU_INTENTS.items() for label in all_labels(key)}


def menu_intent(text: str) -> Kind | None:
    """The intent of a main-menu button label, or None for typed text."""
    return _menu_labels().get(text)


class IntentFilter(filters.MessageFilter):
    """Matches text messages (not commands) whose intent is one of `kinds`."""

    def __init__(self, *kinds: Kind, menu: bool = True) -> None:
        super().__init__(name=f"IntentFilter({', '.join(kinds)})")
        self.kinds = frozenset(kinds)
        self.menu = menu

    def filter(self, message: Message) -> bool:
        """True when the message's text has one of the wanted intents."""
        text = message.text
        if not text or text.startswith("/") or len(text.strip()) > LONG_MESSAGE_CHARS:
            return False
        button = menu_intent(text)
        if button is not None:
            return self.menu and button in self.kinds
        if asks_of(text) is not None:
            # Several asks (土豆啥价，谁收玉米，明天能来收吗) are no one feature's, nor a flow's
            # entry: a booking waiting for its amount restarted on 土豆 (sandbox walk).
            return False
        return intent_of(text).kind in self.kinds


@lru_cache(maxsize=512)
def _says_move(text: str) -> bool:
    return says_move(intent_of(text).text)


class MoveWords(filters.MessageFilter):
    """Text that says only "move it to <a day>" (改到后天, 改成明天下午, move it to Friday).

    Classified as a knowledge question (改 is ambiguous): the booking conversation's entry
    reads it as moving a booking when the farmer has one to move, and hands it on otherwise.
    """

    def filter(self, message: Message) -> bool:
        """True for such a text (not a command, not a menu button)."""
        text = message.text
        if not text or text.startswith("/") or menu_intent(text) is not None:
            return False
        return len(text.strip()) <= LONG_MESSAGE_CHARS and _says_move(text)


@lru_cache(maxsize=512)
def _says_amount(text: str) -> bool:
    return says_amount(intent_of(text).text)


class AmountWords(filters.MessageFilter):
    """Text that says only "the amount is now <a weight>" (改成1200斤, 西红柿改成1200斤,
    只有800斤了, make it 1200 jin): with a day it is a move (MoveWords).

    Classified as a knowledge question: the booking conversation's entry reads it as changing
    a booking's amount when the farmer has one, and hands it on otherwise.
    """

    def filter(self, message: Message) -> bool:
        """True for such a text (not a command, not a menu button)."""
        text = message.text
        if not text or text.startswith("/") or menu_intent(text) is not None:
            return False
        return len(text.strip()) <= LONG_MESSAGE_CHARS and _says_amount(text)


@lru_cache(maxsize=512)
def _says_cancel(text: str) -> bool:
    return says_cancel(intent_of(text).text)


class CancelWords(filters.MessageFilter):
    """Text that says only "cancel <my booking / the produce's>" (取消白菜的预约, 白菜那个不送了).

    Classified as a new booking or a question: the booking conversation's entry reads it as
    cancelling one of the farmer's bookings (asking to confirm), before any other reading.
    """

    def filter(self, message: Message) -> bool:
        """True for such a text (not a command, not a menu button)."""
        text = message.text
        if not text or text.startswith("/") or menu_intent(text) is not None:
            return False
        return len(text.strip()) <= LONG_MESSAGE_CHARS and _says_cancel(text)


class DayTurnedDown(filters.MessageFilter):
    """Text that names one day only to say it is no good (明天去不了, 后天有事, "tomorrow doesn't
    work"): at a booking's step that day is not chosen (dates.turned_down)."""

    def filter(self, message: Message) -> bool:
        """True for such a text (not a command, not a menu button)."""
        text = message.text
        if not text or text.startswith("/") or menu_intent(text) is not None:
            return False
        return len(text.strip()) <= LONG_MESSAGE_CHARS and turned_down(text)


class YesWords(filters.MessageFilter):
    """A clear typed yes (是, 确认, 好的, yes), and the exact texts in `also` (1 for ✅ first)."""

    def __init__(self, also: tuple[str, ...] = ()) -> None:
        super().__init__(name="YesWords")
        self.also = frozenset(also)

    def filter(self, message: Message) -> bool:
        """True for such a text."""
        text = (message.text or "").strip()
        return bool(text) and (text in self.also or says_yes(text))


class NoWords(filters.MessageFilter):
    """A clear typed no (不, 不用了, 算了, no)."""

    def filter(self, message: Message) -> bool:
        """True for such a text."""
        return says_no(message.text or "")


class AnswerTo(filters.MessageFilter):
    """A typed yes or no (是, 好的, 不, "yes, withdraw it") while a ✅ / ✖️ question waits: the
    sender's user_data holds `key` (set when asked, dropped when answered)."""

    def __init__(self, user_data: Mapping[int, dict[Any, Any]], key: str) -> None:
        super().__init__(name=f"AnswerTo({key})")
        self.user_data = user_data
        self.key = key

    def filter(self, message: Message) -> bool:
        """True for 是 / 不 from someone with the question waiting."""
        sender = message.from_user
        if sender is None or not self.user_data.get(sender.id, {}).get(self.key):
            return False
        text = message.text or ""
        return says_yes(text) or says_no(text)
