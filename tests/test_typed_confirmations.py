"""A typed yes / no at staff's and admins' ✅ / ✖️ questions (handlers/pending's `Question`):
提前收货？, 撤回这条通知？, /grant's and /kb add's preview; Cantonese yes / no words."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.models.users import Role
from handlers import admin_data, pending, roles
from handlers.bookings import weighing
from handlers.broadcasts import manage
from handlers.render import admin_data as admin_data_view
from handlers.render import bookings as bookings_view
from handlers.render import broadcasts as broadcasts_view
from handlers.render import roles as roles_view
from knowledge.text.yesno import says_no, says_yes

QUESTIONS = (weighing.EARLY, manage.WITHDRAW, roles.GRANT, admin_data.APPLY)


@pytest.mark.parametrize(
    "said", ["係呀", "係", "得", "得啦", "冇问题", "冇問題", "好呀", "係呀，確認"]
)
def test_cantonese_yes(said: str) -> None:
    assert says_yes(said) and not says_no(said)


@pytest.mark.parametrize("said", ["唔係", "唔得", "唔要", "唔使", "唔使喇"])
def test_cantonese_no(said: str) -> None:
    assert says_no(said) and not says_yes(said)


# 得了 is Mandarin's "come off it"; 係咪 / 係唔係 ask; 得 / 系 inside other words say nothing.
@pytest.mark.parametrize("said", ["得了", "得了吧", "係咪", "係唔係", "得几多钱", "系统", "得病了"])
def test_cantonese_words_that_are_no_answer(said: str) -> None:
    assert not says_yes(said) and not says_no(said)


# The closing reason 不收了 (handlers/bookings/slots.py) stays a reason, not a no.
def test_a_closing_reason_is_no_no() -> None:
    assert not says_no("不收了") and not says_yes("收了")


def test_each_question_has_its_own_key() -> None:
    keys = [q.key for q in QUESTIONS]
    assert len(set(keys)) == len(keys) and set(keys) <= set(pending.QUESTIONS)


def _typed(text: str, asked: dict[str, Any]) -> tuple[Any, Any]:
    message = SimpleNamespace(text=text, reply_text=None)
    update = SimpleNamespace(update_id=2, effective_message=message, callback_query=None)
    return update, SimpleNamespace(user_data=dict(asked))


async def test_the_handler_takes_yes_and_no_to_their_answers() -> None:
    said: list[tuple[str, str]] = []

    async def yes(update: Any, context: Any, data: str) -> None:
        said.append(("yes", data))

    async def no(update: Any, context: Any, data: str) -> None:
        said.append(("no", data))

    question = pending.Question(pending.QUESTIONS[5], yes, no)
    for text, answer in (
        ("对", "yes"),
        ("yes", "yes"),
        ("係呀", "yes"),
        ("不", "no"),
        ("no", "no"),
    ):
        update, context = _typed(text, {question.key: "d:1", pending.ASKED_IN: 1})
        await question.handler(update, context)
        assert said[-1] == (answer, "d:1")
        assert context.user_data == {}  # answered: closed
    # No question open (or another's value): nothing done.
    update, context = _typed("对", {question.key: 7})
    await question.handler(update, context)
    assert len(said) == 5


@pytest.fixture
def acted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """What each confirmation's work was asked to do, in place of doing it."""
    done: list[tuple[Any, ...]] = []
    admin = SimpleNamespace(telegram_id=30001, language="zh", role=Role.admin, station_id=None)

    async def visitor(update: Any, context: Any) -> Any:
        return admin

    async def allowed(*args: Any, **kwargs: Any) -> bool:
        return True

    async def collect(update: Any, context: Any, booking_id: int, kg: float, **kw: Any) -> int:
        done.append(("collect", booking_id, kg, kw))
        return 0

    async def said(update: Any, text: str, **kwargs: Any) -> None:
        done.append(("said", text))

    async def grant(update: Any, context: Any, user: Any, button: Any, asked: Any) -> None:
        done.append(("grant", button))

    async def kept(user: Any, target: int, asked: Any) -> None:
        done.append(("kept", target))

    async def own(update: Any, context: Any, broadcast_id: int) -> Any:
        done.append(("withdraw", broadcast_id))
        return None

    async def apply(user_id: int, upload_id: int, *args: Any, **kwargs: Any) -> None:
        done.append(("apply", upload_id))

    async def cancel(user_id: int, upload_id: int) -> bool:
        done.append(("drop", upload_id))
        return False

    async def gone(*args: Any) -> str:
        return "gone"

    for module in (weighing, roles, admin_data, manage):
        monkeypatch.setattr(module, "register_visitor", visitor)
    for module in (roles, admin_data):
        monkeypatch.setattr(module, "require", allowed)
    monkeypatch.setattr(admin_data, "settings_of", lambda context: SimpleNamespace(tz=None))
    monkeypatch.setattr(admin_data, "local_today", lambda tz: None)
    monkeypatch.setattr(weighing, "_collect", collect)
    monkeypatch.setattr(weighing, "show_reply", said)
    monkeypatch.setattr(roles, "_grant", grant)
    monkeypatch.setattr(roles, "_kept", kept)
    monkeypatch.setattr(manage, "_own_broadcast", own)
    monkeypatch.setattr(manage, "say", said)
    monkeypatch.setattr(admin_data.uploads, "apply", apply)
    monkeypatch.setattr(admin_data.uploads, "cancel", cancel)
    monkeypatch.setattr(admin_data, "_gone", gone)
    monkeypatch.setattr(admin_data, "_say", said)
    return done


