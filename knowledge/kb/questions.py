"""Questions the knowledge base could not answer: kept, forwarded, added to (staff answer them
in knowledge/kb/staff_answers.py).

Nothing a farmer asks is lost: every declined question is stored with who
asked and when, whether or not the farmer forwards it to the station.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import local_today
from bot.models.knowledge import OpenQuestion, QuestionStatus
from bot.models.types import MediaKind
from bot.models.users import Role, User
from knowledge.kb import threads
from knowledge.kb.follow_ups import names_other_subject
from knowledge.kb.loose_photos import take_loose_photos
from knowledge.kb.threads import MAX_TEXT, THREAD_SEP, Attachment, append, part_key


class NotAllowed(Exception):
    """The user may not act on this question."""


class Gone(NotAllowed):
    """No such question any more: a photo of it went with the question it showed
    (knowledge/kb/loose_photos.py), forwarded with it; or a forged id."""


class AlreadyAnswered(NotAllowed):
    """The question has its answer already (given by this user or a colleague)."""


class AlreadySaved(NotAllowed):
    """The answered question is a knowledge entry already."""

    def __init__(self, entry_id: str) -> None:
        super().__init__(f"saved already as {entry_id}")
        self.entry_id = entry_id


class NoSuchAddition(NotAllowed):
    """The thread no longer has that addition (taken out already, or never there)."""


class TooManyQuestions(Exception):
    """The farmer has forwarded as many questions today as one may; `limit` says how many."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} questions a day")
        self.limit = limit


@dataclass(frozen=True)
class Recipients:
    """Who must hear about a question: the station's staff and admins (or the county's)."""

    question: OpenQuestion
    telegram_ids: tuple[int, ...]
    # True when the question had been forwarded before (a double tap): nobody to tell.
    already: bool = False
    # How many photos the farmer sent just before it went along with it when forwarded.
    photos: int = 0

    @property
    def to_admins(self) -> bool:
        """Whether the county's admins, not a station's staff, have the question."""
        return self.question.station_id is None

    async def members(self, session: AsyncSession) -> list[User]:
        """The recipients still on record, in order (each is told in their own language)."""
        found = [await session.get(User, telegram_id) for telegram_id in self.telegram_ids]
        return [member for member in found if member is not None]


async def record(
    session: AsyncSession, farmer: User, text: str, photo_file_id: str | None = None
) -> OpenQuestion:
    """Store a question the base could not answer (not yet forwarded)."""
    question = OpenQuestion(
        farmer_id=farmer.telegram_id,
        text=text[:MAX_TEXT],
        photo_file_id=photo_file_id,
        station_id=farmer.station_id,
        status=QuestionStatus.unanswered,
    )
    session.add(question)
    await session.flush()
    if photo_file_id is not None:
        await threads.attach(session, question, Attachment(MediaKind.photo, photo_file_id), 0)
    return question


async def staff_of(session: AsyncSession, station_id: int | None) -> tuple[int, ...]:
    """Who hears of what is new at station `station_id` (a question, a listing): its staff and
    the admins attached to it, each once (no station: the county's admins)."""
    # A farmer with no station yet reaches the admins, so the question is not orphaned.
    if station_id is None:
        query = select(User.telegram_id).where(User.role == Role.admin, User.active)
    else:
        # An admin who is of a station answers its questions (`may_handle`): they are told
        # of them too. One row per user, so nobody is listed twice.
        query = select(User.telegram_id).where(
            User.role.in_((Role.staff, Role.admin)), User.station_id == station_id, User.active
        )
    return tuple(await session.scalars(query.order_by(User.telegram_id)))


async def recipients_of(session: AsyncSession, question: OpenQuestion) -> Recipients:
    """Who has the forwarded question: its station's staff, or the admins."""
    return Recipients(question, await staff_of(session, question.station_id))


async def forwarded_today(session: AsyncSession, farmer_id: int, tz: ZoneInfo) -> int:
    """How many of the farmer's questions asked since local midnight were forwarded."""
    midnight = datetime.combine(local_today(tz), time(0), tzinfo=tz).astimezone(UTC)
    count = await session.scalar(
        select(func.count(OpenQuestion.id)).where(
            OpenQuestion.farmer_id == farmer_id,
            OpenQuestion.status != QuestionStatus.unanswered,
            OpenQuestion.asked_at >= midnight,
        )
    )
    return int(count or 0)


# A message the base cannot answer, sent this soon after the farmer forwarded a
# question still waiting for its answer, adds to that question ("两天了，十几只都拉稀"), unless
# it names crops or animals the question does not (a new question about another one).
FOLLOW_UP_WINDOW = timedelta(hours=2)


async def follow_up_target(
    session: AsyncSession, farmer: User, now: datetime
) -> OpenQuestion | None:
    """The farmer's newest question forwarded within FOLLOW_UP_WINDOW and still unanswered,
    unless an answer came after it: what they send now may add to it
    (knowledge/kb/follow_ups.py says whether it does)."""
    latest = await latest_thread(session, farmer, now)
    return latest if latest is not None and latest.status is QuestionStatus.open else None


