"""Withdrawing a notice by the number /broadcasts shows (tester: with #1 sent and #2
cancelled, 撤回1号通知 answered 「通知 #2 … 已经取消过了」). The number is the notice's; a
count (撤回第一条) is the /broadcasts list's, newest first, and which one it took is said."""

from __future__ import annotations

import pytest

from bot.broadcasts import service as broadcasts
from bot.core.db import session_scope
from bot.models.broadcasts import BroadcastStatus
from bot.sandbox.client import Replies
from bot.sandbox.harness import Harness, SandboxUser
from tests.e2e.county import load_county
from tests.e2e.test_staff_words_e2e import _english, _notices, _status

pytestmark = pytest.mark.e2e


async def _sent_and_cancelled(harness: Harness) -> tuple[SandboxUser, int, int]:
    """#1 sent, #2 cancelled: as the tester had them."""
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    first, second = await _notices(2)
    async with session_scope() as session:
        await broadcasts.start(session, first)
        await broadcasts.cancel(session, second, 20001)
    return staff, first, second


def _about(replies: Replies, number: int) -> str:
    """The reply about notice #number (its report, sent to nobody, may come in between)."""
    texts = [m.text or "" for m in replies]
    found = [x for x in texts if f"#{number}" in x and not x.startswith("📊")]
    assert found, [m.text for m in replies]
    return found[-1]


@pytest.mark.parametrize(
    "said", ["撤回1号通知", "撤回 #1", "撤回#1", "取消1号通知", "撤回一号通知"]
)
async def test_a_notice_said_by_its_number_is_that_one(harness: Harness, said: str) -> None:
    staff, first, second = await _sent_and_cancelled(harness)
    assert (first, second) == (1, 2)
    reply = _about(await staff.send(said), first)
    assert reply.startswith("通知 #1「第1条通知：明天停水」已经发出") and "收不回来" in reply
    assert "#2" not in reply and "按 /broadcasts" not in reply


@pytest.mark.parametrize("said", ["withdraw notice 1", "cancel #1", "withdraw #1"])
async def test_a_notice_said_by_its_number_in_english(harness: Harness, said: str) -> None:
    staff, first, _ = await _sent_and_cancelled(harness)
    await _english(20001)
    reply = _about(await staff.send(said), first)
    assert reply.startswith('Notice #1 "第1条通知：明天停水" has already gone out')


async def test_a_scheduled_notice_by_its_number_asks_to_confirm(harness: Harness) -> None:
    await load_county(harness)
    staff = harness.user(20001, "李站长")
    await staff.send("/start")
    first, second = await _notices(2)
    asked = await staff.send("撤回1号通知")
    assert (asked.last.text or "").startswith("要撤回这条通知吗？\n#1 ")
    assert asked.last.buttons == [f"❌ 取消 #{first}"]
    await staff.press(f"❌ 取消 #{first}", message=asked.last)
    assert await _status(first) is BroadcastStatus.cancelled
    assert await _status(second) is BroadcastStatus.scheduled
    # A number the station has no notice of: said, nothing taken instead.
    none = await staff.send("撤回 #9")
    assert none.last.text == "您的服务站没有 #9 号通知。发 /broadcasts 看编号。"


async def test_a_count_is_the_list_s_and_says_which_it_took(harness: Harness) -> None:
    staff, _, second = await _sent_and_cancelled(harness)
    shown = [m.text or "" for m in await staff.send("/broadcasts")]
    (listed,) = [x for x in shown if not x.startswith("📊")]
    assert listed.index("#2") < listed.index("#1")  # newest first, as counted
    reply = _about(await staff.send("撤回第一条"), second)
    assert reply.startswith(f"按 /broadcasts 列表从上往下数，第 1 条是 #{second}。")
    assert f"通知 #{second}「第2条通知：明天停水」已经取消过了" in reply
    await _english(20001)
    reply = (await staff.send("withdraw the first notice")).last.text or ""
    assert reply.startswith(
        f"Number 1 in the /broadcasts list, counting from the top, is #{second}."
    )