async def test_a_typed_yes_collects_early_as_its_button(acted: list[tuple[Any, ...]]) -> None:
    data = bookings_view.CollectEarly(41, 5000).encode()
    await weighing.EARLY.handler(*_typed("对", {weighing.EARLY.key: data}))
    assert acted == [("collect", 41, 500.0, {"early": True})]


async def test_a_typed_yes_withdraws_the_notice_as_its_button(
    acted: list[tuple[Any, ...]],
) -> None:
    data = broadcasts_view.CancelBroadcast(7).encode()
    await manage.WITHDRAW.handler(*_typed("确认", {manage.WITHDRAW.key: data}))
    assert acted == [("withdraw", 7)]
    await manage.WITHDRAW.handler(*_typed("no", {manage.WITHDRAW.key: data}))
    assert acted[-1] == ("said", "好的，通知 #7 不撤回，到时照常发出。")


async def test_a_typed_yes_or_no_answers_the_grant(acted: list[tuple[Any, ...]]) -> None:
    data = roles_view.GrantYes("10005", "staff", 3).encode()
    await roles.GRANT.handler(*_typed("好的", {roles.GRANT.key: data}))
    assert acted == [("grant", roles_view.GrantYes("10005", "staff", 3))]
    await roles.GRANT.handler(*_typed("唔使", {roles.GRANT.key: data}))
    assert acted[-1] == ("kept", 10005)
    # Forged data (no such role): nothing.
    forged = roles_view.GrantYes("10005", "king", 3).encode()
    await roles.GRANT.handler(*_typed("对", {roles.GRANT.key: forged}))
    assert len(acted) == 2


async def test_a_typed_yes_or_no_answers_the_kb_preview(acted: list[tuple[Any, ...]]) -> None:
    data = admin_data_view.ApplyUpload(12).encode()
    await admin_data.APPLY.handler(*_typed("yes", {admin_data.APPLY.key: data}))
    await admin_data.APPLY.handler(*_typed("不", {admin_data.APPLY.key: data}))
    assert acted == [("apply", 12), ("said", "gone"), ("drop", 12), ("said", "gone")]


def test_the_preview_s_plain_yes_only() -> None:
    def keyboard(*buttons: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(str(i), callback_data=b) for i, b in enumerate(buttons)]]
        )

    cancel = admin_data_view.CancelUpload(12).encode()
    plain = admin_data_view.ApplyUpload(12).encode()
    assert admin_data_view.apply_data(keyboard(plain, cancel)) == plain
    # A new market is made only on purpose, never by a typed 对.
    market = admin_data_view.ApplyUpload(12, new_markets=1).encode()
    assert admin_data_view.apply_data(keyboard(market, cancel)) is None
    assert admin_data_view.apply_data(None) is None
