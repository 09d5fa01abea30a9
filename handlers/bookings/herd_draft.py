"""Live animals booked by the head, as a booking draft keeps them (两头黄牛 600斤): the steps,
the ✅ and a move show them as the farmer said them (2头黄牛 约600斤), not as the meat markets
quote (牛肉 600斤), and the booking stores them (bot.bookings.model.BookedHerd). Produce named
by a word not its own (洋芋 for 土豆) is kept and shown the same way: 洋芋（土豆）."""

from __future__ import annotations

from typing import Any

from bot.bookings.model import BookedHerd, BookingView
from bot.core.i18n import t
from bot.markets.herds import herd_said, said_animal
from bot.markets.said_names import said_product, word_said
from handlers.render import bookings as view

# The herd whose weight is booked (handlers/bookings/herds.py), kept for the confirmation.
HERD = "herd"
# A herd's count said without its weight (两头黄牛), until its weight is: [low, high or None,
# the animal as said, its product]; a weight per head typed next (每只80斤) is multiplied by it.
HEADS = "heads"
# The word the farmer named the product by when not its own (洋芋 for 土豆): [word, product],
# so a product changed later (土豆 typed over it, a button) is not shown with it.
SAID = "said"


def herd_booked(lang: str, draft: dict[str, Any]) -> str | None:
    """The herd a draft books as the farmer named it (2头黄牛, "2 cows"), else None: live
    animals are shown as the animal, not the meat they are weighed as."""
    herd = draft_herd(draft)
    if herd is None:
        return None
    meat = str(draft["product"])
    return herd_said(lang, meat, herd.heads, herd.high, said_animal(lang, herd.animal, meat))


def draft_herd(draft: dict[str, Any]) -> BookedHerd | None:
    """The live animals whose weight a draft books (kept by handlers/bookings/herds.py as
    [heads, high, animal as said, product]), stored with the booking; None for produce."""
    kept = draft.get(HERD)
    if not kept or kept[3] != draft.get("product"):
        return None
    return BookedHerd(int(kept[0]), int(kept[1]) if kept[1] else None, str(kept[2]))


def draft_animal(lang: str, draft: dict[str, Any]) -> str | None:
    """The animal a draft books as the farmer named it (黄牛, cattle), else None."""
    herd = draft_herd(draft)
    return None if herd is None else said_animal(lang, herd.animal, str(draft["product"]))


def herd_of(booking: BookingView) -> list[Any] | None:
    """A booked herd as a draft keeps it (HERD), for the booking's move to show it again."""
    herd = booking.herd
    return None if herd is None else [herd.heads, herd.high, herd.animal, booking.product]


def keep_said(draft: dict[str, Any], text: str) -> None:
    """Keep the word `text` names the draft's product by (洋芋 for 土豆), if not its own."""
    word = word_said(text, draft.get("product"))
    if word:
        draft[SAID] = [word, draft["product"]]
    elif draft.get(SAID) and draft[SAID][1] != draft.get("product"):
        draft.pop(SAID)


def draft_said(draft: dict[str, Any]) -> str | None:
    """The word the farmer named the draft's product by (洋芋), else None."""
    kept = draft.get(SAID)
    return str(kept[0]) if kept and kept[1] == draft.get("product") else None


def said_of(booking: BookingView) -> list[str] | None:
    """A booking's word for its produce as a draft keeps it (SAID), for its move to show it."""
    return None if booking.said is None else [booking.said, booking.product]


def product_said(lang: str, draft: dict[str, Any]) -> str:
    """The draft's product as the farmer named it: 洋芋（土豆）, else its own name."""
    return said_product(lang, draft["product"], draft_said(draft))


def draft_product(lang: str, draft: dict[str, Any]) -> str:
    """What the draft books as the farmer says it: the herd (2头黄牛), else the product (as
    named: 洋芋（土豆）)."""
    return herd_booked(lang, draft) or product_said(lang, draft)


def draft_quantity(lang: str, draft: dict[str, Any]) -> str:
    """The draft's amount (600斤（300公斤）); a herd's weight is an estimate: 约600斤."""
    quantity = view.quantity_label(lang, draft["qty"], draft["kg"])
    if draft_herd(draft) is None:
        return quantity
    return t(lang, "bookings.herd_about", quantity=quantity)
