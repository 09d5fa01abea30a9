"""The one callback codec: typed buttons encode and parse back; forged data parses to None."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from bot.core.callbacks import MAX_BYTES, Button
from handlers.render.knowledge import Forward, ShowEntry


@dataclass(frozen=True)
class _Close(Button):
    PREFIX = "t:cz"
    slot_id: int
    day: date
    reason: str


def test_a_button_round_trips() -> None:
    button = _Close(12, date(2026, 6, 11), "下雨")
    assert button.encode() == "t:cz:12:20260611:下雨"
    assert _Close.parse(button.encode()) == button
    assert Forward.parse(Forward(7).encode()) == Forward(7)
    assert ShowEntry.parse("kb:e:app-001") == ShowEntry("app-001")


@pytest.mark.parametrize(
    ("button", "data"),
    [
        (Forward, None),
        (Forward, ""),
        (Forward, "kb:fw"),  # field missing
        (Forward, "kb:fw:"),  # empty id
        (Forward, "kb:fw:7:8"),  # one field too many
        (Forward, "kb:fw:-7"),
        (Forward, "kb:fw:7a"),
        (Forward, "kb:fw:０７"),  # full-width digits are not the bot's
        (Forward, "kb:fw:" + "9" * 17),  # out of range
        (Forward, "kb:fw:2147483648"),  # past the databases' integer keys
        (Forward, "kb:fwd:7"),  # another prefix that merely starts the same
        (Forward, "qa:re:7"),  # another button
        (ShowEntry, "kb:e:a\x00b"),  # control character
        (ShowEntry, "kb:e:" + "x" * MAX_BYTES),  # over Telegram's 64 bytes
        (_Close, "t:cz:1:20261332:x"),  # no such date
        (_Close, "t:cz:1:2026061:x"),  # not a date
    ],
)
def test_forged_data_parses_to_none(button: type[Button], data: object) -> None:
    assert button.parse(data) is None
    assert not button.matches(data)


def test_oversized_buttons_are_refused_when_made() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        ShowEntry("长" * 30).encode()
    with pytest.raises(ValueError):
        ShowEntry("a:b").encode()  # the separator cannot be inside a field


def test_prefixes_cannot_clash() -> None:
    with pytest.raises(TypeError, match="clashes"):

        @dataclass(frozen=True)
        class _Twin(Button):  # "kb" would make "kb:fw:1" mean two things
            PREFIX = "kb"
            question_id: int


@dataclass(frozen=True)
class _Pause(Button):
    PREFIX = "t:p"
    subscription_id: int
    where: str = ""


def test_trailing_defaults_are_left_out_and_read_back() -> None:
    assert _Pause(5).encode() == "t:p:5"
    assert _Pause(5, "l").encode() == "t:p:5:l"
    assert _Pause.parse("t:p:5") == _Pause(5)
    assert _Pause.parse("t:p:5:l") == _Pause(5, "l")
    assert _Pause.parse("t:p") is None  # the required id is missing
    assert _Pause.parse("t:p:5:l:x") is None
