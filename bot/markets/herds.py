"""How a head count of live animals is said back to a farmer (2头黄牛, 10-19头肥猪, "5 cows"):
one wording for listings (supply offers) and bookings alike. Telegram-free."""

from __future__ import annotations

from bot.core.i18n import t
from knowledge.text.heads import measure_of
from knowledge.text.per_head import herd_noun


def herd_said(lang: str | None, meat: str, heads: int, high: int | None, animal: str) -> str:
    """A head count and its animal as a farmer says them: 20只羊, 十几头 as 10-19头猪, 5 cows."""
    count = f"{heads}" if high is None else f"{heads}-{high}"
    return t(lang, f"supply.herd_{measure_of(meat)}", count=count, animal=animal)


def said_animal(lang: str | None, animal: str, meat: str) -> str:
    """The animal as the farmer said it (黄牛, cows), or as `lang` names it when said in the
    other language (黄牛 to an English reader: cattle)."""
    if (lang == "en") != animal.isascii():
        return herd_noun(lang or "zh", meat) or animal
    return animal
