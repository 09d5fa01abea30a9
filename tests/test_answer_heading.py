"""An answer starts with the question it answers, in the farmer's language."""

from __future__ import annotations

import re

from handlers.render import knowledge as view
from knowledge.kb.entries import Entry
from knowledge.kb.offers import Destination

_CJK = re.compile(r"[\u3400-\u9fff]")

YELLOW = Entry(
    id="tomato-yellow",
    question="西红柿叶子发黄怎么办",
    answer="下部老叶均匀发黄多为缺氮。",
    tags=[],
    category="disease",
)
STORE = Entry(
    id="potato-store",
    question="土豆怎么储存不发芽",
    answer="放阴凉黑暗处。",
    tags=[],
    category="storage",
    question_en="How do I store potatoes so they don't sprout?",
    answer_en="Keep them somewhere cool and dark.",
)


def test_the_chinese_heading_is_the_entrys_question() -> None:
    assert view.answer_heading(YELLOW, "zh") == "📖 西红柿叶子发黄怎么办"
    assert view.answer_text(YELLOW, "zh", Destination.nobody) == (
        "📖 西红柿叶子发黄怎么办\n下部老叶均匀发黄多为缺氮。"
    )


def test_the_english_heading_is_the_english_question() -> None:
    assert view.answer_heading(STORE, "en") == "📖 How do I store potatoes so they don't sprout?"
    assert view.answer_text(STORE, "en", Destination.nobody) == (
        "📖 How do I store potatoes so they don't sprout?\nKeep them somewhere cool and dark."
    )


def test_without_an_english_question_the_heading_is_its_english_gloss() -> None:
    # answer_en alone (an entry edited before question_en was asked for): glossed, no Chinese.
    english_answer = Entry(
        id="tomato-yellow",
        question=YELLOW.question,
        answer=YELLOW.answer,
        tags=[],
        category="disease",
        answer_en="Mostly a lack of nitrogen.",
    )
    assert view.answer_heading(english_answer, "en") == "📖 tomato: leaves turning yellow"
    assert view.answer_text(english_answer, "en", Destination.nobody) == (
        "📖 tomato: leaves turning yellow\nMostly a lack of nitrogen."
    )


def test_an_english_heading_with_nothing_to_gloss_is_left_out_not_chinese() -> None:
    # 怎么办 alone says nothing an English word says: no heading rather than Chinese in English.
    bare = Entry(
        id="what",
        question="怎么办",
        answer="问站里。",
        tags=[],
        category="other",
        answer_en="Ask the station.",
    )
    assert view.answer_heading(bare, "en") == ""
    assert view.answer_text(bare, "en", Destination.nobody) == "Ask the station."
    assert not _CJK.search(view.answer_text(bare, "en"))
    assert view.answer_heading(bare, "zh") == "📖 怎么办"


def test_the_chinese_answer_for_an_english_farmer_is_headed_in_both() -> None:
    assert view.chinese_answer_text(YELLOW, "en", Destination.nobody) == (
        "📖 tomato: leaves turning yellow · 西红柿叶子发黄怎么办\n下部老叶均匀发黄多为缺氮。"
    )
    assert view.chinese_answer_text(YELLOW, "zh", Destination.nobody) == (
        "📖 西红柿叶子发黄怎么办\n下部老叶均匀发黄多为缺氮。"
    )


def test_the_footer_stays_last_under_the_heading() -> None:
    text = view.answer_text(YELLOW, "zh", Destination.station)
    heading, answer, blank, footer = text.split("\n")
    assert (heading, answer, blank) == ("📖 西红柿叶子发黄怎么办", YELLOW.answer, "")
    assert footer.startswith("（没解决？")
