"""The cached intent of a message text follows the stations: a station added while the bot
runs (imported, by an admin) is read in a sentence whose text was already classified."""

from __future__ import annotations

import pytest

from bot.core.db import get_engine, session_scope
from bot.stations.catalogue import catalog, generation
from handlers.routing import intent_of
from knowledge.text.intent import Kind
from tests.stations_util import make_station


@pytest.mark.parametrize(
    "sentence", ["我要送两千斤西红柿到河口供销", "bring 500 kg tomatoes to Hekou Gongxiao"]
)
async def test_a_new_station_is_read_in_a_text_seen_before(db: str, sentence: str) -> None:
    async with session_scope() as session:
        await make_station(session, external_id="T1", name="孙家集京东服务站")
        await catalog(session)
    first = generation(get_engine())
    assert intent_of(sentence).kind is not Kind.booking  # no such station yet
    async with session_scope() as session:
        await make_station(session, external_id="HK01", name="河口供销服务站", lat=36.9)
        await catalog(session)  # what handlers/stations.py notice_place_changes does
    second = generation(get_engine())
    assert second > first
    assert intent_of(sentence).kind is Kind.booking
    # Nothing changed: the same catalogue, so the cached readings still hold.
    async with session_scope() as session:
        await catalog(session)
    assert generation(get_engine()) == second
