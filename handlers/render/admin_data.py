"""Rendering of the admins' uploads: previews, problems, the kind question, apply and undo.

The review of staff-saved entries is in render/admin_review.py, single knowledge
entries (/kb add, find, delete) in render/admin_entries.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.admindata.kinds import KINDS
from bot.admindata.previews import (
    HAND_PRICE_PREFIX,
    Applied,
    KnownMarket,
    NewMarket,
    Preview,
    hand_entry_id,
)
from bot.admindata.uploads import Undone
from bot.core.callbacks import Button
from bot.core.i18n import t
from bot.imports import MAX_FILE_MB, MAX_ROWS, ImportResult, RowError, failure_lines, place
from bot.markets.importer import (
    MARKETS_ADDED,
    MARKETS_ENDED,
    PRODUCTS_ENDED,
    PRODUCTS_THINNED,
    SAMPLE_REMOVED,
)
from bot.stations.overbooked import OVER_CAPACITY
from handlers.render import admin_price, fitted
from handlers.render.admin_review import flag_words
from handlers.render.stations import over_capacity_text
from handlers.render.upload_changes import changes_text, warning_lines, warnings_text
from knowledge.text.english import button_name, name_label
from knowledge.text.lexicon import product_label

# The problems shown in the message; all of them are in the attached report.
SHOWN_PROBLEMS = 20
LINE_LIMIT = 160
# A market's name on a button (names may be 100 characters long).
BUTTON_NAME = 30
# Products and markets a price file ends, named before "and N more".
SHOWN_NAMES = 40
# Counts said in their own block, not as a plain count line.
SAID_APART = frozenset({SAMPLE_REMOVED, PRODUCTS_ENDED, OVER_CAPACITY})


@dataclass(frozen=True)
class ApplyUpload(Button):
    """Admin: apply the previewed upload (new_markets=1: creating the /price's new market;
    anyway=1: despite the preview's warnings)."""

    PREFIX = "ad:ok"
    upload_id: int
    new_markets: int = 0
    anyway: int = 0  # 1: 「⚠️ 照样导入」 under a preview's warnings


@dataclass(frozen=True)
class PriceMarket(Button):
    """Admin: the /price meant this known market, not the unknown name typed."""

    PREFIX = "ad:pm"
    upload_id: int
    market_id: int


@dataclass(frozen=True)
class CancelUpload(Button):
    """Admin: forget the previewed upload."""

    PREFIX = "ad:no"
    upload_id: int


@dataclass(frozen=True)
class UploadKind(Button):
    """Admin: the upload is this kind of data."""

    PREFIX = "ad:k"
    upload_id: int
    kind: str


def kind_name(lang: str, kind: str) -> str:
    """A kind of data as the admin reads it."""
    return t(lang, f"admindata.kind.{kind}")


def problem_line(lang: str, error: RowError, limit: int = LINE_LIMIT) -> str:
    """One problem in the admin's language: 第 2 行，price 列：'abc' 不是数字."""
    # A problem quoting a huge cell is cut: 20 of them must fit one message.
    text = error.text(lang)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _count(lang: str, preview: Preview) -> str:
    # A spreadsheet has rows; a YAML/JSON list has entries (as its problems are said).
    return t(lang, f"admindata.count.{'entries' if preview.entries else 'rows'}", n=preview.rows)


def _lines(errors: Sequence[RowError], lang: str) -> str:
    shown = errors[:SHOWN_PROBLEMS]
    # Fewer problems may be longer (a category's allowed list): the message's room is shared.
    limit = max(LINE_LIMIT, LINE_LIMIT * SHOWN_PROBLEMS // max(len(shown), 1))
    lines = [problem_line(lang, e, limit) for e in shown]
    if len(errors) > SHOWN_PROBLEMS:
        lines.append(t(lang, "admindata.more", more=len(errors) - SHOWN_PROBLEMS))
    return "\n".join(lines)


@fitted
def preview_text(lang: str, preview: Preview) -> str:
    """The preview of an upload: counts, or its problems, or why it cannot be read."""
    if preview.upload_id is None:
        return t(
            lang,
            "admindata.unreadable",
            file=preview.file_name,
            lines=_lines(preview.errors, lang),
            mb=MAX_FILE_MB,
            max_rows=f"{MAX_ROWS:,}",
        )
    if preview.kind is None:
        header = ", ".join(h for h in preview.header if h)[:300]
        return t(lang, "admindata.ask_kind", file=preview.file_name, header=header)
    kind = kind_name(lang, preview.kind)
    if preview.by_hand and preview.new_markets and not preview.errors:
        return unknown_market_text(lang, preview.new_markets[0])
    if preview.by_hand:
        return admin_price.preview_text(lang, preview)
    if preview.errors:
        return t(
            lang,
            "admindata.problems",
            file=preview.file_name,
            kind=kind,
            rows=_count(lang, preview),
            count=len(preview.errors),
            lines=_lines(preview.errors, lang),
        )
    result = preview.result
    extra = "".join(
        t(lang, "admindata.extra_line", name=_extra_name(lang, name), count=count)
        for name, count in result.extra.items()
        if count and name not in SAID_APART
    )
    text = t(
        lang,
        "admindata.preview",
        file=preview.file_name,
        kind=kind,
        rows=_count(lang, preview),
        added=result.added,
        updated=result.updated,
        unchanged=result.unchanged,
        extra=extra,
    )
    for said in (changes_text(lang, result), warnings_text(lang, result)):
        if said:
            text += "\n" + said
    if preview.flagged:
        lines = [
            t(lang, "admindata.flagged_row", row=place(number, lang), words=flag_words(lang, found))
            for number, found in preview.flagged[:SHOWN_PROBLEMS]
        ]
        text += "\n" + t(lang, "admindata.flagged", lines="\n".join(lines))
    if preview.new_markets:
        text += "\n" + _new_markets(lang, preview)
    if result.extra.get(SAMPLE_REMOVED):
        text += "\n" + sample_ending_text(lang, result)
    if result.extra.get(OVER_CAPACITY):
        text += "\n" + over_capacity_text(lang, result)
    return text


def _listed(lang: str, names: Sequence[str], label: Callable[[str], str] = str) -> str:
    shown = [label(name) for name in names[:SHOWN_NAMES]]
    more = len(names) - len(shown)
    said = _names(lang, shown)
    return said + (t(lang, "admindata.sample_more", more=more) if more > 0 else "")


def sample_ending_text(lang: str, result: ImportResult) -> str:
    """What a price file's first import takes from farmers: every sample price, named."""

    # Documented (docs/markets.md): real prices end the generated ones, never mixed with
    # them. A file of 4 rows ends 30 products' prices, so the preview says which.
    def product(name: str) -> str:
        return product_label(lang, name)

    lines = [t(lang, "admindata.sample_removed", count=result.extra[SAMPLE_REMOVED])]
    ended, markets = result.names.get(PRODUCTS_ENDED, []), result.names.get(MARKETS_ENDED, [])
    thinned = result.names.get(PRODUCTS_THINNED, [])
    if ended:
        names = _listed(lang, ended, product)
        lines.append(t(lang, "admindata.sample_products", count=len(ended), names=names))
    if markets:
        names = _listed(lang, markets)
        lines.append(t(lang, "admindata.sample_markets", count=len(markets), names=names))
    if thinned:
        names = _listed(lang, thinned, product)
        lines.append(t(lang, "admindata.sample_thinned", count=len(thinned), names=names))
    lines.append(t(lang, "admindata.sample_why"))
    return "\n".join(lines)


def _names(lang: str, names: Sequence[str]) -> str:
    return t(lang, "imports.separator").join(names)


def _markets(lang: str, names: Sequence[str]) -> str:
    """Markets' names, in English with their pinyin: 新发地 (Xinfadi)."""
    return _names(lang, [name_label(lang, name) for name in names])


def _new_markets(lang: str, preview: Preview) -> str:
    # A price file adds the markets it names: each is said, with the known markets it
    # is closest to, so a typo is seen before ✅ rather than found as a new market.
    lines = [
        t(
            lang,
            "admindata.new_market_close",
            name=m.name,  # as the file spells it (a typo, often)
            closest=_markets(lang, _closest(m)),
        )
        if m.closest
        else t(lang, "admindata.new_market_line", name=m.name)
        for m in preview.new_markets
    ]
    more = preview.result.extra.get(MARKETS_ADDED, 0) - len(preview.new_markets)
    if more > 0:
        lines.append(t(lang, "admindata.new_markets_more", more=more))
    return t(lang, "admindata.new_markets", lines="\n".join(lines))


def _closest(market: NewMarket) -> list[str]:
    return [known.name for known in market.closest]


def unknown_market_text(lang: str, market: NewMarket) -> str:
    """/price named no known market: not saved; the closest markets, or create it."""
    create = t(lang, "price.create_market")
    if market.closest:
        # Asked as a typo is: 是不是「新发地」？ Did you mean 新发地 (Xinfadi)?
        closest = t(lang, "price.market_or").join(_meant(lang, known) for known in market.closest)
        return t(
            lang,
            "price.unknown_market",
            market=market.name,  # as typed
            closest=closest,
            create=create,
        )
    return t(lang, "price.unknown_market_none", market=market.name, create=create)


def _meant(lang: str, known: KnownMarket) -> str:
    """A market offered for a typo by the name said (新发地, 新发地 (Xinfadi)); its button
    below says the full name."""
    if not known.short_name or known.short_name == known.name:
        return t(lang, "price.market_meant_full", name=name_label(lang, known.name))
    return t(lang, "price.market_meant", short=name_label(lang, known.short_name))


# The importers' own counts (ImportResult.extra, named for the command line), translated.
EXTRA_NAMES = {
    "markets added": "markets_added",
    "markets updated": "markets_updated",
}


def _extra_name(lang: str, name: str) -> str:
    key = EXTRA_NAMES.get(name)
    return name if key is None else t(lang, f"admindata.extra.{key}")


def preview_keyboard(
    lang: str, preview: Preview, *, flagged: bool = False
) -> InlineKeyboardMarkup | None:
    """Apply / cancel under a good preview; the kinds when it must be asked; else none.

    `flagged`: a typed entry whose wording was flagged; ✅ says it saves it anyway.
    """
    if preview.upload_id is None:
        return None
    if preview.kind is None:
        rows = [
            [
                InlineKeyboardButton(
                    kind_name(lang, kind),
                    callback_data=UploadKind(preview.upload_id, kind).encode(),
                )
            ]
            for kind in preview.candidates
            if kind in KINDS
        ]
        rows.append([_cancel(lang, preview.upload_id)])
        return InlineKeyboardMarkup(rows)
    if preview.errors:
        return None
    if preview.by_hand and preview.new_markets:
        return _unknown_market_keyboard(lang, preview.upload_id, preview.new_markets[0])
    # One price or entry typed in the chat is saved, not imported (✅ 确认保存).
    typed = preview.by_hand or hand_entry_id(preview.file_name) is not None
    if preview.result.warnings and not typed:
        # Never the plain ✅: a price doubled overnight goes to farmers only on purpose.
        anyway = ApplyUpload(preview.upload_id, anyway=1).encode()
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(t(lang, "admindata.apply_anyway"), callback_data=anyway),
                    _cancel(lang, preview.upload_id),
                ]
            ]
        )
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, _save_key(typed, flagged)),
                    callback_data=ApplyUpload(preview.upload_id).encode(),
                ),
                _cancel(lang, preview.upload_id),
            ]
        ]
    )


