"""The message filters that tell a typed place from other text: PlaceReply (an answer to
"打您的村名"), PlaceSaid (a known place said out of the blue, or as where one is).

A filter cannot wait for the database: both read the station catalogue as last built
(handlers/stations.warm_up at start, notice_place_changes before each message).
"""

from __future__ import annotations

from typing import TypeGuard

from telegram import Message
from telegram.ext import filters

from bot.core.db import get_engine
from bot.stations.catalogue import Catalog, cached, is_place_name, looks_like_place
from bot.stations.gazetteer import (
    has_place_form,
    known_part,
    said_name,
    where_i_am,
    where_i_am_english,
)
from handlers.render import stations as view
from handlers.routing import intent_of, menu_intent
from knowledge.text.intent import Kind

# A reply to "打您的村名" is short; longer text is a question for another feature.
MAX_PLACE_CHARS = 16
# A name in pinyin takes more letters (Sanyuanzhu village).
MAX_SPELLED_CHARS = 40


def _short_free_text(text: str | None) -> TypeGuard[str]:
    """Text short enough to be a place: no command, no menu button, no cancel word."""
    if not text or text.startswith("/") or len(text) > MAX_PLACE_CHARS:
        return False
    return menu_intent(text) is None and text not in view.cancel_words()


def _spelled_place(text: str | None, known: Catalog) -> bool:
    """A place typed in pinyin (sanyuanzhu, Sanyuanzhu village), as `find_place` reads it."""
    if not text or text.startswith("/") or len(text) > MAX_SPELLED_CHARS:
        return False
    match = known.spelled(text)
    return match.place is not None or bool(match.choices)


class PlaceReply(filters.MessageFilter):
    """Text that can be a place name: short, no command, no menu button, no other intent."""

    def filter(self, message: Message) -> bool:
        """True for a short text with no product and no intent of its own."""
        text = message.text
        # A filter cannot wait for the database: it reads the catalogue warm_up built at
        # start, rebuilt before this message if stations or villages changed (notice_place_changes).
        known = cached(get_engine())
        if known is not None and _spelled_place(text, known):
            return True  # Sanyuanzhu village: read as the booking's place step reads it
        if not _short_free_text(text):
            return False
        # A place's name, even one that reads as a crop or a question (稻田 for 稻田镇).
        if is_place_name(text, known):
            return True
        intent = intent_of(text)
        if intent.kind not in (Kind.knowledge, Kind.station) or intent.products:
            return False
        # "好的" or a short question is not a place: let it reach its feature.
        return looks_like_place(text, known)


class PlaceSaid(filters.MessageFilter):
    """A village or township the gazetteer knows, typed alone out of the blue (王家庄, 王家庄村,
    三元朱) or as where the farmer is (我在王家庄): its nearest stations are the answer, not
    "答不上来" (sandbox walk).

    Only names the catalogue knows: an unknown 新农村 stays a question. A name without its
    ending needs three characters (三元朱), unless said as where one is: 稻田 alone may be rice
    paddies, 我在稻田 is the township.
    """

    def filter(self, message: Message) -> bool:
        """True for a known place's name alone, or said as where the farmer is."""
        text = message.text
        english = _english_place(text)
        if english is not None:
            return english
        if not _short_free_text(text):
            return False
        intent = intent_of(text)
        if intent.kind not in (Kind.knowledge, Kind.chatter) or intent.products:
            return False
        known = cached(get_engine())  # built at start (warm_up), rebuilt on changes
        if known is None:
            return False
        said = where_i_am(intent.text)
        if said is not None:
            # 俺是伦河镇前进村的: the township or the village is enough to go by.
            return is_place_name(said, known) and known_part(said, known.knows) is not None
        name = said_name(intent.text)  # 侯镇吧: the name, said as an answer
        if not (is_place_name(name, known) and known.knows(name)):
            return False
        return has_place_form(name) or len(name) >= 3


def _english_place(text: str | None) -> bool | None:
    """For a farmer saying in English where they are ("I live in Sunjiaji village", "my village
    is Daotian"): whether to look the place up (a known place in pinyin, or any name said with
    its kind: an unknown village is answered "not found", with the closest names); None for
    any other text."""
    if not text or text.startswith("/") or len(text) > MAX_SPELLED_CHARS:
        return None
    said = where_i_am_english(text)
    if said is None:
        return None
    name, with_kind = said
    known = cached(get_engine())
    return with_kind or (known is not None and _spelled_place(name, known))