async def latest_thread(session: AsyncSession, farmer: User, now: datetime) -> OpenQuestion | None:
    """What the farmer's next message most likely relates to: their newest question still
    open (forwarded within FOLLOW_UP_WINDOW), or one answered after it was asked (within
    the window), whichever happened last.

    好的 谢谢李站长 right after #11 is answered is about #11, not about an older video note
    #2 still waiting: an older open question is never the target once a newer one is answered.
    """
    since = now - FOLLOW_UP_WINDOW
    waiting = await _newest(session, farmer, since, OpenQuestion.status == QuestionStatus.open)
    answered = await session.scalar(
        select(OpenQuestion)
        .where(
            OpenQuestion.farmer_id == farmer.telegram_id,
            OpenQuestion.status == QuestionStatus.answered,
            OpenQuestion.answered_at.is_not(None),
            OpenQuestion.answered_at >= since,
        )
        .order_by(OpenQuestion.answered_at.desc(), OpenQuestion.id.desc())
        .limit(1)
    )
    if answered is None:
        return waiting
    assert answered.answered_at is not None
    return answered if waiting is None or answered.answered_at >= waiting.asked_at else waiting


async def add_follow_up(
    session: AsyncSession,
    farmer: User,
    text: str,
    now: datetime,
    photo: str | None = None,
    *,
    repeat_ok: bool = False,
) -> Recipients | None:
    """Append `text` to the farmer's newest forwarded, unanswered question; None if none is recent.

    The thread stays one question, so staff see everything the farmer said in one place.
    Only the crop or animal is checked here (a photo's caption, a recording's label): a
    typed message is read first (`follow_ups.relation`), and joins only as an addition.
    Words the thread has already start a new question, unless `repeat_ok` (a
    recording's label: two voices of one length read the same).
    """
    question = await follow_up_target(session, farmer, now)
    said = [part.strip() for part in threads.parts(question.text)] if question else []
    if question is None or (not repeat_ok and text.strip() in said):
        # The same words again are a new try at the question, not more about it.
        return None
    if names_other_subject(text, question.text):
        return None  # 葡萄叶子卷了 after a forward about 草莓 is a question of its own
    if not append(question, text):
        return None  # a full thread: the farmer's message becomes a question of its own
    if photo:
        await threads.attach(session, question, Attachment(MediaKind.photo, photo))
    await session.flush()
    return Recipients(question, await staff_of(session, question.station_id))


async def join_recorded(
    session: AsyncSession, farmer: User, question_id: int, pending_id: int
) -> Recipients | None:
    """The farmer says their message (recorded as `pending_id`) is more of forwarded question
    `question_id`: it joins that thread, with any file it brought, and is no question of
    its own any more. None (nothing changed) when the question is answered or full, or the
    message was forwarded or kept meanwhile; NotAllowed for someone else's."""
    question = await own(session, question_id, farmer.telegram_id)
    pending = await own(session, pending_id, farmer.telegram_id)
    if question.status is not QuestionStatus.open:
        return None
    if pending.status is not QuestionStatus.unanswered or pending.kept_at is not None:
        return None
    if not await threads.merge(session, pending, question):
        return None
    await session.delete(pending)
    await session.flush()
    return Recipients(question, await staff_of(session, question.station_id))


# A photo this soon after a question the farmer has not forwarded yet shows that question.
PHOTO_WINDOW = timedelta(minutes=30)


async def add_photo_to_recorded(
    session: AsyncSession, farmer: User, photo: str, caption: str, now: datetime
) -> OpenQuestion | None:
    """Put a photo (and its caption) on the farmer's newest question not yet forwarded.

    A farmer types 羊拉稀好几天了, gets no answer, then sends a photo: it is the same
    problem, so forwarding it should send the station both, as one question. None if
    there is no such question from the last PHOTO_WINDOW. The handler calls this only
    right after that question (handlers/just_asked.py): a photo after a price alert is not
    about it.
    """
    question = await unforwarded(session, farmer, now)
    if question is None:
        return None
    if caption and not append(question, caption):
        return None
    await threads.attach(session, question, Attachment(MediaKind.photo, photo))
    return question


async def add_recording_to_recorded(
    session: AsyncSession, farmer: User, label: str, now: datetime
) -> OpenQuestion | None:
    """Put a recording's label on the farmer's newest question not yet forwarded.

    As with a photo (`add_photo_to_recorded`): 羊拉稀好几天了 unanswered, then a voice
    message, is one problem, told twice. The caller keeps the recording on the
    question and forwards it. None if there is no such question from the last
    PHOTO_WINDOW. A second recording (a voice, then a video note) joins as the first did.
    """
    question = await unforwarded(session, farmer, now)
    if question is None or not append(question, label):
        return None
    await session.flush()
    return question


async def add_details(
    session: AsyncSession, farmer: User, question_id: int, text: str, photo: str | None = None
) -> Recipients | None:
    """Add what the bot asked the farmer for (more details, what their photo shows) to their
    forwarded question.

    No window and no crop check, unlike `add_follow_up`: the farmer was asked for exactly
    this. None when the question was answered meanwhile or the thread is full.
    """
    question = await own(session, question_id, farmer.telegram_id)
    if question.status is not QuestionStatus.open or not append(question, text):
        return None
    if photo:
        await threads.attach(session, question, Attachment(MediaKind.photo, photo))
    await session.flush()
    return Recipients(question, await staff_of(session, question.station_id))


