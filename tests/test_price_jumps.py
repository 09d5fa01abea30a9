"""A price that doubles or halves since the one it follows is a warning (bot/markets/jumps.py):
the chat preview lists it with old → new and asks for 「⚠️ 照样导入」, the command line for
--force; the preview names every changed record old → new (prices and stations)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.admindata import uploads
from bot.markets.jumps import is_jump
from bot.stations.file_checks import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from handlers.render import admin_data as view
from tests.test_admindata import ADMIN, TODAY, price_file, prices, seeded
from tests.test_import_safety import cli

YESTERDAY = TODAY - timedelta(days=1)
# 土豆 at 新发地 is 1.20 元/斤 every day (tests/markets_util.seed_markets).
SLIP = f"{TODAY},土豆,新发地,11.5,元/斤"  # an extra digit: within 10× of the median


def test_double_or_half_is_a_jump_half_again_is_not() -> None:
    assert is_jump(1.2, 2.4) and is_jump(1.2, 0.6) and is_jump(7.8, 78)
    assert not is_jump(1.2, 1.8) and not is_jump(1.2, 0.7)  # a real week's swing


async def test_an_extra_digit_is_a_warning_with_old_and_new(db: str) -> None:
    await seeded()
    preview = await uploads.receive(
        ADMIN, "p.csv", price_file(f"{TODAY},西红柿,新发地,2.6,元/斤", SLIP), TODAY
    )
    assert preview.applicable  # a warning, not a problem
    [warning] = preview.result.warnings
    assert (warning.row, warning.column) == (3, "price")
    assert (
        warning.text("zh") == "第 3 行，price 列：土豆 新发地：1.20 → 11.50 元/斤（9.6倍），请核对"
    )
    assert "1.20 → 11.50 元/斤 (9.6×), please check" in warning.text("en")
    for lang, anyway in (("zh", "⚠️ 照样导入"), ("en", "⚠️ Import anyway")):
        text = view.preview_text(lang, preview)
        assert warning.text(lang) in text
        keyboard = view.preview_keyboard(lang, preview)
        assert keyboard is not None
        buttons = [b.text for row in keyboard.inline_keyboard for b in row]
        assert anyway in buttons and view.t(lang, "admindata.apply") not in buttons


async def test_plain_apply_refuses_the_warnings_anyway_imports(db: str) -> None:
    await seeded()
    before = await prices()
    preview = await uploads.receive(ADMIN, "p.csv", price_file(SLIP), TODAY)
    refused = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert refused is not None and refused.apply_id is None
    assert await prices() == before
    assert "⚠️ 照样导入" in view.applied_text("zh", refused)
    preview = await uploads.receive(ADMIN, "p.csv", price_file(SLIP), TODAY)
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY, anyway=True)
    assert applied is not None and applied.apply_id is not None
    assert await prices() != before


async def test_halved_and_against_an_earlier_row_or_the_median(db: str) -> None:
    await seeded()
    rows = (
        f"{TODAY},土豆,新发地,0.6,元/斤",  # 斤 for 公斤 the other way: half
        f"{YESTERDAY},西红柿,新疆九鼎,3,元/斤",  # a market with no tomato yet: the median
        f"{TODAY},西红柿,新疆九鼎,9,元/斤",  # the file's own yesterday: 3.00 → 9.00
    )
    preview = await uploads.receive(ADMIN, "p.csv", price_file(*rows), TODAY)
    said = [w.text("zh") for w in preview.result.warnings]
    assert any("土豆 新发地：1.20 → 0.60 元/斤（0.5倍）" in s for s in said)
    assert any("西红柿 新疆九鼎：3.00 → 9.00 元/斤（3倍）" in s for s in said)
    assert len(said) == 2, said  # 3 元/斤 is near the tomato median


async def test_a_real_swing_previews_as_before(db: str) -> None:
    await seeded()
    preview = await uploads.receive(
        ADMIN, "p.csv", price_file(f"{TODAY},土豆,新发地,1.7,元/斤"), TODAY
    )
    assert preview.result.warnings == []
    keyboard = view.preview_keyboard("zh", preview)
    assert keyboard is not None and keyboard.inline_keyboard[0][0].text == "✅ 确认导入"


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_preview_says_each_changed_price_old_to_new(db: str, lang: str) -> None:
    await seeded()
    rows = [f"{TODAY - timedelta(days=d)},土豆,新发地,1.3,元/斤" for d in range(20)]
    preview = await uploads.receive(ADMIN, "p.csv", price_file(*rows), TODAY)
    text = view.preview_text(lang, preview)
    row = "第2行 " if lang == "zh" else "row 2 "
    assert f"{row}{TODAY} 土豆 新发地" in text and "price 1.20 → 1.30" in text
    more = "另有 5 条修改" if lang == "zh" else "and 5 more changed"
    assert more in text


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_stations_preview_names_the_station_and_its_changes(db: str, lang: str) -> None:
    await seeded()
    header = ",".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    first = "S1,甲站,36.88,118.74,寿光市某路1号,0536-5000001,08:00-18:00,5,蔬菜,postal,no,东村"
    preview = await uploads.receive(ADMIN, "s.csv", f"{header}\n{first}\n".encode(), TODAY)
    assert await uploads.apply(ADMIN, preview.upload_id or 0, TODAY) is not None
    second = first.replace("0536-5000001", "0536-5000002").replace("08:00-18:00", "07:00-18:00")
    preview = await uploads.receive(ADMIN, "s.csv", f"{header}\n{second}\n".encode(), TODAY)
    assert preview.result.updated == 1
    text = view.preview_text(lang, preview)
    assert "S1 甲站" in text
    assert "phone 0536-5000001 → 0536-5000002" in text
    assert "open_from 08:00 → 07:00" in text


async def test_the_command_line_prints_the_warnings_and_needs_force(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await seeded()
    before = await prices()
    path = tmp_path / "prices.csv"
    path.write_bytes(price_file(SLIP))
    code, _, err = await cli(db, monkeypatch, capsys, "prices", "import", str(path))
    assert code == 1 and await prices() == before
    assert "row 2, column price: 土豆 新发地: 1.20 → 11.50 元/斤 (9.6×), please check" in err
    assert "--force" in err
    code, out, _ = await cli(db, monkeypatch, capsys, "prices", "import", str(path), "--dry-run")
    assert code == 0 and "warning: row 2, column price" in out
    code, out, err = await cli(db, monkeypatch, capsys, "prices", "import", str(path), "--force")
    assert code == 0, err
    assert "warning: row 2, column price" in out and await prices() != before
