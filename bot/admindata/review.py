"""Review before farmers see it: staff-saved entries and learned phrasings wait for an admin.

Telegram-free. A staff member's 📚 on an answered question makes a draft
(`propose`), not an entry; an admin approves it (the entry goes live then, in
the same unit of work as the decision), edits it first, or rejects it, and the
staff member is told through the outbox. Farmers' wordings proposed as
phrasings (knowledge.kb.phrasings) are decided in the same queue. Wording that
only fits one farmer on one day (明天, 带一只来站里, the farmer's name) is flagged.

A draft whose question the base already answers or suggests an entry for carries that
entry (`Similar`): a second entry on the same thing would compete with it (tester: a
farmer's 烤烟叶子花花的皱起来咋个整 saved beside 烤烟花叶病怎么防治？ turned 烤烟花叶病 into
"did you mean"). The admin may `merge` the farmer's wording into it as a phrasing instead,
or still approve a new entry, then tagged with the products both are about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.audit import record
from bot.core import clock
from bot.core.i18n import t
from bot.delivery import outbox
from bot.models import (
    DraftStatus,
    KbDraft,
    KbEntry,
    KbPhrasing,
    OpenQuestion,
    PhrasingStatus,
    User,
)
from knowledge.kb import phrasings
from knowledge.kb.decision import Decision
from knowledge.kb.entries import Entry
from knowledge.kb.repository import ensure_loaded, upsert_entries
from knowledge.kb.search import KnowledgeSearch, engine
from knowledge.kb.staff_answers import entry_from_question
from knowledge.text.language import search_text
from knowledge.text.lexicon import lexicon

DRAFT = "d"
PHRASING = "p"
MAX_ANSWER = 4000
MAX_QUESTION = 500
# A rejection's reason as the staff member is told it.
MAX_REASON = 300

# A day of the month, and the words it follows when it is one (月, 下个, 到, 在, 的 …).
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9]|[一二三四五六七八九十]{1,3})(?![0-9])"
_DAY_BEFORE = "月个本这下上每在到于从至是等和或及的前后今明起止逢"
# Words that tie an answer to a day or to one farmer's visit: fine in a reply,
# wrong in an entry that answers every farmer of the county for months.
_TIME = re.compile(
    r"明天|明早|明晚|今天|今晚|今早|后天|昨天|大后天|这个月|下个月|"
    # A week or weekday of one week (这周六, 下周一, 本周): a weekday said alone is every
    # week's (周六周日照常收货, 每周六), true for months.
    r"(?:这个?|本|下个?|上个?)(?:周|星期|礼拜)[一二三四五六日天末]?|"
    r"[0-9一二三四五六七八九十]+月[0-9一二三四五六七八九十]+[日号]|"
    # A day of the month (1号, 到15号, 下个月3号, 这个1号): said alone or after a word of
    # time. Right after a name it is a variety or a model (台农1号, 贵妃2号, 郑单958), true
    # all year; so is a number no day has (958号).
    rf"(?:(?<![0-9A-Za-z\u4e00-\u9fff])|(?<=[{_DAY_BEFORE}])){_DAY}号|"
    # The English version (answer_en) is read by farmers too.
    r"(?i:\b(?:tomorrow|today|tonight|yesterday|this (?:week|month)|next (?:week|month)|"
    r"(?:this|next|last) (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)"
)
# The station said as a place (拉到站里烘干, 到站上领, 来站里问) is every farmer's: not flagged
# (tester: 「到站里」 in a general answer was); one farmer's visit (带一只来站里看看), one
# station (我们站里) or the one answering (给您打电话) is.
_VISIT = re.compile(
    r"带[^，。,.！!？?]{0,6}来站里|来我们站|我们站里|我站|给您打电话|加我微信|我的电话|"
    r"(?i:\bbring [^,.!?]{0,20} to (?:the|our) station\b|\bcome to our station\b|"
    r"\bcall me\b|\bmy (?:phone|number)\b)"
)
# One farmer's own lot (您的那批, 你家那头牛, 您那几亩): what the asker has, not every farmer.
_YOURS = re.compile(
    r"[您你](?:的|家的?)?那(?:批|些|几|一|头|只|块|车|袋)"
    r"|(?i:\byour (?:batch|load|lot)\b)"
)
_HONORIFIC = re.compile(r"[\u4e00-\u9fff](?:大爷|大娘|大妈|大叔|大婶|阿姨|师傅|老师)")


@dataclass(frozen=True)
class Flag:
    """A word to check before it answers everyone: `reason` is time, visit or name."""

    word: str
    reason: str


def flags(text: str, names: tuple[str, ...] = ()) -> list[Flag]:
    """Time-bound or personal wording in `text` (names: the asking farmer's, and the like)."""
    found: list[Flag] = []
    for pattern, reason in (
        (_TIME, "time"),
        (_VISIT, "visit"),
        (_YOURS, "yours"),
        (_HONORIFIC, "name"),
    ):
        found += [Flag(m.group(), reason) for m in pattern.finditer(text)]
    found += [Flag(name, "name") for name in names if len(name) >= 2 and name in text]
    unique: dict[str, Flag] = {}
    for flag in found:
        unique.setdefault(flag.word, flag)
    return list(unique.values())


@dataclass(frozen=True)
class Similar:
    """The entry the base already gives a farmer asking a draft's question."""

    entry_id: str
    question: str
    tags: tuple[str, ...]
    decision: Decision  # answer: it answers the question; suggest: it is offered
    learnable: bool  # the draft's question can become a phrasing of it


@dataclass(frozen=True)
class ReviewItem:
    """One thing waiting for an admin: a draft entry or a proposed phrasing."""

    kind: str  # DRAFT or PHRASING
    id: int
    entry_id: str
    question: str  # the draft's question, or the entry's for a phrasing
    text: str  # the draft's answer, or the proposed phrasing
    flags: list[Flag] = field(default_factory=list)
    waiting: int = 1  # how many wait in all, this one included
    similar: Similar | None = None  # a draft's: the entry already answering its question
    tags: tuple[str, ...] = ()  # a draft's: the tags it is approved with


class AlreadyProposed(Exception):
    """This question was proposed as an entry already (a double tap)."""


class ReviewGone(Exception):
    """No such item waits any more (decided by another admin, or never was)."""


class NoSuchEntry(ReviewGone):
    """The entry a draft was to become a phrasing of is gone (args: draft id, entry id)."""


async def propose(
    session: AsyncSession, user: User, question_id: int, search: KnowledgeSearch
) -> KbDraft:
    """Keep an answered question as a draft entry for review (raises as save_as_entry does)."""
    _, entry = await entry_from_question(session, user, question_id, search)
    waiting = await session.scalar(
        select(KbDraft.id).where(
            KbDraft.question_id == question_id, KbDraft.status == DraftStatus.waiting
        )
    )
    if waiting is not None:
        raise AlreadyProposed(waiting)
    draft = KbDraft(
        entry_id=entry.id,
        question=entry.question,
        answer=entry.answer,
        category=entry.category,
        question_id=question_id,
        proposed_by=user.telegram_id,
        proposed_at=clock.utcnow(),
    )
    session.add(draft)
    await session.flush()
    await record(session, user.telegram_id, "kb.propose", entry.id, after={"draft": draft.id})
    return draft


async def reply_flags(
    session: AsyncSession, user: User, question_id: int, search: KnowledgeSearch
) -> list[Flag]:
    """The words of a reply to check before it answers everyone (raises as save_as_entry does).

    An admin's 📚 goes live at once only without them; with them it waits in
    /review like a staff member's, to be edited first.
    """
    _, entry = await entry_from_question(session, user, question_id, search)
    return flags(entry.answer, await _asker_name(session, question_id))


async def _names_for(session: AsyncSession, draft: KbDraft) -> tuple[str, ...]:
    if draft.question_id is None:
        return ()
    return await _asker_name(session, draft.question_id)


async def _asker_name(session: AsyncSession, question_id: int) -> tuple[str, ...]:
    name = await session.scalar(
        select(User.name)
        .join(OpenQuestion, OpenQuestion.farmer_id == User.telegram_id)
        .where(OpenQuestion.id == question_id)
    )
    # The full name and the family name with its usual address (张大爷 from 张三).
    return (name,) if name else ()


async def waiting_count(session: AsyncSession) -> int:
    """How many drafts and phrasings wait for a decision."""
    drafts = await session.scalar(
        select(func.count()).select_from(KbDraft).where(KbDraft.status == DraftStatus.waiting)
    )
    proposed = await session.scalar(
        select(func.count())
        .select_from(KbPhrasing)
        .where(KbPhrasing.status == PhrasingStatus.proposed)
    )
    return int(drafts or 0) + int(proposed or 0)


async def next_item(session: AsyncSession) -> ReviewItem | None:
    """The oldest waiting draft (drafts first: they were typed for one farmer), else phrasing."""
    total = await waiting_count(session)
    draft = await session.scalar(
        select(KbDraft).where(KbDraft.status == DraftStatus.waiting).order_by(KbDraft.id).limit(1)
    )
    if draft is not None:
        return await _draft_item(session, draft, total)
    proposed = await phrasings.list_phrasings(session)
    if not proposed:
        return None
    first = proposed[0]
    return ReviewItem(
        PHRASING,
        first.id,
        first.entry_id,
        first.entry_question,
        first.text,
        flags(first.text),
        total,
    )


async def _draft_item(session: AsyncSession, draft: KbDraft, total: int) -> ReviewItem:
    names = await _names_for(session, draft)
    similar = await similar_entry(session, draft.question, draft.entry_id)
    return ReviewItem(
        DRAFT,
        draft.id,
        draft.entry_id,
        draft.question,
        draft.answer,
        flags(draft.answer, names),
        total,
        similar,
        new_tags(draft.question, similar),
    )


async def similar_entry(session: AsyncSession, question: str, own_id: str) -> Similar | None:
    """The entry a farmer asking `question` gets now (answered or first offered), if any."""
    search = engine()
    await ensure_loaded(session, search)
    outcome = search.search(search_text(question))
    best = outcome.best
    if outcome.decision is Decision.decline or best is None or best.entry_id == own_id:
        return None
    entry = await session.get(KbEntry, best.entry_id)
    if entry is None:
        return None
    return Similar(
        entry.id,
        entry.question,
        tuple(entry.tags or ()),
        outcome.decision,
        phrasings.learnable(question),
    )


def new_tags(question: str, similar: Similar | None) -> tuple[str, ...]:
    """The tags of a draft approved beside a similar entry: that entry's tags that are products
    or that the draft says itself (烤烟, which the lexicon does not know), and the draft's own
    products. None without a similar entry (a draft is approved as it was typed)."""
    if similar is None:
        return ()
    lex = lexicon()
    shared = [tag for tag in similar.tags if lex.product(tag) is not None or tag in question]
    return tuple(dict.fromkeys([*shared, *lex.find_products(question)]))


async def item(session: AsyncSession, kind: str, item_id: int) -> ReviewItem:
    """One waiting item; ReviewGone when it was decided meanwhile."""
    total = await waiting_count(session)
    if kind == DRAFT:
        draft = await session.get(KbDraft, item_id)
        if draft is None or draft.status is not DraftStatus.waiting:
            raise ReviewGone(item_id)
        return await _draft_item(session, draft, total)
    row = await session.get(KbPhrasing, item_id)
    if row is None or row.status is not PhrasingStatus.proposed:
        raise ReviewGone(item_id)
    entry_question = next(
        (p.entry_question for p in await phrasings.list_phrasings(session) if p.id == item_id), ""
    )
    return ReviewItem(
        PHRASING, row.id, row.entry_id, entry_question, row.text, flags(row.text), total
    )


async def edit(
    session: AsyncSession, admin: User | None, kind: str, item_id: int, text: str
) -> ReviewItem:
    """Change a waiting draft's answer (or a phrasing) before deciding; ValueError if bad.

    `admin` None: the command line (`farmhub kb drafts approve --answer`), audited as such.
    """
    text = text.strip()
    if not text or len(text) > (MAX_ANSWER if kind == DRAFT else phrasings.MAX_PHRASING):
        raise ValueError("empty or too long")
    current = await item(session, kind, item_id)
    if kind == DRAFT:
        draft = await session.get(KbDraft, item_id)
        assert draft is not None
        draft.answer = text
    else:
        row = await session.get(KbPhrasing, item_id)
        assert row is not None
        row.text = " ".join(text.split())
    await record(
        session,
        _actor(admin),
        "kb.review_edit",
        current.entry_id,
        before={"text": current.text},
        after={"text": text},
        via=_via(admin),
    )
    await session.flush()
    return await item(session, kind, item_id)


async def edit_question(
    session: AsyncSession, admin: User | None, draft_id: int, question: str
) -> ReviewItem:
    """Change a waiting draft's question (the entry's) before deciding; ValueError if bad."""
    question = " ".join(question.split())
    if not question or len(question) > MAX_QUESTION:
        raise ValueError("empty or too long")
    current = await item(session, DRAFT, draft_id)
    draft = await session.get(KbDraft, draft_id)
    assert draft is not None
    draft.question = question
    await record(
        session,
        _actor(admin),
        "kb.review_edit",
        current.entry_id,
        before={"question": current.question},
        after={"question": question},
        via=_via(admin),
    )
    await session.flush()
    return await item(session, DRAFT, draft_id)


def _actor(admin: User | None) -> int | None:
    return None if admin is None else admin.telegram_id


def _via(admin: User | None) -> str:
    # No admin: the command line, as every `farmhub` data command is audited.
    return "cli" if admin is None else "chat"


def _by(admin: User | None) -> str:
    """Who decided, as the knowledge base's change log says it."""
    return "cli" if admin is None else f"admin:{admin.telegram_id}"


@dataclass(frozen=True)
class Decided:
    """A decision: what it was about, and whether the staff member was told."""

    item: ReviewItem
    approved: bool
    told: int | None  # the staff member pushed to


async def decide(
    session: AsyncSession,
    admin: User | None,
    kind: str,
    item_id: int,
    approved: bool,
    *,
    tags: Sequence[str] | None = None,
    reason: str = "",
) -> Decided:
    """Approve (the entry or phrasing goes live) or reject a waiting item; ReviewGone if decided.

    `tags`: a draft's entry's tags instead of those /review shows; `reason`: why it was
    rejected, told to the staff member; `admin` None: the command line.
    """
    current = await item(session, kind, item_id)
    by = _by(admin)
    reason = " ".join(reason.split())[:MAX_REASON]
    action = "kb.approve" if approved else "kb.reject"
    told: int | None = None
    if kind == PHRASING:
        try:
            if approved:
                await phrasings.approve(session, item_id, engine(), by)
            else:
                await phrasings.reject(session, item_id, by)
        except phrasings.PhrasingError as exc:
            raise ReviewGone(item_id) from exc
    else:
        draft = await session.get(KbDraft, item_id)
        assert draft is not None
        draft.status = DraftStatus.approved if approved else DraftStatus.rejected
        draft.decided_at, draft.decided_by = clock.utcnow(), _actor(admin)
        if approved:
            chosen = list(current.tags if tags is None else dict.fromkeys(tags))
            entry = Entry(draft.entry_id, draft.question, draft.answer, [], chosen, draft.category)
            await upsert_entries(session, [entry], engine(), by=by)
            await _link_question(session, draft, entry.id)
        told = await _tell(session, draft, approved, reason)
    # What was approved, in words: the phrasing (or answer) and the entry it is for.
    after: dict[str, Any] = {
        "question": current.question,
        "phrasing" if kind == PHRASING else "answer": current.text,
        "kind": kind,
        "id": item_id,
    }
    if tags is not None and approved and kind == DRAFT:
        after["tags"] = list(dict.fromkeys(tags))
    if reason and not approved:
        after["reason"] = reason
    await record(session, _actor(admin), action, current.entry_id, after=after, via=_via(admin))
    await session.flush()
    return Decided(current, approved, told)


async def _tell(
    session: AsyncSession, draft: KbDraft, approved: bool, reason: str = ""
) -> int | None:
    staff = await session.get(User, draft.proposed_by)
    if staff is None:
        return None
    key = "review.told_approved" if approved else "review.told_rejected"
    if reason and not approved:
        key = "review.told_rejected_reason"
    text = t(
        staff.language, key, question=draft.question[:80], entry_id=draft.entry_id, reason=reason
    )
    push = outbox.Push(key=f"review:{draft.id}", chat_id=staff.telegram_id, text=text)
    await outbox.enqueue(session, [push], source="review")
    return staff.telegram_id


@dataclass(frozen=True)
class Merged:
    """A draft's question made a phrasing of the entry that already answered it."""

    item: ReviewItem
    entry_id: str
    entry_question: str
    added: bool  # False: the entry had that wording already
    told: int | None


async def merge(
    session: AsyncSession, admin: User | None, draft_id: int, entry_id: str | None = None
) -> Merged:
    """Add a waiting draft's question as a phrasing of `entry_id` (the one shown; by default
    the similar entry found now) instead of a new entry: the draft is decided, its open
    question linked to the entry, the staff member told. ReviewGone if decided; NoSuchEntry
    if that entry is gone (or none was named and none is similar)."""
    current = await item(session, DRAFT, draft_id)
    target = entry_id or (current.similar.entry_id if current.similar else None)
    entry = await session.get(KbEntry, target) if target else None
    if entry is None:
        raise NoSuchEntry(draft_id, target)
    draft = await session.get(KbDraft, draft_id)
    assert draft is not None
    by = _by(admin)
    added = await phrasings.adopt(session, entry.id, draft.question, engine(), by, "staff")
    draft.status = DraftStatus.approved
    draft.decided_at, draft.decided_by = clock.utcnow(), _actor(admin)
    await _link_question(session, draft, entry.id)
    told = await _tell_merged(session, draft, entry)
    # Said as an approved phrasing of the entry (the audit's words for one).
    await record(
        session,
        _actor(admin),
        "kb.approve",
        entry.id,
        after={
            "question": entry.question,
            "phrasing": draft.question,
            "kind": PHRASING,
            "draft": draft_id,
        },
        via=_via(admin),
    )
    await session.flush()
    return Merged(current, entry.id, entry.question, added, told)


async def _tell_merged(session: AsyncSession, draft: KbDraft, entry: KbEntry) -> int | None:
    staff = await session.get(User, draft.proposed_by)
    if staff is None:
        return None
    text = t(
        staff.language,
        "review.told_merged",
        question=draft.question[:80],
        entry_question=entry.question[:80],
        entry_id=entry.id,
    )
    push = outbox.Push(key=f"review:{draft.id}", chat_id=staff.telegram_id, text=text)
    await outbox.enqueue(session, [push], source="review")
    return staff.telegram_id


async def _link_question(session: AsyncSession, draft: KbDraft, entry_id: str) -> None:
    """The farmer's forwarded question the draft came from now has its entry (unless it had one)."""
    if draft.question_id is None:
        return
    question = await session.get(OpenQuestion, draft.question_id)
    if question is not None and question.kb_entry_id is None:
        question.kb_entry_id = entry_id