def apply_data(keyboard: InlineKeyboardMarkup | None) -> str | None:
    """The callback data of a preview's plain ✅ (the one a typed 对 may stand for); None when
    it has none (kinds to choose, errors, a market to pick: those are asked by name)."""
    if keyboard is None:
        return None
    for row in keyboard.inline_keyboard:
        for button in row:
            data = button.callback_data
            parsed = ApplyUpload.parse(data) if isinstance(data, str) else None
            if isinstance(data, str) and parsed is not None and not parsed.new_markets:
                return data
    return None


def _save_key(typed: bool, flagged: bool) -> str:
    if not typed:
        return "admindata.apply"
    return "kbadmin.save_anyway" if flagged else "price.save"


def _unknown_market_keyboard(lang: str, upload_id: int, market: NewMarket) -> InlineKeyboardMarkup:
    # The closest markets first (a typo is the likely case), then creating the one typed:
    # never the plain ✅, so a new market is only ever made on purpose.
    rows = [
        [
            InlineKeyboardButton(
                t(lang, "price.use_market", market=_short(lang, known.name)),
                callback_data=PriceMarket(upload_id, known.id).encode(),
            )
        ]
        for known in market.closest
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t(lang, "price.create_market"),
                callback_data=ApplyUpload(upload_id, new_markets=1).encode(),
            )
        ]
    )
    rows.append([_cancel(lang, upload_id)])
    return InlineKeyboardMarkup(rows)


