"""Several asks in one message (鸡咳嗽 还有蒜价多少): the clauses, each to answer alone.

Pure text: a message is split where a joining word (对了, 还有, 另外, 还想问, 再问,
顺便) starts a new ask, or at punctuation when the clauses ask different kinds of
thing (a farming question and a price). One long question told in several clauses
(玉米叶子发黄，下面的老叶先黄，是缺啥肥) is no multi-ask and is left whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.text.intent import Intent, Kind, classify

# Clause breaks: punctuation, or a space between Chinese (蒜啥价 葱啥价).
_BREAK = re.compile(r"[，,。；;？?！!\n]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# A joining word at a clause's start opens a new ask (还有 only there: 玉米还有救吗 is one).
_LEAD = re.compile(
    r"^(?:对了|还有就是|还有|另外|顺便问问|顺便问一下|顺便问|顺便|再问问|再问一下|再问)[，,、\s]*"
)
# Words that open a new ask anywhere in a clause (俺还想问问站里…): the clause splits there.
_INNER = re.compile(r"(?:还想问问|还想问一下|还想问|想再问问|再问问|再问一下|顺便问问|顺便问一下)")
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
        if lead and lead.end() < len(piece):
            joined = True
            piece = piece[lead.end() :]
        parts = _INNER.split(piece)
        if len(parts) > 1:
            joined = True
        out.extend(p.strip() for p in parts)
    return [c for c in out if c and not _FILLER.match(c)], joined


def _stands_alone(ask: Ask) -> bool:
    """Whether a clause is a whole ask of its own, not a detail of its neighbour."""
    kind = ask.intent.kind
    if kind in (Kind.price, Kind.demand):
        return bool(ask.intent.products) or "asks" in ask.intent.extras
    if kind is Kind.knowledge:
        # 一块二一斤 after an offer is its price, not a question.
        return len(ask.text) >= 4 and ask.intent.price is None and ask.intent.quantity is None
    return kind in FLOWS and bool(ask.intent.products)


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
            merged = f"{asks[-1].text}，{clause}"
            asks[-1] = Ask(merged, classify(merged, names_station))
            continue
        asks.append(ask)
    asks = [a for a in asks if a.intent.kind not in _SILENT]
    if len(asks) < 2:
        return None
    if not joined:
        # Punctuation alone splits only answerable asks of different kinds, each whole on
        # its own: a flow's sentence goes on with its details (我有两千斤玉米要卖，一块二一斤).
        whole = [a for a in asks if _stands_alone(a)]
        if any(a.flow for a in asks) or len({a.intent.kind for a in whole}) < 2:
            return None
    return _merge_details(asks)


def _merge_details(asks: list[Ask]) -> list[Ask]:
    """Consecutive farming-question clauses (鸡不吃食, 还咳嗽, 是不是天冷了) are one question."""
    out: list[Ask] = []
    for ask in asks:
        if out and ask.intent.kind is Kind.knowledge and out[-1].intent.kind is Kind.knowledge:
            merged = f"{out[-1].text}，{ask.text}"
            out[-1] = Ask(merged, classify(merged))
            continue
        out.append(ask)
    return out
