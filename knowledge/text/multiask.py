"""Several asks in one message (鸡咳嗽 还有蒜价多少): the clauses, each to answer alone.

Pure text: a message is split where a joining word (对了, 还有, 另外, 还想问, 再问,
顺便; also, by the way, btw) starts a new ask, or at punctuation (and at an English "and"
between two questions) when the clauses ask different kinds of thing (a farming question
and a price). One long question told in several clauses (玉米叶子发黄，下面的老叶先黄，
是缺啥肥) is no multi-ask and is left whole. A sentence that starts a conversation (a
booking, an offer) keeps its details (预约明天来收玉米，两千斤): it is split off only from
asks about other produce, each an ask of its own (…，土豆啥价).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.text.intent import Intent, Kind, classify

# Clause breaks: punctuation, or a space between Chinese (蒜啥价 葱啥价); an English full stop
# ends a sentence before a space (not 1.5吨).
_BREAK = re.compile(
    r"(?:[，,。；;？?！!\n]|\.(?=\s|$))+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
)
# A joining word at a clause's start opens a new ask (还有 only there: 玉米还有救吗 is one).
_LEAD = re.compile(
    r"^(?:对了|还有就是|还有|另外|顺便问问|顺便问一下|顺便问|顺便|再问问|再问一下|再问)[，,、\s]*"
    # English, as typed after a comma: also, and also, btw, by the way, one more thing.
    r"|^(?:(?:and\s+|oh\s+)?also|btw|by\s+the\s+way|plus|(?:and\s+)?another\s+(?:question|thing)"
    r"|one\s+more\s+(?:question|thing))\b[,:\s]*",
    re.IGNORECASE,
)
# An English "and" between clauses (garlic price and who buys corn) splits only where each
# side asks something (a question word, price or cost): not tomato and cucumber leaves.
_AND = re.compile(r"\s+(?:and|&)\s+(?:also\s+)?", re.IGNORECASE)
_AND_LEAD = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)
_EN_ASK = re.compile(
    r"\?|\b(?:price|prices|cost|costs|worth|how|what|whats|who|where|when|which|why|buys?|buying"
    r"|sells?|selling)\b",
    re.IGNORECASE,
)
# A conversation's sentence that asks (明天能来收吗, can you pick up tomorrow) is an ask of its
# own, though it names no produce; 想卖 alone is a detail of the offer before it.
_ASKING = re.compile(
    r"[吗吧？?]|能不能|可不可以|行不行|\b(?:can|could|will|would)\s+(?:you|u)\b", re.I
)
# A clause that asks (咋办, 怎么, 多少, 啥, 吗 …), not one that tells (苞谷已经卖了).
_QUESTION = re.compile(
    r"[吗呢么？?]|怎么|怎样|咋|啥|什么|多少|几|哪|谁|为何|为啥|如何|能不能|是不是|有没有|要不要"
    r"|\b(?:how|what|why|where|when|which|who|can|should|is|are|do|does)\b",
    re.IGNORECASE,
)
# Words that open a new ask anywhere in a clause (俺还想问问站里…): the clause splits there.
_INNER = re.compile(
    r"(?:还想问问|还想问一下|还想问|想再问问|再问问|再问一下|顺便问问|顺便问一下)"
    r"|(?i:\s+(?:btw|by\s+the\s+way|one\s+more\s+(?:question|thing))\b[,:]?\s*)"
)
# What is left of a clause that asks nothing (俺, 那个, 就是): dropped.
_FILLER = re.compile(r"^(?:俺|我|咱|那个|这个|就是|嗯|啊|呃|还)*$")
# Kinds the bot answers in one reply; the others start a conversation (a flow).
ANSWERED = frozenset({Kind.price, Kind.demand, Kind.knowledge})
FLOWS = frozenset(
    {
        Kind.subscribe,
        Kind.booking,
        Kind.supply,
        Kind.my_offers,
        Kind.alert_edit,
        Kind.unsubscribe,
        Kind.my_bookings,
        Kind.station,
    }
)
# Small talk inside a multi-ask (你好, 谢谢) needs no answer of its own.
_SILENT = frozenset({Kind.greeting, Kind.thanks, Kind.chatter})
MOST_ANSWERS = 3


@dataclass(frozen=True)
class Ask:
    """One clause of a multi-ask message and what it asks."""

    text: str
    intent: Intent

    @property
    def answered(self) -> bool:
        """Whether the bot answers this clause in one reply."""
        return self.intent.kind in ANSWERED

    @property
    def flow(self) -> bool:
        """Whether this clause would start a conversation (an alert, a booking, an offer)."""
        return self.intent.kind in FLOWS


def _clauses(text: str) -> tuple[list[str], bool]:
    """The clauses of a text, and whether a joining word separated any of them."""
    joined = False
    out: list[str] = []
    for piece in _BREAK.split(text.strip()):
        piece = piece.strip()
        lead = _LEAD.match(piece)
        if lead and lead.end() == len(piece):
            joined = True  # 对了, / By the way, : the next clause is a new ask
            continue
        if lead:
            joined = True
            piece = piece[lead.end() :]
        weak = _AND_LEAD.match(piece)
        if weak and weak.end() < len(piece):
            piece = piece[weak.end() :]
        parts = _INNER.split(piece)
        if len(parts) > 1:
            joined = True
        for part in parts:
            halves = _AND.split(part.strip())
            if len(halves) > 1 and all(_EN_ASK.search(h) for h in halves):
                out.extend(h.strip() for h in halves)
            else:
                out.append(part.strip())
    return [c for c in out if c and not _FILLER.match(c)], joined


def _stands_alone(ask: Ask) -> bool:
    """Whether a clause is a whole ask of its own, not a detail of its neighbour."""
    kind = ask.intent.kind
    if kind in (Kind.price, Kind.demand):
        return bool(ask.intent.products) or "asks" in ask.intent.extras
    if kind is Kind.knowledge:
        # 一块二一斤 after an offer is its price, not a question.
        return len(ask.text) >= 4 and ask.intent.price is None and ask.intent.quantity is None
    return kind in FLOWS and (bool(ask.intent.products) or bool(_ASKING.search(ask.text)))


def _apart(asks: list[Ask]) -> bool:
    """Whether asks split at punctuation alone, one of them a conversation's, are apart: each
    whole, every other one about produce of its own (预约明天来收玉米，两千斤 | 土豆啥价), not the
    offer's detail (我有两千斤玉米要卖，玉米啥价 is one offer asking what to sell it for)."""
    if not all(_stands_alone(a) for a in asks):
        return False
    # A farming clause that asks nothing beside a flow's is its reason (苞谷已经卖了，预约取消吧).
    if any(a.intent.kind is Kind.knowledge and not _QUESTION.search(a.text) for a in asks):
        return False
    flowing = {p for a in asks if a.flow for p in a.intent.products}
    return all(a.flow or (a.intent.products and not flowing & set(a.intent.products)) for a in asks)