def _short(lang: str, name: str) -> str:
    if lang == "en":
        return button_name(lang, name, BUTTON_NAME)  # its characters, then its pinyin, cut
    return name if len(name) <= BUTTON_NAME else name[: BUTTON_NAME - 1] + "…"


def _cancel(lang: str, upload_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        t(lang, "admindata.cancel"), callback_data=CancelUpload(upload_id).encode()
    )


def report(lang: str, file_name: str, errors: Sequence[RowError]) -> tuple[str, bytes]:
    """The attached report: every problem in the admin's language, one a line, and its name."""
    name = f"{PurePath(file_name).stem or 'upload'}-problems.txt"
    return name, ("\n".join(failure_lines(errors, lang)) + "\n").encode("utf-8")


@fitted
def applied_text(lang: str, applied: Applied) -> str:
    """The apply's outcome: counts, or the problems that stopped it."""
    kind = kind_name(lang, applied.kind)
    created = applied.result.names.get(MARKETS_ADDED, [])
    markets = ""
    if created:
        markets = t(lang, "admindata.markets_created", names=_markets(lang, created[:20]))
    if applied.by_hand:
        return admin_price.applied_text(lang, applied, markets)
    if applied.result.warnings and applied.result.errors:
        # ✅ pressed (an old preview) on prices that now jump: not imported, and why.
        lines = warning_lines(lang, applied.result.warnings)
        return t(lang, "admindata.warnings_refused", file=applied.file_name, lines=lines)
    if applied.result.errors:
        return t(
            lang,
            "admindata.apply_failed",
            file=applied.file_name,
            count=len(applied.result.errors),
            lines=_lines(applied.result.errors, lang),
        )
    result = applied.result
    if applied.entry is not None:
        # /kb add or edit: the entry is named, not the one-row file it went through.
        entry_id, question = applied.entry
        key = "saved_new" if result.added else "saved_changed" if result.updated else "saved_same"
        return t(lang, f"kbadmin.{key}", id=entry_id, question=question)
    ended = ""
    if result.extra.get(SAMPLE_REMOVED):
        ended = t(
            lang,
            "admindata.sample_ended",
            count=result.extra[SAMPLE_REMOVED],
            products=result.extra.get(PRODUCTS_ENDED, 0),
        )
    return t(
        lang,
        "admindata.applied",
        file=applied.file_name,
        kind=kind,
        added=result.added,
        updated=result.updated,
        unchanged=result.unchanged,
        markets=markets + ended,
    ) + _after(lang, result)


