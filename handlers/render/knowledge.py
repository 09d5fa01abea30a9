"""Rendering of knowledge answers, suggestions and station questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.callbacks import Button
from bot.core.county import county_name
from bot.core.i18n import all_labels, t
from bot.models.knowledge import OpenQuestion
from bot.models.users import Role, User
from knowledge.kb import threads
from knowledge.kb.entries import Entry
from knowledge.kb.offers import Destination
from knowledge.text.english import fit_width, gloss_entry, name_label, width
from knowledge.text.intent import in_characters
from knowledge.text.pinyin import has_pinyin


@dataclass(frozen=True)
class ShowEntry(Button):
    """Did-you-mean: show this entry's answer (picked for the farmer's recorded question)."""

    PREFIX = "kb:e"
    entry_id: str
    question_id: int = 0


@dataclass(frozen=True)
class Forward(Button):
    """Forward the farmer's recorded question to their station."""

    PREFIX = "kb:fw"
    question_id: int


@dataclass(frozen=True)
class Keep(Button):
    """Do not forward: the question stays recorded."""

    PREFIX = "kb:no"
    question_id: int


@dataclass(frozen=True)
class NewQuestion(Button):
    """The farmer's addition to a forwarded question is a new question: take it out."""

    PREFIX = "kb:nq"
    question_id: int
    part: str  # threads.part_key of the addition


@dataclass(frozen=True)
class JoinAddition(Button):
    """The message recorded as `pending_id` is more of forwarded question `question_id`."""

    PREFIX = "kb:ja"
    question_id: int
    pending_id: int


@dataclass(frozen=True)
class SeparateAddition(Button):
    """The message recorded as `pending_id` is a question of its own, not an addition."""

    PREFIX = "kb:sa"
    pending_id: int


@dataclass(frozen=True)
class StationFirst(Button):
    """A farmer with no station yet: pick one before forwarding question `question_id`
    (handlers/stations.py; 0 on buttons sent before it was carried)."""

    PREFIX = "kb:st"
    question_id: int = 0


@dataclass(frozen=True)
class AskAfterAnswer(Button):
    """ "Still not solved": describe the problem to the station after an answer."""

    PREFIX = "kb:fa"
    entry_id: str


@dataclass(frozen=True)
class ShowChinese(Button):
    """English mode, an entry with no English version: show its Chinese answer."""

    PREFIX = "kb:zh"
    entry_id: str


@dataclass(frozen=True)
class Reply(Button):
    """Staff: answer question N."""

    PREFIX = "qa:re"
    question_id: int


@dataclass(frozen=True)
class Save(Button):
    """Staff: save the answered question as a knowledge entry."""

    PREFIX = "qa:sv"
    question_id: int


def _pick(entry: Entry, question_id: int) -> ShowEntry:
    # With the question's id the pick teaches the base the farmer's words; an entry
    # id too long for both still gets its button, without the lesson.
    button = ShowEntry(entry.id, question_id)
    return button if _fits(button) else ShowEntry(entry.id)


def _fits(button: Button) -> bool:
    # Entry ids are up to 64 characters: with the prefix some do not fit a button.
    try:
        button.encode()
    except ValueError:
        return False
    return True


def _asking(key: str, where: Destination) -> str:
    """The catalogue key saying whom the button under an answer asks: the farmer's station,
    or the county (no station yet, or nobody at it uses FarmHub: the admins get it)."""
    return key if where is Destination.station else f"{key}_county"


def answer_text(entry: Entry, lang: str, where: Destination = Destination.station) -> str:
    """An entry's answer (its English version in English) under the question it answers, with
    the station reminder (none for staff and admins: nobody to ask)."""
    return _with_footer(_headed(answer_heading(entry, lang), answer_body(entry, lang)), lang, where)


def answer_heading(entry: Entry, lang: str) -> str:
    """The question the answer is for, first: a farmer sees what FarmHub took the question to be
    (柑子树叶子黄了 answered as 椪柑黄龙病怎么办 says so, and 问服务站 is one tap away). In
    English its English title, else its English gloss; "" when neither says anything (a
    Chinese question would be the only Chinese in an English reply)."""
    question = heading_question(entry, lang)
    return t(lang, "kb.answer_heading", question=question) if question else ""


def heading_question(entry: Entry, lang: str) -> str:
    """The entry's question as a reader of `lang` reads it ("" in English when nothing glosses)."""
    if lang != "en":
        return entry.question.strip()
    return (entry.question_en or "").strip() or gloss_entry(entry.question, entry.tags)


def _headed(heading: str, body: str) -> str:
    return f"{heading}\n{body}" if heading else body


