"""Property-based fuzzing of updates through the local Bot API server (issue 16).

Hypothesis draws sequences of what people can send: any text (Chinese, emoji,
control characters, 4,000 characters), commands with arguments, button presses
built with the codec and then mutated, photos, stickers, voices, files, edited
messages, strangers and groups. After every step:

- nothing raised and nothing was logged at ERROR;
- every request the bot made passed the server's checks, every press was answered
  (`harness.problems()`), and every private text or command got a reply;
- a press no button of the bot could have made, and a command refused to its
  sender, changed nothing in the database.

Derandomized (the same examples at any hour), few examples, no deadline: it runs
in `make test` in well under a minute.
"""

from __future__ import annotations

import logging
from dataclasses import MISSING, fields
from datetime import date
from typing import Any, get_type_hints

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.core.callbacks import Button, registered
from bot.core.db import session_scope
from bot.models.users import Role
from bot.sandbox.flood import FloodLimits
from bot.sandbox.harness import Harness
from tests.e2e.authz import COMMANDS, UNKNOWN_BASE, Outcome, Who, changed, snapshot
from tests.stations_util import make_station, make_user

pytestmark = pytest.mark.e2e

PEOPLE = {Who.farmer: 10001, Who.staff: 20001, Who.admin: 30001}
GROUP_ID = -100777

CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
EMOJI = st.sampled_from("😀🍅🥔🌽🚜👍❤️🔥🙏🇨🇳\u200d\ufe0f")
CONTROL = st.sampled_from("\x00\x01\x07\x1b\u202e\u2028\ufeff\t\r")
WORDS = st.sampled_from(
    [
        "西红柿",
        "价格",
        "多少钱",
        "预约收货",
        "我的预约",
        "取消",
        "订阅",
        "退订",
        "服务站在哪",
        "我有两千斤土豆要卖",
        "哪里收黄瓜",
        "叶子发黄怎么办",
        "/",
        "@",
        "<b>",
        "*_`",
        "SG01",
        "0",
        "-1",
        "99999999999",
        "3.5元",
        "明天8点",
        "cancel",
        "English",
    ]
)
TEXT = st.one_of(
    st.text(st.one_of(CHINESE, EMOJI, CONTROL, st.characters()), min_size=1, max_size=60),
    st.lists(WORDS, min_size=1, max_size=6).map(" ".join),
    st.text(st.one_of(CHINESE, EMOJI), min_size=3990, max_size=4000),
)


def button_values(cls: type[Button]) -> st.SearchStrategy[Button]:
    """Instances of a button with drawn fields (some valid ids, some not)."""
    hints = get_type_hints(cls)
    kwargs: dict[str, st.SearchStrategy[Any]] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        kind = hints[f.name]
        if kind is int:
            value: st.SearchStrategy[Any] = st.one_of(st.integers(0, 5), st.integers(0, 2**31 - 1))
        elif kind is date:
            value = st.dates(date(2026, 1, 1), date(2027, 12, 31))
        else:
            value = st.text(st.sampled_from("abcdjkrp西红柿12"), min_size=1, max_size=8)
        if f.default is not MISSING:
            value = st.one_of(st.just(f.default), value)
        kwargs[f.name] = value
    return st.builds(cls, **kwargs)


def mutated(data: str) -> st.SearchStrategy[str]:
    """The codec's data, or a mutation of it: a field changed, cut, added, overlong."""
    return st.one_of(
        st.just(data),
        st.just(data + ":1"),
        st.just(data.rsplit(":", 1)[0]),
        st.just(data.replace(":", "::", 1)),
        st.just(data + "9" * 70),
        st.integers(0, max(len(data) - 1, 0)).flatmap(
            lambda i: st.sampled_from("x-0:\x00字").map(lambda c: data[:i] + c + data[i + 1 :])
        ),
    )


CALLBACK = (
    # The product's buttons only (tests declare their own), so examples do not
    # depend on which test modules were imported first.
    st.sampled_from(
        sorted(
            (c for c in registered().values() if not c.__module__.startswith("tests")),
            key=lambda c: c.PREFIX,
        )
    )
    .flatmap(button_values)
    .flatmap(lambda b: mutated(_encode(b)))
)


def _encode(button: Button) -> str:
    try:
        return button.encode()
    except (ValueError, TypeError):  # drawn too long, or a field with ":" in it
        return button.PREFIX


COMMAND = st.tuples(st.sampled_from(sorted(COMMANDS)), st.one_of(st.just(""), TEXT)).map(
    lambda c: f"/{c[0]} {c[1][:200]}".strip()
)
ACTION = st.one_of(
    st.tuples(st.just("text"), TEXT),
    st.tuples(st.just("command"), COMMAND),
    st.tuples(st.just("press"), CALLBACK),
    st.tuples(st.just("media"), st.sampled_from(["photo", "sticker", "voice", "file", "gif"])),
    st.tuples(st.just("edit"), TEXT),
    st.tuples(st.just("group"), st.one_of(TEXT, COMMAND)),
)
STEP = st.tuples(st.sampled_from([*PEOPLE, Who.unknown]), ACTION)


