"""Rendering of price alerts: the list with its buttons, product choices, delivery reports."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.alerts.model import AlertView
from bot.alerts.parsing import Request
from bot.alerts.text import (
    FROM_LIST,
    SURE,
    AlertGroup,
    Change,
    ChangeTo,
    Delete,
    ListAlerts,
    Pause,
    Resume,
    StopAll,
    Subscribe,
    describe,
    in_unit,
    unit_word,
)
from bot.core.i18n import t
from bot.markets.prices import PriceAnswer
from bot.models.alerts import AlertKind, AlertStatus, DeliveryRun, OutboxStatus, RunKind
from knowledge.text.english import name_label
from knowledge.text.lexicon import product_label
from knowledge.text.places import inside

KIND_CODES = {AlertKind.daily: "d", AlertKind.above: "a", AlertKind.below: "b", AlertKind.move: "m"}
# A fall or rise asked without a price (跌了提醒我): the product's button asks for one.
ASK_CODES = {AlertKind.above: "A", AlertKind.below: "B"}
KG_MARK = "k"  # after a rise or fall's value (元/斤): the farmer said it per 公斤
# The prices offered for "跌了提醒我" (a rise: the same above), against the price now.
SUGGESTED = {AlertKind.below: (0.95, 0.9, 0.8), AlertKind.above: (1.05, 1.1, 1.2)}


def list_text(lang: str, views: Sequence[AlertView]) -> str:
    """The farmer's subscriptions, numbered, or how to make one."""
    if not views:
        return t(lang, "alerts.list_empty")
    lines = [t(lang, "alerts.list_header", n=len(views))]
    lines += [
        t(lang, "alerts.list_item", n=i, desc=describe(lang, view))
        for i, view in enumerate(views, 1)
    ]
    return "\n".join(lines)


def list_keyboard(lang: str, views: Sequence[AlertView]) -> InlineKeyboardMarkup:
    """One row per subscription (pause or resume, change, delete), then "add another"."""
    rows = []
    for i, view in enumerate(views, 1):
        if view.status is AlertStatus.active:
            toggle = InlineKeyboardButton(
                f"{i}. {t(lang, 'alerts.buttons.pause')}",
                callback_data=Pause(view.id, FROM_LIST).encode(),
            )
        else:
            toggle = InlineKeyboardButton(
                f"{i}. {t(lang, 'alerts.buttons.resume')}",
                callback_data=Resume(view.id, FROM_LIST).encode(),
            )
        rows.append(
            [
                toggle,
                InlineKeyboardButton(
                    t(lang, "alerts.buttons.change"), callback_data=Change(view.id).encode()
                ),
                InlineKeyboardButton(
                    t(lang, "alerts.buttons.delete"),
                    callback_data=Delete(view.id, FROM_LIST).encode(),
                ),
            ]
        )
    return InlineKeyboardMarkup(rows)


def stop_all_text(lang: str, views: Sequence[AlertView]) -> str:
    """ "退订": what would stop, asked before anything is deleted."""
    lines = [t(lang, "alerts.stop_all_ask", n=len(views))]
    lines += [f"• {describe(lang, view)}" for view in views]
    return "\n".join(lines)


def stop_all_keyboard(lang: str, views: Sequence[AlertView]) -> InlineKeyboardMarkup:
    """✅ stop the listed alerts (ids up to the newest listed) / ❌ keep them."""
    upto = max(view.id for view in views)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "alerts.buttons.stop_all"), callback_data=StopAll(upto).encode()
                ),
                InlineKeyboardButton(
                    t(lang, "alerts.buttons.keep_all"), callback_data=StopAll(0).encode()
                ),
            ]
        ]
    )


# ---------------------------------------------------------------- alerts named in words

GROUP_ACTIONS = {"p": "pause", "r": "resume", "d": "delete"}


