"""Rendering of knowledge answers, suggestions and station questions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion
from handlers.render import CAPTION_LIMIT, fit, paginate_with_buttons
from knowledge.kb.entries import Entry

CB_ENTRY = "kb:e:"  # show an entry (did-you-mean)
CB_FORWARD = "kb:fw:"  # forward a recorded question to the station
CB_KEEP = "kb:no:"  # do not forward
CB_ASK_AFTER_ANSWER = "kb:fa:"  # "still not solved": ask the station after an answer
CB_REPLY = "qa:re:"  # staff: answer question N
CB_SAVE = "qa:sv:"  # staff: save the answered question as an entry
MAX_CALLBACK = 64


def answer_text(entry: Entry, lang: str) -> str:
    """An entry's answer, with the reminder that the station can help further."""
    return f"{entry.answer}\n\n{t(lang, 'kb.answer_footer')}"


def answer_keyboard(entry: Entry, lang: str) -> InlineKeyboardMarkup | None:
    """The button under an answer: ask the station if it did not help."""
    data = f"{CB_ASK_AFTER_ANSWER}{entry.id}"
    if len(data.encode()) > MAX_CALLBACK:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(lang, "kb.ask_station_button"), callback_data=data)]]
    )


def _label(question: str) -> str:
    # Buttons show one line on a phone; long questions are cut.
    return question if len(question) <= 24 else question[:23] + "…"


def suggestions(entries: list[Entry], question_id: int, lang: str) -> InlineKeyboardMarkup:
    """Did-you-mean buttons: the candidate entries, then "none of these"."""
    rows = [
        [InlineKeyboardButton(_label(e.question), callback_data=f"{CB_ENTRY}{e.id}")]
        for e in entries
        if len(f"{CB_ENTRY}{e.id}".encode()) <= MAX_CALLBACK
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t(lang, "kb.none_of_these"), callback_data=f"{CB_FORWARD}{question_id}"
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def forward_offer(question_id: int, lang: str) -> InlineKeyboardMarkup:
    """Forward to the station, or not."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "kb.ask_station_button"), callback_data=f"{CB_FORWARD}{question_id}"
                ),
                InlineKeyboardButton(
                    t(lang, "kb.no_thanks"), callback_data=f"{CB_KEEP}{question_id}"
                ),
            ]
        ]
    )


def local_time(moment: datetime, tz: ZoneInfo) -> str:
    """A stored UTC time as the station reads it (Asia/Shanghai)."""
    return moment.astimezone(tz).strftime("%m-%d %H:%M")


# A question in the staff list is cut to this many UTF-16 units: a farmer's question
# can be a whole message long; "reply" shows it again, up to a whole message.
ITEM_ROOM = 1000

Page = tuple[str, InlineKeyboardMarkup | None]


def question_list(
    waiting: Sequence[OpenQuestion],
    names: Mapping[int, str],
    header: str,
    lang: str,
    tz: ZoneInfo,
) -> tuple[list[Page], list[tuple[str, str, InlineKeyboardMarkup]]]:
    """/questions: text questions as pages (each with its reply buttons), photos one by one."""
    units = []
    photos = []
    for q in waiting:
        text = t(
            lang,
            "questions.item",
            id=q.id,
            farmer=names.get(q.farmer_id, str(q.farmer_id)),
            asked_at=local_time(q.asked_at, tz),
            text=q.text,
        )
        if q.photo_file_id:
            photos.append((q.photo_file_id, fit(text, CAPTION_LIMIT), reply_button(q.id, lang)))
        else:
            units.append((fit(text, ITEM_ROOM), reply_button(q.id, lang).inline_keyboard))
    pages: list[Page] = [(header, None)]
    if units:
        pages = paginate_with_buttons(units, header=header)
    return pages, photos


def reply_button(question_id: int, lang: str) -> InlineKeyboardMarkup:
    """Staff: answer this question."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "questions.reply_button", id=question_id),
                    callback_data=f"{CB_REPLY}{question_id}",
                )
            ]
        ]
    )


def save_button(question_id: int, lang: str) -> InlineKeyboardMarkup:
    """Staff: keep this answer as a knowledge entry."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "questions.save_button"), callback_data=f"{CB_SAVE}{question_id}"
                )
            ]
        ]
    )
