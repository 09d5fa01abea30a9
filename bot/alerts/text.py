"""The words of price alerts: pushes, digests and subscription descriptions. Telegram-free.

Pushes are composed when they are queued (the outbox stores finished text and
its buttons), so this module serves both the domain code that queues them and
the chat's renderers (handlers/render/alerts.py). Buttons are plain data
(`Button`): the outbox turns them into Telegram's keyboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.alerts.model import AlertError, AlertView, Hit
from bot.core import callbacks
from bot.core.i18n import day_label, money, t
from bot.delivery.outbox import Button, Buttons
from bot.markets.prices import STALE_AFTER_DAYS, PriceAnswer
from bot.markets.said_names import said_product
from bot.models.alerts import AlertKind, AlertStatus
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label
from knowledge.text.numbers import per_jin

# The alerts' buttons, shared by the pushes (queued here) and the handlers.
# `where` is "l" for a button under the list (it redraws the list), "" under a push.


@dataclass(frozen=True)
class Pause(callbacks.Button):
    """⏸ one subscription."""

    PREFIX = "al:p"
    subscription_id: int
    where: str = ""


@dataclass(frozen=True)
class Resume(callbacks.Button):
    """▶️ one subscription."""

    PREFIX = "al:r"
    subscription_id: int
    where: str = ""


@dataclass(frozen=True)
class Delete(callbacks.Button):
    """🗑 one subscription."""

    PREFIX = "al:d"
    subscription_id: int
    where: str = ""


@dataclass(frozen=True)
class Change(callbacks.Button):
    """✏️ one subscription's time, price or percentage."""

    PREFIX = "al:e"
    subscription_id: int


@dataclass(frozen=True)
class ListAlerts(callbacks.Button):
    """The farmer's subscriptions."""

    PREFIX = "al:l"


@dataclass(frozen=True)
class Subscribe(callbacks.Button):
    """Subscribe to a product: a daily digest, or the request's kind and value (`code`)."""

    PREFIX = "al:s"
    product_id: int
    code: str = ""


@dataclass(frozen=True)
class SubscribeAt(callbacks.Button):
    """🔔 under a price answer for a place named (潍坊大蒜啥价): that product's daily digest
    at that place (a market, a city, or the place whose nearest markets answered)."""

    PREFIX = "al:sa"
    product_id: int
    place: str


@dataclass(frozen=True)
class ChangeTo(callbacks.Button):
    """One of the alerts a change in words named (大蒜提醒改成2块8): set to `code`'s value
    (b2.8, d0630, m10: handlers/render/alerts.py request_code)."""

    PREFIX = "al:t"
    subscription_id: int
    code: str
    # SURE: pressed under "it would alert at once" (the farmer saw the warning): set it.
    sure: str = ""


SURE = "y"  # ChangeTo.sure of "change it all the same"


@dataclass(frozen=True)
class AlertGroup(callbacks.Button):
    """All the alerts the farmer's words named (退订大蒜 with garlic at two places):
    `action` p (pause), r (resume) or d (delete) each of `ids` (dot-separated)."""

    PREFIX = "al:g"
    action: str
    ids: str

    @property
    def subscription_ids(self) -> list[int]:
        """The ids, as numbers (data is untrusted: none for anything malformed)."""
        parts = self.ids.split(".")
        return [int(p) for p in parts] if all(p.isdigit() and len(p) <= 10 for p in parts) else []


@dataclass(frozen=True)
class StopAll(callbacks.Button):
    """ "退订" confirmed: stop the alerts listed (ids up to `upto`); 0 keeps them all."""

    PREFIX = "al:u"
    upto: int


FROM_LIST = "l"
# Within this many percent a week's change is "about the same".
FLAT_PERCENT = 0.5
MAX_HIT_LINES = 5


def error(lang: str | None, exc: AlertError) -> str:
    """The farmer-facing sentence for a refused subscription."""
    return t(lang, f"alerts.error.{exc.code}", **exc.params)


def where(lang: str | None, view: AlertView) -> str:
    """The market, region, a place's nearest markets, yours, or (no home) markets everywhere."""
    if view.market:
        return view.market
    if view.region:
        return view.region
    if view.near:
        # Its markets are named when it is set (handlers/render/alerts.py place line).
        return t(lang, "alerts.where.near", place=name_label(lang, view.near))
    if view.located and view.nearest:
        # Which markets "nearest" means now, by name (blind walk: never said which).
        named = t(lang, "alerts.where.joiner").join(name_label(lang, m) for m in view.nearest)
        return t(lang, "alerts.where.nearest_named", markets=named)
    # Without a home the alert watches every market (bot/alerts/firing.py): say so.
    return t(lang, "alerts.where.nearest" if view.located else "alerts.where.national")


def needs_location(view: AlertView) -> bool:
    """Whether sharing a location would narrow this alert to the nearest markets."""
    return not view.market and not view.region and not view.near and not view.located


