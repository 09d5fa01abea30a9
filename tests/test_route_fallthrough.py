"""What the blind tester's messages are routed to (pure), and the rule that a market route with
nothing to say gives the knowledge base's answer (handlers/fallthrough.py).

种地补贴一亩给多少钱 was the price of 「种地补贴一亩给」, 农业保险在哪买 this week's risers,
"where can I pick up my package" a produce pickup; and inside a booking, English questions
(whats the weather tomorrow, where is nearest station) were taken for the product.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from telegram.ext import ConversationHandler

from handlers import fallthrough, leave
from knowledge.text.intent import Kind, classify


@pytest.mark.parametrize(
    "text",
    [
        "种地补贴一亩给多少钱",
        "烟叶补贴多少钱一亩",
        "玉米补贴多少钱一亩",  # the subsidy for corn, not the price of corn
        "农业保险在哪买",
        "哪里买农业保险",
        "贷款利息多少",
        "贷款多少钱",
        "how much is the corn subsidy per mu",
        "where can I buy crop insurance",
    ],
)
def test_a_subsidy_insurance_or_loan_is_a_question_for_the_base(text: str) -> None:
    assert classify(text).kind is Kind.knowledge


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("西红柿多少钱", Kind.price),
        ("玉米价格", Kind.price),
        ("哪里收核桃", Kind.demand),
        ("哪里收核桃 价钱多少", Kind.demand),
        ("最近什么好卖", Kind.demand),
        ("我有两千斤玉米要卖", Kind.supply),
    ],
)
def test_prices_and_buyers_are_still_theirs(text: str, kind: Kind) -> None:
    assert classify(text).kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "where can I pick up my package",
        "pick up my parcel",
        "can I pick up my delivery at the station",
        "where do I collect my express delivery",
        "预约取快递",
    ],
)
def test_a_parcel_to_pick_up_is_no_produce_pickup(text: str) -> None:
    assert classify(text).kind is Kind.knowledge


@pytest.mark.parametrize(
    "text",
    ["pick up my tomatoes tomorrow", "book a pickup", "预约收货", "明天来收两千斤西红柿"],
)
def test_produce_to_pick_up_still_books(text: str) -> None:
    assert classify(text).kind is Kind.booking


# --- leaving a conversation's step --------------------------------------------------------------


@pytest.fixture
def base_knows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(leave, "_base_knows", lambda text: False)


@pytest.mark.parametrize(
    "text",
    [
        "whats the weather tomorrow",
        "what's the weather like tomorrow",
        "明天天气怎么样",
        "who are you",
        "你是谁",
        "tell me a joke",
        "whats the best time to plant corn",
        "wheres the market",
    ],
)
def test_a_question_in_small_talk_or_without_its_apostrophe_leaves(
    base_knows_nothing: None, text: str
) -> None:
    assert leave.is_other_subject(text)


@pytest.mark.parametrize(
    "text", ["ok", "好的", "哈哈哈", "lol", "不用了", "咋办", "tomato", "两千斤"]
)
def test_small_talk_that_asks_nothing_stays(base_knows_nothing: None, text: str) -> None:
    assert not leave.is_other_subject(text)


@pytest.mark.parametrize(
    "text", ["Im from shouguang, where is nearest station", "我是寿光的，最近的服务站在哪"]
)
def test_a_station_request_stays_only_where_a_station_is_asked(text: str) -> None:
    assert leave.is_other_subject(text)
    assert not leave.is_other_subject(text, keep=frozenset({Kind.station}))


# --- the rule: nothing from the market, the base's answer ---------------------------------------


class _Message:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def reply_text(self, text: str, **_: Any) -> None:
        self.sent.append(text)

    async def reply_photo(self, photo: str, **_: Any) -> None:
        self.sent.append(photo)


@pytest.fixture
def base(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A one-entry base that answers only 种地补贴 questions; what it looked up and answered."""
    said: list[str] = []

    class _Session:
        async def __aenter__(self) -> None:
            return None

        async def __aexit__(self, *_: object) -> None:
            return None

    async def look_up(session: object, text: str) -> SimpleNamespace:
        said.append(f"looked up {text}")
        return SimpleNamespace(answered=text.startswith("种地补贴") and bool(entries))

    async def respond(out: object, context: object, user: object, text: str, *_: object) -> None:
        said.append(text)

    async def search_engine() -> SimpleNamespace:
        return SimpleNamespace(index=entries)

    entries = ["policy-001"]
    monkeypatch.setattr(fallthrough, "search_engine", search_engine)
    monkeypatch.setattr(fallthrough, "session_scope", _Session)
    monkeypatch.setattr(fallthrough, "look_up", look_up)
    monkeypatch.setattr(fallthrough, "respond", respond)
    return said


async def test_the_base_answers_when_it_answers_clearly(base: list[str]) -> None:
    message = _Message()
    done = await fallthrough.knowledge_instead(message, None, None, "种地补贴一亩给多少钱")  # type: ignore[arg-type]
    assert done and message.sent == []
    assert base == ["looked up 种地补贴一亩给多少钱", "种地补贴一亩给多少钱"]


async def test_the_empty_line_goes_first(base: list[str]) -> None:
    message = _Message()
    done = await fallthrough.knowledge_instead(
        message,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        "种地补贴 哪里收",
        "暂时没有人在收核桃。",
    )
    assert done and message.sent == ["暂时没有人在收核桃。"]
    assert base == ["looked up 种地补贴 哪里收", "种地补贴 哪里收"]


async def test_otherwise_the_feature_answers(base: list[str]) -> None:
    message = _Message()
    done = await fallthrough.knowledge_instead(message, None, None, "尿素多少钱", "empty")  # type: ignore[arg-type]
    assert not done and base == ["looked up 尿素多少钱"] and message.sent == []


async def test_an_empty_base_is_not_searched(
    base: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def empty() -> SimpleNamespace:
        return SimpleNamespace(index=[])

    monkeypatch.setattr(fallthrough, "search_engine", empty)
    message = _Message()
    done = await fallthrough.knowledge_instead(message, None, None, "种地补贴一亩给多少钱")  # type: ignore[arg-type]
    assert not done and base == [] and message.sent == []


# --- two conversations left by one update -------------------------------------------------------


class _Conversation(ConversationHandler[Any]):
    """A conversation waiting for an answer, whose step any text leaves (as leave_handler does)."""

    def __init__(self, name: str, ran: list[str]) -> None:
        super().__init__(entry_points=[], states={}, fallbacks=[], name=name)
        self.ran = ran

    def check_update(self, update: object) -> Any:
        return True

    async def handle_update(self, update: Any, app: Any, check: Any, context: Any) -> None:
        self.ran.append(str(self.name))
        await leave.redispatch(update, context, skip=str(self.name))


class _Answer:
    def __init__(self, ran: list[str]) -> None:
        self.ran = ran

    def check_update(self, update: object) -> bool:
        return True

    async def handle_update(self, update: Any, app: Any, check: Any, context: Any) -> None:
        self.ran.append("answered")


async def test_conversations_waiting_in_each_other_each_leave_once() -> None:
    # A station search waiting for a place, then 预约收货, then a price question: each handed
    # the question to the other, forever (RecursionError).
    ran: list[str] = []
    handlers = [_Conversation("bookings", ran), _Conversation("stations", ran), _Answer(ran)]
    context = SimpleNamespace(application=SimpleNamespace(handlers={0: handlers}))
    await leave.redispatch(None, context, skip="bookings")  # type: ignore[arg-type]
    assert ran == ["stations", "answered"]
