"""Staff words and farmers' languages: an answer in the other one is checked and noted; a photo
notice without words is listed as （照片）; staff's own errands in English are read as a wish."""

from __future__ import annotations

import pytest

from bot.broadcasts import text as words
from bot.core.i18n import t
from bot.models.broadcasts import AudienceKind, Broadcast
from handlers.common import own_errand
from handlers.render import answer_language as view


def test_an_answer_in_the_other_language_is_found() -> None:
    assert view.other_language("周日也开门8点到6点，袋子站里有", "en") == "zh"
    assert view.other_language("We open on Sunday from 8 to 6", "zh") == "en"
    assert view.other_language("周日也开门", "zh") is None
    assert view.other_language("8:00-18:00", "en") is None  # no language: nothing to say


@pytest.mark.parametrize(
    ("lang", "asked"),
    [("zh", "这条回复是中文写的。确定用中文发？"), ("en", "Send it in Chinese anyway?")],
)
def test_the_staff_are_asked_before_it_goes(lang: str, asked: str) -> None:
    text, keyboard = view.check(lang, 17, "en", "zh")
    assert "#17" in text and asked in text
    labels = [b.text for row in keyboard.inline_keyboard for b in row]
    assert labels == [t(lang, "questions.lang_send"), t(lang, "questions.lang_rewrite")]
    data = [b.callback_data for row in keyboard.inline_keyboard for b in row]
    assert view.SendHeld.parse(str(data[0])) == view.SendHeld(17)
    assert view.RewriteHeld.parse(str(data[1])) == view.RewriteHeld(17)


def test_the_farmer_is_told_in_one_line_the_reply_is_in_chinese() -> None:
    note = view.farmer_note("en", "周日也开门")
    assert (
        note
        == "\n\n(The station replied in Chinese. If you can't read it, ask someone to help, or ask again.)"
    )
    assert "英文" in view.farmer_note("zh", "We open on Sunday")
    assert view.farmer_note("en", "We open on Sunday") == ""


@pytest.mark.parametrize(("lang", "shown"), [("zh", "（照片）"), ("en", "(photo)")])
def test_a_photo_notice_without_words_is_listed_as_a_photo(lang: str, shown: str) -> None:
    bc = Broadcast(audience=AudienceKind.station, text="", photo="file-1")
    assert words.shown(lang, bc) == shown
    assert (
        words.shown(lang, Broadcast(audience=AudienceKind.station, text="明天停电")) == "明天停电"
    )
    # Sent alone, the photo's caption is the header only, no empty line under it.
    assert words.notice(lang, "圣城站", "").count("\n") == 0


@pytest.mark.parametrize(
    ("said", "own"),
    [
        ("who is coming tomorrow", True),
        ("pickups tomorrow", True),
        ("明天谁来", True),
        ("reply 17 we open on Sunday", False),  # words for the farmer, not a wish
        ("hello", False),
    ],
)
def test_staff_own_errands_are_what_their_language_follows(said: str, own: bool) -> None:
    assert own_errand(said) is own