def _after(lang: str, result: ImportResult) -> str:
    # Said after an applied file's counts: overbooked windows, a /price's alerts withdrawn.
    text = "\n" + over_capacity_text(lang, result) if result.extra.get(OVER_CAPACITY) else ""
    if result.alerts_replaced:
        text += t(lang, "admindata.alerts_withdrawn", n=result.alerts_replaced)
    return text


@fitted
def undone_text(lang: str, undone: Undone, tz: ZoneInfo) -> str:
    """What /undo did, or why it did nothing; an import named as the admin knows it."""
    if undone.status == "nothing":
        return t(lang, "admindata.undo_nothing")
    kind = kind_name(lang, undone.kind)
    by_hand = undone.file_name.startswith(HAND_PRICE_PREFIX)
    if undone.status == "undone" and by_hand:
        return admin_price.undone_text(lang, undone)
    entry_id = hand_entry_id(undone.file_name)
    if undone.status == "undone" and entry_id is not None:
        return t(lang, "kbadmin.undone", id=entry_id)
    name = admin_price.apply_label(lang, undone.file_name, undone.applied_at, tz)
    later = undone.later
    if undone.status == "later" and later is not None:
        other = admin_price.apply_label(lang, later.file_name, later.applied_at, tz)
        if later.by_cli:  # /undo undoes only this admin's: the command line's is undone there
            return t(lang, "admindata.undo_later_cli", file=name, kind=kind, later=other)
        return t(lang, "admindata.undo_later", file=name, kind=kind, later=other, who=later.by_name)
    if undone.status == "conflict":
        return t(lang, "admindata.undo_conflict", file=name, count=len(undone.conflicts))
    return t(
        lang,
        "admindata.undone",
        file=undone.file_name,
        kind=kind,
        removed=undone.counts.get("removed", 0),
        restored=undone.counts.get("restored", 0),
    ) + admin_price.alerts_undone_text(lang, undone.alerts)