def named_what(lang: str, products: Sequence[str], place: str | None) -> str:
    """What the farmer's words named: 潍坊大蒜, 大蒜, garlic at 潍坊 (Weifang)."""
    names = t(lang, "prices.list_sep").join(product_label(lang, p) for p in products)
    if not place:
        return names
    where = name_label(lang, place)
    if lang == "en":
        return f"{names} ({where})" if names else where
    return f"{where}{names}"


def change_anyway_keyboard(lang: str, alert_id: int, code: str) -> InlineKeyboardMarkup:
    """One button under "it would alert at once": change it all the same."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "alerts.words.change_anyway"),
                    callback_data=ChangeTo(alert_id, code, SURE).encode(),
                )
            ]
        ]
    )


def which_keyboard(
    lang: str, views: Sequence[AlertView], action: str, codes: Mapping[int, str] | None = None
) -> InlineKeyboardMarkup:
    """One button per alert named (its description), then "all" (not for a change).

    `action`: "change" (each sets its value, `codes` by id: value_code), "ask" (each asks
    for a value, ✏️),
    or one of GROUP_ACTIONS' (pause, resume, delete). "All" is left out when its ids
    do not fit a button: each alert still has its own.
    """
    rows = []
    for view in views:
        label = describe(lang, view)
        if action == "change":
            data = ChangeTo(view.id, (codes or {})[view.id]).encode()
        elif action == "ask":
            data = Change(view.id).encode()
        elif action == "pause":
            data = Pause(view.id).encode()
        elif action == "resume":
            data = Resume(view.id).encode()
        else:
            data = Delete(view.id).encode()
        rows.append([InlineKeyboardButton(label, callback_data=data)])
    short = {v: k for k, v in GROUP_ACTIONS.items()}.get(action)
    if short is not None and len(views) > 1:
        try:
            data = AlertGroup(short, ".".join(str(v.id) for v in views)).encode()
        except ValueError:
            data = ""
        if data:
            rows.append(
                [InlineKeyboardButton(t(lang, f"alerts.buttons.all_{action}"), callback_data=data)]
            )
    return InlineKeyboardMarkup(rows)


def value_code(
    kind: AlertKind, threshold: float | None, at_time: time | None, unit: str | None = None
) -> str:
    """A value set by a button (b2.8, d0630, m10; b15k: said per 公斤): read back by
    `read_code` and `code_unit`."""
    if kind is AlertKind.daily and at_time is not None:
        return f"d{at_time:%H%M}"
    return f"{KIND_CODES[kind]}{threshold or 0:g}{_unit_mark(kind, unit)}"


def _unit_mark(kind: AlertKind, unit: str | None) -> str:
    # A rise or fall said per 公斤 keeps saying it in 公斤: "k" after the value (元/斤).
    return KG_MARK if unit == "公斤" and kind in (AlertKind.above, AlertKind.below) else ""


def code_unit(code: str) -> str | None:
    """The unit a rise or fall's value was said in (公斤 for b15k), None for 斤."""
    return "公斤" if code[:1] in "ab" and code.endswith(KG_MARK) else None


def done_text(lang: str, action: str, views: Sequence[AlertView]) -> str:
    """What "all" did: ⏸ 已暂停 2 个提醒：• …"""
    lines = [t(lang, f"alerts.words.done_{action}", n=len(views))]
    return "\n".join(lines + [f"• {describe(lang, view)}" for view in views])


def manage_keyboard(lang: str) -> InlineKeyboardMarkup:
    """The "my alerts" button under a confirmation."""
    button = InlineKeyboardButton(
        t(lang, "alerts.buttons.manage"), callback_data=ListAlerts().encode()
    )
    return InlineKeyboardMarkup([[button]])


def request_code(request: Request | None) -> str:
    """The request's kind and value, short enough for callback data (d0700, a3.5, m10);
    "" for a daily digest without a time said (its button keeps an existing alert's)."""
    if request is None or (
        request.kind is AlertKind.daily and (request.at_time is None or not request.time_said)
    ):
        return ""
    if request.kind is AlertKind.daily and request.at_time is not None:
        return f"d{request.at_time:%H%M}"
    if request.kind in ASK_CODES and request.threshold is None:
        # Bk: the price is asked per 公斤, as the farmer spoke (咖啡一公斤跌了提醒我).
        return ASK_CODES[request.kind] + (KG_MARK if request.unit == "公斤" else "")
    return value_code(request.kind, request.threshold, None, request.unit)


