"""PTB filters that route a farmer's free text by its intent (knowledge.text.intent).

Features register `MessageHandler(IntentFilter(Kind.price), ...)` in
handlers/__init__.py; the classification of one text is cached, so several
filters asking about the same message classify it once. (The module is named
routing, not filters: a submodule `handlers.filters` would shadow
telegram.ext.filters inside handlers/__init__.py.)
"""

from __future__ import annotations

from functools import lru_cache

from telegram import Message
from telegram.ext import filters

from bot.core.i18n import all_labels
from knowledge.text.intent import Intent, Kind, classify
from knowledge.text.moving import says_move

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


@lru_cache(maxsize=2048)
def intent_of(text: str) -> Intent:
    """The cached intent of one message text."""
    return classify(text)


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
