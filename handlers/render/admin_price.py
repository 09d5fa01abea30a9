"""A price typed by hand (/price) said back: what will be saved, what stops it, what was saved.

/price goes through the price import as a one-row file, but nobody uploaded a file:
its preview and its problems speak of what was typed (the price, the unit, the
market), never of a file name, rows or columns.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.admindata.alerts import TYPED_PRICE_GRACE, AlertsUndone
from bot.admindata.previews import HAND_PRICE_PREFIX, Applied, Preview, TypedPrice, hand_entry_id
from bot.admindata.uploads import Undone
from bot.core.i18n import day_label, t
from bot.imports import ImportResult, RowError
from handlers.render.units import unit_label
from knowledge.text.english import name_label
from knowledge.text.lexicon import lexicon, product_label

# The problems said (a one-row file has a handful at most).
SHOWN_PROBLEMS = 10
# The import's columns as the admin typed them: 价格, 单位, 市场 (not "price 列").
FIELDS = ("date", "product", "market", "price", "unit")
# A price typed in digits (2.5, ¥2.5, 2.5元/斤) needs no "read as": it says itself.
_PLAIN = re.compile(r"[\d.\s¥￥元/斤公千克kgKG]+")


def per_unit(lang: str, unit: str) -> str:
    """元/斤 as the admin reads it: 元/斤 in Chinese, yuan/jin (yuan/kg) in English."""
    weight = unit.removeprefix("元/").removeprefix("元")
    if weight not in ("斤", "公斤"):
        return unit  # as typed: the problem about it quotes it
    return t(lang, "price.per", unit=unit_label(lang, weight))


def _said(lang: str, typed: TypedPrice) -> str:
    return t(
        lang,
        "price.typed",
        product=product_label(lang, typed.product),
        market=name_label(lang, typed.market),
        price=typed.price,
        unit=per_unit(lang, typed.unit),
        day=typed.day.isoformat(),
    )


def problem_line(lang: str, error: RowError) -> str:
    """One problem with what was typed: 价格：'abc' 不是数字."""
    said = error.problem.text(lang)
    if error.column not in FIELDS:
        return said
    return t(lang, "price.problem_line", field=t(lang, f"price.field.{error.column}"), problem=said)


def bad_day_text(lang: str, said: str, today: date) -> str:
    """A /price whose day is no day a price can be for (明天, 13/45): the date field named, and
    yesterday written the ways it may be (a fixed date in the catalogue would turn future)."""
    past = today - timedelta(days=1)
    problem = t(
        lang, "price.bad_day", said=said, month=past.month, day=past.day, iso=past.isoformat()
    )
    line = t(lang, "price.problem_line", field=t(lang, "price.field.date"), problem=problem)
    return t(lang, "price.problems", lines=line)


def _range_dropped(result: ImportResult) -> str:
    """The low / high the price's day loses ("63.06–72.56", "-–72.56"), "" when it keeps them."""
    for change in result.changes:
        fields = {f.field: f for f in change.fields}
        if any(fields[k].new == "-" for k in ("low", "high") if k in fields):
            low, high = fields.get("low"), fields.get("high")
            return f"{low.old if low else '-'}–{high.old if high else '-'}"
    return ""