def asked_kind(code: str) -> AlertKind | None:
    """The fall or rise a product button asks a price for (B, A, Bk), else None."""
    return {v: k for k, v in ASK_CODES.items()}.get(code.removesuffix(KG_MARK))


def asked_unit(code: str) -> str | None:
    """The unit a product button asks its price in (公斤 for Bk), None when not said."""
    return "公斤" if asked_kind(code) is not None and code.endswith(KG_MARK) else None


def suggested_prices(kind: AlertKind, now: float) -> list[float]:
    """A few prices below (a fall) or above (a rise) today's, rounded to the jiao or fen."""
    digits = 1 if now >= 2 else 2
    found = {round(now * factor, digits) for factor in SUGGESTED[kind]}
    return sorted((p for p in found if p > 0 and p != now), reverse=kind is AlertKind.below)


def price_choices(
    lang: str,
    product_id: int,
    kind: AlertKind,
    prices: Sequence[float],
    move_pct: float,
    unit: str | None = None,
) -> InlineKeyboardMarkup:
    """One button per suggested price (元/斤, shown per `unit`: 公斤 is twice the 斤 price, and
    the alert made speaks in it), then "any move over 5%" (the old default)."""
    key = f"alerts.buttons.price_{kind.value}"
    word = unit_word(lang, unit)
    rows = [
        [
            InlineKeyboardButton(
                t(lang, key, price=in_unit(p, unit), unit=word),
                callback_data=Subscribe(product_id, value_code(kind, p, None, unit)).encode(),
            )
            for p in prices
        ],
        [
            InlineKeyboardButton(
                t(lang, "alerts.buttons.any_move", pct=f"{move_pct:g}"),
                callback_data=Subscribe(product_id, f"m{move_pct:g}").encode(),
            )
        ],
    ]
    return InlineKeyboardMarkup([row for row in rows if row])


def read_code(code: str) -> tuple[AlertKind, float | None, time | None] | None:
    """The inverse of `request_code`; None for anything malformed (data is untrusted)."""
    if not code:
        return None
    kinds = {v: k for k, v in KIND_CODES.items()}
    kind = kinds.get(code[0])
    if kind is None:
        return None
    value = code[1:]
    if kind in (AlertKind.above, AlertKind.below):
        value = value.removesuffix(KG_MARK)
    if kind is AlertKind.daily:
        if len(value) != 4 or not value.isdigit():
            return None
        hour, minute = int(value[:2]), int(value[2:])
        if hour > 23 or minute > 59:
            return None
        return kind, None, time(hour, minute)
    try:
        return kind, float(value), None
    except ValueError:
        return None


def product_buttons(
    lang: str, products: Sequence[tuple[int, str]], request: Request | None = None, per_row: int = 3
) -> InlineKeyboardMarkup:
    """Product buttons that subscribe: al:s:<product id>[:<kind and value>]."""
    code = request_code(request)
    buttons = [
        InlineKeyboardButton(product_label(lang, name), callback_data=Subscribe(pid, code).encode())
        for pid, name in products
    ]
    return InlineKeyboardMarkup([buttons[i : i + per_row] for i in range(0, len(buttons), per_row)])


def place_unknown_text(lang: str, word: str, located: bool) -> str:
    """A place named but found nowhere (火星村): said back, and asked about."""
    # An English word is shown as a name (Mars), not as normalised (mars).
    shown = word.title() if word.isascii() else word
    where = t(lang, "alerts.where.nearest" if located else "alerts.where.national")
    return t(lang, "alerts.place_unknown", place=shown, where=where)


