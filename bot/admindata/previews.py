"""What an upload would do (`Preview`) and what applying it did (`Applied`).

The shapes bot.admindata.uploads hands to the chat, and the file names a /price
and a /kb add or edit are staged under. Telegram-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.admindata.review import Flag
from bot.imports import ImportResult, RowError

# The file name /price stages its one row under (bot/admindata/entries.py): a
# price typed by hand joins the sample series rather than replacing them all.
HAND_PRICE_PREFIX = "price-by-hand-"
# The file name /kb add and /kb edit stage their one entry under (with its id): the
# admin is told of the entry, never of this name.
HAND_ENTRY_PREFIX = "kb-by-hand-"


def hand_entry_id(file_name: str) -> str | None:
    """The entry id a /kb add or edit was staged under (None: a file someone sent)."""
    if not file_name.startswith(HAND_ENTRY_PREFIX):
        return None
    return file_name.removeprefix(HAND_ENTRY_PREFIX).removesuffix(".csv")


@dataclass(frozen=True)
class KnownMarket:
    """A market that exists, offered for a name that is not one."""

    id: int
    name: str
    short_name: str = ""  # what farmers and admins call it (新发地), "" when nothing shorter


@dataclass(frozen=True)
class NewMarket:
    """A market an upload would add, with the known markets its name is closest to."""

    name: str
    closest: tuple[KnownMarket, ...] = ()


# A typed price this far from the market's last one (30%) is likely the wrong unit
# (斤 for 公斤 halves or doubles it) or a slip of a digit: the preview asks to check.
BIG_CHANGE = 0.30


@dataclass(frozen=True)
class TypedPrice:
    """A price typed by hand (/price), said back before it is saved, beside the last one."""

    product: str
    market: str
    price: str
    unit: str
    day: date
    before: tuple[float, str] | None = None  # the market's last price of it, and its unit
    said: str = ""  # the price as typed (三块五), when `price` is what it was read as
    # The price and unit as typed, when the market quotes in another unit: `price`
    # and `unit` are then the same price in the market's own unit (what is stored).
    typed_as: tuple[str, str] | None = None
    replaces: bool = False  # `before` is the day's own price, which this one replaces

    @property
    def jump(self) -> float | None:
        """The change from the market's last price (-0.47: 47% lower) when it is a big one."""
        if self.before is None or self.before[1] != self.unit.removeprefix("元/"):
            return None
        try:
            change = float(self.price) / self.before[0] - 1
        except (ValueError, ZeroDivisionError):
            return None
        return change if abs(change) > BIG_CHANGE else None


@dataclass
class Preview:
    """What an upload would do, or why it cannot be applied."""

    upload_id: int | None  # None: the file could not be read at all (nothing kept)
    file_name: str
    kind: str | None = None  # None with candidates: ask which kind it is
    candidates: list[str] = field(default_factory=list)
    rows: int = 0
    entries: bool = False  # the rows are a YAML/JSON list's entries
    result: ImportResult = field(default_factory=ImportResult)
    header: list[str] = field(default_factory=list)
    # Knowledge answers with wording for one farmer or one day: (row, flags).
    flagged: list[tuple[int, list[Flag]]] = field(default_factory=list)
    # The markets a price file would add (the first NEW_MARKETS_SHOWN), typos likely.
    new_markets: list[NewMarket] = field(default_factory=list)
    typed: TypedPrice | None = None  # a /price: what it saves, said back

    @property
    def errors(self) -> list[RowError]:
        """Every problem, in file order."""
        return self.result.errors

    @property
    def applicable(self) -> bool:
        """True when confirming would apply the file."""
        return self.upload_id is not None and self.kind is not None and not self.errors

    @property
    def by_hand(self) -> bool:
        """True for a price typed with /price (a one-row file staged for it)."""
        return self.file_name.startswith(HAND_PRICE_PREFIX)


@dataclass(frozen=True)
class Applied:
    """An apply that committed (or the problems that stopped it: nothing changed)."""

    apply_id: int | None
    kind: str
    file_name: str
    result: ImportResult
    typed: TypedPrice | None = None  # a /price: what was saved, said back
    entry: tuple[str, str] | None = None  # a /kb add or edit: the entry's id and question
    # The price alerts it queued that wait (a /price's, for TYPED_PRICE_GRACE).
    alerts_held: int = 0
    # The waiting alerts of the same price typed before, withdrawn for this one's.
    alerts_replaced: int = 0

    @property
    def by_hand(self) -> bool:
        """True for a price typed with /price."""
        return self.file_name.startswith(HAND_PRICE_PREFIX)