def preview_text(lang: str, preview: Preview) -> str:
    """The /price preview: the price to be saved and what confirming does, or why it cannot be."""
    typed = preview.typed
    if preview.errors or typed is None:
        lines = [problem_line(lang, e) for e in preview.errors[:SHOWN_PROBLEMS]]
        return t(lang, "price.problems", lines="\n".join(lines))
    text = t(lang, "price.confirm") + "\n" + _said(lang, typed)
    read = typed.price if typed.typed_as is None else typed.typed_as[0]
    if typed.said and not _PLAIN.fullmatch(typed.said):
        text += "\n" + t(lang, "price.read_as", said=typed.said, price=read)
    if typed.typed_as is not None:
        # Typed per 公斤 at a market quoting per 斤 (or the other way): saved in the
        # market's unit, so farmers see its prices in one unit; the typed one said too.
        price, unit = typed.typed_as
        text += "\n" + t(
            lang,
            "price.converted",
            typed=f"{price} {per_unit(lang, unit)}",
            price=typed.price,
            unit=per_unit(lang, typed.unit),
            weight=unit_label(lang, typed.unit.removeprefix("元/")),
        )
    if typed.before is not None:
        avg, unit = typed.before
        before = per_unit(lang, f"元/{unit}")
        key = "price.typed_replaces" if typed.replaces else "price.typed_before"
        # The day's own price as it was typed (30, not 30.00); the last one as markets quote.
        said = f"{avg:g}" if typed.replaces else f"{avg:.2f}"
        text += "\n" + t(lang, key, price=said, unit=before)
    if typed.jump is not None:
        key = "price.jump_down" if typed.jump < 0 else "price.jump_up"
        text += "\n" + t(lang, key, percent=f"{abs(typed.jump) * 100:.0f}")
    result = preview.result
    dropped = _range_dropped(result)
    if dropped:
        # The day's low / high no longer hold the corrected price: they go (the import's rule).
        text += "\n" + t(lang, "price.range_dropped", range=dropped)
    effect = "added" if result.added else "updated" if result.updated else "unchanged"
    return text + "\n" + t(lang, f"price.effect.{effect}")


def applied_text(lang: str, applied: Applied, markets: str) -> str:
    """The /price saved (or why it was not, when the data changed since the preview)."""
    if applied.result.errors:
        lines = [problem_line(lang, e) for e in applied.result.errors[:SHOWN_PROBLEMS]]
        return t(lang, "price.problems", lines="\n".join(lines))
    if applied.typed is None:
        text = t(lang, "price.saved_plain", markets=markets)
    else:
        text = t(lang, "price.saved", said=_said(lang, applied.typed), markets=markets)
    if applied.alerts_replaced:
        text += "\n" + t(lang, "price.alerts_replaced", n=applied.alerts_replaced)
    if applied.alerts_held:
        minutes = int(TYPED_PRICE_GRACE.total_seconds() // 60)
        text += "\n" + t(lang, "price.alerts_held", n=applied.alerts_held, minutes=minutes)
    return text


def undone_text(lang: str, undone: Undone) -> str:
    """/undo of a /price: what was put back, and what became of its alerts."""
    text = t(
        lang,
        "price.undone",
        removed=undone.counts.get("removed", 0),
        restored=undone.counts.get("restored", 0),
    )
    return text + alerts_undone_text(lang, undone.alerts)


def alerts_undone_text(lang: str, alerts: AlertsUndone | None) -> str:
    """What became of an undone price import's alerts, after a space ('' for other kinds)."""
    if alerts is None:
        return ""
    said = t(
        lang,
        f"admindata.alerts_undone.{alerts.outcome}",
        withdrawn=alerts.withdrawn,
        corrected=alerts.corrected,
    )
    return ("" if lang == "zh" else " ") + said


def typed_price_of(file_name: str) -> tuple[str, str] | None:
    """A /price's product (its own name: tomato, 洋芋 → 西红柿, 土豆) and market, from the
    one-row file it was staged as (`price-by-hand-PRODUCT-MARKET.csv`); None for a file."""
    if not file_name.startswith(HAND_PRICE_PREFIX):
        return None
    what = file_name.removeprefix(HAND_PRICE_PREFIX).removesuffix(".csv")
    said, _, market = what.partition("-")
    product = lexicon().product(said)
    return (said if product is None else product.name), market


def apply_label(lang: str, file_name: str, applied_at: datetime | None, tz: ZoneInfo) -> str:
    """An import as the admin knows it: a file by its own name; a price or entry typed in the
    chat by what was typed (在聊天里录入的价格：咖啡 · 施甸县甸阳农贸市场 · 12月6日), never
    by the name it was staged under (price-by-hand-coffee-….csv)."""
    typed = typed_price_of(file_name)
    if typed is not None:
        product, market = typed
        parts = [product_label(lang, product), name_label(lang, market)]
        if applied_at is not None:
            parts.append(day_label(lang, applied_at.astimezone(tz).date()))
        return t(lang, "admindata.typed_price_label", what=" · ".join(parts))
    entry_id = hand_entry_id(file_name)
    if entry_id is not None:
        return t(lang, "admindata.typed_entry_label", id=entry_id)
    return file_name
