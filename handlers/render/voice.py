"""Rendering of spoken questions: the label of a recording, what staff read beside it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.i18n import day_label, t
from bot.models.knowledge import QuestionStatus
from bot.models.types import MediaKind
from handlers.render import CAPTION_LIMIT, fit
from handlers.render.knowledge import local_time, wordless
from knowledge.kb.spoken import FarmerContext, PastQuestion, Recording
from knowledge.text.lexicon import product_label

# An earlier question is quoted this far: the line is a reminder, not the question.
QUOTE_CHARS = 20


def label(lang: str, recording: Recording) -> str:
    """ "🎤 语音 5秒": what stands for a recording in a question's text and captions."""
    key = "voice.label_video_note" if recording.kind is MediaKind.video_note else "voice.label"
    return t(lang, key, seconds=recording.seconds)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def _question_item(question: PastQuestion, asked_at: str, lang: str) -> str:
    # A photo sent without words is "a photo", not the placeholder standing for it; staff
    # find it in /questions only while it waits for an answer.
    if question.text.strip() in wordless():
        listed = question.status is QuestionStatus.open
        key = "voice.photo_item" if listed else "voice.photo_item_unlisted"
        return t(lang, key, asked_at=asked_at)
    return t(lang, "voice.question_item", text=_quote(question.text), asked_at=asked_at)


def context_lines(context: FarmerContext, lang: str, tz: ZoneInfo) -> str:
    """The farmer's recent questions and bookings in a line or two, for staff."""
    if context.empty:
        return t(lang, "voice.context_none")
    lines = []
    if context.questions:
        items = t(lang, "voice.separator").join(
            _question_item(q, local_time(q.asked_at, tz), lang) for q in context.questions
        )
        lines.append(t(lang, "voice.context_questions", items=items))
    if context.bookings:
        items = t(lang, "voice.separator").join(
            t(
                lang,
                "voice.booking_item",
                day=day_label(lang, b.day),
                product=product_label(lang, b.product),
                quantity=b.quantity,
                status=t(lang, f"bookings.status.{b.status.value}"),
            )
            for b in context.bookings
        )
        lines.append(t(lang, "voice.context_bookings", items=items))
    return "\n".join(lines)


def for_staff(
    lang: str,
    recording: Recording,
    *,
    question_id: int,
    farmer: str,
    asked_at: str,
    context: str,
) -> str:
    """The caption of a spoken question as staff get it (within a caption's limit)."""
    text = t(
        lang,
        "voice.for_staff",
        label=label(lang, recording),
        id=question_id,
        farmer=farmer,
        asked_at=asked_at,
        context=context,
    )
    return fit(text, CAPTION_LIMIT)


def more_for_staff(lang: str, recording: Recording, *, question_id: int, farmer: str) -> str:
    """The caption of a recording a farmer added to a forwarded question."""
    text = t(
        lang, "voice.more_for_staff", label=label(lang, recording), id=question_id, farmer=farmer
    )
    return fit(text, CAPTION_LIMIT)
