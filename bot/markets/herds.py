"""How a head count of live animals is said back to a farmer (2头黄牛, 10-19头肥猪, "5 cows"):
one wording for listings (supply offers) and bookings alike; and which product a live animal
said bare (羊, 牛, sheep) is in this county. Telegram-free."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.i18n import t
from bot.models.markets import DemandListing, MarketPrice, Product
from knowledge.text.animals import claimed_animal, county_animal, said_as_animal
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


async def county_animal_of(session: AsyncSession, name: str, norm: str) -> str:
    """The product a farmer means by `name` in the normalised text `norm`: the county's own
    live animal (肉羊) when the text says the animal (羊, 谁收羊, sheep), the county's table
    has exactly one product of it, and the shipped meat `name` (羊肉) has no prices and no
    buyers in this database; else `name` itself.

    The shipped table reads 羊 as 羊肉, the market's product; a livestock county trades the
    animal, and its farmers say 羊 for it (blind walk: 谁收羊 found no buyer of 羊肉).
    """
    if not said_as_animal(norm, name):
        return name
    claimed = claimed_animal(name)  # the county's file gave 羊 to its 肉羊
    if claimed is not None:
        return claimed
    live = county_animal(name)
    if live is None:
        return name
    meat = select(Product.id).where(Product.name == name).scalar_subquery()
    priced = await session.scalar(select(exists().where(MarketPrice.product_id == meat)))
    wanted = await session.scalar(select(exists().where(DemandListing.product_id == meat)))
    return name if priced or wanted else live


async def county_animals(
    session: AsyncSession, names: tuple[str, ...], norm: str
) -> tuple[str, ...]:
    """`names` with each meat the text says as its animal read as `county_animal_of` does."""
    return tuple(dict.fromkeys([await county_animal_of(session, n, norm) for n in names]))
