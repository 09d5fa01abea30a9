"""Price alerts' values: limits, errors, what is asked, stored and fired. Telegram-free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import NamedTuple

from bot.core.i18n import t
from bot.markets.importer import PriceStored
from bot.models.alerts import AlertKind, AlertStatus

MAX_PER_FARMER = 10
# Thresholds: more than 0 and less than this many 元/斤 (the price import's bound).
MAX_PRICE_JIN = 1000.0
MIN_PERCENT, MAX_PERCENT = 1.0, 100.0
# Prices older than this (in days, against the local date) never fire an alert.
FRESH_DAYS = 3
# A move compares with the market's previous price day at most this many days back.
MOVE_LOOKBACK_DAYS = 7
# A digest job that starts late (the bot was down at 07:00) still runs within this.
CATCH_UP = timedelta(hours=3)
ALERT_PRIORITY = 10  # pushes with a lower number (pickup reminders) go first
DIGEST_PRIORITY = 20


class AlertError(ValueError):
    """A subscription that cannot be made; `code` names the catalogue message."""

    def __init__(self, code: str, column: str = "value", **params: object) -> None:
        self.code = code
        self.column = column
        self.params = params
        # The default language's sentence; bot.alerts.text.error says it in the farmer's.
        super().__init__(t(None, f"alerts.error.{code}", **params))


@dataclass(frozen=True)
class NearPlace:
    """A place named where no market quotes (潍坊, 三元朱村): the markets nearest its point."""

    label: str
    lat: float
    lon: float


@dataclass(frozen=True)
class AlertSpec:
    """What a farmer (or an import row) asked for, before it is checked."""

    product: str
    kind: AlertKind
    threshold: float | None = None  # 元/斤 (above/below) or percent (move)
    at_time: time | None = None  # daily
    place: str | None = None  # a market's name or short name, a city or a province
    near: NearPlace | None = None  # else the markets nearest a place named
    unit: str | None = None  # the unit the threshold was said in (公斤), shown in; None: 斤
    # False: `at_time` is the default digest hour, no time the farmer said (🔔 under a
    # price, 订阅土豆价格): an existing daily alert for the same thing keeps its own.
    time_said: bool = True
    said: str | None = None  # the name asked by, not the product's own (洋芋 for 土豆)


@dataclass(frozen=True)
class AlertView:
    """A stored subscription with names, for listing and rendering."""

    id: int
    user_id: int
    product: str
    kind: AlertKind
    threshold: float | None
    at_time: time | None
    market: str | None
    region: str | None
    status: AlertStatus
    # Whether the farmer shared a home: without one, "nearest markets" are all markets.
    located: bool = True
    near: str | None = None  # the place named whose nearest markets it watches (潍坊)
    # The nearest markets it watches now, by name (寿光, 新发地): "离您最近的市场" says which.
    nearest: tuple[str, ...] = ()
    unit: str = "斤"  # the unit its threshold is shown in (公斤 when said so)
    said: str | None = None  # the name asked by (洋芋): shown 洋芋（土豆）


# A price just stored: the alerts' input (alerts watch prices, not the other way round).
Observation = PriceStored


class Target(NamedTuple):
    """A subscription that sends, with what its pushes need of the farmer (plain columns:
    a digest or an alert run loads 100,000 of these)."""

    id: int
    user_id: int
    product_id: int
    market_id: int | None
    region: str | None
    kind: AlertKind
    threshold: float | None
    status: AlertStatus
    language: str
    home_lat: float | None
    home_lon: float | None
    # A place named (潍坊): its nearest markets, not home's.
    place_lat: float | None = None
    place_lon: float | None = None
    unit: str | None = None  # the unit the farmer said the threshold in (None: 斤)
    said: str | None = None  # the name the farmer asked by (洋芋 for 土豆)


@dataclass(frozen=True)
class Hit:
    """One market's price that meets a subscription's condition."""

    market: str
    day: date
    price: float
    before: float | None = None  # the previous price day's (moves)

    @property
    def change(self) -> float | None:
        """Percent change from `before`."""
        return None if not self.before else (self.price / self.before - 1) * 100
