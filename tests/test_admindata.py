"""Uploads from the chat, on both databases: preview changes nothing, apply keeps what it
changed, /undo restores it exactly and sends no alert again (one not gone yet is withdrawn);
hostile files change nothing."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.admindata import entries as single
from bot.admindata import exports, previews, uploads
from bot.admindata.kinds import recognise
from bot.alerts.model import AlertSpec
from bot.alerts.service import subscribe
from bot.audit import entries
from bot.core.db import session_scope
from bot.imports import read_table
from bot.models import (
    AlertSubscription,
    DataUpload,
    DemandListing,
    KbEntry,
    KbPhrasing,
    Market,
    MarketPrice,
    OutboxMessage,
    Product,
    Station,
    UploadStatus,
)
from bot.models.alerts import AlertKind
from bot.stations.file_checks import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from bot.users import Visitor, touch
from handlers.render import admin_data as admin_view
from knowledge.kb import phrasings
from knowledge.kb.search import engine
from tests.markets_util import seed_markets
from tests.test_import_safety import cli

ADMIN = 30001
TODAY = date(2026, 6, 10)
PRICE_HEADER = "date,product,market,price,unit\n"


async def count(model: Any) -> int:
    async with session_scope() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def prices() -> dict[tuple[int, int, date], tuple[float, str | None]]:
    async with session_scope() as session:
        rows = await session.scalars(select(MarketPrice))
        return {(r.product_id, r.market_id, r.day): (r.avg, r.source) for r in rows}


async def seeded() -> None:
    async with session_scope() as session:
        await seed_markets(session, TODAY)
        await touch(session, Visitor(10001, "张大爷"))
        await touch(session, Visitor(ADMIN, "管理员"))
    async with session_scope() as session:
        await subscribe(session, 10001, AlertSpec("西红柿", AlertKind.above, 3.0, None, "新发地"))


def price_file(*rows: str) -> bytes:
    return (PRICE_HEADER + "".join(r + "\n" for r in rows)).encode()


def test_kind_recognised_from_the_header() -> None:
    assert recognise(["date", "product", "market", "price", "unit"]) == "prices"
    assert recognise(["id", "question", "answer", "alt_questions", "tags", "category"]) == "kb"
    assert recognise(["telegram_id", "product", "market", "kind", "value"]) == "alerts"
    assert recognise(["date", "product", "what"]) is None
    # Only known columns, most of a kind's: that kind (the import names what is missing).
    assert recognise(["id", "question", "answer", "category"]) == "kb"
    # A county admin's own base: no phrasings, no category (only these three are required).
    assert recognise(["id", "question", "answer"]) == "kb"
    assert recognise(["id", "question", "answer", "tags"]) == "kb"
    assert recognise(["date", "product", "market", "price"]) == "prices"
    assert recognise(["日期", "产品", "市场", "价格", "单位"]) is None


async def test_preview_apply_undo_prices_alerts_once(db: str) -> None:
    await seeded()
    before = await prices()
    data = price_file(
        f"{TODAY},西红柿,新发地,3.2,元/斤",  # changes today's price: crosses 3.00
        f"{TODAY},西红柿,江桥,5.0,元/公斤",  # changed
        f"{TODAY},土豆,新发地,1.2,元/斤",  # unchanged: the stored low and high stay
        f"{TODAY},茄子,新发地,2.0,元/斤",  # new
    )
    preview = await uploads.receive(ADMIN, "prices.csv", data, TODAY)
    assert preview.kind == "prices" and preview.applicable and preview.rows == 4
    assert (preview.result.added, preview.result.updated, preview.result.unchanged) == (1, 2, 1)
    # The preview changed nothing and queued nothing.
    assert await prices() == before and await count(OutboxMessage) == 0
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and applied.apply_id is not None
    assert (applied.result.added, applied.result.updated) == (1, 2)
    assert await count(OutboxMessage) == 1  # the alert, queued with the commit
    assert await prices() != before
    # A second confirmation of the same upload does nothing.
    assert await uploads.apply(ADMIN, preview.upload_id or 0, TODAY) is None
    undone = await uploads.undo(ADMIN)
    assert undone.status == "undone" and undone.kind == "prices"
    assert await prices() == before
    # Nothing is sent again, and the alert not gone out yet is withdrawn with its price.
    assert await count(OutboxMessage) == 0
    assert undone.alerts is not None and (undone.alerts.withdrawn, undone.alerts.gone) == (1, 0)
    assert (await uploads.undo(ADMIN)).status == "nothing"
    async with session_scope() as session:
        actions = [line.action for line in await entries(session)]
        upload = await session.get(DataUpload, preview.upload_id)
    assert actions[:2] == ["data.undo", "data.apply"]
    assert upload is not None and upload.status is UploadStatus.applied and upload.data == b""


async def test_undo_restores_removed_sample_prices_and_new_markets(db: str) -> None:
    await seeded()
    async with session_scope() as session:
        first = await session.scalar(select(MarketPrice).limit(1))
        assert first is not None
        first.source = "sample"
    before = await prices()
    markets = await count(Market)
    data = price_file(f"{TODAY},西红柿,新市场,3.0,元/斤")
    preview = await uploads.receive(ADMIN, "p.csv", data, TODAY)
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and applied.result.extra["sample prices removed"] == 1
    assert await count(Market) == markets + 1
    assert (await uploads.undo(ADMIN)).status == "undone"
    assert await prices() == before and await count(Market) == markets


async def test_undo_refused_when_rows_changed_since(db: str) -> None:
    await seeded()
    data = price_file(f"{TODAY},西红柿,新发地,3.2,元/斤")
    preview = await uploads.receive(ADMIN, "p.csv", data, TODAY)
    await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    async with session_scope() as session:
        # Today's: 22 days ago 江桥's seeded 西红柿 is 3.2 元/公斤 too.
        row = await session.scalar(
            select(MarketPrice).where(MarketPrice.avg == 3.2, MarketPrice.day == TODAY)
        )
        assert row is not None
        row.avg = 3.3
    undone = await uploads.undo(ADMIN)
    assert undone.status == "conflict" and undone.conflicts
    assert await prices()  # still there, untouched by the refused undo


async def test_a_later_apply_is_undone_first(db: str) -> None:
    await seeded()
    data = price_file(f"{TODAY},西红柿,新发地,3.2,元/斤")
    preview = await uploads.receive(ADMIN, "p.csv", data, TODAY)
    await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    other = await uploads.receive(
        10002, "q.csv", price_file(f"{TODAY},土豆,新发地,1.3,元/斤"), TODAY
    )
    await uploads.apply(10002, other.upload_id or 0, TODAY)
    assert (await uploads.undo(ADMIN)).status == "later"
    assert (await uploads.undo(10002)).status == "undone"
    assert (await uploads.undo(ADMIN)).status == "undone"


async def test_bad_rows_reported_and_nothing_changed(db: str) -> None:
    await seeded()
    before = await prices()
    data = price_file(
        f"{TODAY},西红柿,新发地,abc,元/斤", f"{TODAY + timedelta(days=1)},土豆,新发地,1,元/斤"
    )
    preview = await uploads.receive(ADMIN, "bad.csv", data, TODAY)
    assert not preview.applicable
    assert [str(e) for e in preview.errors] == [
        "row 2, column price: 'abc' is not a number",
        f"row 3, column date: {TODAY + timedelta(days=1)} is in the future",
    ]
    assert await prices() == before


async def test_hostile_files_change_nothing(db: str) -> None:
    await seeded()
    before = await prices()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (201 * 1024 * 1024))
    cases = {
        "empty.csv": b"",
        "header.csv": PRICE_HEADER.encode(),
        "bomb.xlsx": bomb.getvalue(),
        "picture.csv": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "formula.csv": price_file(f"{TODAY},西红柿,新发地,=1+2,元/斤"),
    }
    problems = {}
    for name, data in cases.items():
        preview = await uploads.receive(ADMIN, name, data, TODAY)
        if preview.applicable:
            applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
            assert applied is not None
            problems[name] = [str(e) for e in applied.result.errors]
        else:
            problems[name] = [str(e) for e in preview.errors]
    assert await prices() == before
    assert problems["empty.csv"] == ["row 1, column -: the file is empty"]
    assert "unpacks to 201 MB; at most 200 MB" in problems["bomb.xlsx"][0]
    assert "PNG picture" in problems["picture.csv"][0]
    assert problems["formula.csv"] == ["row 2, column price: '=1+2' is not a number"]
    # A header only is a file with no rows: it applies as nothing (0 added).
    assert problems["header.csv"] == []


async def test_unknown_header_asks_then_previews_as_chosen(db: str) -> None:
    await seeded()
    data = "日期,product,market,price,unit\n2026-06-10,西红柿,新发地,3,元/斤\n".encode()
    preview = await uploads.receive(ADMIN, "p.csv", data, TODAY)
    assert preview.kind is None and preview.candidates[0] == "prices"
    chosen = await uploads.choose_kind(ADMIN, preview.upload_id or 0, "prices", TODAY)
    assert chosen is not None
    assert [str(e) for e in chosen.errors] == [
        "row 1, column date: required column is missing",
        "row 1, column 日期: unknown column "
        "(expected date, product, market, price, unit, low, high, province, city, lat, lon, source)",
    ]
    assert await uploads.choose_kind(10001, preview.upload_id or 0, "prices", TODAY) is None


async def test_kb_apply_and_undo_follow_the_search_index(db: str) -> None:
    header = "id,question,answer,alt_questions,tags,category\n"
    data = (header + "t1,羊拉稀怎么办,喂口服补液盐,,,livestock\n").encode()
    preview = await uploads.receive(ADMIN, "kb.csv", data, TODAY)
    assert preview.kind == "kb" and preview.result.added == 1
    assert "t1" not in engine().index.entry_ids()  # the preview left the index alone
    await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert "t1" in engine().index.entry_ids() and await count(KbEntry) == 1
    assert (await uploads.undo(ADMIN)).status == "undone"
    assert "t1" not in engine().index.entry_ids() and await count(KbEntry) == 0


async def test_exports_are_safe_and_import_back_unchanged(db: str) -> None:
    await seeded()
    header = "id,question,answer,alt_questions,tags,category\n"
    kb = (header + 't1,羊拉稀怎么办,"=HYPERLINK(""http://x"")",,,livestock\n').encode()
    preview = await uploads.receive(ADMIN, "kb.csv", kb, TODAY)
    await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    done = await exports.export("kb", ".csv", "20260610")
    assert done.file_name == "kb-20260610.csv" and done.records == 1
    assert "'=HYPERLINK" in done.data.decode()  # shown as text by a spreadsheet
    for kind in ("kb", "prices", "stations", "demand"):
        for suffix in (".xlsx", ".csv"):
            done = await exports.export(kind, suffix, "x")
            table = read_table(done.data, done.file_name)
            assert len(table.rows) == done.records
    # A price export previews as all unchanged: it imports back exactly.
    done = await exports.export("prices", ".xlsx", "x")
    preview = await uploads.receive(ADMIN, done.file_name, done.data, TODAY)
    assert preview.kind == "prices" and preview.result.unchanged == done.records > 0
    assert preview.result.added == preview.result.updated == 0
    back = await uploads.receive(
        ADMIN, "kb.xlsx", (await exports.export("kb", ".xlsx", "x")).data, TODAY
    )
    assert back.result.unchanged == 1


async def test_cli_dry_run_prints_the_preview_and_changes_nothing(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await seeded()
    before = await prices()
    path = tmp_path / "prices.csv"
    path.write_bytes(price_file(f"{TODAY},西红柿,新发地,3.2,元/斤", f"{TODAY},茄子,新发地,2,元/斤"))
    code, out, _ = await cli(db, monkeypatch, capsys, "prices", "import", str(path), "--dry-run")
    assert code == 0
    assert out.strip() == (
        f"dry run of {path}: 1 added, 1 updated, 0 unchanged, 0 markets added, "
        "0 markets updated; nothing was changed"
    )
    assert await prices() == before and await count(OutboxMessage) == 0
    code, out, _ = await cli(db, monkeypatch, capsys, "prices", "export", str(tmp_path / "p.xlsx"))
    assert code == 0 and out.startswith(f"exported {len(before)} prices to ")


async def test_kb_delete_is_undone_with_its_phrasings(db: str) -> None:
    header = "id,question,answer,alt_questions,tags,category\n"
    data = (header + "t1,羊拉稀怎么办,喂口服补液盐,,,livestock\n").encode()
    preview = await uploads.receive(ADMIN, "kb.csv", data, TODAY)
    await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    async with session_scope() as session:
        await phrasings.propose_phrasing(session, "t1", "羊屙稀咋整", "suggestion")
    async with session_scope() as session:
        assert await single.delete_entry(session, ADMIN, "t1")
        assert not await single.delete_entry(session, ADMIN, "nope")
    assert await count(KbEntry) == 0 and await count(KbPhrasing) == 0
    assert "t1" not in engine().index.entry_ids()
    undone = await uploads.undo(ADMIN)
    assert undone.status == "undone" and undone.counts == {"removed": 0, "restored": 2}
    assert await count(KbEntry) == 1 and await count(KbPhrasing) == 1
    assert "t1" in engine().index.entry_ids()


async def test_an_xlsx_formula_without_its_value_is_named(db: str) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["date", "product", "market", "price", "unit"])
    sheet.append([TODAY.isoformat(), "西红柿", "新发地", "=1+2", "元/斤"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = await uploads.receive(ADMIN, "f.xlsx", buffer.getvalue(), TODAY)
    assert [str(e) for e in preview.errors] == [
        "row 2, column price: holds a formula (=1+2) with no computed value; "
        "open and save the file in Excel or WPS, or paste values only"
    ]
    assert preview.upload_id is None and await count(MarketPrice) == 0


async def _apply_then_undo(name: str, text: str, model: Any) -> tuple[int, int]:
    before = await count(model)
    preview = await uploads.receive(ADMIN, name, text.encode(), TODAY)
    assert preview.applicable, [str(e) for e in preview.errors]
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and applied.apply_id is not None
    after = await count(model)
    assert (await uploads.undo(ADMIN)).status == "undone"
    assert await count(model) == before
    return before, after


async def test_every_kind_applies_and_undoes(db: str) -> None:
    await seeded()
    station = "S1,甲站,36.88,118.74,寿光市某路1号,0536-5000001,08:00-18:00,5,蔬菜,postal,no,东村"
    header = ",".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    assert await _apply_then_undo("s.csv", f"{header}\n{station}\n", Station) == (0, 1)
    demand = (
        "buyer,product,quantity,unit,price,unit_price,lat,lon,valid_until,contact\n"
        f"寿光蔬菜公司,西红柿,5000,斤,2.5,元/斤,36.88,118.74,{TODAY + timedelta(days=30)},"
        "0536-1234567\n"
    )
    assert await _apply_then_undo("d.csv", demand, DemandListing) == (0, 1)
    alerts = "telegram_id,product,market,kind,value\n10001,土豆,新发地,below,1.0\n"
    assert await _apply_then_undo("a.csv", alerts, AlertSubscription) == (1, 2)


async def test_a_kb_upload_flags_answers_for_one_farmer_or_day(db: str) -> None:
    header = "id,question,answer,alt_questions,tags,category\n"
    data = (
        header + "t1,羊拉稀怎么办,喂口服补液盐,,,livestock\n"
        "t2,牛不吃草,明天上午带来站里看看,,,livestock\n"
    ).encode()
    preview = await uploads.receive(ADMIN, "kb.csv", data, TODAY)
    assert preview.applicable
    assert [(n, [f.word for f in found]) for n, found in preview.flagged] == [
        (3, ["明天", "带来站里"])
    ]


async def test_a_price_typed_by_hand_keeps_the_sample_series(db: str) -> None:
    # A file of real prices ends the demo data (above); one /price joins it instead.
    await seeded()
    async with session_scope() as session:
        first = await session.scalar(select(MarketPrice).where(MarketPrice.day < TODAY).limit(1))
        assert first is not None
        first.source = "sample"
    preview = await single.stage_price(ADMIN, "西红柿", "新发地", "3.1", "元/斤", TODAY, TODAY)
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and "sample prices removed" not in applied.result.extra
    async with session_scope() as session:
        sources = set(await session.scalars(select(MarketPrice.source)))
    assert "sample" in sources


async def test_every_problem_of_a_price_file_is_said_in_the_admins_language(db: str) -> None:
    await seeded()
    data = (
        "date,product,market,price,unit,low,lat,lon\n"
        f"{TODAY},西红柿,新发地,abc,元/斤,,,\n"
        f"{TODAY + timedelta(days=1)},西红事,新发地,2,元/两,,,\n"
        f"{TODAY},土豆,新发地,1.2,元/斤,1.5,36.9,\n"
        f"{TODAY},土豆,新发地,1.2,元/斤,,,\n"
        f"{TODAY},西红柿,江桥,5000,元/公斤,,,\n"
    ).encode()
    preview = await uploads.receive(ADMIN, "bad.csv", data, TODAY)
    # The command line's English, as it always was.
    assert [str(e) for e in preview.errors] == [
        "row 2, column price: 'abc' is not a number",
        f"row 3, column date: {TODAY + timedelta(days=1)} is in the future",
        "row 3, column product: unknown product '西红事' (closest: 西红柿)",
        "row 3, column unit: unknown unit '元/两' (use 元/斤 or 元/公斤)",
        "row 4, column lon: is empty but the other coordinate is given",
        "row 4, column low: 1.5 is above the price 1.2",
        "row 5, column date: duplicate of row 4 (same date, product and market)",
        "row 6, column price: price 5000 元/公斤 is not plausible (over 1000 元/斤)",
    ]
    assert [e.text("en") for e in preview.errors] == [str(e) for e in preview.errors]
    # The chat's Chinese: every word the admin reads is Chinese but the file's own.
    assert [e.text("zh") for e in preview.errors] == [
        "第 2 行，price 列：'abc' 不是数字",
        f"第 3 行，date 列：{TODAY + timedelta(days=1)} 还没到，不能晚于今天",
        "第 3 行，product 列：不认识的产品 '西红事'（最接近的：西红柿）",
        "第 3 行，unit 列：不认识的单位 '元/两'（请用 元/斤 或 元/公斤）",
        "第 4 行，lon 列：是空的，但另一个坐标填了",
        "第 4 行，low 列：1.5 比价格 1.2 还高",
        "第 5 行，date 列：和第 4 行重复（日期、产品、市场都一样）",
        "第 6 行，price 列：价格 5000 元/公斤 不太可能（超过 1000 元/斤）",
    ]


async def test_a_price_by_hand_at_an_unknown_market_is_asked_not_created(db: str) -> None:
    await seeded()
    before = await prices()
    async with session_scope() as session:
        xinfadi = await session.scalar(select(Market).where(Market.short_name == "新发地"))
        assert xinfadi is not None
        known = previews.KnownMarket(xinfadi.id, xinfadi.name, "新发地")
    typo = "北京新发地农产品批发市常"
    preview = await single.stage_price(ADMIN, "西红柿", typo, "3.1", "元/斤", TODAY, TODAY)
    assert preview.by_hand and preview.applicable
    assert preview.new_markets == [previews.NewMarket(typo, (known,))]
    # The plain apply (no confirmation of the new market) stores nothing.
    refused = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert refused is not None and refused.apply_id is None
    assert [str(e) for e in refused.result.errors] == [
        f"row 2, column market: unknown market '{typo}' (closest: 北京新发地农产品批发市场)"
    ]
    assert refused.result.errors[0].text("zh") == (
        f"第 2 行，market 列：没有这个市场 '{typo}'（最接近的：北京新发地农产品批发市场）"
    )
    assert await count(Market) == 3 and await prices() == before
    # The admin picks the market meant: the same price, previewed there, then applied.
    fixed = await single.restage_price(ADMIN, preview.upload_id or 0, known.id, TODAY)
    assert fixed is not None and fixed.applicable and fixed.new_markets == []
    assert fixed.file_name == "price-by-hand-西红柿-北京新发地农产品批发市场.csv"
    assert await single.restage_price(ADMIN, preview.upload_id or 0, known.id, TODAY) is None
    applied = await uploads.apply(ADMIN, fixed.upload_id or 0, TODAY)
    assert applied is not None and applied.apply_id is not None
    assert applied.result.names == {}
    assert await count(Market) == 3


async def test_a_new_market_by_hand_only_once_confirmed_and_undone_with_it(db: str) -> None:
    await seeded()
    preview = await single.stage_price(
        ADMIN, "西红柿", "县城农贸市场", "3.1", "元/斤", TODAY, TODAY
    )
    assert preview.new_markets == [previews.NewMarket("县城农贸市场", ())]
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY, new_markets=True)
    assert applied is not None and applied.apply_id is not None
    assert applied.result.names == {"markets added": ["县城农贸市场"]}
    assert await count(Market) == 4
    assert (await uploads.undo(ADMIN)).status == "undone"
    assert await count(Market) == 3


async def test_a_price_file_still_adds_its_markets_and_names_them(db: str) -> None:
    await seeded()
    data = price_file(f"{TODAY},西红柿,北京新发地农产品批发市常,3.1,元/斤")
    preview = await uploads.receive(ADMIN, "p.csv", data, TODAY)
    assert preview.applicable and not preview.by_hand
    assert [m.name for m in preview.new_markets] == ["北京新发地农产品批发市常"]
    assert [k.name for k in preview.new_markets[0].closest] == ["北京新发地农产品批发市场"]
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None and applied.result.extra["markets added"] == 1
    assert await count(Market) == 4


async def test_a_price_typed_without_a_unit_is_per_the_markets_own_unit(db: str) -> None:
    # /price 土豆 江桥 2.2 read per 斤 at a market quoting per 公斤 doubled its price (sandbox walk).
    await seeded()
    async with session_scope() as session:
        per_kg = await session.scalar(
            select(Market)
            .join(MarketPrice, MarketPrice.market_id == Market.id)
            .where(MarketPrice.unit == "公斤")
        )
        per_jin = await session.scalar(
            select(Market)
            .join(MarketPrice, MarketPrice.market_id == Market.id)
            .where(MarketPrice.unit == "斤")
        )
    assert per_kg is not None and per_jin is not None
    assert await single.quoted_unit(per_kg.name, "土豆") == "元/公斤"
    assert await single.quoted_unit(per_jin.name, "土豆") == "元/斤"
    # A market with no price yet: per 斤, as markets mostly quote.
    assert await single.quoted_unit("县城农贸市场", "土豆") == "元/斤"
    preview = await single.stage_price(ADMIN, "土豆", per_kg.name, "2.2", None, TODAY, TODAY)
    applied = await uploads.apply(ADMIN, preview.upload_id or 0, TODAY)
    assert applied is not None
    async with session_scope() as session:
        stored = await session.scalar(
            select(MarketPrice)
            .join(Product, Product.id == MarketPrice.product_id)
            .where(MarketPrice.market_id == per_kg.id, Product.name == "土豆")
            .where(MarketPrice.day == TODAY)
        )
    assert stored is not None and (stored.avg, stored.unit) == (2.2, "公斤")
    assert stored.avg_jin == pytest.approx(1.1)


async def test_a_price_typed_by_hand_is_said_back_beside_the_last_one(db: str) -> None:
    # A slip (25 for 2.5) was seen only by farmers: the preview said 修改 1 and no value.
    await seeded()
    preview = await single.stage_price(ADMIN, "西红柿", "新发地", "2.5", "元/斤", TODAY, TODAY)
    assert preview.typed is not None and preview.typed.before is not None
    said = admin_view.preview_text("zh", preview)
    # The market said back is the one it will be saved at (新发地 is its short name).
    assert said.splitlines()[:2] == [
        "💰 要保存这个价格吗？",
        f"西红柿 · 北京新发地农产品批发市场 · 2.5 元/斤（{TODAY}）",
    ]
    assert "这一天现在的价格：" in said and ".csv" not in said and "行" not in said
    english = admin_view.preview_text("en", preview)
    # In English the unit is said in words, not 元/斤.
    market = "北京新发地农产品批发市场 (Beijing Xinfadi Nongchanpin Pifashichang)"
    assert f"tomato · {market} · 2.5 yuan/jin ({TODAY})" in english
    assert "That day's price now: " in english and "yuan/jin" in english.splitlines()[2]
    # A price with a problem is not said back as if it would be saved.
    bad = await single.stage_price(ADMIN, "西红柿", "新发地", "abc", "元/斤", TODAY, TODAY)
    assert admin_view.preview_text("zh", bad).splitlines()[:2] == [
        "❌ 价格没有保存：",
        "价格：'abc' 不是数字",
    ]
    assert admin_view.preview_text("en", bad).splitlines()[:2] == [
        "❌ The price is not saved:",
        "price: 'abc' is not a number",
    ]
