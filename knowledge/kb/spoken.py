"""Spoken questions: a farmer's voice (or video note) goes to their station as it is.

Many older farmers speak rather than type. A voice message becomes a question
forwarded at once (the farmer chose to send it: there is nothing for the base to
search), or, within `questions.FOLLOW_UP_WINDOW` of a forward still waiting, more
of that question, as a photo would; soon after a question not forwarded yet it joins
that question, and the farmer is asked whether to send the two. Staff hear the voice
itself with who sent it and what the farmer asked and booked lately (`recent_context`),
and answer by text or by voice (`staff_answers.answer` with a recording). No speech recognition.
Telegram-free: the handlers (handlers/voice.py) send and render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.stations import Booking, BookingStatus, Station
from bot.models.types import MediaKind
from bot.models.users import User
from knowledge.kb import questions, threads

# Kinds a farmer may ask (and staff may answer) with.
SPOKEN = (MediaKind.voice, MediaKind.video_note)


@dataclass(frozen=True)
class Recording:
    """A voice message or video note as Telegram holds it: its file_id, kind and length."""

    kind: MediaKind
    file_id: str
    seconds: int


@dataclass(frozen=True)
class Asked:
    """What became of a spoken question, and who must hear it."""

    recipients: questions.Recipients
    # True: it joined a question forwarded in the last two hours (not a new one).
    follow_up: bool
    # The station it went to (None: the farmer has none, the admins got it).
    station: str | None
    # True: it joined the farmer's question typed (or photo sent) just before, which the
    # farmer has not chosen to forward: nothing is sent, the farmer is asked (as for a
    # photo). Nobody is to hear it yet.
    joined: bool = False


async def ask_aloud(
    session: AsyncSession,
    farmer: User,
    recording: Recording,
    label: str,
    *,
    now: datetime,
    per_day: int | None = None,
    tz: ZoneInfo | None = None,
    join: bool = True,
) -> Asked:
    """Forward a spoken question to the farmer's station (or add it to a recent one).

    `label` stands for the recording in the question's text ("🎤 语音 5秒"), which
    staff read in /questions. Raises questions.TooManyQuestions when the farmer
    forwarded `per_day` questions today already (a follow-up is never counted). `join`
    False: the farmer did something else since their last question (set an alert, say),
    so the recording is no more of it.
    """
    # Right after a question the base could not answer and the farmer has not
    # forwarded, the recording tells more of it (the newest thing the farmer said, before
    # an older forward): the two stay one question, and the farmer is asked whether to
    # send it (the bot offered it already and had no answer: the farmer's choice, as for
    # a photo, never a forward of the typed words unasked).
    joined = (
        await questions.add_recording_to_recorded(session, farmer, label, now) if join else None
    )
    if joined is not None:
        await threads.attach(session, joined, _file(recording))
        station = await _station_name(session, joined.station_id)
        return Asked(questions.Recipients(joined, ()), False, station, joined=True)
    # Two voices of the same length read alike, yet each is more of the question.
    more = await questions.add_follow_up(session, farmer, label, now, repeat_ok=True)
    if more is not None:
        question = more.question
        # Each recording stays with its part of the thread: staff hear them all.
        await threads.attach(session, question, _file(recording))
        return Asked(more, True, await _station_name(session, question.station_id))
    recorded = await questions.record(session, farmer, label)
    await threads.attach(session, recorded, _file(recording))
    forwarded = await questions.forward(
        session, recorded.id, farmer.telegram_id, per_day=per_day, tz=tz
    )
    station = await _station_name(session, recorded.station_id)
    return Asked(forwarded, False, station)


def _file(recording: Recording) -> threads.Attachment:
    return threads.Attachment(recording.kind, recording.file_id, recording.seconds)


async def _station_name(session: AsyncSession, station_id: int | None) -> str | None:
    if station_id is None:
        return None
    station = await session.get(Station, station_id)
    return station.name if station is not None else None


def is_spoken(question: OpenQuestion) -> bool:
    """Whether the question was asked aloud (staff hear it; it cannot become an entry)."""
    return question.media_kind in SPOKEN and question.media_file_id is not None


def recording_of(question: OpenQuestion) -> Recording | None:
    """The farmer's recording of a spoken question."""
    if not is_spoken(question):
        return None
    assert question.media_file_id is not None and question.media_kind is not None
    return Recording(
        MediaKind(question.media_kind), question.media_file_id, question.media_seconds or 0
    )


def answer_recording(question: OpenQuestion) -> Recording | None:
    """The staff member's spoken answer, if they answered aloud."""
    if question.answer_file_id is None or question.answer_media_kind is None:
        return None
    return Recording(MediaKind(question.answer_media_kind), question.answer_file_id, 0)


# ---- what staff see beside the voice ----------------------------------------------


@dataclass(frozen=True)
class PastQuestion:
    """One of the farmer's earlier questions: its first words, when, and where it stands."""

    text: str
    asked_at: datetime
    # Open: forwarded and waiting, so staff find it in /questions.
    status: QuestionStatus = QuestionStatus.open


@dataclass(frozen=True)
class PastBooking:
    """One of the farmer's recent bookings."""

    day: date
    product: str
    quantity: str
    status: BookingStatus
    station_id: int


@dataclass(frozen=True)
class FarmerContext:
    """The farmer's recent questions and bookings, newest first: a line or two for staff."""

    questions: list[PastQuestion]
    bookings: list[PastBooking]

    @property
    def empty(self) -> bool:
        """Whether the farmer asked and booked nothing before."""
        return not self.questions and not self.bookings


async def recent_context(
    session: AsyncSession, farmer_id: int, *, exclude: int | None = None, limit: int = 2
) -> FarmerContext:
    """The farmer's last `limit` other questions and bookings (any status), newest first.

    Not the questions the farmer said not to send to the station (不用了): those are theirs.
    """
    asked = select(OpenQuestion).where(
        OpenQuestion.farmer_id == farmer_id, OpenQuestion.kept_at.is_(None)
    )
    if exclude is not None:
        asked = asked.where(OpenQuestion.id != exclude)
    rows = await session.scalars(
        asked.order_by(OpenQuestion.asked_at.desc(), OpenQuestion.id.desc()).limit(limit)
    )
    # A thread's first words: what the farmer came with.
    past = [PastQuestion(threads.parts(q.text)[0], q.asked_at, q.status) for q in rows]
    booked = await session.scalars(
        select(Booking)
        .where(Booking.farmer_id == farmer_id)
        .order_by(Booking.created_at.desc(), Booking.id.desc())
        .limit(limit)
    )
    bookings = [
        PastBooking(b.day, b.product, b.quantity_text, b.status, b.station_id) for b in booked
    ]
    return FarmerContext(past, bookings)
