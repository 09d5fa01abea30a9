"""A language switch in the middle of a staff notice keeps the draft and shows the same step
again in the new language (sandbox walk: /broadcast …, 本站农户, then "English please" left the
preview in Chinese, and /language dropped the draft: 「通知还没发（草稿已放弃）」)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.i18n import t
from bot.models.broadcasts import Broadcast
from bot.sandbox.harness import Harness
from tests.e2e.test_broadcasts_e2e import FARMERS_A, county

pytestmark = pytest.mark.e2e
__all__ = ["county"]

NOTICE = "化肥到货了，需要的来站里领"


async def _sent() -> list[str]:
    async with session_scope() as session:
        return list(await session.scalars(select(Broadcast.text)))


async def test_english_please_at_the_preview_keeps_the_notice(
    harness: Harness, county: dict[str, int]
) -> None:
    staff = harness.user(20001, "李站长")
    await staff.send(f"/broadcast {NOTICE}")
    preview = await staff.press(t("zh", "broadcasts.audience.station"))
    assert (preview.last.text or "").startswith("👀 预览：将发给 3 位农户")
    switched = await staff.send("English please")
    assert switched.texts[0] == t("en", "language.switched")
    assert t("en", "language.menu_redrawn") in switched.texts
    again = switched.last
    assert (again.text or "").startswith("👀 Preview: it goes to 3 farmers"), switched.texts
    assert NOTICE in (again.text or "")
    assert t("en", "broadcasts.send_now") in again.buttons
    assert not any("草稿已放弃" in text or "draft dropped" in text for text in switched.texts)
    # The draft goes on: sent from the English preview.
    done = await staff.press(t("en", "broadcasts.send_now"))
    assert (done.last.text or "").startswith("✅ Notice sent to 3 farmers")
    assert await _sent() == [NOTICE]
    for tid in FARMERS_A:
        assert NOTICE in (harness.user(tid, "").last.text or "")


async def test_language_command_at_the_audience_question_keeps_the_notice(
    harness: Harness, county: dict[str, int]
) -> None:
    """In English, /language at "Who should get it?" and 中文 pressed: the question again in
    Chinese, the notice kept (/language dropped it)."""
    staff = harness.user(20001, "李站长")
    await staff.send("English please")
    asked = await staff.send(f"/broadcast {NOTICE}")
    assert asked.last.text == t("en", "broadcasts.ask_audience")
    offered = await staff.send("/language")
    assert offered.texts == [t("zh", "language.choose")], offered.texts
    chosen = await staff.press("中文")
    assert chosen.edited[0].text == t("zh", "language.changed")
    assert chosen.last.text == t("zh", "broadcasts.ask_audience")
    assert t("zh", "broadcasts.audience.station") in chosen.last.buttons
    preview = await staff.press(t("zh", "broadcasts.audience.station"))
    assert (preview.last.text or "").startswith("👀 预览：将发给 3 位农户")
    assert NOTICE in (preview.last.text or "")
    done = await staff.press(t("zh", "broadcasts.send_now"))
    assert (done.last.text or "").startswith("✅ 通知已发出，共 3 位农户。")
    assert await _sent() == [NOTICE]


async def test_english_please_at_the_text_step_is_no_notice(
    harness: Harness, county: dict[str, int]
) -> None:
    """Where the notice is asked, "English please" asks for it again in English (it was taken
    for the notice's text)."""
    staff = harness.user(20001, "李站长")
    await staff.send("/broadcast")
    switched = await staff.send("English please")
    assert switched.last.text == t("en", "broadcasts.ask_text")
    nxt = await staff.send(NOTICE)
    assert nxt.last.text == t("en", "broadcasts.ask_audience")
