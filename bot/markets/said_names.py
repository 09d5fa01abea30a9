"""A product as the farmer named it, where the farmer sees it again (blind walk, 定西:
明天拉500斤洋芋到站上 was booked as 您的土豆, alerted as 土豆（…）, listed as 品种：土豆;
farmers there say 洋芋).

One style everywhere, the price card's: the word said with the product the county trades it as,
洋芋（土豆）. The farmer reads their own word first; the canonical name beside it is the one
markets, stations and staff use, so a price or a staff reply naming 土豆 is the same thing. Staff
see the same label, so they know both. English names the product (potato), as prices do.
"""

from __future__ import annotations

from bot.core.i18n import normalise_language, t
from knowledge.text.lexicon import names_said, product_label

# The longest word kept as said (bookings.animal and alerts.said are String(20)).
SAID_MAX = 20


def said_product(lang: str | None, product: str, said: str | None) -> str:
    """`product` as the farmer named it: 洋芋（土豆） for 洋芋 said, else the product's own name
    (a word that is the product's own, as where a county lists 洋芋 itself, changes nothing);
    in English the product's English name."""
    label = product_label(lang, product)
    if not said or said == product or normalise_language(lang) == "en":
        return label
    return t(lang, "prices.said_as", said=said, product=label)


def word_said(text: str, product: str | None) -> str | None:
    """The word `text` names `product` by when not its own (洋芋 for 土豆), else None."""
    if not product or not text:
        return None
    word = names_said(text).get(product)
    return word[:SAID_MAX] if word else None
