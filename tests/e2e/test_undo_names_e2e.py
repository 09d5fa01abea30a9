"""/undo names an import as the admin knows it, and sends a command-line import's undo to the
command line (blind test, 施甸: 「不能撤销 price-by-hand-coffee-施甸县甸阳农贸市场.csv：之后又
导入过价格，请先撤销那一次。」)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.core.config import Settings
from bot.core.i18n import day_label
from bot.sandbox.harness import Harness
from tests.e2e.test_admin_data_e2e import HEADER, county, today_of
from tests.e2e.test_broadcasts_e2e import cli

pytestmark = pytest.mark.e2e

__all__ = ["county"]
ADMIN = 30001


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_undo_behind_a_command_line_import_names_both_and_says_where(
    county: Harness, settings: Settings, tmp_path: Path, lang: str
) -> None:
    admin = county.user(ADMIN, "县管理员")
    if lang == "en":
        await admin.send("/language")
        await admin.press("English")
    await admin.send("/price 西红柿 新发地 3.5")
    await admin.press({"zh": "✅ 确认保存", "en": "✅ Save"}[lang])
    day = today_of(county)
    path = tmp_path / "十二月价格.csv"
    path.write_text(HEADER + f"{day},土豆,新发地,1.3,元/斤\n", encoding="utf-8")
    code, _, err = await asyncio.to_thread(cli, settings, "prices", "import", str(path))
    assert code == 0, err
    said = (await admin.send("/undo")).last.text or ""
    assert "price-by-hand" not in said and "by-hand" not in said
    if lang == "zh":
        assert said.startswith("不能撤销「在聊天里录入的价格：西红柿 · ")
        assert (
            f" · {day_label('zh', day)}」：之后又在命令行导入过价格（「十二月价格.csv」）" in said
        )
        assert said.endswith("请先在命令行运行 farmhub imports undo 撤销那一次。")
    else:
        assert said.startswith("Cannot undo “the price typed in chat: tomato · ")
        assert (
            f" · {day_label('en', day)}”: prices were imported again from the command line" in said
        )
        assert said.endswith("run farmhub imports undo there first.")
    # Undone there, /undo takes the typed price back.
    code, _, err = await asyncio.to_thread(cli, settings, "imports", "undo")
    assert code == 0, err
    undone = (await admin.send("/undo")).last.text or ""
    assert undone.startswith({"zh": "↩️ 已撤销刚才保存的价格", "en": "↩️ The price just saved"}[lang])