def _with_footer(body: str, lang: str, where: Destination) -> str:
    if where is Destination.nobody:
        return body
    return f"{body}\n\n{t(lang, _asking('kb.answer_footer', where))}"


def answer_body(entry: Entry, lang: str) -> str:
    """An entry's answer (its English version in English), without the reminder under it."""
    return entry.answer_en if lang == "en" and entry.answer_en else entry.answer


def chinese_only(entry: Entry, lang: str) -> bool:
    """True when an English-mode farmer asks for an entry the base has only in Chinese."""
    return lang == "en" and not entry.answer_en


def chinese_offer(
    entry: Entry, lang: str, where: Destination = Destination.station
) -> tuple[str, InlineKeyboardMarkup]:
    """What an English-mode farmer gets for a Chinese-only entry: a line and the Chinese answer
    one tap away (or the station)."""
    rows: list[list[InlineKeyboardButton]] = []
    show = ShowChinese(entry.id)
    if _fits(show):
        rows.append([InlineKeyboardButton(t(lang, "kb.show_chinese"), callback_data=show.encode())])
    asks = answer_keyboard(entry, lang, where)
    if asks is not None:
        rows.extend(list(row) for row in asks.inline_keyboard)
    # Named in English words only: an English reply carries no Chinese but names with pinyin.
    words = gloss_entry(entry.question, entry.tags) if lang == "en" else entry.question
    topic = f"“{words}”" if words else t(lang, "kb.this_question")
    key = (
        "kb.chinese_only_nobody"
        if where is Destination.nobody
        else _asking("kb.chinese_only", where)
    )
    return t(lang, key, topic=topic), InlineKeyboardMarkup(rows)


def chinese_answer_text(entry: Entry, lang: str, where: Destination = Destination.station) -> str:
    """The Chinese answer an English-mode farmer asked to see, under its question in English
    words (what it is about, for them) and in Chinese (for whoever reads it to them)."""
    english = heading_question(entry, "en") if lang == "en" else ""
    heading = (
        t(lang, "kb.answer_heading_chinese", question=english, chinese=entry.question.strip())
        if english
        else answer_heading(entry, "zh")
    )
    return _with_footer(_headed(heading, entry.answer), lang, where)


def answer_keyboard(
    entry: Entry, lang: str, where: Destination = Destination.station
) -> InlineKeyboardMarkup | None:
    """The button under an answer: ask the station (or the county) if it did not help; none
    for staff and admins."""
    button = AskAfterAnswer(entry.id)
    if where is Destination.nobody or not _fits(button):
        return None
    label = t(lang, _asking("kb.ask_station_button", where))
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=button.encode())]])


# A did-you-mean button alone on its row, in columns: what a phone shows without cutting.
SUGGESTION_COLUMNS = 36


def _label(question: str, most: int = 24) -> str:
    # Buttons show one line on a phone; long questions are cut.
    return question if len(question) <= most else question[: most - 1] + "…"


def _suggestion_label(entry: Entry, lang: str) -> str:
    """A did-you-mean button: the entry's question; for an English reader its English title,
    else a short English hint of what it is about before the Chinese question itself (pig:
    vaccine · 养猪要打哪些疫苗…)."""
    if lang != "en":
        return _label(entry.question)
    if entry.question_en:
        return fit_width(entry.question_en, SUGGESTION_COLUMNS)
    # Glossed words alone read as a tag list ("price, jin, kg", "check") and may say another
    # question than the entry's; the Chinese question is what the entry says, and that its
    # answer is in Chinese (it has no English title: its answer is most likely Chinese only),
    # for whoever reads it to the farmer. The hint lets the farmer pick without reading it.
    chinese = entry.question.strip()
    hint = _hint(entry)
    if not hint:
        return _cut(chinese, SUGGESTION_COLUMNS)
    room = SUGGESTION_COLUMNS - width(t(lang, "kb.suggestion_hinted", hint=hint, chinese=""))
    return t(lang, "kb.suggestion_hinted", hint=hint, chinese=_cut(chinese, room))


# A hint's most columns on a did-you-mean button: the rest (13 at least, after " · ") is the
# Chinese question's.
HINT_COLUMNS = 20


def _hint(entry: Entry) -> str:
    """What the entry is about in a few English words (pig: vaccine, cucumber), as many as fit,
    without what it asks (the Chinese question says it); "" when nothing glosses."""
    hint = ""
    for most in (4, 3, 2, 1):
        hint = gloss_entry(entry.question, entry.tags, most).split(" — ")[0]
        if width(hint) <= HINT_COLUMNS:
            return hint
    return fit_width(hint, HINT_COLUMNS)


