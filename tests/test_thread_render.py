"""What staff get of a question's thread: every part, each photo and recording, in order."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.i18n import t
from bot.models.knowledge import OpenQuestion
from bot.models.types import MediaKind
from handlers.render import CAPTION_LIMIT, utf16_len
from handlers.render import knowledge as view
from handlers.render.threads import Item, question_list, thread_items
from knowledge.kb.threads import Attachment, Part

TZ = ZoneInfo("Asia/Shanghai")
PHOTO = Attachment(MediaKind.photo, "P1")
VOICE = Attachment(MediaKind.voice, "V1", 3)
NOTE = Attachment(MediaKind.video_note, "N1", 7)


def _question(text: str, question_id: int = 7) -> OpenQuestion:
    return OpenQuestion(
        id=question_id,
        farmer_id=10001,
        text=text,
        asked_at=datetime(2026, 6, 10, 2, 0, tzinfo=UTC),
        station_id=1,
    )


def _items(thread: list[Part], lang: str = "zh") -> list[Item]:
    q = _question("\n➕ ".join(part.text for part in thread))
    return thread_items(q, thread, lang, lambda body: f"HEAD\n{body}", view.reply_button(7, lang))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_photo_and_a_voice_both_reach_staff_in_order(lang: str) -> None:
    # The sandbox walk: a question with a photo and a voice showed staff only the photo.
    items = _items([Part("（照片）", (PHOTO,)), Part("🎤 语音 3秒", (VOICE,))], lang)
    assert [(i.kind, i.file_id) for i in items] == [
        (MediaKind.photo, "P1"),
        (MediaKind.voice, "V1"),
    ]
    # A photo without words is said in the reader's language ((photo) for English staff).
    assert items[0].text == f"HEAD\n{t(lang, 'questions.photo_question')}" and items[0].markup is None
    assert items[1].text == t(lang, "questions.thread_more", id=7, text="➕ 🎤 语音 3秒")
    assert items[1].markup == view.reply_button(7, lang)


def test_words_between_files_go_with_the_next_file_and_words_after_the_last_under_it() -> None:
    thread = [
        Part("西红柿叶子发黄"),
        Part("叶子背面", (PHOTO,)),
        Part("两天了"),
        Part("🎤 语音 3秒", (VOICE,)),
        Part("越来越多"),
    ]
    items = _items(thread)
    assert [i.kind for i in items] == [MediaKind.photo, MediaKind.voice]
    assert items[0].text == "HEAD\n西红柿叶子发黄\n➕ 叶子背面"
    assert items[1].text == t(
        "zh", "questions.thread_more", id=7, text="➕ 两天了\n➕ 🎤 语音 3秒\n➕ 越来越多"
    )
    assert items[1].markup is not None


def test_words_after_the_last_file_that_do_not_fit_its_caption_come_after_it() -> None:
    long = "叶" * (CAPTION_LIMIT - 10)
    items = _items([Part("（照片）", (PHOTO,)), Part(long)])
    assert [i.kind for i in items] == [MediaKind.photo, None]
    assert items[1].text.endswith(long) and items[1].markup is not None
    assert items[0].markup is None


def test_a_caption_too_long_goes_before_its_file() -> None:
    long = "叶" * CAPTION_LIMIT
    items = _items([Part(long, (PHOTO,))])
    assert [i.kind for i in items] == [None, MediaKind.photo]
    assert items[0].text == f"HEAD\n{long}" and items[1].text == ""
    # The button goes under the words: a file alone may be gone from Telegram.
    assert items[0].markup is not None and items[1].markup is None
    assert all(utf16_len(i.text) <= CAPTION_LIMIT for i in items if i.kind is not None)


def test_a_video_note_has_its_words_just_before_it() -> None:
    items = _items([Part("苹果树"), Part("📹 视频留言 7秒", (NOTE,))])
    assert [(i.kind, i.text) for i in items] == [
        (MediaKind.video_note, "HEAD\n苹果树\n➕ 📹 视频留言 7秒")
    ]
    assert items[0].markup is not None


def test_the_staff_list_pages_words_and_sends_threads_with_files_whole() -> None:
    words_only = _question("大棚草莓叶子边缘焦枯\n➕ 两天了", 1)
    with_files = _question("（照片）\n➕ 🎤 语音 3秒", 2)
    threads = {
        1: [Part("大棚草莓叶子边缘焦枯"), Part("两天了")],
        2: [Part("（照片）", (PHOTO,)), Part("🎤 语音 3秒", (VOICE,))],
    }
    pages, attached = question_list(
        [words_only, with_files], threads, {10001: "张大爷"}, "HEADER", "zh", TZ
    )
    (page, markup) = pages[0]
    assert "#1 · 张大爷 · 06-10 10:00\n大棚草莓叶子边缘焦枯\n➕ 两天了" in page
    assert markup is not None and "#2" not in page
    assert [i.kind for i in attached] == [MediaKind.photo, MediaKind.voice]
    assert attached[0].text == "#2 · 张大爷 · 06-10 10:00\n（照片）"
    assert attached[-1].markup == view.question_buttons(2, "zh")
