"""/start, /help and /language as conversations, through HTTP and the real PTB stack."""

from __future__ import annotations

import pytest

from bot.db import session_scope
from bot.i18n import t
from bot.models.users import Role
from bot.sandbox.harness import Harness
from bot.users import get_user

pytestmark = pytest.mark.e2e

MENU_ZH = ["💰 查价格", "📦 卖货/收购", "🚚 预约收货", "🔔 价格提醒", "❓ 问问题"]


async def test_start_registers_and_greets_with_menu(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send("/start")
    assert len(replies) == 1
    assert replies.last.text.startswith("张大爷您好")
    assert "西红柿多少钱一斤" in replies.last.text
    assert farmer.keyboard == MENU_ZH
    async with session_scope() as session:
        user = await get_user(session, 10001)
    assert user is not None and user.role is Role.farmer and user.language == "zh"


async def test_configured_admin_becomes_admin(harness: Harness) -> None:
    admin = harness.user(30001, "王管理员")
    await admin.send("/start")
    async with session_scope() as session:
        user = await get_user(session, 30001)
    assert user is not None and user.role is Role.admin


async def test_help_lists_examples(harness: Harness) -> None:
    farmer = harness.user(10001, "张大爷")
    replies = await farmer.send("/help")
    assert replies.texts == [t("zh", "help.text")]