def in_unit(price_jin: float, unit: str | None) -> str:
    """A price in 元/斤 said per `unit` (15 元/斤 per 公斤: 30.00); None is 斤."""
    return money(price_jin / per_jin(1.0, unit or "斤"))


def unit_word(lang: str | None, unit: str | None) -> str:
    """斤 / 公斤 in the reader's words (jin, kg)."""
    return t(lang, f"units.{unit or '斤'}")


def rule(lang: str | None, view: AlertView) -> str:
    """What the subscription does, in words (a price per the unit the farmer said)."""
    if view.kind is AlertKind.daily and view.at_time is not None:
        return t(lang, "alerts.kind.daily", time=view.at_time.strftime("%H:%M"))
    if view.kind is AlertKind.move:
        return t(lang, "alerts.kind.move", pct=f"{view.threshold or 0:g}")
    return t(
        lang,
        f"alerts.kind.{view.kind.value}",
        price=in_unit(view.threshold or 0.0, view.unit),
        unit=unit_word(lang, view.unit),
    )


def describe(lang: str | None, view: AlertView) -> str:
    """西红柿（新发地）：每天 07:00 推送今日行情 — plus a note when paused."""
    text = t(
        lang,
        "alerts.describe",
        product=said_product(lang, view.product, view.said),
        where=where(lang, view),
        rule=rule(lang, view),
    )
    if view.status is not AlertStatus.active:
        text += t(lang, "alerts.paused_note")
    return text


def alert_buttons(lang: str | None, subscription_id: int) -> Buttons:
    """The buttons under every push: pause this alert, or see all of them."""
    return (
        (
            Button(t(lang, "alerts.buttons.pause_this"), Pause(subscription_id).encode()),
            Button(t(lang, "alerts.buttons.manage"), ListAlerts().encode()),
        ),
    )


def alert(
    lang: str | None,
    product: str,
    kind: AlertKind,
    threshold: float,
    hits: Sequence[Hit],
    unit: str | None = None,
    said: str | None = None,
) -> str:
    """A threshold or move alert: which markets, what price, and how to stop it. A rise or
    fall alert says its prices per the `unit` its threshold was said in (公斤; None: 斤), and
    the product by the name the farmer asked by (`said`: 洋芋（土豆）)."""
    name = said_product(lang, product, said)
    if kind is AlertKind.move:
        lines = [t(lang, "alerts.push.move_header", product=name, pct=f"{threshold:g}")]
        for hit in hits[:MAX_HIT_LINES]:
            change = hit.change or 0.0
            lines.append(
                t(
                    lang,
                    "alerts.push.move_line",
                    market=hit.market,
                    before=money(hit.before or 0.0),
                    price=money(hit.price),
                    change=t(
                        lang,
                        "alerts.push.up" if change > 0 else "alerts.push.down",
                        pct=f"{abs(change):.1f}",
                    ),
                    date=day_label(lang, hit.day),
                )
            )
    else:
        word = unit_word(lang, unit)
        lines = [
            t(
                lang,
                f"alerts.push.{kind.value}_header",
                product=name,
                threshold=in_unit(threshold, unit),
                unit=word,
            )
        ]
        lines += [
            t(
                lang,
                "alerts.push.line",
                market=hit.market,
                price=in_unit(hit.price, unit),
                unit=word,
                date=day_label(lang, hit.day),
            )
            for hit in hits[:MAX_HIT_LINES]
        ]
    if len(hits) > MAX_HIT_LINES:
        lines.append(t(lang, "alerts.push.more", n=len(hits) - MAX_HIT_LINES))
    lines.append(t(lang, "alerts.push.footer"))
    return "\n".join(lines)


def digest(lang: str | None, answer: PriceAnswer) -> str:
    """The daily digest: the latest price at each market (per the answer's unit, 斤 or 公斤),
    with the week's change."""
    lines = [
        t(
            lang,
            "alerts.push.digest_header",
            product=product_label(lang, answer.product),
            date=day_label(lang, answer.today),
        )
    ]
    for row in answer.rows:
        if row.change_7d is None:
            change = ""
        elif abs(row.change_7d) < FLAT_PERCENT:
            change = t(lang, "alerts.push.week_flat")
        else:
            key = "alerts.push.week_up" if row.change_7d > 0 else "alerts.push.week_down"
            change = t(lang, key, pct=f"{abs(row.change_7d):.1f}")
        day = (
            ""
            if row.day == answer.today
            else t(lang, "alerts.push.on_day", date=day_label(lang, row.day))
        )
        lines.append(
            t(
                lang,
                "alerts.push.digest_line",
                market=row.market,
                price=money(row.price),
                unit=unit_word(lang, answer.unit),
                change=change,
                day=day,
            )
        )
    if answer.stale or answer.newest_age > STALE_AFTER_DAYS:
        lines.append(t(lang, "alerts.push.stale", days=answer.newest_age))
    lines.append(t(lang, "alerts.push.footer"))
    return "\n".join(lines)
