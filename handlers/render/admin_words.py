"""Rendering for an admin's request in words: the command to send, filled in as far as it goes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.i18n import t
from bot.models.users import Role
from bot.roles.service import Member
from handlers.render.roles import role_name, who_text
from knowledge.text.admin_words import AdminWords
from knowledge.text.lexicon import product_label


def _blank(lang: str, name: str) -> str:
    return t(lang, f"adminwords.blank.{name}")


def _fill_in(lang: str, blanks: Sequence[str]) -> str:
    """ "Put the real … in", for the placeholders left in the command ("" when none)."""
    if not blanks:
        return ""
    names = t(lang, "adminwords.blank_sep").join(_blank(lang, b) for b in blanks)
    return "\n" + t(lang, "adminwords.fill_in", blanks=names)


def _people(lang: str, key: str, name: str, found: Sequence[Member]) -> str:
    lines = [
        t(
            lang,
            "adminwords.person",
            who=who_text(lang, m.telegram_id, m.name),
            role=role_name(lang, m.role),
        )
        for m in found
    ]
    return "\n".join([t(lang, key, name=name), *lines])


def revoke_text(lang: str, said: AdminWords, found: Sequence[Member]) -> str:
    """把李站长的权限撤了: 要撤销李站长（20001）的权限，发 /revoke 20001."""
    if said.user_id is not None and not found:
        # An id typed that never used the bot: the command all the same (it says why not).
        found = [_unknown(said.user_id)]
    if len(found) == 1:
        one = found[0]
        who = who_text(lang, one.telegram_id, one.name)
        return t(lang, "adminwords.revoke", who=who, id=one.telegram_id)
    if found and said.person:
        return _people(lang, "adminwords.revoke_which", said.person, found)
    text = t(lang, "adminwords.revoke_any")
    if said.person:
        text = t(lang, "adminwords.nobody", name=said.person) + "\n" + text
    return text


def grant_text(lang: str, said: AdminWords, found: Sequence[Member], station: str | None) -> str:
    """让赵师傅当东关站的工作人员: 要让赵师傅（10005）做服务站工作人员，发 /grant 10005 staff T1."""
    if said.user_id is not None and not found:  # granting waits for them to start the bot
        found = [_unknown(said.user_id)]
    if len(found) != 1:
        if found and said.person:
            return _people(lang, "adminwords.grant_which", said.person, found)
        text = t(lang, "adminwords.grant_any")
        if said.person:
            text = t(lang, "adminwords.nobody", name=said.person) + "\n" + text
        return text
    one = found[0]
    role_word = said.role or "staff"
    role = role_name(lang, Role(role_word))
    who = who_text(lang, one.telegram_id, one.name)
    if role_word == "admin":
        return t(
            lang,
            "adminwords.grant_admin",
            who=who,
            id=one.telegram_id,
            role=role,
            role_word=role_word,
        )
    text = t(
        lang,
        "adminwords.grant",
        who=who,
        id=one.telegram_id,
        role=role,
        role_word=role_word,
        station=station or _blank(lang, "station"),
    )
    return text + _fill_in(lang, [] if station else ["station"])


def _unknown(telegram_id: int) -> Member:
    return Member(telegram_id, "", None, Role.farmer, None, None, None, None, False, True)


_UNIT_WORDS = {"zh": {"斤": "斤", "公斤": "公斤"}, "en": {"斤": "jin", "公斤": "kg"}}


def price_text(lang: str, said: AdminWords, market: str | None) -> str:
    """昨天寿光大蒜的价打错了，应该是3块1: 要改昨天寿光大蒜的价，发 /price 大蒜 寿光 3.1 昨天."""
    blanks = [
        name
        for name, value in (("product", said.product), ("market", market), ("price", said.price))
        if not value
    ]
    # In English the product's English name, which /price takes as it takes 大蒜.
    product = product_label(lang, said.product) if said.product else None
    fields = {
        "product": product or _blank(lang, "product"),
        "market": market or _blank(lang, "market"),
        "price": said.price or _blank(lang, "price"),
        # /price reads 斤 / 公斤 (jin / kg) after the price; unsaid, the market's own unit.
        "unit": f" {_UNIT_WORDS[lang][said.unit]}" if said.unit else "",
        "day": f" {said.day}" if said.day else "",
    }
    what = t(
        lang,
        "adminwords.price_what",
        day=said.day or "",
        market=market or "",
        product=product or "",
    )
    what = re.sub(r"\s+", " ", what).strip()
    if what:
        key = "adminwords.price_new" if said.new else "adminwords.price"
        text = t(lang, key, what=what, **fields)
    else:
        text = t(lang, "adminwords.price_any", **fields)
    return text + _fill_in(lang, blanks)