async def undescribed_photo(
    session: AsyncSession, farmer: User, now: datetime, wordless: Collection[str]
) -> OpenQuestion | None:
    """The farmer's newest question, asked within PHOTO_WINDOW and forwarded, if it is a
    photo with no words yet (its text only the `wordless` placeholders, "（照片）").

    The bot asks for a line about such a photo: the farmer's next text is that line.
    """
    question = await _newest(session, farmer, now - PHOTO_WINDOW)
    if question is None or question.status is not QuestionStatus.open:
        return None
    if question.photo_file_id is None:
        return None
    parts = (part.strip() for part in question.text.split(THREAD_SEP))
    return question if all(part in wordless for part in parts) else None


async def unforwarded(session: AsyncSession, farmer: User, now: datetime) -> OpenQuestion | None:
    """The farmer's newest question of the last PHOTO_WINDOW, if not yet forwarded, answered
    or kept.

    The newest of any status: a photo or a voice after a forward or an answer is not
    about an older question that was never forwarded, nor after the farmer said not to
    send the question (不用了): that one is closed, what comes next is a new question.
    """
    question = await _newest(session, farmer, now - PHOTO_WINDOW)
    if question is None or question.status is not QuestionStatus.unanswered:
        return None
    return None if question.kept_at is not None else question


async def _newest(
    session: AsyncSession, farmer: User, since: datetime, *where: ColumnElement[bool]
) -> OpenQuestion | None:
    """The farmer's newest question asked since `since` (and meeting `where`), if any."""
    return await session.scalar(
        select(OpenQuestion)
        .where(OpenQuestion.farmer_id == farmer.telegram_id, OpenQuestion.asked_at >= since, *where)
        .order_by(OpenQuestion.asked_at.desc(), OpenQuestion.id.desc())
        .limit(1)
    )


async def split_follow_up(
    session: AsyncSession, farmer: User, question_id: int, key: str
) -> tuple[OpenQuestion, OpenQuestion]:
    """Take the addition `key` out of the farmer's question: it becomes a question of its own.

    "That was a new question": the farmer's message joined an earlier forwarded one,
    and they say it did not belong there. Returns (the old question, the new one, not
    forwarded). NotAllowed when the question is not theirs, is answered, or no longer
    has that addition; the photo or recording the addition brought goes with it.
    """
    question = await own(session, question_id, farmer.telegram_id)
    if question.status is QuestionStatus.answered:
        raise AlreadyAnswered("answered already")
    parts = threads.parts(question.text)
    found = [i for i, part in enumerate(parts) if i > 0 and part_key(part) == key]
    if not found:
        raise NoSuchAddition("no such addition")
    index = found[-1]
    part = parts.pop(index)
    question.text = THREAD_SEP.join(parts)
    new = await record(session, farmer, part)
    await threads.move_part(session, question, index, new)
    return question, new


async def forward(
    session: AsyncSession,
    question_id: int,
    farmer_id: int,
    *,
    per_day: int | None = None,
    tz: ZoneInfo | None = None,
) -> Recipients:
    """Send the farmer's own question to their station; returns whom to notify.

    With `per_day`, a farmer who already forwarded that many questions today
    (local day in `tz`) gets TooManyQuestions and nothing changes: one person
    must not flood the station's staff. `Recipients.telegram_ids` is empty when
    the question was forwarded already (a double tap, `already` set), so nobody
    is told twice.
    """
    question = await own(session, question_id, farmer_id)
    if question.status is not QuestionStatus.unanswered:
        return Recipients(question, (), already=True)
    if (
        per_day is not None
        and await forwarded_today(session, farmer_id, tz or ZoneInfo("Asia/Shanghai")) >= per_day
    ):
        raise TooManyQuestions(per_day)
    question.status = QuestionStatus.open
    question.kept_at = None  # kept at first, sent after all
    farmer = await session.get(User, farmer_id)
    if farmer is not None:
        # The station the farmer has now: one picked since asking (after "you have no
        # station yet") gets the question, not the county's admins.
        question.station_id = farmer.station_id
    staff = await staff_of(session, question.station_id)
    if not staff and question.station_id is not None:
        # Nobody at the farmer's station uses FarmHub yet: the county's admins take
        # the question, as they do a farmer's without a station, so no one waits on nobody.
        question.station_id = None
        staff = await staff_of(session, None)
    # A photo sent without words just before the question shows it: it goes along.
    photos = await take_loose_photos(session, question)
    await session.flush()
    return Recipients(question, staff, photos=photos)


async def own(session: AsyncSession, question_id: int, farmer_id: int) -> OpenQuestion:
    """The farmer's own question; NotAllowed for a missing id or someone else's."""
    question = await session.get(OpenQuestion, question_id)
    if question is None:
        raise Gone("no such question")
    if question.farmer_id != farmer_id:
        raise NotAllowed("not your question")
    return question
