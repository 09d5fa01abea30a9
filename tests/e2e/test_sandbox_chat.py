"""The terminal chat's logic, in-process: choices, identities, sandbox commands, pushes."""

from __future__ import annotations

import asyncio
import io

import pytest

from bot.core.i18n import t
from bot.sandbox.chat import Terminal
from bot.sandbox.harness import Harness
from tests.e2e.county import load_county, sg01_staffed

pytestmark = pytest.mark.e2e


@pytest.fixture
def terminal(harness: Harness) -> Terminal:
    screen = Terminal(harness, out=io.StringIO())
    screen.become(10001, "张大爷")
    return screen


def shown(terminal: Terminal) -> str:
    """Everything printed so far, and start afresh."""
    out = terminal.out
    assert isinstance(out, io.StringIO)
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


async def test_numbers_press_inline_buttons_then_the_keyboard(terminal: Terminal) -> None:
    await terminal.handle("/start")
    screen = shown(terminal)
    assert "🤖 张大爷您好" in screen and "⌨ [1] 💰 查价格" in screen
    await terminal.handle("/language")
    assert "(1) 中文  (2) English" in shown(terminal)
    assert [c.label for c in terminal.choices][:3] == ["中文", "English", "💰 查价格"]
    await terminal.handle("2")
    screen = shown(terminal)
    assert f"🤖 (edited) {t('en', 'language.changed')}" in screen
    assert "⌨ [1] 💰 Prices" in screen
    # A number beyond the choices is just text; /say sends a number as text.
    await terminal.handle("/say 1")
    assert "🤖" in shown(terminal)
    assert terminal.me.chat.messages[-2].text == "1"


async def test_a_line_longer_than_telegram_allows_is_refused_not_a_crash(
    terminal: Terminal,
) -> None:
    # A walk pasted 5,000 characters: the sandbox quit with a traceback.
    await terminal.handle("啊" * 5000)
    assert "at most 4096 characters, not 5000" in shown(terminal)
    assert not terminal.me.chat.messages
    await terminal.handle("/start")
    assert "🤖 张大爷您好" in shown(terminal)


async def test_identities_and_sandbox_commands(terminal: Terminal) -> None:
    await terminal.handle("/as admin")
    assert "— you are now 王管理员 (30001) —" in shown(terminal)
    assert terminal.me.id == 30001
    for line, usage in [
        ("/as nobody", "usage: /as"),
        ("/loc north", "usage: /loc"),
        ("/file /no/such/file", "usage: /file"),
        ("/photo /no/such.png", "no such file"),
    ]:
        await terminal.handle(line)
        assert usage in shown(terminal)
    await terminal.handle("/sandbox")
    assert "/loc LAT LON" in shown(terminal)
    await terminal.handle("/sticker")
    assert "🤖" in shown(terminal)
    await terminal.handle("/history")
    assert "--- chat 30001" in shown(terminal)
    assert await terminal.handle("/quit") is False


async def test_messages_for_others_and_while_idle_are_shown(
    terminal: Terminal, harness: Harness
) -> None:
    harness.user(20001, "李站长")
    await terminal.handle("/start")
    shown(terminal)
    # A message to another identity is announced after the next action ...
    await harness.app.bot.send_message(20001, "有新问题")
    await terminal.handle("/sandbox")
    assert "📨 李站长 has 1 new message(s): /as staff" in shown(terminal)
    # ... and one to the current identity is printed while the person is idle.
    lines: list[str] = ["", ""]
    out = terminal.out
    assert isinstance(out, io.StringIO)

    async def read_line() -> str:
        if len(lines) == 2:
            await harness.app.bot.send_message(10001, "价格提醒：西红柿涨了")
            # Idle until the watcher (it looks every 0.2 s) has printed it.
            for _ in range(250):
                if "价格提醒：西红柿涨了" in out.getvalue():
                    break
                await asyncio.sleep(0.02)
        return lines.pop()

    await terminal.run(read_line)
    assert "🤖 价格提醒：西红柿涨了" in shown(terminal)