@pytest.fixture
async def world(harness: Harness) -> Harness:
    """One station, its staff member, a farmer of it and an admin; a group."""
    harness.server.set_flood_limits(FloodLimits.off())
    async with session_scope() as session:
        station, _ = await make_station(session, external_id="A", name="城关服务站")
        await make_user(session, 10001, "张大爷", station_id=station)
        await make_user(session, 20001, "李站长", role=Role.staff, station_id=station)
        await make_user(session, 30001, "赵主任", role=Role.admin)
    harness.group(GROUP_ID, "城关种植群")
    return harness


class Run:
    """Performs drawn steps and checks the invariants after each."""

    def __init__(self, harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
        self.harness = harness
        self.caplog = caplog
        self.strangers = UNKNOWN_BASE

    async def step(self, who: Who, action: tuple[str, Any]) -> None:
        if who is Who.unknown:
            self.strangers += 1
            person = self.harness.user(self.strangers, "路人", language_code=None)
        else:
            person = self.harness.user(PEOPLE[who], who.value)
        kind, value = action
        before = await snapshot()
        private_reply_due = False
        if kind == "text":
            replies = await person.send(value)
            private_reply_due = True
        elif kind == "command":
            replies = await person.send(value)
            private_reply_due = True
        elif kind == "press":
            if not person.chat.bot_messages:
                await self.harness.app.bot.send_message(person.id, "·")
            replies = await person.press_data(value)
        elif kind == "media":
            replies = await self._media(person, value)
        elif kind == "edit":
            if person.sent is None or person.sent.text is None:
                # People edit their own text messages only (a photo's caption is not this).
                await person.send("你好")
            assert person.sent is not None
            replies = await person.edit(person.sent, value)
        else:
            replies = await person.at(self.harness.server.api.chats[GROUP_ID]).send(value)
        after = await snapshot()
        where = f"{who.value} {kind} {str(value)[:80]!r}"
        problems = self.harness.problems()
        assert not problems, f"{where}:\n" + "\n".join(problems)
        errors = [r for r in self.caplog.records if r.levelno >= logging.ERROR]
        assert not errors, f"{where}: logged {[r.getMessage()[:200] for r in errors]}"
        if private_reply_due:
            assert list(replies) or replies.edited, f"{where}: no reply"
        forged = kind == "press" and not any(c.matches(value) for c in registered().values())
        refused = kind == "command" and self._refused(who, value)
        if forged or refused:
            assert not changed(before, after), f"{where}: changed {changed(before, after)}"

    @staticmethod
    def _refused(who: Who, text: str) -> bool:
        name = text[1:].split(maxsplit=1)[0] if len(text) > 1 else ""
        row = COMMANDS.get(name)
        return row is not None and row.who[who] is Outcome.REFUSE

    async def _media(self, person: Any, kind: str) -> Any:
        if kind == "photo":
            return await person.send_photo(caption="这是什么病")
        if kind == "sticker":
            return await person.send_sticker("🍅")
        if kind == "voice":
            return await person.send_voice(3)
        if kind == "gif":
            return await person.send_document(b"GIF89a" + b"\x00" * 20, "a.gif")
        return await person.send_document(b"\xff\xfe\x00garbage,\n1,2", "prices.csv")


FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    # data_too_large: eight steps of long texts and mutated buttons often outgrow the drawn
    # bytes; such draws are set aside, the rest run (every button type added moves the
    # derandomised draws, and one more codec tipped the health check over).
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


# Hand-picked on top of the drawn ones: the longest text, hostile characters, the
# largest id, a stranger's admin command, an edit, a group command.
HAND_PICKED = [
    (Who.farmer, ("text", "西红柿叶子发黄" * 571)),
    (Who.unknown, ("text", "\x00\u202e😀🍅\r\n<b>价格</b>")),
    (Who.farmer, ("press", "bk:cx:2147483647")),
    (Who.farmer, ("press", "bk:cx:2147483648")),
    (Who.unknown, ("command", "/grant 10001 admin")),
    (Who.staff, ("command", "/kb del pest-1")),
    (Who.farmer, ("edit", "改过的问题")),
    (Who.farmer, ("group", "/start@farmhub_bot")),
]


@FUZZ
@example(steps=HAND_PICKED)
@given(steps=st.lists(STEP, min_size=1, max_size=8))
async def test_random_updates_are_all_handled(
    world: Harness, caplog: pytest.LogCaptureFixture, steps: list[tuple[Who, tuple[str, Any]]]
) -> None:
    caplog.set_level(logging.INFO)
    run = Run(world, caplog)
    for who, action in steps:
        await run.step(who, action)