def _cut(text: str, most: int) -> str:
    """`text` in `most` columns, cut at any character (a Chinese question has no words to cut
    at: 在 FarmHub 里怎么问问题 keeps its Chinese), with "…"."""
    return fit_width(text, most, at_words=False)


def suggestions(
    entries: list[Entry],
    question_id: int,
    lang: str,
    *,
    forward: bool = True,
    where: Destination = Destination.station,
    long: bool = False,
) -> InlineKeyboardMarkup:
    """Did-you-mean buttons: the candidate entries, then "none of these, ask the station"
    (or the county, as `where` says; for a `long` message "send it all"; none when `forward`
    is False: the question went to the station already)."""
    rows = [
        [
            InlineKeyboardButton(
                _suggestion_label(e, lang),
                callback_data=_pick(e, question_id).encode(),
            )
        ]
        for e in entries
        if _fits(ShowEntry(e.id))
    ]
    if forward:
        none = Forward(question_id).encode()
        rows.append([InlineKeyboardButton(t(lang, _none_key(where, long)), callback_data=none)])
    return InlineKeyboardMarkup(rows)


def _none_key(where: Destination, long: bool) -> str:
    """The catalogue key of the button under suggestions: whom it asks, as the one under an
    answer says (`_asking`)."""
    if long:
        return "kb.forward_whole" if where is Destination.station else "kb.forward_whole_admins"
    return _asking("kb.none_of_these", where)


def forward_offer(
    question_id: int, lang: str, where: Destination = Destination.station
) -> InlineKeyboardMarkup:
    """Forward the question (to the station, or to the county's admins), or not; a farmer
    with no station may pick one first."""
    ask = "kb.ask_station_button" if where is Destination.station else "kb.ask_admins_button"
    rows = [
        [
            InlineKeyboardButton(t(lang, ask), callback_data=Forward(question_id).encode()),
            InlineKeyboardButton(t(lang, "kb.no_thanks"), callback_data=Keep(question_id).encode()),
        ]
    ]
    if where is Destination.no_station:
        pick = InlineKeyboardButton(
            t(lang, "kb.station_first_button"), callback_data=StationFirst(question_id).encode()
        )
        rows.append([pick])
    return InlineKeyboardMarkup(rows)


def offer_key(key: str, where: Destination) -> str:
    """The catalogue key of an offer to forward (kb.declined, kb.photo_received, ...) that says
    truly where the question would go."""
    return key if where is Destination.station else f"{key}_{where.value}"


def follow_up_added(
    question: OpenQuestion, lang: str, tz: ZoneInfo, key: str = "kb.follow_up_added"
) -> str:
    """What the farmer is told when a message joined a forwarded question: which one, when,
    and who has it (the station's staff, or the county's admins)."""
    return t(
        lang,
        f"{key}_admins" if question.station_id is None else key,
        id=question.id,
        asked_at=local_time(question.asked_at, tz),
        start=thread_start(question.text, lang),
    )


def join_or_new(
    question: OpenQuestion, pending: OpenQuestion, lang: str, tz: ZoneInfo
) -> tuple[str, InlineKeyboardMarkup]:
    """Ask whether a message (recorded as `pending`) is more of the forwarded `question` or a
    new question: which question, when, who has it, and the message's own words."""
    key = "kb.join_or_new_admins" if question.station_id is None else "kb.join_or_new"
    text = t(
        lang,
        key,
        id=question.id,
        asked_at=local_time(question.asked_at, tz),
        start=thread_start(question.text, lang),
        text=quote(pending.text, 60),
    )
    join = JoinAddition(question.id, pending.id).encode()
    separate = SeparateAddition(pending.id).encode()
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(lang, "kb.join_button", id=question.id), callback_data=join),
                InlineKeyboardButton(t(lang, "kb.new_question_button"), callback_data=separate),
            ]
        ]
    )
    return text, keyboard


def wordless() -> frozenset[str]:
    """What stands in a question's text for a photo sent without words, in any language."""
    return frozenset(all_labels("questions.photo_question") | all_labels("questions.photo_added"))


def thread_start(text: str, lang: str, limit: int = 15) -> str:
    """The start of what the farmer asked, to remind them which question it is: the first
    part of the thread with words ("（照片）" only when the question is a bare photo)."""
    parts = [part.strip() for part in threads.parts(text)]
    said = [part for part in parts if part and part not in wordless()]
    first = said[0] if said else t(lang, "questions.photo_question")
    return quote(first, limit)


