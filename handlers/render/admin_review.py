"""Rendering of /review: a staff-saved entry or a learned phrasing, its flagged words, and the
entry the base already answers a draft's question with (➕ its phrasing, 🆕 a new entry)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.admindata.review import DRAFT, Flag, ReviewItem, Similar
from bot.core.callbacks import Button
from bot.core.i18n import t
from handlers.render import fitted

# A button's label shows this much of an entry's question.
SHORT_QUESTION = 18


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
class ReviewMerge(Button):
    """Admin: add a waiting draft's question as a phrasing of the similar entry shown
    (its id when it fits the callback data; else the similar entry found at the press)."""

    PREFIX = "rv:mg"
    item_id: int
    entry_id: str = ""


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
        ) + (similar_text(lang, item.similar, item.tags) if item.similar else "")
    return t(
        lang,
        "review.phrasing",
        waiting=item.waiting,
        question=item.question,
        text=item.text,
        flags=flagged,
    )


def similar_text(lang: str, similar: Similar, tags: Sequence[str]) -> str:
    """The entry already answering a draft's question, and what a second one would do."""
    tagged = ""
    if tags:
        tagged = t(lang, "review.new_tags", tags=t(lang, "review.tag_separator").join(tags))
    hint = "review.similar_hint" if similar.learnable else "review.similar_hint_new"
    return t(
        lang,
        f"review.similar.{similar.decision.value}",
        entry_id=similar.entry_id,
        entry_question=similar.question,
    ) + t(lang, hint, entry_question=similar.question, tags=tagged)


def merge_button(item_id: int, entry_id: str) -> str:
    """➕'s callback data: with the entry shown, unless its id cannot be put there."""
    try:
        return ReviewMerge(item_id, entry_id).encode()
    except ValueError:
        return ReviewMerge(item_id).encode()


def review_keyboard(lang: str, item: ReviewItem) -> InlineKeyboardMarkup:
    """Approve, edit, reject; beside a similar entry, ➕ its phrasing first and 🆕 a new one."""
    rows: list[list[InlineKeyboardButton]] = []
    approve = "review.approve"
    if item.similar is not None:
        approve = "review.save_new"
        if item.similar.learnable:
            label = t(lang, "review.merge", entry_question=_short(item.similar.question))
            rows.append(
                [
                    InlineKeyboardButton(
                        label, callback_data=merge_button(item.id, item.similar.entry_id)
                    )
                ]
            )
    return InlineKeyboardMarkup(
        [
            *rows,
            [
                InlineKeyboardButton(
                    t(lang, approve),
                    callback_data=ReviewApprove(item.kind, item.id).encode(),
                ),
                InlineKeyboardButton(
                    t(lang, "review.edit"), callback_data=ReviewEdit(item.kind, item.id).encode()
                ),
                InlineKeyboardButton(
                    t(lang, "review.reject"),
                    callback_data=ReviewReject(item.kind, item.id).encode(),
                ),
            ],
        ]
    )


def _short(question: str, most: int = SHORT_QUESTION) -> str:
    return question if len(question) <= most else question[: most - 1] + "…"


def flag_words(lang: str, found: Sequence[Flag]) -> str:
    """Flagged words with why, e.g. 明天（时间）、张大爷（人名）."""
    words = [
        t(lang, "review.flag_word", word=f.word, reason=t(lang, f"review.reason.{f.reason}"))
        for f in found
    ]
    return t(lang, "review.flag_separator").join(words)
