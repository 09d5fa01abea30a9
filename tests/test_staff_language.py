"""Staff words for farmers: the closing reasons read as a button's (snow), and words in
another language than most recipients read said to the sender (tester: an English closing
reason and notice reached farmers who read Chinese, unwarned)."""

from __future__ import annotations

import pytest

from bot.bookings.text import REASON_CODES
from bot.broadcasts import text as words
from bot.core.i18n import t
from knowledge.text.language import Mismatch, mismatch
from knowledge.text.staff_words import StaffAsk, reason_code, staff_words


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("下大雪", "snow"),
        ("暴雪", "snow"),
        ("雪太大", "snow"),
        ("下雪了", "snow"),
        ("snow", "snow"),
        ("Snowstorm", "snow"),
        ("heavy snowstorm", "snow"),
        ("下雨", "rain"),
        ("rain", "rain"),
        ("车坏了", "truck"),
        ("truck broken", "truck"),
        # More said than a button says: quoted as written.
        ("heavy snowstorm, the road to the station is closed", None),
        ("下暴雪路也封了明天再看", None),
        ("路上结冰，车过不来", None),
        ("看看问题", None),
    ],
)
def test_a_typed_reason_is_a_button_s_when_said_as_short(said: str, code: str | None) -> None:
    assert reason_code(said) == code


def test_snow_is_a_reason_button_in_both_languages() -> None:
    assert "snow" in REASON_CODES
    assert t("zh", "bookings.staff.reason_snow") == "❄️ 下雪"
    assert t("en", "bookings.staff.reason_snow") == "❄️ Snow"
    assert t("zh", "bookings.reason.snow") == "下大雪"
    assert t("en", "bookings.reason.snow") == "heavy snow"


@pytest.mark.parametrize("said", ["明天下午不收了，暴雪", "close tomorrow afternoon, snowstorm"])
def test_snow_said_with_the_closing_is_the_snow_button(said: str) -> None:
    read = staff_words(said)
    assert read is not None and read.ask is StaffAsk.close and read.reason == "snow"


def test_words_in_another_language_than_most_recipients_read() -> None:
    english = "heavy snowstorm, the road to the station is closed"
    assert mismatch(english, ["zh"] * 4) == Mismatch("en", "zh", 4, 4)
    assert mismatch("明天下大雪", ["en", "en", "zh"]) == Mismatch("zh", "en", 2, 3)
    # Their own language, no majority, no language said, nobody: nothing to say.
    assert mismatch("明天停水", ["zh", "zh", "en"]) is None
    assert mismatch(english, ["zh", "en"]) is None
    assert mismatch("08:00", ["zh"]) is None
    assert mismatch(english, []) is None


def test_the_warning_names_the_readers_and_the_words_language() -> None:
    everyone = Mismatch("en", "zh", 4, 4)
    assert words.language_warning("zh", "notice", everyone).startswith(
        "⚠️ 收到的 4 位农户都看中文，这条是英文写的。"
    )
    assert words.language_warning("en", "notice", everyone).startswith(
        "⚠️ All 4 farmers read Chinese; this notice is in English. They will see it as written."
    )
    most = words.language_warning("en", "reason", Mismatch("en", "zh", 2, 3))
    assert most.startswith("⚠️ 2 of the 3 farmers read Chinese; this reason is in English.")
    one = words.language_warning("zh", "reason", Mismatch("en", "zh", 1, 1))
    assert one.startswith("⚠️ 收到的这位农户看中文，这个原因是英文写的。")


def test_the_notice_is_framed_in_the_language_most_recipients_read() -> None:
    notice, warning = words.for_readers("en", "城关服务站", "No water tomorrow", ["zh", "zh"])
    assert notice.startswith("📢 城关服务站通知：") and warning.startswith("\n\n⚠️ All 2 farmers")
    notice, warning = words.for_readers("zh", "城关服务站", "明天停水", ["zh", "en", "zh"])
    assert notice.startswith("📢 城关服务站通知：") and warning == ""
    notice, _ = words.for_readers("en", None, "No water", [])
    assert notice.startswith("📢 Notice from")
