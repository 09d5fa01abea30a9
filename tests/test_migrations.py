"""Migrations: up, down, up again on both databases; models and migrations agree."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import bindparam, inspect, text
from sqlalchemy.engine import Connection

from bot.core import migrate
from bot.core.db import make_engine
from bot.models import Base
from bot.models.types import UTCDateTime
from tests.conftest import BACKENDS, drop_database, make_database


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def _run(url: str, fn: object) -> object:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(fn)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_upgrade_downgrade_upgrade(backend: str, tmp_path: Path) -> None:
    url = await make_database(backend, tmp_path)
    try:
        await migrate.upgrade(url)
        assert await migrate.current_revision(url) == migrate.head_revision()
        assert await _run(url, _tables) == set(Base.metadata.tables)

        await migrate.downgrade(url, "base")
        assert await migrate.current_revision(url) is None
        assert await _run(url, _tables) == set()

        await migrate.upgrade(url)
        assert await migrate.is_up_to_date(url)
    finally:
        await drop_database(url)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_models_match_migrations(backend: str, tmp_path: Path) -> None:
    url = await make_database(backend, tmp_path)
    try:
        await migrate.upgrade(url)
        assert await _run(url, _diff) == []
    finally:
        await drop_database(url)


def test_revisions_form_one_line() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, "migrations have branched: merge or re-parent them"


def test_no_create_all_in_production_code() -> None:
    from bot.core.config import PROJECT_ROOT

    for package in ("bot", "handlers", "knowledge"):
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            assert "create_all(" not in path.read_text(encoding="utf-8"), path


_BEFORE_THREADS = "0016_offer_withdrawn"
_NOW = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)


def _seed_questions(connection: Connection) -> None:
    """Questions as 0015 kept them: one photo and one recording on the question itself."""
    connection.execute(
        text(
            "INSERT INTO users (telegram_id, name, language, role, active, notices_off,"
            " created_at, last_seen_at) VALUES (10001, '张大爷', 'zh', 'farmer', true, false,"
            " :now, :now)"
        ).bindparams(bindparam("now", type_=UTCDateTime())),
        {"now": _NOW},
    )
    for id_, words, photo, voice in (
        (1, "西红柿叶子发黄\n➕ （补充了一张照片）\n➕ 🎤 语音 5秒", "P1", "V1"),
        (2, "（照片）", "P2", None),
        (3, "两天了", None, None),
    ):
        connection.execute(
            text(
                "INSERT INTO open_questions (id, farmer_id, text, photo_file_id, media_kind,"
                " media_file_id, media_seconds, status, asked_at) VALUES (:id, 10001, :text,"
                " :photo, :kind, :voice, :seconds, 'open', :now)"
            ).bindparams(bindparam("now", type_=UTCDateTime())),
            {
                "id": id_,
                "text": words,
                "photo": photo,
                "kind": "voice" if voice else None,
                "voice": voice,
                "seconds": 5 if voice else None,
                "now": _NOW,
            },
        )


def _media(connection: Connection) -> list[tuple[object, ...]]:
    rows = connection.execute(
        text("SELECT question_id, part, kind, file_id, seconds FROM question_media ORDER BY id")
    )
    return [tuple(row) for row in rows]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_question_threads_keep_the_photo_and_recording_questions_had(
    backend: str, tmp_path: Path
) -> None:
    url = await make_database(backend, tmp_path)
    try:
        await migrate.upgrade(url, _BEFORE_THREADS)
        engine = make_engine(url)
        try:
            async with engine.begin() as conn:
                await conn.run_sync(_seed_questions)
        finally:
            await engine.dispose()
        await migrate.upgrade(url)
        # Each file on the part that stands for it; a photo with no placeholder on the question.
        assert await _run(url, _media) == [
            (1, 1, "photo", "P1", None),
            (1, 2, "voice", "V1", 5),
            (2, 0, "photo", "P2", None),
        ]
        await migrate.downgrade(url, _BEFORE_THREADS)
        assert "question_media" not in await _run(url, _tables)  # type: ignore[operator]
    finally:
        await drop_database(url)


_BEFORE_HEADS = "0021_language_chosen"


def _seed_offer(connection: Connection) -> None:
    """A listing by weight, as 0021 kept it (大葱 2000斤)."""
    connection.execute(
        text(
            "INSERT INTO users (telegram_id, name, language, role, active, notices_off,"
            " created_at, last_seen_at) VALUES (10001, '张大爷', 'zh', 'farmer', true, false,"
            " :now, :now)"
        ).bindparams(bindparam("now", type_=UTCDateTime())),
        {"now": _NOW},
    )
    connection.execute(
        text(
            "INSERT INTO supply_offers (id, farmer_id, quantity, quantity_unit, status, text,"
            " created_at) VALUES (1, 10001, 2000, '斤', 'open', '我有两千斤大葱要卖', :now)"
        ).bindparams(bindparam("now", type_=UTCDateTime())),
        {"now": _NOW},
    )


def _heads(connection: Connection) -> list[tuple[object, ...]]:
    rows = connection.execute(
        text("SELECT id, quantity, heads, heads_high FROM supply_offers ORDER BY id")
    )
    return [tuple(row) for row in rows]


def _list_sheep(connection: Connection) -> None:
    connection.execute(
        text(
            "INSERT INTO supply_offers (id, farmer_id, quantity, quantity_unit, heads, heads_high,"
            " status, text, created_at) VALUES (2, 10001, 1600, '斤', 20, NULL, 'open',"
            " '我有20只羊要卖', :now)"
        ).bindparams(bindparam("now", type_=UTCDateTime())),
        {"now": _NOW},
    )


@pytest.mark.parametrize("backend", BACKENDS)
async def test_listings_by_weight_keep_no_head_count_and_new_ones_keep_theirs(
    backend: str, tmp_path: Path
) -> None:
    url = await make_database(backend, tmp_path)
    try:
        await migrate.upgrade(url, _BEFORE_HEADS)
        engine = make_engine(url)
        try:
            async with engine.begin() as conn:
                await conn.run_sync(_seed_offer)
            await migrate.upgrade(url)
            async with engine.begin() as conn:
                await conn.run_sync(_list_sheep)
        finally:
            await engine.dispose()
        assert await _run(url, _heads) == [(1, 2000, None, None), (2, 1600, 20, None)]
        await migrate.downgrade(url, _BEFORE_HEADS)
        columns = await _run(
            url, lambda c: {col["name"] for col in inspect(c).get_columns("supply_offers")}
        )
        assert "heads" not in columns  # type: ignore[operator]
    finally:
        await drop_database(url)


_BEFORE_ANIMAL = "0022_offer_heads"


def _seed_booking(connection: Connection) -> None:
    """A booking by weight, as 0022 kept it (大葱 2000斤 at a station's 08:00 round)."""
    now = bindparam("now", type_=UTCDateTime())
    connection.execute(
        text(
            "INSERT INTO users (telegram_id, name, language, role, active, notices_off,"
            " created_at, last_seen_at) VALUES (10001, '张大爷', 'zh', 'farmer', true, false,"
            " :now, :now)"
        ).bindparams(now),
        {"now": _NOW},
    )
    connection.execute(
        text(
            "INSERT INTO stations (id, external_id, name, kind, lat, lon, address, phone,"
            " open_from, open_to, cold_storage, villages, active, created_at, updated_at)"
            " VALUES (1, 'S1', '圣城站', 'postal', 36.8, 118.7, '', '', '08:00:00', '18:00:00',"
            " false, '', true, :now, :now)"
        ).bindparams(now),
        {"now": _NOW},
    )
    connection.execute(
        text(
            "INSERT INTO slots (id, station_id, starts, ends, capacity, capacity_kg, active)"
            " VALUES (1, 1, '08:00:00', '10:00:00', 10, 5000, true)"
        )
    )
    connection.execute(
        text(
            "INSERT INTO slot_days (id, slot_id, day, capacity, capacity_kg, booked_count,"
            " booked_kg, closed) VALUES (1, 1, '2026-12-11', 10, 5000, 2, 1300, false)"
        )
    )
    _book(connection, 1, "大葱", "2000斤", 1000, "")


def _book(connection: Connection, id_: int, product: str, typed: str, kg: int, more: str) -> None:
    columns, values = (", animal, heads, heads_high", f", {more}") if more else ("", "")
    connection.execute(
        text(
            "INSERT INTO bookings (id, code, farmer_id, station_id, slot_id, slot_day_id, day,"
            f" product, quantity_text, quantity_kg, status, created_at, updated_at{columns})"
            f" VALUES (:id, :code, 10001, 1, 1, 1, '2026-12-11', :product, :typed, :kg,"
            f" 'booked', :now, :now{values})"
        ).bindparams(bindparam("now", type_=UTCDateTime())),
        {
            "id": id_,
            "code": f"CODE{id_}",
            "product": product,
            "typed": typed,
            "kg": kg,
            "now": _NOW,
        },
    )


def _booked_animals(connection: Connection) -> list[tuple[object, ...]]:
    rows = connection.execute(
        text("SELECT id, product, animal, heads, heads_high FROM bookings ORDER BY id")
    )
    return [tuple(row) for row in rows]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_bookings_by_weight_keep_no_animal_and_new_ones_keep_the_animal_said(
    backend: str, tmp_path: Path
) -> None:
    url = await make_database(backend, tmp_path)
    try:
        await migrate.upgrade(url, _BEFORE_ANIMAL)
        engine = make_engine(url)
        try:
            async with engine.begin() as conn:
                await conn.run_sync(_seed_booking)
            await migrate.upgrade(url)
            async with engine.begin() as conn:
                await conn.run_sync(lambda c: _book(c, 2, "牛肉", "600斤", 300, "'黄牛', 2, NULL"))
        finally:
            await engine.dispose()
        assert await _run(url, _booked_animals) == [
            (1, "大葱", None, None, None),
            (2, "牛肉", "黄牛", 2, None),
        ]
        await migrate.downgrade(url, _BEFORE_ANIMAL)
        columns = await _run(
            url, lambda c: {col["name"] for col in inspect(c).get_columns("bookings")}
        )
        assert not {"animal", "heads", "heads_high"} & columns  # type: ignore[operator]
        assert await _run(url, lambda c: c.execute(text("SELECT count(*) FROM bookings")).scalar())
    finally:
        await drop_database(url)


def _reopened_with_handled(connection: Connection) -> None:
    """A round reopened before 0026: its counters held only the booking put back (none here),
    not the collected and no-show ones before it closed (blind staff walk: 1/10 above 5)."""
    _seed_booking(connection)  # booking 1: 1000 kg
    _book(connection, 2, "大白菜", "300斤", 150, "")
    _book(connection, 3, "鸡蛋", "30斤", 15, "")
    connection.execute(text("UPDATE bookings SET status = 'collected' WHERE id = 1"))
    connection.execute(text("UPDATE bookings SET status = 'no_show' WHERE id = 2"))
    connection.execute(text("UPDATE slot_days SET booked_count = 1, booked_kg = 15"))


def _counters(connection: Connection) -> list[tuple[object, ...]]:
    return [
        tuple(r) for r in connection.execute(text("SELECT booked_count, booked_kg FROM slot_days"))
    ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_reopened_rounds_count_their_collected_and_no_show_bookings_again(
    backend: str, tmp_path: Path
) -> None:
    url = await make_database(backend, tmp_path)
    try:
        await migrate.upgrade(url, "0025_alert_said")
        engine = make_engine(url)
        try:
            async with engine.begin() as conn:
                await conn.run_sync(_reopened_with_handled)
        finally:
            await engine.dispose()
        assert await _run(url, _counters) == [(1, 15)]
        await migrate.upgrade(url)
        assert await _run(url, _counters) == [(3, 1165)]
    finally:
        await drop_database(url)
