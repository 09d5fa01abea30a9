"""Rendering of /review: a staff-saved entry or a learned phrasing, its flagged words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.admindata.review import DRAFT, Flag, ReviewItem
from bot.core.callbacks import Button
from bot.core.i18n import t
from handlers.render import fitted


@dataclass(frozen=True)
class ReviewApprove(Button):
    """Admin: approve a waiting draft (d) or phrasing (p)."""

    PREFIX = "rv:ok"
    kind: str
    item_id: int


@dataclass(frozen=True)
class ReviewReject(Button):
    """Admin: reject a waiting draft or phrasing."""

    PREFIX = "rv:no"
    kind: str
    item_id: int


@dataclass(frozen=True)
class ReviewEdit(Button):
    """Admin: change a waiting draft's answer (or a phrasing) before deciding."""

    PREFIX = "rv:ed"
    kind: str
    item_id: int


@fitted
def review_text(lang: str, item: ReviewItem) -> str:
    """A waiting item as the admin reviews it, its time-bound or personal words flagged."""
    flagged = ""
    if item.flags:
        flagged = t(lang, "review.flags", words=flag_words(lang, item.flags))
    if item.kind == DRAFT:
        return t(
            lang,
            "review.draft",
            waiting=item.waiting,
            question=item.question,
            answer=item.text,
            flags=flagged,
        )
    return t(
        lang,
        "review.phrasing",
        waiting=item.waiting,
        question=item.question,
        text=item.text,
        flags=flagged,
    )


def review_keyboard(lang: str, item: ReviewItem) -> InlineKeyboardMarkup:
    """Approve, edit, reject."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "review.approve"),
                    callback_data=ReviewApprove(item.kind, item.id).encode(),
                ),
                InlineKeyboardButton(
                    t(lang, "review.edit"), callback_data=ReviewEdit(item.kind, item.id).encode()
                ),
                InlineKeyboardButton(
                    t(lang, "review.reject"),
                    callback_data=ReviewReject(item.kind, item.id).encode(),
                ),
            ]
        ]
    )


def flag_words(lang: str, found: Sequence[Flag]) -> str:
    """Flagged words with why, e.g. 明天（时间）、张大爷（人名）."""
    words = [
        t(lang, "review.flag_word", word=f.word, reason=t(lang, f"review.reason.{f.reason}"))
        for f in found
    ]
    return t(lang, "review.flag_separator").join(words)
