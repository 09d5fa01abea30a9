"""/undo names an import as the admin knows it (blind test, 施甸): it said 「不能撤销
price-by-hand-coffee-施甸县甸阳农贸市场.csv：之后又导入过价格，请先撤销那一次。」, an internal
file name with English inside Chinese, and did not say the later import was the command
line's (undone there with `farmhub imports undo`, never by /undo)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.admindata import entries as single
from bot.admindata import uploads
from bot.core.db import session_scope
from bot.core.i18n import day_label
from bot.users import Visitor, touch
from handlers.render import admin_data as admin_view
from tests.test_admindata import ADMIN, TODAY, price_file, seeded
from tests.test_import_safety import cli

TZ = ZoneInfo("Asia/Shanghai")
OTHER = 30002


async def _typed_price() -> None:
    preview = await single.stage_price(ADMIN, "西红柿", "新发地", "3.5", None, TODAY, TODAY)
    assert await uploads.apply(ADMIN, preview.upload_id or 0, TODAY) is not None


async def test_a_later_import_by_another_admin_is_named_with_who_undoes_it(db: str) -> None:
    await seeded()
    async with session_scope() as session:
        await touch(session, Visitor(OTHER, "李管理员"))
    await _typed_price()
    other = await uploads.receive(
        OTHER, "十二月价格.csv", price_file(f"{TODAY},土豆,新发地,1.3,元/斤"), TODAY
    )
    await uploads.apply(OTHER, other.upload_id or 0, TODAY)
    undone = await uploads.undo(ADMIN)
    assert undone.status == "later" and undone.later is not None and undone.applied_at
    assert (undone.later.by_cli, undone.later.by_name) == (False, "李管理员")
    day = day_label("zh", undone.applied_at.astimezone(TZ).date())
    zh = admin_view.undone_text("zh", undone, TZ)
    assert zh.startswith("不能撤销「在聊天里录入的价格：西红柿 · ")
    assert (
        f" · {day}」：之后李管理员又导入过价格（「十二月价格.csv」），要先由李管理员发 /undo" in zh
    )
    assert "price-by-hand" not in zh and ".csv」：" not in zh
    en = admin_view.undone_text("en", undone, TZ)
    assert en.startswith("Cannot undo “the price typed in chat: tomato · ")
    assert "李管理员 has to undo that one first with /undo" in en and "by-hand" not in en


async def test_a_later_command_line_import_says_to_undo_it_there(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await seeded()
    await _typed_price()
    path = tmp_path / "prices2.csv"
    path.write_bytes(price_file(f"{TODAY},土豆,新发地,1.3,元/斤"))
    assert (await cli(db, monkeypatch, capsys, "prices", "import", str(path)))[0] == 0
    undone = await uploads.undo(ADMIN)
    assert undone.later is not None and undone.later.by_cli
    zh = admin_view.undone_text("zh", undone, TZ)
    assert (
        "之后又在命令行导入过价格（「prices2.csv」），请先在命令行运行 farmhub imports undo" in zh
    )
    en = admin_view.undone_text("en", undone, TZ)
    assert "from the command line after it (“prices2.csv”); run farmhub imports undo there" in en
    # Undone there, the typed price can be undone in the chat.
    assert (await cli(db, monkeypatch, capsys, "imports", "undo"))[0] == 0
    assert (await uploads.undo(ADMIN)).status == "undone"
