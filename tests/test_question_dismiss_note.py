"""The farmer's note when staff close their question without a reply (handlers/render/knowledge.py)."""

from __future__ import annotations

import pytest

from bot.core.callbacks import Button
from handlers.render import knowledge as view


def test_the_note_names_the_station_and_its_phone() -> None:
    note = view.dismissed_to_farmer("zh", "鸡不吃食咋办", "圣城邮政服务站", "0536-5000000")
    assert note.startswith("您好！") and "「鸡不吃食咋办」" in note
    assert "圣城邮政服务站已经看到了" in note and "（0536-5000000）" in note
    assert "不在这里回复" in note and "到站里问" in note


def test_without_a_phone_nothing_is_made_up() -> None:
    note = view.dismissed_to_farmer("zh", "鸡不吃食咋办", "圣城邮政服务站", "")
    assert "（" not in note and "打个电话" in note


@pytest.mark.parametrize("phone", ["0536-5000000", ""])
def test_english_farmers_are_told_in_english(phone: str) -> None:
    note = view.dismissed_to_farmer("en", "chickens not eating", "圣城邮政服务站", phone)
    assert note.startswith("Hello!") and "will not reply to it here" in note
    assert (f"({phone})" in note) is bool(phone)
    assert not any("\u4e00" <= c <= "\u9fff" for c in note.replace("圣城邮政服务站", ""))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_question_of_no_station_is_the_countys(lang: str) -> None:
    note = view.dismissed_to_farmer(lang, "鸡不吃食咋办", None, "")
    assert "鸡不吃食咋办" in note and "{" not in note


@pytest.mark.parametrize("button", [view.DismissYes(7), view.DismissNo(7)])
def test_the_confirmation_buttons_round_trip(button: Button) -> None:
    data = button.encode()
    assert type(button).parse(data) == button
    assert view.Dismiss.parse(data) is None  # never read as the 🗑 that asks
    assert view.DismissNo.parse(view.DismissYes(7).encode()) is None
