"""A draft staff saved in the chat (📚), decided at a terminal (`farmhub kb drafts`): the staff
member is told in the chat in their language, and an approved entry answers farmers at once."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.config import Settings
from bot.core.db import session_scope
from bot.core.i18n import t
from bot.sandbox.harness import Harness
from bot.users import Visitor, touch
from handlers.ask_search import refresh_job
from knowledge.kb.repository import upsert_entries
from knowledge.kb.search import engine
from tests.e2e.questions_util import farmer_and_staff, speaks
from tests.e2e.test_broadcasts_e2e import cli
from tests.e2e.test_review_similar_e2e import OTHERS

pytestmark = pytest.mark.e2e

ASKED = "草莓大棚里蜜蜂不出箱怎么回事"
REPLY = "可能是棚里温度太高或者打过药，先通风降温，一周内别打药。"


async def terminal(settings: Settings, *args: str) -> tuple[int, str, str]:
    """`farmhub ARGS` typed at a terminal: its own process, while the bot keeps running."""
    return await asyncio.to_thread(cli, settings, *args)


async def told(harness: Harness, seen: int) -> str:
    """The staff member's next message: pushed by the running bot's outbox sender, which
    polls the outbox every second (the command line only queues it)."""
    staff = harness.user(20001, "李站长")
    for _ in range(300):
        if len(staff.messages) > seen:
            break
        await asyncio.sleep(0.02)
    await harness.delivered()
    return staff.last.text or ""


async def _saved(harness: Harness, lang: str) -> None:
    """The farmer's question forwarded, answered and saved (📚) by staff speaking `lang`."""
    async with session_scope() as session:
        await upsert_entries(session, OTHERS, engine(), by="test")
        await farmer_and_staff(session)
        await touch(session, Visitor(30001, "县管理员"), admin_ids=[30001])
    await speaks(lang, 20001)
    farmer, staff = harness.user(10001, "张大爷"), harness.user(20001, "李站长")
    await farmer.send(ASKED)
    await farmer.press(t("zh", "kb.ask_station_button"))
    item = (await staff.send("/questions")).last
    await staff.press(item.buttons[0], message=item)
    sent = (await staff.send(REPLY)).last
    saved = await staff.press(t(lang, "questions.save_button"), message=sent)
    assert saved.last.text == t(lang, "review.proposed")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_rejected_at_the_terminal_the_staff_member_is_told_why(
    harness: Harness,
    settings: Settings,
    lang: str,
) -> None:
    await _saved(harness, lang)
    code, out, err = await terminal(settings, "kb", "drafts")
    assert code == 0, err
    assert f"\t{ASKED}\t" in out and "\t李站长 (20001)\t" in out
    number, entry_id = out.split("\t")[0].lstrip("#"), out.split("\t")[2]
    seen = len(harness.user(20001, "李站长").messages)
    code, _, err = await terminal(
        settings, "kb", "drafts", "reject", number, "--reason", "请写清楚棚温多少"
    )
    assert code == 0, err
    assert await told(harness, seen) == t(
        lang,
        "review.told_rejected_reason",
        question=ASKED,
        entry_id=entry_id,
        reason="请写清楚棚温多少",
    )
    # Nothing waits in the chat's /review any more.
    admin = harness.user(30001, "县管理员")
    assert (await admin.send("/review")).last.text == t("zh", "review.empty")


async def test_approved_at_the_terminal_it_answers_the_next_farmer(
    harness: Harness, settings: Settings
) -> None:
    await _saved(harness, "zh")
    _, out, _ = await terminal(settings, "kb", "drafts")
    number = out.split("\t")[0].lstrip("#")
    seen = len(harness.user(20001, "李站长").messages)
    code, out, err = await terminal(
        settings, "kb", "drafts", "approve", number, "--question", "大棚里蜜蜂不出箱怎么办"
    )
    assert code == 0, err
    assert (await told(harness, seen)).startswith("✅ 您提交的知识条目「大棚里蜜蜂不出箱怎么办」")
    # The running bot picks entries other processes changed up every minute (kb_refresh).
    await refresh_job(None)  # type: ignore[arg-type]
    other = harness.user(10011, "刘大姐")
    answer = (await other.send("大棚里蜜蜂不出箱怎么办")).last.text or ""
    assert answer.startswith("📖 大棚里蜜蜂不出箱怎么办\n" + REPLY), answer