def watch_instead_buttons(
    lang: str, products: Sequence[tuple[int, str]], request: Request, located: bool
) -> InlineKeyboardMarkup:
    """One button per product: the alert asked for, watching home's markets (or everywhere)."""
    code = request_code(request)
    where = t(lang, "alerts.where.nearest" if located else "alerts.where.national")
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "alerts.buttons.watch_instead", product=product_label(lang, name),
                      where=where),
                    callback_data=Subscribe(pid, code).encode(),
                )
            ]
            for pid, name in products
        ]
    )  # fmt: skip


def watching_text(lang: str, place: str, answer: PriceAnswer) -> str:
    """Which markets an alert for a place without one (潍坊) watches: the nearest, with km."""
    product = product_label(lang, answer.product)
    where = name_label(lang, place)
    # 寿光 is in 潍坊 (a county-level city of the prefecture): "in 潍坊", not "37 km".
    within = {row.market_id for row in answer.rows if row.city and inside(row.city, place)}
    markets = [
        t(lang, "alerts.watching_inside", market=name_label(lang, row.market), place=where)
        if row.market_id in within
        else t(lang, "alerts.watching_market", market=name_label(lang, row.market),
               km=f"{row.distance_km:.0f}")
        for row in answer.rows
        if row.distance_km is not None or row.market_id in within
    ]  # fmt: skip
    if not markets:
        return t(lang, "alerts.watching_none", place=where, product=product)
    return t(
        lang, "alerts.watching_in" if within else "alerts.watching", place=where,
        product=product, markets=t(lang, "prices.list_sep").join(markets),
    )  # fmt: skip


_RUN_KINDS = frozenset(kind.value for kind in RunKind)


def run_label(lang: str, run: DeliveryRun) -> str:
    """What a run was, in the reader's language: its kind, then its products, time or day."""
    detail = run.label
    if run.kind not in _RUN_KINDS:
        # A kind no code stores any more (the benchmark's old "alerts"): said as stored.
        kind = run.kind
    else:
        kind = t(lang, f"alerts.deliveries.kind.{run.kind}")
        # Runs stored before the kind was left out of the label began with its Chinese name.
        detail = detail.removeprefix(t("zh", f"alerts.deliveries.kind.{run.kind}") + " ")
    # The products in it (西红柿 2026-06-10, 土豆 2026-06-10), named in the reader's language.
    words = re.split(r"(\s+|, )", detail)
    return f"{kind} " + "".join(product_label(lang, w) for w in words)


def deliveries_text(
    lang: str,
    runs: Sequence[DeliveryRun],
    counts: dict[OutboxStatus, int],
    tz: ZoneInfo,
    held: Mapping[int, datetime] | None = None,
) -> str:
    """Recent delivery runs with their counts, for admins; a run whose pushes are all held
    for later (`held`: until when) is waiting, not sending."""
    if not runs:
        lines = [t(lang, "alerts.deliveries.none")]
    else:
        lines = [t(lang, "alerts.deliveries.header")]
        for run in runs:
            doubt = t(lang, "alerts.deliveries.doubt", n=run.in_doubt) if run.in_doubt else ""
            state = "" if run.finished_at else t(lang, "alerts.deliveries.running")
            if not run.finished_at and run.id in (held or {}):
                until = (held or {})[run.id].astimezone(tz).strftime("%H:%M")
                state = t(lang, "alerts.deliveries.held", until=until)
            lines.append(
                t(
                    lang,
                    "alerts.deliveries.line",
                    when=run.created_at.astimezone(tz).strftime("%m-%d %H:%M"),
                    label=run_label(lang, run),
                    queued=run.queued,
                    sent=run.sent,
                    failed=run.failed,
                    blocked=run.blocked,
                    doubt=doubt,
                    state=state,
                )
            )
    waiting = counts.get(OutboxStatus.queued, 0) + counts.get(OutboxStatus.claimed, 0)
    lines.append(
        t(
            lang,
            "alerts.deliveries.outbox",
            queued=waiting,
            sending=counts.get(OutboxStatus.sending, 0),
        )
    )
    return "\n".join(lines)