def quote(text: str, limit: int = 30) -> str:
    """A farmer's words, cut for a line that reminds them of what they said."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def new_question_button(question: OpenQuestion, lang: str) -> InlineKeyboardMarkup:
    """ "🆕 这是新问题" under an addition: take it out of the thread, as a question of its own."""
    pressed = NewQuestion(question.id, threads.part_key(threads.last_part(question)))
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(lang, "kb.new_question_button"), callback_data=pressed.encode())]]
    )


def local_time(moment: datetime, tz: ZoneInfo) -> str:
    """A stored UTC time as the station reads it (Asia/Shanghai)."""
    return moment.astimezone(tz).strftime("%m-%d %H:%M")


def reply_button(question_id: int, lang: str) -> InlineKeyboardMarkup:
    """Staff: answer this question."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "questions.reply_button", id=question_id),
                    callback_data=Reply(question_id).encode(),
                )
            ]
        ]
    )


@dataclass(frozen=True)
class Dismiss(Button):
    """Staff: close question N without a reply."""

    PREFIX = "qa:no"
    question_id: int


def question_buttons(question_id: int, lang: str) -> InlineKeyboardMarkup:
    """Staff, under a question in /questions: answer it, or close it without a reply."""
    reply = reply_button(question_id, lang).inline_keyboard[0][0]
    dismiss = InlineKeyboardButton(
        t(lang, "questions.dismiss_button", id=question_id),
        callback_data=Dismiss(question_id).encode(),
    )
    return InlineKeyboardMarkup([[reply, dismiss]])


@dataclass(frozen=True)
class DismissYes(Button):
    """Staff: yes, close question N without a reply (the farmer is told)."""

    PREFIX = "qa:dy"
    question_id: int


@dataclass(frozen=True)
class DismissNo(Button):
    """Staff: no, keep question N open after all."""

    PREFIX = "qa:dn"
    question_id: int


def dismiss_keyboard(question_id: int, lang: str) -> InlineKeyboardMarkup:
    """✅ and ✖️ under 🗑 不用回复's question."""
    yes = DismissYes(question_id).encode()
    no = DismissNo(question_id).encode()
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(lang, "questions.dismiss_yes"), callback_data=yes),
                InlineKeyboardButton(t(lang, "questions.dismiss_no"), callback_data=no),
            ]
        ]
    )


def dismissed_to_farmer(lang: str, question: str, station: str | None, phone: str) -> str:
    """The farmer's note that the station saw their question and will not reply in the chat:
    call or visit the station (its phone when known)."""
    if station is None:
        return t(lang, "questions.dismissed_to_farmer_county", question=question)
    said_phone = t(lang, "questions.dismissed_phone", phone=phone) if phone else ""
    return t(
        lang,
        "questions.dismissed_to_farmer",
        question=question,
        station=name_label(lang, station),
        phone=said_phone,
    )


def save_button(question_id: int, lang: str) -> InlineKeyboardMarkup:
    """Staff: keep this answer as a knowledge entry."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "questions.save_button"), callback_data=Save(question_id).encode()
                )
            ]
        ]
    )


# What stands in a question's text for a photo sent without words (its key: the words).
_WORDLESS_KEYS = ("questions.photo_question", "questions.photo_added")


def as_asked(text: str, lang: str) -> str:
    """A farmer's question for staff: as typed, and in characters when typed in pinyin
    (staff read 西红柿价格 faster than xihongshi jiage); a photo sent without words said in the
    reader's language ((photo), not the farmer's （照片）: no words of the farmer's)."""
    parts = threads.parts(text)
    for key in _WORDLESS_KEYS:
        said = t(lang, key)
        parts = [said if part.strip() in all_labels(key) else part for part in parts]
    text = threads.THREAD_SEP.join(parts)
    if not has_pinyin(text):
        return text
    read = in_characters(text)
    return text if read == text else t(lang, "questions.read_as", text=text, read=read)


def farmer_name(lang: str, farmer: User | None, telegram_id: int | None = None) -> str:
    """A farmer's name as staff and admins see it beside a question: with a word that they
    read English (so the answer is written in English), when they do."""
    if farmer is None:
        return str(telegram_id or "")
    if farmer.language == "en":
        return t(lang, "questions.reads_english", name=farmer.name)
    return farmer.name


def to_farmer_key(key: str, answerer: User) -> str:
    """The message telling a farmer of an answer (`key`), as from the county when a county
    admin answered (nobody at a station had the question), else from the station."""
    return f"{key}_county" if answerer.role is Role.admin else key


def to_farmer(lang: str, key: str, answerer: User, **params: Any) -> str:
    """That message (`to_farmer_key`) in `lang`; from the county, by the county's name
    (`county_name`, else 县里的管理员 / The county admin)."""
    county = county_name(lang, "questions.county_admin")
    return t(lang, to_farmer_key(key, answerer), county=county, **params)