@pytest.mark.both_databases
async def test_the_whole_chat_runs_on_the_configured_database(harness: Harness) -> None:
    from bot.sandbox.chat import chat

    script = iter(["/start", "/as staff", "/quit"])
    out = io.StringIO()

    async def read_line() -> str:
        return next(script) + "\n"

    await chat(harness.app.bot_data["settings"], read_line, out)
    text = out.getvalue()
    assert "FarmHub sandbox" in text and "张大爷您好" in text and "李站长 › " in text


async def test_buttons_of_the_last_messages_keep_numbers(terminal: Terminal) -> None:
    await terminal.handle("/language")
    first = terminal.me.chat.bot_messages[-1]
    await terminal.handle("/language")
    second = terminal.me.chat.bot_messages[-1]
    screen = shown(terminal)
    # The newest message's buttons come first, then the earlier message's, numbered on.
    assert "(1) 中文  (2) English" in screen and "(3) 中文  (4) English" in screen
    assert [(c.label, c.message) for c in terminal.choices[:4]] == [
        ("中文", second),
        ("English", second),
        ("中文", first),
        ("English", first),
    ]
    await terminal.handle("4")  # English on the earlier message
    assert terminal.me.presses[-1].message is first
    assert f"🤖 (edited) {t('en', 'language.changed')}" in shown(terminal)


async def test_press_matches_a_label_by_its_start(terminal: Terminal, harness: Harness) -> None:
    await terminal.handle("/start")
    await terminal.handle("/language")
    shown(terminal)
    await terminal.handle("/press Eng")  # a unique start of "English"
    assert f"🤖 (edited) {t('en', 'language.changed')}" in shown(terminal)
    await terminal.handle("/press prices")  # the reply keyboard's "💰 Prices", emoji skipped
    assert terminal.me.chat.messages[-2].text == "💰 Prices"
    shown(terminal)
    await terminal.handle("/language")
    shown(terminal)
    await terminal.handle("/press ")
    assert "/press LABEL" in shown(terminal)
    await harness.app.bot.send_message(
        10001,
        "两个按钮",
        reply_markup={
            "inline_keyboard": [
                [
                    {"text": "西红柿", "callback_data": "x:1"},
                    {"text": "西瓜", "callback_data": "x:2"},
                ]
            ]
        },
    )
    terminal.show_new()
    await terminal.handle("/press 西")
    screen = shown(terminal)
    assert "西红柿" in screen and "西瓜" in screen and "more than one" in screen
    assert not terminal.me.presses or terminal.me.presses[-1].data != "x:1"


async def test_a_voice_shows_as_its_length_to_the_staff_who_hear_it(
    terminal: Terminal, harness: Harness
) -> None:
    await load_county(harness)
    harness.user(20001, "李站长")
    station = await sg01_staffed()
    await terminal.handle("/voice 5")
    screen = shown(terminal)
    assert t("zh", "voice.forwarded", station=station.name) in screen
    assert "📨 李站长 has 1 new message(s): /as staff" in screen
    await terminal.handle("/as staff")
    await terminal.handle("/history")
    screen = shown(terminal)
    assert "bot: [语音 5秒] 🎤 语音 5秒 · 问题 #1" in screen and "农户：张大爷" in screen
    await terminal.handle("/videonote")
    assert t("zh", "voice.staff_hint") in shown(terminal)


async def test_numbers_after_as_press_the_new_identitys_buttons_only(
    terminal: Terminal, harness: Harness
) -> None:
    # Blind test: after /as staff, "1" pressed the farmer's 中文 button.
    await terminal.handle("/language")
    farmer_language = terminal.me.chat.bot_messages[-1]
    assert [c.label for c in terminal.choices][:2] == ["中文", "English"]
    await terminal.handle("/as staff")
    assert terminal.choices == []  # the staff member has no buttons yet
    await terminal.handle("1")  # so a number is text, sent as the staff member
    assert terminal.me.chat.messages[0].text == "1"
    assert not farmer_language.edited
    assert not [p for p in harness.server.api.chats[10001].presses]
    # Back as the farmer, their buttons are numbered (and shown) again.
    shown(terminal)
    await terminal.handle("/as farmer")
    assert "(1) 中文  (2) English" in shown(terminal)
    await terminal.handle("2")
    assert farmer_language.edited
