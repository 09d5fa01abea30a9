"""A staff answer in the other language than its farmer reads: the check and the farmer's note.

Blind walk: 回复17 周日也开门… in Chinese went as it was to a farmer who reads English, who got
"Your service station answered your question: … 周日也开门…" with nothing to say why.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.callbacks import Button
from bot.core.i18n import t
from knowledge.text.language import written_in


@dataclass(frozen=True)
class SendHeld(Button):
    """✅ 照样发: the held answer to question `question_id` goes as it was written."""

    PREFIX = "qa:lgo"
    question_id: int


@dataclass(frozen=True)
class RewriteHeld(Button):
    """✏️ 重写: the held answer to question `question_id` is dropped, to be written again."""

    PREFIX = "qa:lre"
    question_id: int


def other_language(answer: str, reader: str) -> str | None:
    """The language `answer` is written in when it is not the farmer's (`reader`); else None
    (theirs, or no language: a time, a number)."""
    written = written_in(answer)
    return written if written is not None and written != reader else None


def check(
    lang: str, question_id: int, reader: str, written: str
) -> tuple[str, InlineKeyboardMarkup]:
    """这位农户看英文，确定用中文发？ with ✅ 照样发 / ✏️ 重写."""
    text = t(
        lang,
        "questions.lang_check",
        id=question_id,
        reader=t(lang, f"broadcasts.lang.{reader}"),
        written=t(lang, f"broadcasts.lang.{written}"),
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "questions.lang_send"), callback_data=SendHeld(question_id).encode()
                ),
                InlineKeyboardButton(
                    t(lang, "questions.lang_rewrite"),
                    callback_data=RewriteHeld(question_id).encode(),
                ),
            ]
        ]
    )
    return text, keyboard


def farmer_note(reader: str, answer: str) -> str:
    """One line under an answer the farmer reads another language than: it is in Chinese (so
    they can get help reading it); "" when it is in theirs."""
    written = other_language(answer, reader)
    if written is None:
        return ""
    return "\n\n" + t(
        reader, "questions.reply_other_language", written=t(reader, f"broadcasts.lang.{written}")
    )