def _join(first: str, second: str) -> str:
    """Two clauses of one ask, as the farmer would have written them together."""
    comma = "，" if re.search(r"[\u4e00-\u9fff]", first + second) else ", "
    return f"{first}{comma}{second}"


def split_asks(text: str, names_station: Callable[[str], bool] | None = None) -> list[Ask] | None:
    """The asks of a message that clearly holds several, in order; None for one ask.

    A clause that is only a detail (多少钱一斤 after 我有两千斤玉米) joins the clause before
    it, so each ask is read as it would be sent alone."""
    clauses, joined = _clauses(text)
    if len(clauses) < 2:
        return None
    asks: list[Ask] = []
    for clause in clauses:
        ask = Ask(clause, classify(clause, names_station))
        if asks and not joined and not _stands_alone(ask):
            merged = _join(asks[-1].text, clause)
            asks[-1] = Ask(merged, classify(merged, names_station))
            continue
        asks.append(ask)
    asks = [a for a in asks if a.intent.kind not in _SILENT]
    if len(asks) < 2:
        return None
    if not joined:
        # Punctuation alone splits only answerable asks of different kinds, each whole on
        # its own: a flow's sentence goes on with its details (我有两千斤玉米要卖，一块二一斤),
        # and is split only from asks about other produce (see _apart).
        whole = [a for a in asks if _stands_alone(a)]
        if any(a.flow for a in asks):
            if not _apart(asks):
                return None
        elif len({a.intent.kind for a in whole}) < 2:
            return None
    return _merge_details(asks)


def _merge_details(asks: list[Ask]) -> list[Ask]:
    """Consecutive farming-question clauses (鸡不吃食, 还咳嗽, 是不是天冷了) are one question."""
    out: list[Ask] = []
    for ask in asks:
        if out and ask.intent.kind is Kind.knowledge and out[-1].intent.kind is Kind.knowledge:
            merged = _join(out[-1].text, ask.text)
            out[-1] = Ask(merged, classify(merged))
            continue
        out.append(ask)
    return out
